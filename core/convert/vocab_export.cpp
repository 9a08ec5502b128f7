#include "convert/vocab_export.h"
#include "hearth/base/utf8_path.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <unordered_map>

#include "hearth/base/result.h"
#include "hearth/io/mapped_file.h"
#include "hearth/tokenizer/hf_vocab.h"

#ifdef HEARTH_HAVE_SENTENCEPIECE
#include <sentencepiece_processor.h>
#endif

namespace hearth::convert {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// gguf token types (llama_token_type).
enum TokenType : int32_t { kNormal = 1, kUnknown = 2, kControl = 3, kUserDefined = 4, kUnused = 5, kByte = 6 };

constexpr std::string_view kSpmSpace = "\xe2\x96\x81";  // U+2581, SentencePiece's visible space

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  size_t at = 0;
  while ((at = s.find(from, at)) != std::string::npos) {
    s.replace(at, from.size(), to);
    at += to.size();
  }
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Added tokens some models forget to flag as special (gguf-py's does_token_look_special).
bool looks_special(std::string_view t) {
  if (t == "<pad>" || t == "<mask>" || t == "<2mass>" || t == "[@BOS@]") return true;
  if (starts_with(t, "<|") && ends_with(t, "|>")) return true;
  if (starts_with(t, "<\xef\xbd\x9c") && ends_with(t, "\xef\xbd\x9c>")) return true;  // <｜ … ｜>
  return starts_with(t, "<unused") && ends_with(t, ">");
}

std::string pad_token(size_t i) { return "[PAD" + std::to_string(i) + "]"; }

const json* object_member(const json* o, const char* key) {
  if (!o || !o->is_object()) return nullptr;
  const auto it = o->find(key);
  return it == o->end() ? nullptr : &*it;
}

// ---- SpecialVocab ---------------------------------------------------------------------------

// gguf-py's SpecialVocab: special token ids from tokenizer_config.json (matched against
// tokenizer.json's added tokens) and config.json, add_*_token flags, chat template, merges.
class SpecialVocab {
 public:
  SpecialVocab(const HfModelFolder& folder, bool load_merges, std::optional<size_t> n_vocab,
               std::vector<std::string> types = {"bos", "eos", "unk", "sep", "pad", "cls", "mask"})
      : n_vocab_(n_vocab), types_(std::move(types)) {
    const json* tokenizer_json = nullptr;
    if (folder.tokenizer_json_path()) {
      auto tj = folder.tokenizer_json();
      if (!tj) throw Exception(tj.error());
      tokenizer_json = *tj;
      if (load_merges) load_merges_from(*tokenizer_json);
    }
    if (load_merges && merges_.empty()) load_merges_txt(folder.folder() / "merges.txt");
    if (const json* tc = folder.tokenizer_config()) load_tokenizer_config(*tc, tokenizer_json);
    for (const auto& type : types_) {
      const json* v = object_member(&folder.config(), (type + "_token_id").c_str());
      if (v && v->is_number_integer()) set_id(type, v->get<int64_t>());
    }
  }

  void set_id(const std::string& type, int64_t id) {
    if (id < 0) fail(ErrorCode::Format, "invalid id " + std::to_string(id) + " for the " + type + " token");
    if (n_vocab_ && uint64_t(id) >= *n_vocab_) return;  // out of range: the reference skips it
    for (const auto& [t, existing] : ids_)
      if (t == type) return;  // the first source wins
    ids_.emplace_back(type, static_cast<uint32_t>(id));
  }
  bool has_ids() const { return !ids_.empty(); }
  void set_merges(std::vector<std::string> merges) { merges_ = std::move(merges); }
  void drop_chat_template() { chat_template_.reset(); }

  void write(GgufMetadata& md) const {
    if (!merges_.empty()) md.set("tokenizer.ggml.merges", GgufArray::of(merges_));
    static const std::map<std::string, std::string> id_keys = {
        {"bos", "tokenizer.ggml.bos_token_id"},     {"eos", "tokenizer.ggml.eos_token_id"},
        {"unk", "tokenizer.ggml.unknown_token_id"}, {"sep", "tokenizer.ggml.seperator_token_id"},
        {"pad", "tokenizer.ggml.padding_token_id"}, {"mask", "tokenizer.ggml.mask_token_id"},
        {"eot", "tokenizer.ggml.eot_token_id"},     {"eom", "tokenizer.ggml.eom_token_id"},
    };
    for (const auto& [type, id] : ids_) {
      if (auto it = id_keys.find(type); it != id_keys.end()) md.set(it->second, id);
    }
    for (const auto& [type, value] : add_) {
      if (type == "bos" || type == "eos") md.set("tokenizer.ggml.add_" + type + "_token", value);
    }
    if (chat_template_) write_chat_template(*chat_template_, md);
  }

 private:
  void load_merges_from(const json& tj) {
    const json* model = object_member(&tj, "model");
    const json* merges = object_member(model, "merges");
    if (!merges || !merges->is_array() || merges->empty()) return;
    const json& first = (*merges)[0];
    if (first.is_string()) {
      for (const auto& m : *merges) {
        if (!m.is_string()) fail(ErrorCode::Format, "tokenizer.json: a merge is not a string");
        merges_.push_back(m.get<std::string>());
      }
    } else if (first.is_array()) {
      // Since transformers 4.45 merges may be pairs, which allows spaces inside; llama.cpp keeps
      // the "a b" form and writes those spaces as U+0120.
      for (const auto& m : *merges) {
        if (!m.is_array() || m.size() != 2 || !m[0].is_string() || !m[1].is_string())
          fail(ErrorCode::Format, "tokenizer.json: a merge is not a pair of strings");
        merges_.push_back(replace_all(m[0].get<std::string>(), " ", "\xc4\xa0") + " " +
                          replace_all(m[1].get<std::string>(), " ", "\xc4\xa0"));
      }
    } else {
      fail(ErrorCode::Format, "tokenizer.json: unknown merges format");
    }
  }

  void load_merges_txt(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return;
    auto map = MappedFile::open(path);
    if (!map) throw Exception(map.error());
    std::string_view text(reinterpret_cast<const char*>(map->bytes().data()), map->size());
    bool first = true;
    while (!text.empty()) {
      const size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      auto trim = [](std::string_view s) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
        return s;
      };
      line = trim(line);
      if (first && starts_with(line, "#")) {
        first = false;
        continue;
      }
      first = false;
      if (line.empty()) continue;
      const size_t sp = line.find_first_of(" \t");
      if (sp == std::string_view::npos) continue;
      const auto a = line.substr(0, sp);
      const auto b = trim(line.substr(sp));
      if (b.empty() || b.find_first_of(" \t") != std::string_view::npos) continue;  // malformed: skipped
      merges_.push_back(std::string(a) + " " + std::string(b));
    }
  }

  void load_tokenizer_config(const json& tc, const json* tokenizer_json) {
    if (!tc.is_object()) return;
    if (const json* ct = object_member(&tc, "chat_template"); ct && (ct->is_string() || ct->is_array())) {
      chat_template_ = *ct;
    }
    const json* added = object_member(tokenizer_json, "added_tokens");
    for (const auto& type : types_) {
      if (const json* a = object_member(&tc, ("add_" + type + "_token").c_str()); a && a->is_boolean()) {
        add_.emplace_back(type, a->get<bool>());
      }
      const json* entry = object_member(&tc, (type + "_token").c_str());
      std::string content;
      if (entry && entry->is_string()) {
        content = entry->get<std::string>();
      } else if (const json* c = object_member(entry, "content"); c && c->is_string()) {
        content = c->get<std::string>();
      } else {
        continue;
      }
      if (!added || !added->is_array()) continue;
      for (const auto& tok : *added) {
        const json* c = object_member(&tok, "content");
        if (c && c->is_string() && c->get<std::string>() == content) {
          const json* id = object_member(&tok, "id");
          if (id && id->is_number_integer()) set_id(type, id->get<int64_t>());
          break;
        }
      }
    }
  }

  static void write_chat_template(const json& ct, GgufMetadata& md) {
    if (ct.is_string()) {
      if (!ct.get<std::string>().empty()) md.set("tokenizer.chat_template", ct.get<std::string>());
      return;
    }
    // A list of named templates: "default" becomes tokenizer.chat_template, the others
    // tokenizer.chat_template.<name> plus their names in tokenizer.chat_templates.
    std::optional<std::string> default_template;
    std::vector<std::string> names;
    for (const auto& choice : ct) {
      const json* n = object_member(&choice, "name");
      const json* t = object_member(&choice, "template");
      std::string name = n && n->is_string() ? n->get<std::string>() : "";
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      if (name.empty() || !t || !t->is_string()) continue;
      if (name == "default") {
        default_template = t->get<std::string>();
      } else {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        md.set("tokenizer.chat_template." + name, t->get<std::string>());
      }
    }
    if (!names.empty()) md.set("tokenizer.chat_templates", GgufArray::of(names));
    if (default_template && !default_template->empty()) md.set("tokenizer.chat_template", *default_template);
  }

  std::optional<size_t> n_vocab_;
  std::vector<std::string> types_;
  std::vector<std::pair<std::string, uint32_t>> ids_;
  std::vector<std::pair<std::string, bool>> add_;
  std::vector<std::string> merges_;
  std::optional<json> chat_template_;
};

std::optional<int64_t> config_vocab_size(const json& config) { return config_int_opt(config, "vocab_size"); }

// ---- SentencePiece tokenizer.model -------------------------------------------------------

void export_sentencepiece(const HfModelFolder& folder, const fs::path& model_path, GgufMetadata& md) {
#ifndef HEARTH_HAVE_SENTENCEPIECE
  (void)folder;
  (void)md;
  fail(ErrorCode::Unsupported, hearth::path_utf8(model_path) + ": this build of Hearth has no SentencePiece support");
#else
  sentencepiece::SentencePieceProcessor sp;
  // Loaded from our own mapping rather than by name: the library's narrow file name would not
  // reach a Windows folder such as C:\Users\张伟.
  auto bytes = MappedFile::open(model_path);
  if (!bytes) fail(bytes.error().code, bytes.error().message);
  const std::string_view proto(reinterpret_cast<const char*>(bytes->bytes().data()), bytes->size());
  if (const auto st = sp.LoadFromSerializedProto(proto); !st.ok()) {
    fail(ErrorCode::Format, hearth::path_utf8(model_path) + ": not a valid SentencePiece model (" + st.ToString() + ")");
  }
  const size_t sp_size = static_cast<size_t>(sp.GetPieceSize());
  const size_t vocab_size = static_cast<size_t>(config_vocab_size(folder.config()).value_or(int64_t(sp_size)));
  if (vocab_size < sp_size) {
    fail(ErrorCode::Format, "config.json: vocab_size " + std::to_string(vocab_size) + " is smaller than the " +
                                std::to_string(sp_size) + " pieces of tokenizer.model");
  }
  std::vector<std::string> tokens(vocab_size);
  std::vector<float> scores(vocab_size, -10000.0f);
  std::vector<int32_t> types(vocab_size, kUnused);
  for (size_t i = 0; i < vocab_size; ++i) tokens[i] = pad_token(i);
  for (size_t i = 0; i < sp_size; ++i) {
    const int id = static_cast<int>(i);
    tokens[i] = sp.IdToPiece(id);
    scores[i] = sp.GetScore(id);
    int32_t type = kNormal;
    if (sp.IsUnknown(id)) type = kUnknown;
    else if (sp.IsControl(id)) type = kControl;
    else if (sp.IsUnused(id)) type = kUnused;
    else if (sp.IsByte(id)) type = kByte;
    types[i] = type;
  }
  // added_tokens.json: extra user-defined pieces.
  if (std::error_code ec; fs::is_regular_file(folder.folder() / "added_tokens.json", ec)) {
    auto added = read_json_file(folder.folder() / "added_tokens.json");
    if (!added) throw Exception(added.error());
    if (added->is_object()) {
      for (auto it = added->begin(); it != added->end(); ++it) {
        if (!it.value().is_number_integer()) continue;
        const int64_t id = it.value().get<int64_t>();
        if (id < 0 || uint64_t(id) >= vocab_size) continue;  // out of range: ignored like the reference
        tokens[size_t(id)] = it.key();
        scores[size_t(id)] = -1000.0f;
        types[size_t(id)] = kUserDefined;
      }
    }
  }
  // tokenizer_config.json added_tokens_decoder: control and user-defined tokens.
  if (const json* decoder = object_member(folder.tokenizer_config(), "added_tokens_decoder");
      decoder && decoder->is_object()) {
    for (auto it = decoder->begin(); it != decoder->end(); ++it) {
      int64_t id = -1;
      try {
        id = std::stoll(it.key());
      } catch (...) {
        fail(ErrorCode::Format, "tokenizer_config.json: added_tokens_decoder key \"" + it.key() + "\" is not an id");
      }
      if (id < 0 || uint64_t(id) >= vocab_size) {
        fail(ErrorCode::Format, "tokenizer_config.json: added token id " + std::to_string(id) +
                                    " is outside the vocabulary of " + std::to_string(vocab_size));
      }
      const json* content = object_member(&it.value(), "content");
      if (!content || !content->is_string()) continue;
      std::string token = content->get<std::string>();
      const json* special = object_member(&it.value(), "special");
      if ((special && special->is_boolean() && special->get<bool>()) || looks_special(token)) {
        types[size_t(id)] = kControl;
      } else {
        token = replace_all(token, kSpmSpace, " ");
        types[size_t(id)] = kUserDefined;
      }
      scores[size_t(id)] = -1000.0f;
      tokens[size_t(id)] = std::move(token);
    }
  }
  md.set("tokenizer.ggml.model", std::string("llama"));
  md.set("tokenizer.ggml.pre", std::string("default"));
  md.set("tokenizer.ggml.tokens", GgufArray::of(std::move(tokens)));
  md.set("tokenizer.ggml.scores", GgufArray::of(std::move(scores)));
  md.set("tokenizer.ggml.token_type", GgufArray::of(std::move(types)));
  SpecialVocab(folder, /*load_merges=*/false, vocab_size).write(md);
#endif
}

// ---- tokenizer.json ------------------------------------------------------------------------

struct JsonVocab {
  std::unordered_map<int64_t, std::string> by_id;  // model vocab and added tokens
  size_t base_size = 0;                            // model vocab only
  struct Added {
    std::string content;
    int64_t id;
    bool special;
  };
  std::vector<Added> added;
};

JsonVocab read_json_vocab(const json& tj) {
  JsonVocab v;
  const json* model = object_member(&tj, "model");
  const json* vocab = object_member(model, "vocab");
  if (!vocab || !vocab->is_object()) fail(ErrorCode::Format, "tokenizer.json: model.vocab is missing or not an object");
  for (auto it = vocab->begin(); it != vocab->end(); ++it) {
    if (!it.value().is_number_integer() || it.value().get<int64_t>() < 0)
      fail(ErrorCode::Format, "tokenizer.json: token \"" + it.key() + "\" has no valid id");
    v.by_id[it.value().get<int64_t>()] = it.key();
  }
  v.base_size = vocab->size();
  if (const json* added = object_member(&tj, "added_tokens"); added && added->is_array()) {
    for (const auto& a : *added) {
      const json* c = object_member(&a, "content");
      const json* id = object_member(&a, "id");
      if (!c || !c->is_string() || !id || !id->is_number_integer() || id->get<int64_t>() < 0)
        fail(ErrorCode::Format, "tokenizer.json: an added token has no content or id");
      const json* s = object_member(&a, "special");
      v.added.push_back({c->get<std::string>(), id->get<int64_t>(), s && s->is_boolean() && s->get<bool>()});
      v.by_id[id->get<int64_t>()] = c->get<std::string>();
    }
  }
  return v;
}

std::string model_type(const json& tj) {
  const json* t = object_member(object_member(&tj, "model"), "type");
  return t && t->is_string() ? t->get<std::string>() : "";
}
bool model_flag(const json& tj, const char* key, bool fallback) {
  const json* f = object_member(object_member(&tj, "model"), key);
  return f && f->is_boolean() ? f->get<bool>() : fallback;
}
std::string decoder_type(const json& tj) {
  const json* t = object_member(object_member(&tj, "decoder"), "type");
  return t && t->is_string() ? t->get<std::string>() : "";
}

// tokenizer.ggml.pre: the tokenizer module runs llama.cpp's check (tokenize its fixed text, hash
// the ids, look the hash up) and falls back to comparing tokenizer.json's split regex.
std::string detect_bpe_pre_tokenizer(const HfModelFolder& folder, const json& tj) {
  HfTokenizerFiles files;
  files.tokenizer_json = &tj;
  files.tokenizer_config = folder.tokenizer_config();
  files.config = &folder.config();
  auto vocab = vocab_from_hf_tokenizer_json(files);
  if (!vocab) fail(vocab.error().code, "tokenizer.json: " + vocab.error().message);
  return vocab->pre;
}

// Byte-level BPE (GPT-2 style) — tokenizer.ggml.model "gpt2".
void export_gpt2_json(const HfModelFolder& folder, const json& tj, GgufMetadata& md) {
  if (model_type(tj) != "BPE") {
    fail(ErrorCode::Unsupported, "tokenizer.json: model type \"" + model_type(tj) + "\" is not supported (only BPE)");
  }
  const JsonVocab v = read_json_vocab(tj);
  int64_t max_id = -1;
  for (const auto& [id, tok] : v.by_id) max_id = std::max(max_id, id);
  const size_t vocab_size = static_cast<size_t>(config_vocab_size(folder.config()).value_or(int64_t(v.by_id.size())));
  if (max_id >= int64_t(vocab_size)) {
    fail(ErrorCode::Format, "tokenizer.json has token id " + std::to_string(max_id) +
                                " but config.json's vocab_size is " + std::to_string(vocab_size));
  }
  std::unordered_map<std::string, const JsonVocab::Added*> added_by_content;
  for (const auto& a : v.added) added_by_content.emplace(a.content, &a);
  const std::string pre = detect_bpe_pre_tokenizer(folder, tj);
  std::vector<std::string> tokens(vocab_size);
  std::vector<int32_t> types(vocab_size);
  for (size_t i = 0; i < vocab_size; ++i) {
    const auto it = v.by_id.find(int64_t(i));
    if (it == v.by_id.end()) {
      tokens[i] = pad_token(i);
      types[i] = kUnused;
      continue;
    }
    std::string token = it->second;
    if (const auto a = added_by_content.find(token); a != added_by_content.end()) {
      // The flags belong to the added token with this id when there is one.
      bool special = a->second->special;
      for (const auto& x : v.added)
        if (x.id == int64_t(i)) special = x.special;
      if (special || looks_special(token)) {
        types[i] = kControl;
      } else {
        token = replace_all(token, kSpmSpace, " ");
        types[i] = kUserDefined;
      }
    } else {
      types[i] = kNormal;
    }
    tokens[i] = std::move(token);
  }
  md.set("tokenizer.ggml.model", std::string("gpt2"));
  md.set("tokenizer.ggml.pre", pre);
  md.set("tokenizer.ggml.tokens", GgufArray::of(std::move(tokens)));
  md.set("tokenizer.ggml.token_type", GgufArray::of(std::move(types)));
  SpecialVocab(folder, /*load_merges=*/true, std::nullopt).write(md);
}

// SentencePiece-style BPE with byte fallback stored as tokenizer.json (gguf-py's LlamaHfVocab).
bool is_llama_hf_json(const json& tj) {
  return model_type(tj) == "BPE" && model_flag(tj, "byte_fallback", false) && decoder_type(tj) == "Sequence";
}

void export_llama_hf_json(const HfModelFolder& folder, const json& tj, GgufMetadata& md) {
  const JsonVocab v = read_json_vocab(tj);
  // The ids of the tokens tokenizer_config.json declares special.
  std::vector<int64_t> special_ids;
  auto id_of = [&](const std::string& content) -> std::optional<int64_t> {
    for (const auto& [id, tok] : v.by_id)
      if (tok == content) return id;
    return std::nullopt;
  };
  if (const json* tc = folder.tokenizer_config(); tc && tc->is_object()) {
    for (const char* key : {"bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"}) {
      const json* e = object_member(tc, key);
      std::string content;
      if (e && e->is_string()) content = e->get<std::string>();
      else if (const json* c = object_member(e, "content"); c && c->is_string()) content = c->get<std::string>();
      if (!content.empty())
        if (auto id = id_of(content)) special_ids.push_back(*id);
    }
    if (const json* extra = object_member(tc, "additional_special_tokens"); extra && extra->is_array()) {
      for (const auto& e : *extra) {
        std::string content = e.is_string() ? e.get<std::string>() : "";
        if (const json* c = object_member(&e, "content"); c && c->is_string()) content = c->get<std::string>();
        if (auto id = id_of(content)) special_ids.push_back(*id);
      }
    }
  }
  auto is_special = [&](int64_t id) { return std::find(special_ids.begin(), special_ids.end(), id) != special_ids.end(); };
  auto is_byte_token = [](const std::string& t) {
    return t.size() == 6 && starts_with(t, "<0x") && t[5] == '>' && std::isxdigit(static_cast<unsigned char>(t[3])) &&
           std::isxdigit(static_cast<unsigned char>(t[4]));
  };
  std::vector<std::string> tokens;
  std::vector<float> scores;
  std::vector<int32_t> types;
  for (size_t i = 0; i < v.base_size; ++i) {
    const auto it = v.by_id.find(int64_t(i));
    if (it == v.by_id.end()) fail(ErrorCode::Format, "tokenizer.json: no token with id " + std::to_string(i));
    tokens.push_back(it->second);
    scores.push_back(-1000.0f);
    types.push_back(is_byte_token(it->second) ? kByte : is_special(int64_t(i)) ? kControl : kNormal);
  }
  std::vector<JsonVocab::Added> extra;
  for (const auto& a : v.added)
    if (a.id >= int64_t(v.base_size)) extra.push_back(a);
  std::sort(extra.begin(), extra.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  for (const auto& a : extra) {
    tokens.push_back(a.content);
    scores.push_back(-1000.0f);
    types.push_back(is_special(a.id) ? kControl : kUserDefined);
  }
  const size_t n = tokens.size();
  md.set("tokenizer.ggml.model", std::string("llama"));
  md.set("tokenizer.ggml.pre", std::string("default"));
  md.set("tokenizer.ggml.tokens", GgufArray::of(std::move(tokens)));
  md.set("tokenizer.ggml.scores", GgufArray::of(std::move(scores)));
  md.set("tokenizer.ggml.token_type", GgufArray::of(std::move(types)));
  SpecialVocab(folder, /*load_merges=*/false, n).write(md);
}

// ---- qwen.tiktoken -----------------------------------------------------------------------

std::optional<std::string> base64_decode(std::string_view s) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=') break;
    const int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::string bytes_to_byte_level(std::string_view bytes) {
  std::string out;
  for (unsigned char b : bytes) out += byte_level_alphabet()[b];
  return out;
}

void export_qwen_tiktoken(const HfModelFolder& folder, const fs::path& path, GgufMetadata& md) {
  auto map = MappedFile::open(path);
  if (!map) throw Exception(map.error());
  std::string_view text(reinterpret_cast<const char*>(map->bytes().data()), map->size());
  std::unordered_map<std::string, int64_t> ranks;  // token bytes -> rank
  std::vector<std::pair<std::string, int64_t>> ordered;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const size_t sp = line.find(' ');
    auto bytes = sp == std::string_view::npos ? std::nullopt : base64_decode(line.substr(0, sp));
    int64_t rank = -1;
    if (bytes) {
      try {
        rank = std::stoll(std::string(line.substr(sp + 1)));
      } catch (...) {
        rank = -1;
      }
    }
    if (!bytes || rank < 0) {
      fail(ErrorCode::Format, hearth::path_utf8(path) + ": line " + std::to_string(line_no) + " is not \"<base64> <rank>\"");
    }
    ranks[*bytes] = rank;
    ordered.emplace_back(std::move(*bytes), rank);
  }
  // Qwen's tokenizer puts its special tokens right after the mergeable ranks.
  std::vector<std::string> specials = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};
  for (int i = 0; i < 205; ++i) specials.push_back("<|extra_" + std::to_string(i) + "|>");
  const int64_t special_start = static_cast<int64_t>(ranks.size());

  const size_t vocab_size = static_cast<size_t>(config_int(folder.config(), "vocab_size"));
  std::vector<std::string> tokens(vocab_size);
  std::vector<int32_t> types(vocab_size, kUnused);
  for (size_t i = 0; i < vocab_size; ++i) tokens[i] = pad_token(i);
  std::vector<std::string> merges;
  for (const auto& [bytes, rank] : ordered) {
    if (rank >= int64_t(vocab_size))
      fail(ErrorCode::Format, hearth::path_utf8(path) + ": rank " + std::to_string(rank) + " is outside vocab_size");
    tokens[size_t(rank)] = bytes_to_byte_level(bytes);
    types[size_t(rank)] = kNormal;
    if (bytes.size() == 1) continue;
    // Recover the merge that produced this token: run BPE on its bytes with merges ranked
    // below it; the two parts left are the merge.
    std::vector<std::string> parts;
    for (char c : bytes) parts.emplace_back(1, c);
    while (parts.size() > 1) {
      int64_t best_rank = -1;
      size_t best = 0;
      for (size_t i = 0; i + 1 < parts.size(); ++i) {
        const auto it = ranks.find(parts[i] + parts[i + 1]);
        if (it != ranks.end() && (best_rank < 0 || it->second < best_rank)) {
          best_rank = it->second;
          best = i;
        }
      }
      if (best_rank < 0 || best_rank >= rank) break;
      parts[best] += parts[best + 1];
      parts.erase(parts.begin() + static_cast<ptrdiff_t>(best) + 1);
    }
    if (parts.size() != 2) {
      fail(ErrorCode::Format, hearth::path_utf8(path) + ": token of rank " + std::to_string(rank) + " is not a merge of two tokens");
    }
    merges.push_back(bytes_to_byte_level(parts[0]) + " " + bytes_to_byte_level(parts[1]));
  }
  if (special_start + int64_t(specials.size()) > int64_t(vocab_size)) {
    fail(ErrorCode::Format, hearth::path_utf8(path) + ": " + std::to_string(special_start) + " tokens and " +
                                std::to_string(specials.size()) + " special tokens do not fit config.json's vocab_size " +
                                std::to_string(vocab_size));
  }
  for (size_t i = 0; i < specials.size(); ++i) {
    const int64_t id = special_start + int64_t(i);
    tokens[size_t(id)] = specials[i];
    types[size_t(id)] = kControl;
  }
  md.set("tokenizer.ggml.model", std::string("gpt2"));
  // Qwen's regex and vocabulary are Qwen2's, so llama.cpp's fingerprint names it "qwen2".
  md.set("tokenizer.ggml.pre", std::string("qwen2"));
  md.set("tokenizer.ggml.tokens", GgufArray::of(std::move(tokens)));
  md.set("tokenizer.ggml.token_type", GgufArray::of(std::move(types)));
  SpecialVocab special(folder, /*load_merges=*/false, std::nullopt);
  special.set_merges(std::move(merges));
  if (!special.has_ids()) {
    special.set_id("bos", special_start);
    special.set_id("eos", special_start);
  }
  special.set_id("unk", special_start);
  special.write(md);
}

}  // namespace

const std::array<std::string, 256>& byte_level_alphabet() {
  static const std::array<std::string, 256> table = [] {
    std::array<std::string, 256> t;
    auto utf8 = [](uint32_t cp) {
      std::string s;
      if (cp < 0x80) {
        s += static_cast<char>(cp);
      } else {
        s += static_cast<char>(0xc0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3f));
      }
      return s;
    };
    uint32_t next = 256;
    for (uint32_t b = 0; b < 256; ++b) {
      const bool printable = (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
      t[b] = utf8(printable ? b : next++);
    }
    return t;
  }();
  return table;
}

void export_vocabulary(const HfModelFolder& folder, std::span<const VocabKind> kinds, GgufMetadata& md) {
  std::vector<std::string> looked_for;
  for (VocabKind kind : kinds) {
    switch (kind) {
      case VocabKind::SentencePiece:
        if (auto p = folder.tokenizer_model_path()) return export_sentencepiece(folder, *p, md);
        looked_for.push_back("tokenizer.model");
        break;
      case VocabKind::LlamaHfJson:
        if (folder.tokenizer_json_path()) {
          auto tj = folder.tokenizer_json();
          if (!tj) throw Exception(tj.error());
          const bool llama3 = model_type(**tj) == "BPE" && model_flag(**tj, "ignore_merges", false) &&
                              !model_flag(**tj, "byte_fallback", true);
          if (!llama3 && is_llama_hf_json(**tj)) return export_llama_hf_json(folder, **tj, md);
        }
        break;
      case VocabKind::Gpt2Json:
        if (folder.tokenizer_json_path()) {
          auto tj = folder.tokenizer_json();
          if (!tj) throw Exception(tj.error());
          return export_gpt2_json(folder, **tj, md);
        }
        looked_for.push_back("tokenizer.json");
        break;
      case VocabKind::QwenTiktoken:
        if (auto p = folder.tiktoken_path()) return export_qwen_tiktoken(folder, *p, md);
        looked_for.push_back("qwen.tiktoken");
        break;
    }
  }
  std::string files;
  for (size_t i = 0; i < looked_for.size(); ++i) files += (i ? " or " : "") + looked_for[i];
  fail(ErrorCode::NotFound, hearth::path_utf8(folder.folder()) + ": no tokenizer found (expected " + files + ")");
}

}  // namespace hearth::convert
