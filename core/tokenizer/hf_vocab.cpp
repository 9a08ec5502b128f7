// Hugging Face tokenizer files -> VocabData, following llama.cpp's convert_hf_to_gguf.py
// (get_vocab_base, _create_vocab_sentencepiece, LlamaHfVocab) and gguf-py's SpecialVocab.
#include "hearth/tokenizer/hf_vocab.h"
#include "hearth/base/utf8_path.h"

#include <algorithm>
#include <fstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "hearth/io/hf_folder.h"
#include "hearth/io/mapped_file.h"

namespace hearth {

namespace {

using nlohmann::json;

const char* const kSpecialTypes[] = {"bos", "eos", "unk", "sep", "pad", "cls", "mask"};

// Real vocabularies have up to a few hundred thousand tokens; a bigger id is a broken file.
constexpr int64_t kMaxVocabulary = int64_t(1) << 24;

int64_t checked_id(const json& id, const std::string& what) {
  if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() >= kMaxVocabulary) {
    fail(ErrorCode::Format, "tokenizer.json: the id of " + what + " is not an integer from 0 to " +
                                std::to_string(kMaxVocabulary - 1));
  }
  return id.get<int64_t>();
}


SpecialToken role_of(std::string_view type) {
  if (type == "bos") return SpecialToken::Bos;
  if (type == "eos") return SpecialToken::Eos;
  if (type == "unk") return SpecialToken::Unk;
  if (type == "sep") return SpecialToken::Sep;
  if (type == "pad") return SpecialToken::Pad;
  if (type == "cls") return SpecialToken::Cls;
  return SpecialToken::Mask;
}

// convert_hf_to_gguf.py's does_token_look_special: added tokens that should be control tokens
// even when the model does not flag them special.
bool looks_special(const std::string& t) {
  auto starts = [&](std::string_view p) { return t.size() >= p.size() && t.compare(0, p.size(), p) == 0; };
  auto ends = [&](std::string_view s) { return t.size() >= s.size() && t.compare(t.size() - s.size(), s.size(), s) == 0; };
  if (t == "<pad>" || t == "<mask>" || t == "<2mass>" || t == "[@BOS@]") return true;
  if (starts("<|") && ends("|>")) return true;
  if (starts("<\xef\xbd\x9c") && ends("\xef\xbd\x9c>")) return true;  // DeepSeek <｜…｜>
  return starts("<unused") && ends(">");
}

// User-defined tokens are stored pre-normalized: SentencePiece's ▁ becomes a space.
std::string unescape_spaces(std::string t) {
  std::string out;
  for (size_t i = 0; i < t.size();) {
    if (t.compare(i, 3, "\xe2\x96\x81") == 0) {
      out += ' ';
      i += 3;
    } else {
      out += t[i++];
    }
  }
  return out;
}

struct AddedToken {
  int64_t id;
  std::string content;
  bool special;
};

std::vector<AddedToken> added_tokens_of(const json* tokenizer_json) {
  std::vector<AddedToken> out;
  if (!tokenizer_json) return out;
  const auto it = tokenizer_json->find("added_tokens");
  if (it == tokenizer_json->end() || !it->is_array()) return out;
  for (const json& t : *it) {
    if (!t.is_object() || !t.contains("id") || !t["id"].is_number_integer() || !t.contains("content") ||
        !t["content"].is_string()) {
      fail(ErrorCode::Format, "tokenizer.json: an entry of added_tokens lacks an integer id or a string content");
    }
    out.push_back({checked_id(t["id"], "an added token"), t["content"].get<std::string>(), t.value("special", false)});
  }
  return out;
}

// gguf-py's SpecialVocab: special ids from tokenizer_config.json (resolved through
// tokenizer.json's added tokens) then config.json, add_bos/add_eos, the chat template.
// n_vocab < 0 means "no bound" (the byte-level path passes none, as the Python does).
void load_special_vocab(const HfTokenizerFiles& files, int64_t n_vocab, VocabData& v) {
  const std::vector<AddedToken> added = added_tokens_of(files.tokenizer_json);
  auto set_special = [&](std::string_view type, const json& value) {
    if (!value.is_number_integer()) return;
    const int64_t id = value.get<int64_t>();
    if (id < 0) fail(ErrorCode::Format, "invalid id " + std::to_string(id) + " for the " + std::string(type) + " token");
    if (n_vocab >= 0 && id >= n_vocab) {
      v.warnings.push_back("special token " + std::string(type) + " id " + std::to_string(id) +
                           " is outside the vocabulary; skipped");
      return;
    }
    // The GGUF writer of llama.cpp's converter has no key for cls; it is not written.
    if (type == "cls") return;
    if (!v.special_id(role_of(type))) v.set_special_id(role_of(type), static_cast<TokenId>(id));
  };

  if (const json* tc = files.tokenizer_config) {
    if (const auto t = tc->find("chat_template"); t != tc->end()) {
      if (t->is_string()) {
        v.chat_template = t->get<std::string>();
      } else if (t->is_array()) {
        // A list of named templates: the one named "default" is the GGUF's chat template.
        for (const json& named : *t) {
          if (named.is_object() && named.value("name", "") == "default" && named.contains("template") &&
              named["template"].is_string()) {
            v.chat_template = named["template"].get<std::string>();
          }
        }
        v.warnings.push_back("tokenizer_config.json has several chat templates; only \"default\" is kept");
      } else if (!t->is_null()) {
        v.warnings.push_back("tokenizer_config.json: chat_template is neither a string nor a list; ignored");
      }
    }
    for (const char* type : kSpecialTypes) {
      const auto add = tc->find(std::string("add_") + type + "_token");
      if (add != tc->end() && add->is_boolean()) {
        if (std::string_view(type) == "bos") v.add_bos = add->get<bool>();
        if (std::string_view(type) == "eos") v.add_eos = add->get<bool>();
      }
      const auto entry = tc->find(std::string(type) + "_token");
      if (entry == tc->end()) continue;
      std::string content;
      if (entry->is_string()) {
        content = entry->get<std::string>();
      } else if (entry->is_object() && entry->contains("content") && (*entry)["content"].is_string()) {
        content = (*entry)["content"].get<std::string>();
      } else {
        continue;
      }
      for (const AddedToken& a : added) {
        if (a.content == content) {
          set_special(type, json(a.id));
          break;
        }
      }
    }
  }
  if (const json* cfg = files.config) {
    for (const char* type : kSpecialTypes) {
      const auto it = cfg->find(std::string(type) + "_token_id");
      if (it != cfg->end()) set_special(type, *it);
    }
  }
}

std::optional<int64_t> config_vocab_size(const HfTokenizerFiles& files) {
  if (!files.config) return std::nullopt;
  const auto it = files.config->find("vocab_size");
  if (it == files.config->end() || !it->is_number_integer()) return std::nullopt;
  const int64_t n = it->get<int64_t>();
  if (n <= 0 || n > kMaxVocabulary) fail(ErrorCode::Format, "config.json: vocab_size " + std::to_string(n) + " is not valid");
  return n;
}

const json& require_object(const json& parent, const char* key, const char* file) {
  const auto it = parent.find(key);
  if (it == parent.end() || !it->is_object()) fail(ErrorCode::Format, std::string(file) + ": \"" + key + "\" is missing or not an object");
  return *it;
}

// Token texts by id; ids without a text are absent.
struct IdTable {
  std::vector<std::string> text;
  std::vector<bool> present;
  void set(int64_t id, std::string t) {
    if (size_t(id) >= text.size()) {
      text.resize(size_t(id) + 1);
      present.resize(size_t(id) + 1, false);
    }
    text[size_t(id)] = std::move(t);  // a duplicate id keeps the later text, as Python's dict does
    present[size_t(id)] = true;
  }
  bool has(int64_t id) const { return id >= 0 && size_t(id) < present.size() && present[size_t(id)]; }
  int64_t size() const { return static_cast<int64_t>(text.size()); }  // one past the largest id
};

// tokenizer.json model.vocab as id -> text.
IdTable base_vocab(const json& model) {
  IdTable out;
  const json& vocab = require_object(model, "vocab", "tokenizer.json");
  out.text.reserve(vocab.size());
  out.present.reserve(vocab.size());
  for (const auto& [text, id] : vocab.items()) out.set(checked_id(id, "vocab entry \"" + text + "\""), text);
  return out;
}

// model.merges as (left, right) pairs; files store "left right" strings or, newer ones, pairs.
std::vector<std::pair<std::string, std::string>> merge_pairs(const json& model) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto it = model.find("merges");
  if (it == model.end() || !it->is_array()) return out;
  out.reserve(it->size());
  for (const json& m : *it) {
    if (m.is_string()) {
      const std::string& text = m.get_ref<const std::string&>();
      const size_t space = text.find(' ', 1);
      if (space == std::string::npos) fail(ErrorCode::Format, "tokenizer.json: merge \"" + text + "\" is not a pair");
      out.emplace_back(text.substr(0, space), text.substr(space + 1));
    } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
      out.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
    } else {
      fail(ErrorCode::Format, "tokenizer.json: unknown merges format");
    }
  }
  return out;
}

// The merges as GGUF strings "left right"; a space inside a part is written as U+0120 'Ġ' so
// the pair stays unambiguous (what gguf-py does for the pair format).
std::vector<std::string> gguf_merges(const json& model) {
  auto encode = [](const std::string& part) {
    std::string s;
    for (char c : part) s += (c == ' ') ? std::string("\xc4\xa0") : std::string(1, c);
    return s;
  };
  std::vector<std::string> out;
  const auto it = model.find("merges");
  if (it == model.end() || !it->is_array()) return out;
  out.reserve(it->size());
  for (const json& m : *it) {
    if (m.is_string()) {
      out.push_back(m.get<std::string>());  // already in GGUF form
    } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
      out.push_back(encode(m[0].get<std::string>()) + " " + encode(m[1].get<std::string>()));
    } else {
      fail(ErrorCode::Format, "tokenizer.json: unknown merges format");
    }
  }
  return out;
}

// Byte-level BPE (convert_hf_to_gguf.py get_vocab_base + _set_vocab_gpt2).
VocabData byte_level_vocab(const HfTokenizerFiles& files, const json& model) {
  IdTable by_id = base_vocab(model);
  // AutoTokenizer's vocab: the model's entries plus added tokens, as a text -> id dict.
  std::unordered_map<std::string_view, int64_t> by_text;
  by_text.reserve(by_id.text.size());
  for (int64_t id = 0; id < by_id.size(); ++id)
    if (by_id.has(id)) by_text[by_id.text[size_t(id)]] = id;
  const std::vector<AddedToken> added = added_tokens_of(files.tokenizer_json);
  std::unordered_map<int64_t, const AddedToken*> added_by_id;
  std::unordered_map<std::string_view, int64_t> added_by_text;
  for (const AddedToken& a : added) {
    by_id.set(a.id, a.content);
    added_by_id[a.id] = &a;
  }
  for (const AddedToken& a : added) {
    by_text[a.content] = a.id;
    added_by_text[a.content] = a.id;
  }
  const int64_t distinct = static_cast<int64_t>(by_text.size());
  const int64_t vocab_size = config_vocab_size(files).value_or(distinct);
  if (by_id.size() > vocab_size) {
    fail(ErrorCode::Format, "tokenizer.json has token id " + std::to_string(by_id.size() - 1) +
                                " but the vocabulary size is " + std::to_string(vocab_size));
  }

  VocabData v;
  v.model = "gpt2";
  v.tokens.reserve(size_t(vocab_size));
  v.types.reserve(size_t(vocab_size));
  for (int64_t i = 0; i < vocab_size; ++i) {
    if (!by_id.has(i)) {
      v.tokens.push_back("[PAD" + std::to_string(i) + "]");
      v.types.push_back(TokenType::Unused);
      continue;
    }
    std::string token = by_id.text[size_t(i)];
    if (added_by_text.count(token)) {
      const auto a = added_by_id.find(i);
      const bool special = a != added_by_id.end() && a->second->special;
      if (special || looks_special(token)) {
        v.types.push_back(TokenType::Control);
      } else {
        token = unescape_spaces(std::move(token));
        v.types.push_back(TokenType::UserDefined);
      }
    } else {
      v.types.push_back(TokenType::Normal);
    }
    v.tokens.push_back(std::move(token));
  }
  v.merges = gguf_merges(model);
  load_special_vocab(files, -1, v);
  return v;
}

// Whether a SentencePiece-style tokenizer.json puts "▁" before the text: a Prepend normalizer
// (older exports) or a Metaspace pre-tokenizer whose prepend_scheme is not "never".
bool prepends_dummy_prefix(const json& tj) {
  bool found = false;
  const auto visit = [&](const json& node, const char* list_key, auto&& self) -> void {
    if (!node.is_object()) return;
    const std::string type = node.value("type", "");
    if (type == "Sequence" && node.contains(list_key) && node[list_key].is_array()) {
      for (const json& child : node[list_key]) self(child, list_key, self);
    } else if (type == "Prepend" && node.value("prepend", "") == "\xe2\x96\x81") {
      found = true;
    } else if (type == "Metaspace") {
      const std::string scheme = node.value("prepend_scheme", node.value("add_prefix_space", true) ? "always" : "never");
      found = found || scheme != "never";
    }
  };
  if (const auto n = tj.find("normalizer"); n != tj.end()) visit(*n, "normalizers", visit);
  if (const auto p = tj.find("pre_tokenizer"); p != tj.end()) visit(*p, "pretokenizers", visit);
  return found;
}

// A SentencePiece tokenizer exported to tokenizer.json (BPE with byte fallback): LlamaHfVocab.
// llama.cpp writes -1000 for every score, which makes its score-ordered merging arbitrary; we
// give each token the negated rank of the first merge that produces it instead, which orders
// the merges exactly as the BPE ranks do.
VocabData sentencepiece_json_vocab(const HfTokenizerFiles& files, const json& model) {
  const IdTable base = base_vocab(model);
  const int64_t base_size = base.size();
  const std::vector<AddedToken> added = added_tokens_of(files.tokenizer_json);

  // Ids HF counts as special: the tokenizer_config special tokens and additional_special_tokens.
  std::unordered_map<std::string_view, int64_t> by_text;
  for (int64_t id = 0; id < base_size; ++id)
    if (base.has(id)) by_text[base.text[size_t(id)]] = id;
  for (const AddedToken& a : added) by_text[a.content] = a.id;
  std::vector<int64_t> special_ids;
  if (const json* tc = files.tokenizer_config) {
    auto resolve = [&](const json& entry) {
      std::string content;
      if (entry.is_string()) content = entry.get<std::string>();
      else if (entry.is_object() && entry.contains("content") && entry["content"].is_string()) content = entry["content"].get<std::string>();
      if (const auto it = by_text.find(content); !content.empty() && it != by_text.end()) special_ids.push_back(it->second);
    };
    for (const char* type : kSpecialTypes) {
      if (const auto it = tc->find(std::string(type) + "_token"); it != tc->end()) resolve(*it);
    }
    if (const auto it = tc->find("additional_special_tokens"); it != tc->end() && it->is_array()) {
      for (const json& e : *it) resolve(e);
    }
  }
  for (const AddedToken& a : added)
    if (a.special) special_ids.push_back(a.id);
  auto is_special = [&](int64_t id) { return std::find(special_ids.begin(), special_ids.end(), id) != special_ids.end(); };

  VocabData v;
  v.model = "llama";
  v.pre = "default";
  std::unordered_map<std::string, int64_t> added_ids;
  for (const AddedToken& a : added)
    if (a.id >= base_size) added_ids[a.content] = a.id;
  const int64_t total = base_size + static_cast<int64_t>(added_ids.size());
  v.tokens.resize(size_t(total));
  v.scores.assign(size_t(total), 0.0f);
  v.types.assign(size_t(total), TokenType::Normal);
  for (int64_t id = 0; id < base_size; ++id) {
    if (!base.has(id)) fail(ErrorCode::Format, "tokenizer.json: vocab has no token with id " + std::to_string(id));
    const std::string& text = base.text[size_t(id)];
    v.tokens[size_t(id)] = text;
    const bool byte = text.size() == 6 && text.compare(0, 3, "<0x") == 0 && text[5] == '>' &&
                      std::isxdigit(static_cast<unsigned char>(text[3])) && std::isxdigit(static_cast<unsigned char>(text[4]));
    v.types[size_t(id)] = byte ? TokenType::Byte : is_special(id) ? TokenType::Control : TokenType::Normal;
  }
  for (const auto& [text, id] : added_ids) {
    if (id >= total) fail(ErrorCode::Format, "tokenizer.json: added token ids are not contiguous after the vocabulary");
    v.tokens[size_t(id)] = text;
    v.types[size_t(id)] = is_special(id) ? TokenType::Control : TokenType::UserDefined;
    v.scores[size_t(id)] = -1000.0f;
  }
  // Scores from merge ranks; tokens no merge produces rank below every merged token.
  std::unordered_map<std::string, int64_t> token_ids;
  for (int64_t i = 0; i < total; ++i) token_ids.emplace(v.tokens[size_t(i)], i);
  const auto merges = merge_pairs(model);
  std::vector<bool> scored(size_t(total), false);
  std::string joined;
  for (size_t rank = 0; rank < merges.size(); ++rank) {
    joined.assign(merges[rank].first).append(merges[rank].second);
    const auto it = token_ids.find(joined);
    if (it == token_ids.end() || scored[size_t(it->second)]) continue;
    scored[size_t(it->second)] = true;
    v.scores[size_t(it->second)] = -static_cast<float>(rank);
  }
  const float lowest = -static_cast<float>(merges.size()) - 1.0f;
  for (int64_t i = 0; i < base_size; ++i) {
    if (!scored[size_t(i)] && v.types[size_t(i)] == TokenType::Normal) v.scores[size_t(i)] = lowest;
  }
  // Without a dummy prefix in tokenizer.json (Gemma) the GGUF must say so; otherwise the
  // SentencePiece default (a prefix) is right and no key is written.
  if (!prepends_dummy_prefix(*files.tokenizer_json)) v.add_space_prefix = false;
  load_special_vocab(files, total, v);
  return v;
}

}  // namespace

Result<VocabData> vocab_from_sentencepiece(const SentencePieceModel& sp, const HfTokenizerFiles& files) {
  return capture_errors([&] {
    const int64_t n_pieces = static_cast<int64_t>(sp.pieces.size());
    const int64_t vocab_size = config_vocab_size(files).value_or(n_pieces);
    if (vocab_size < n_pieces) {
      fail(ErrorCode::Format, "config.json says vocab_size " + std::to_string(vocab_size) + " but tokenizer.model has " +
                                  std::to_string(n_pieces) + " pieces");
    }
    VocabData v;
    v.model = "llama";
    v.pre = "default";
    v.tokens.resize(size_t(vocab_size));
    v.scores.assign(size_t(vocab_size), -10000.0f);
    v.types.assign(size_t(vocab_size), TokenType::Unused);
    for (int64_t i = 0; i < vocab_size; ++i) v.tokens[size_t(i)] = "[PAD" + std::to_string(i) + "]";
    for (int64_t i = 0; i < n_pieces; ++i) {
      const auto& p = sp.pieces[size_t(i)];
      using T = SentencePieceModel::PieceType;
      v.tokens[size_t(i)] = p.text;
      v.scores[size_t(i)] = p.score;
      // User-defined pieces are written as normal tokens, as llama.cpp's converter does.
      v.types[size_t(i)] = p.type == T::Unknown   ? TokenType::Unknown
                           : p.type == T::Control ? TokenType::Control
                           : p.type == T::Unused  ? TokenType::Unused
                           : p.type == T::Byte    ? TokenType::Byte
                                                  : TokenType::Normal;
    }
    if (const json* at = files.added_tokens; at && at->is_object()) {
      for (const auto& [text, id] : at->items()) {
        if (!id.is_number_integer()) continue;
        const int64_t i = id.get<int64_t>();
        if (i < 0 || i >= vocab_size) {
          v.warnings.push_back("added_tokens.json: token id " + std::to_string(i) + " is out of range; ignored");
          continue;
        }
        v.tokens[size_t(i)] = text;
        v.scores[size_t(i)] = -1000.0f;
        v.types[size_t(i)] = TokenType::UserDefined;
      }
    }
    if (const json* tc = files.tokenizer_config) {
      if (const auto dec = tc->find("added_tokens_decoder"); dec != tc->end() && dec->is_object()) {
        for (const auto& [key, data] : dec->items()) {
          int64_t i = -1;
          try {
            i = std::stoll(key);
          } catch (const std::exception&) {
          }
          if (i < 0 || i >= vocab_size || !data.is_object() || !data.contains("content") || !data["content"].is_string()) {
            fail(ErrorCode::Format, "tokenizer_config.json: added_tokens_decoder entry \"" + key + "\" is not valid");
          }
          std::string content = data["content"].get<std::string>();
          if (data.value("special", false) || looks_special(content)) {
            v.types[size_t(i)] = TokenType::Control;
          } else {
            content = unescape_spaces(std::move(content));
            v.types[size_t(i)] = TokenType::UserDefined;
          }
          v.scores[size_t(i)] = -1000.0f;
          v.tokens[size_t(i)] = std::move(content);
        }
      }
    }
    // A model trained without SentencePiece's dummy prefix (Gemma) must not get one.
    if (!sp.add_dummy_prefix) v.add_space_prefix = false;
    load_special_vocab(files, vocab_size, v);
    return v;
  });
}

Result<VocabData> vocab_from_hf_tokenizer_json(const HfTokenizerFiles& files) {
  return capture_errors([&]() -> VocabData {
    if (!files.tokenizer_json || !files.tokenizer_json->is_object()) {
      fail(ErrorCode::NotFound, "no tokenizer.json to read the vocabulary from");
    }
    const json& tj = *files.tokenizer_json;
    const json& model = require_object(tj, "model", "tokenizer.json");
    const std::string type = model.value("type", "");
    if (type != "BPE") {
      fail(ErrorCode::Unsupported, "tokenizer.json holds a \"" + type +
                                       "\" model; only BPE tokenizers (byte-level or with byte fallback) are supported");
    }
    if (model.value("byte_fallback", false)) return sentencepiece_json_vocab(files, model);
    VocabData v = byte_level_vocab(files, model);
    auto detected = detect_pre_tokenizer(v, tj);
    if (!detected) throw Exception(detected.error());
    v.pre = detected->pre;
    if (!detected->note.empty()) v.warnings.push_back(detected->note);
    if (!detected->by_hash) {
      std::string note = "pre-tokenizer \"";
      note.append(v.pre).append("\" chosen from tokenizer.json's regex: llama.cpp's converter does not know this ");
      note.append("tokenizer (chkhsh ").append(detected->chkhsh).append(")");
      v.warnings.push_back(std::move(note));
    }
    return v;
  });
}

namespace {

std::optional<json> read_optional_json(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  auto r = read_json_file(path);
  if (!r) throw Exception(r.error());
  return std::move(*r);
}

Result<VocabData> vocab_from_files(const std::filesystem::path& folder, const json* tokenizer_json,
                                   const json* tokenizer_config, const json* config) {
  return capture_errors([&]() -> VocabData {
    const auto added = read_optional_json(folder / "added_tokens.json");
    HfTokenizerFiles files{tokenizer_json, tokenizer_config, config, added ? &*added : nullptr};
    const auto model_path = folder / "tokenizer.model";
    std::error_code ec;
    if (std::filesystem::exists(model_path, ec)) {
      auto mapped = MappedFile::open(model_path);
      if (!mapped) throw Exception(mapped.error());
      auto sp = parse_sentencepiece_model(mapped->bytes());
      if (!sp) throw Exception(sp.error());
      auto v = vocab_from_sentencepiece(*sp, files);
      if (!v) throw Exception(v.error());
      return std::move(*v);
    }
    if (!tokenizer_json) {
      fail(ErrorCode::NotFound, hearth::path_utf8(folder) + " has no tokenizer (neither tokenizer.model nor tokenizer.json)");
    }
    auto v = vocab_from_hf_tokenizer_json(files);
    if (!v) throw Exception(v.error());
    return std::move(*v);
  });
}

}  // namespace

Result<VocabData> vocab_from_hf_folder(const HfModelFolder& folder) {
  return capture_errors([&]() -> VocabData {
    const json* tokenizer_json = nullptr;
    if (folder.tokenizer_json_path()) {
      auto tj = folder.tokenizer_json();
      if (!tj) throw Exception(tj.error());
      tokenizer_json = *tj;
    }
    auto v = vocab_from_files(folder.folder(), tokenizer_json, folder.tokenizer_config(), &folder.config());
    if (!v) throw Exception(v.error());
    return std::move(*v);
  });
}

Result<VocabData> vocab_from_tokenizer_folder(const std::filesystem::path& folder) {
  return capture_errors([&]() -> VocabData {
    const auto tokenizer_json = read_optional_json(folder / "tokenizer.json");
    const auto tokenizer_config = read_optional_json(folder / "tokenizer_config.json");
    const auto config = read_optional_json(folder / "config.json");
    auto v = vocab_from_files(folder, tokenizer_json ? &*tokenizer_json : nullptr,
                              tokenizer_config ? &*tokenizer_config : nullptr, config ? &*config : nullptr);
    if (!v) throw Exception(v.error());
    return std::move(*v);
  });
}

}  // namespace hearth
