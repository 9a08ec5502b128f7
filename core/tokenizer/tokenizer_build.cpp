// Tokenizer::Impl construction: defaults per model family, token attributes, lookup tables.
// The defaults and special-token rules follow llama.cpp so that a GGUF file tokenizes the same
// in both programs.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "tokenizer/tokenizer_impl.h"
#include "tokenizer/unicode.h"

namespace hearth::tokenizer_detail {

namespace {

using Impl = Tokenizer::Impl;

// Texts of tokens that end a turn, in the order we prefer one as "the" end-of-turn token.
constexpr std::string_view kEndOfTurnTexts[] = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<EOT>",
    "<\xef\xbd\x9c" "end\xe2\x96\x81" "of\xe2\x96\x81" "sentence\xef\xbd\x9c>",  // DeepSeek <｜end▁of▁sentence｜>
};
// Texts that stop generation (llama.cpp's list; DeepSeek's marker ends a turn via EOT only).
constexpr std::string_view kEndOfGenerationTexts[] = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>",
};
struct InfillTexts {
  SpecialToken role;
  std::string_view texts[4];  // unused entries are empty
};
constexpr InfillTexts kInfillTexts[] = {
    {SpecialToken::FimPre, {"<|fim_prefix|>", "<fim-prefix>", "<\xef\xbd\x9c" "fim\xe2\x96\x81" "begin\xef\xbd\x9c>", "<PRE>"}},
    {SpecialToken::FimSuf, {"<|fim_suffix|>", "<fim-suffix>", "<\xef\xbd\x9c" "fim\xe2\x96\x81" "hole\xef\xbd\x9c>", "<SUF>"}},
    {SpecialToken::FimMid, {"<|fim_middle|>", "<fim-middle>", "<\xef\xbd\x9c" "fim\xe2\x96\x81" "end\xef\xbd\x9c>", "<MID>"}},
    {SpecialToken::FimPad, {"<|fim_pad|>", "<fim-pad>", "<PAD>"}},
    {SpecialToken::FimRep, {"<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>"}},
    {SpecialToken::FimSep, {"<|file_sep|>"}},
};

uint8_t attr_of(TokenType type) {
  switch (type) {
    case TokenType::Normal: return kAttrNormal;
    case TokenType::Unknown: return kAttrUnknown;
    case TokenType::Control: return kAttrControl;
    case TokenType::UserDefined: return kAttrUserDefined;
    case TokenType::Byte: return kAttrByte;
    case TokenType::Unused:
    case TokenType::Undefined: return 0;
  }
  return 0;
}

TokenizerKind kind_of(const std::string& model) {
  if (model == "llama") return TokenizerKind::SentencePiece;
  if (model == "gpt2") return TokenizerKind::BytePairBpe;
  if (model == "bert") return TokenizerKind::WordPiece;
  if (model == "none" || model == "no_vocab") {
    fail(ErrorCode::Unsupported, "this model has no vocabulary (tokenizer.ggml.model = \"" + model + "\")");
  }
  if (model == "t5" || model == "rwkv") {
    fail(ErrorCode::Unsupported, "the \"" + model + "\" tokenizer (tokenizer.ggml.model) is not supported yet; supported: "
                                 "llama (SentencePiece), gpt2 (byte-level BPE), bert (WordPiece)");
  }
  fail(ErrorCode::Unsupported, "unknown tokenizer model \"" + model +
                                   "\" (tokenizer.ggml.model); supported: llama, gpt2, bert");
}

void check_shapes(const VocabData& v) {
  const size_t n = v.tokens.size();
  if (n == 0) fail(ErrorCode::Format, "the vocabulary is empty (no tokens)");
  if (n > size_t(INT32_MAX) / 2) fail(ErrorCode::Format, "the vocabulary has too many tokens (" + std::to_string(n) + ")");
  if (!v.scores.empty() && v.scores.size() != n) {
    fail(ErrorCode::Format, "the vocabulary has " + std::to_string(n) + " tokens but " + std::to_string(v.scores.size()) +
                                " scores");
  }
  if (!v.types.empty() && v.types.size() != n) {
    fail(ErrorCode::Format, "the vocabulary has " + std::to_string(n) + " tokens but " + std::to_string(v.types.size()) +
                                " token types");
  }
}

// A default id is used only when the vocabulary is large enough to hold it.
TokenId default_id(const Impl& t, TokenId id) { return id >= 0 && id < t.n_vocab() ? id : kNoToken; }

void apply_family_defaults(Impl& t, const tokenizer_detail::PreTokenizerSpec* pre) {
  switch (t.kind) {
    case TokenizerKind::SentencePiece:
      t.bos = default_id(t, 1), t.eos = default_id(t, 2), t.unk = default_id(t, 0);
      t.add_space_prefix = true;
      t.add_bos = true;
      t.clean_spaces = false;
      break;
    case TokenizerKind::BytePairBpe:
      // llama.cpp's historical GPT-2 defaults (token 11 is "," in GPT-2; files name their own).
      t.bos = default_id(t, 11), t.eos = default_id(t, 11);
      t.clean_spaces = pre->clean_spaces;
      t.ignore_merges = pre->ignore_merges;
      t.add_bos = pre->default_add_bos;
      if (pre->no_bos) t.bos = kNoToken;
      break;
    case TokenizerKind::WordPiece:
      t.bos = default_id(t, 101), t.unk = default_id(t, 100), t.sep = default_id(t, 102), t.pad = default_id(t, 0);
      t.add_bos = true;
      t.clean_spaces = true;
      break;
  }
}

void apply_file_settings(Impl& t) {
  const VocabData& v = t.vocab;
  for (const auto& [role, id] : v.special_ids) {
    if (id < 0 || id >= t.n_vocab()) {
      t.warnings.push_back(std::string(special_token_gguf_key(role)) + " = " + std::to_string(id) +
                           " is outside the vocabulary; ignored");
      continue;
    }
    switch (role) {
      case SpecialToken::Bos: t.bos = id; break;
      case SpecialToken::Eos: t.eos = id; break;
      case SpecialToken::Unk: t.unk = id; break;
      case SpecialToken::Sep: t.sep = id; break;
      case SpecialToken::Pad: t.pad = id; break;
      case SpecialToken::Eot: t.eot = id; break;
      case SpecialToken::Eom: t.eom = id; break;
      default: break;
    }
  }
  if (v.add_bos) t.add_bos = *v.add_bos;
  if (v.add_eos) t.add_eos = *v.add_eos;
  if (v.add_space_prefix) t.add_space_prefix = *v.add_space_prefix;
  if (t.add_bos && t.bos == kNoToken) {
    t.warnings.push_back("the vocabulary asks for a BOS token but has none; no BOS is added");
    t.add_bos = false;
  }
  if (t.add_eos && t.eos == kNoToken) {
    t.warnings.push_back("the vocabulary asks for an EOS token but has none; no EOS is added");
    t.add_eos = false;
  }
}

void build_text_index(Impl& t) {
  auto& tokens = t.vocab.tokens;
  for (size_t i = 0; i < tokens.size(); ++i) {
    // An empty token could never be produced or looked up; llama.cpp renames it the same way.
    if (tokens[i].empty()) tokens[i] = "[EMPTY_" + std::to_string(i) + "]";
  }
  t.text_to_id.reserve(tokens.size());
  size_t duplicates = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    t.max_token_bytes = std::max(t.max_token_bytes, tokens[i].size());
    if (!t.text_to_id.emplace(std::string_view(tokens[i]), static_cast<TokenId>(i)).second) ++duplicates;
  }
  if (duplicates) {
    t.warnings.push_back(std::to_string(duplicates) + " token text(s) appear more than once; the lowest id is used");
  }
}

void mark_control(Impl& t, TokenId id) {
  // Tokens that end turns must behave as control tokens even when the file says otherwise.
  if (!(t.attrs[size_t(id)] & kAttrControl)) {
    t.attrs[size_t(id)] = static_cast<uint8_t>((t.attrs[size_t(id)] & ~(kAttrNormal | kAttrUserDefined)) | kAttrControl);
  }
}

void detect_end_tokens(Impl& t) {
  if (t.eot == kNoToken) {
    for (std::string_view text : kEndOfTurnTexts) {
      if (TokenId id = t.lookup(text); id != kNoToken) {
        t.eot = id;
        mark_control(t, id);
        break;
      }
    }
  }
  if (t.eom == kNoToken) t.eom = t.lookup("<|eom_id|>");
  if (t.eom != kNoToken) mark_control(t, t.eom);

  t.end_of_generation.assign(size_t(t.n_vocab()), false);
  for (const auto& [role, texts] : kInfillTexts) {
    TokenId id = t.vocab.special_id(role).value_or(kNoToken);
    if (id < 0 || id >= t.n_vocab()) {
      id = kNoToken;
      for (std::string_view text : texts) {
        if (!text.empty() && (id = t.lookup(text)) != kNoToken) break;
      }
    }
    if (id == kNoToken) continue;
    mark_control(t, id);
    if (role == SpecialToken::FimPad || role == SpecialToken::FimRep || role == SpecialToken::FimSep) {
      t.end_of_generation[size_t(id)] = true;
    }
  }
  for (std::string_view text : kEndOfGenerationTexts) {
    if (TokenId id = t.lookup(text); id != kNoToken) {
      t.end_of_generation[size_t(id)] = true;
      mark_control(t, id);
    }
  }
  for (TokenId id : {t.eos, t.eot, t.eom})
    if (id != kNoToken) t.end_of_generation[size_t(id)] = true;
}

std::string lowercase_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// llama.cpp adjusts a few attributes by model name; the same file must split the same way.
void apply_model_quirks(Impl& t) {
  const std::string name = lowercase_ascii(t.vocab.model_name);
  const std::string& pre = t.vocab.pre;
  auto set = [&](std::string_view text, uint8_t attr, bool on) {
    const TokenId id = t.lookup(text);
    if (id == kNoToken) return;
    auto& a = t.attrs[size_t(id)];
    a = static_cast<uint8_t>(on ? (a | attr) : (a & ~attr));
  };
  if (pre.find("jina-v2-de") != std::string::npos || pre.find("jina-v2-es") != std::string::npos ||
      pre.find("jina-v2-code") != std::string::npos) {
    set("<mask>", kAttrLstrip, true);
  } else if (name.find("phi-3") != std::string::npos || name.find("phi3") != std::string::npos) {
    for (TokenId id : t.special_split) t.attrs[size_t(id)] |= kAttrRstrip;
    set("</s>", kAttrRstrip, true);
    for (std::string_view text : {"<unk>", "<s>", "<|endoftext|>"}) set(text, kAttrRstrip, false);
  }
}

void build_special_split(Impl& t) {
  for (TokenId id = 0; id < t.n_vocab(); ++id) {
    if (t.attrs[size_t(id)] & (kAttrControl | kAttrUserDefined | kAttrUnknown)) t.special_split.push_back(id);
  }
  // Longest first, so that "<|im_start|>" wins over a shorter token it contains.
  std::stable_sort(t.special_split.begin(), t.special_split.end(), [&](TokenId a, TokenId b) {
    return t.vocab.tokens[size_t(a)].size() > t.vocab.tokens[size_t(b)].size();
  });
}

// The bytes a byte-level token text stands for ("Ġworld" -> " world").
std::string decode_byte_level(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    uint32_t cp = 0;
    size_t len = unicode::decode_utf8_at(text, pos, cp);
    if (len == 0) {
      out += text[pos++];
      continue;
    }
    const int byte = unicode::codepoint_to_byte(cp);
    if (byte >= 0) {
      out += static_cast<char>(byte);
    } else {
      out.append(text.substr(pos, len));  // outside the alphabet: keep the character itself
    }
    pos += len;
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void build_pieces(Impl& t) {
  t.pieces.resize(t.vocab.tokens.size());
  for (size_t i = 0; i < t.pieces.size(); ++i) {
    const std::string& text = t.vocab.tokens[i];
    const uint8_t a = t.attrs[i];
    std::string& piece = t.pieces[i];
    if (a & (kAttrControl | kAttrUnknown | kAttrUserDefined)) {
      piece = text;
    } else if (a & kAttrNormal) {
      if (t.kind == TokenizerKind::BytePairBpe) {
        piece = decode_byte_level(text);
      } else {
        // U+2581 stands for a space in SentencePiece and WordPiece vocabularies.
        for (size_t p = 0; p < text.size();) {
          if (text.compare(p, 3, "\xe2\x96\x81") == 0) {
            piece += ' ';
            p += 3;
          } else {
            piece += text[p++];
          }
        }
      }
    } else if ((a & kAttrByte) && t.kind != TokenizerKind::BytePairBpe) {
      // "<0xNN>"
      if (text.size() == 6 && text.compare(0, 3, "<0x") == 0 && text[5] == '>' && hex_digit(text[3]) >= 0 &&
          hex_digit(text[4]) >= 0) {
        piece = std::string(1, static_cast<char>(hex_digit(text[3]) * 16 + hex_digit(text[4])));
      }
    }
  }
}

void build_byte_tokens(Impl& t) {
  static const char* kHex = "0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) {
    const char name[7] = {'<', '0', 'x', kHex[b >> 4], kHex[b & 15], '>', 0};
    TokenId id = t.lookup(name);
    if (id == kNoToken) id = t.lookup(std::string_view(reinterpret_cast<const char*>(&b), 1));  // raw byte token
    t.byte_tokens[size_t(b)] = id;
  }
}

void build_bpe(Impl& t, const PreTokenizerSpec& pre) {
  t.splitter = std::make_unique<RegexSplitter>(pre.regexes);
  const int32_t n = t.n_vocab();
  auto symbol_id = [&](const std::string& s) -> int32_t {
    if (TokenId id = t.lookup(s); id != kNoToken) return id;
    const auto [it, inserted] = t.extra_symbols.emplace(s, n + static_cast<int32_t>(t.extra_symbols.size()));
    return it->second;
  };
  t.merges.reserve(t.vocab.merges.size());
  size_t malformed = 0;
  std::string left, right, joined;
  for (size_t rank = 0; rank < t.vocab.merges.size(); ++rank) {
    const std::string& m = t.vocab.merges[rank];
    // "left right"; the split is at the first space after the first character, so a merge of
    // a lone space character (written as "  x" nowhere in practice) still parses.
    const size_t space = m.find(' ', 1);
    if (space == std::string::npos || space + 1 >= m.size()) {
      ++malformed;
      continue;
    }
    left.assign(m, 0, space);
    right.assign(m, space + 1);
    joined.assign(left).append(right);
    const int32_t l = symbol_id(left), r = symbol_id(right), result = symbol_id(joined);
    const uint64_t key = (uint64_t(uint32_t(l)) << 32) | uint32_t(r);
    t.merges.emplace(key, BpeMerge{static_cast<int32_t>(rank), result});  // the first (best) rank wins
  }
  if (malformed) t.warnings.push_back(std::to_string(malformed) + " BPE merge(s) are not \"left right\" pairs; ignored");
  const auto& bytes = unicode::byte_level_strings();
  for (int b = 0; b < 256; ++b) {
    TokenId id = t.lookup(bytes[size_t(b)]);
    if (id == kNoToken) {
      const auto it = t.extra_symbols.find(bytes[size_t(b)]);
      id = it == t.extra_symbols.end() ? kNoToken : it->second;
    }
    t.byte_symbols[size_t(b)] = id;
  }
}

}  // namespace

std::string escape_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (char c : text) {
    if (c == ' ') {
      out += "\xe2\x96\x81";
    } else {
      out += c;
    }
  }
  return out;
}

std::shared_ptr<const Tokenizer::Impl> build_tokenizer(VocabData vocab) {
  auto t = std::make_shared<Impl>();
  t->kind = kind_of(vocab.model);
  check_shapes(vocab);
  t->vocab = std::move(vocab);
  t->warnings = t->vocab.warnings;

  const PreTokenizerSpec* pre = nullptr;
  if (t->kind == TokenizerKind::BytePairBpe) {
    pre = find_pre_tokenizer(t->vocab.pre);
    if (!pre) {
      fail(ErrorCode::Unsupported, "unknown pre-tokenizer \"" + t->vocab.pre + "\" (tokenizer.ggml.pre); known: " +
                                       known_pre_tokenizer_names());
    }
    if (t->vocab.pre.empty()) {
      t->warnings.push_back("the file names no pre-tokenizer (tokenizer.ggml.pre); using \"default\": "
                            "tokenization may differ from the model's training");
    }
    if (t->vocab.merges.empty()) fail(ErrorCode::Format, "the BPE vocabulary has no merges (tokenizer.ggml.merges)");
  }

  build_text_index(*t);
  t->attrs.resize(t->vocab.tokens.size(), kAttrNormal);
  if (!t->vocab.types.empty()) {
    for (size_t i = 0; i < t->attrs.size(); ++i) t->attrs[i] = attr_of(t->vocab.types[i]);
  }
  apply_family_defaults(*t, pre);
  apply_file_settings(*t);
  detect_end_tokens(*t);
  build_special_split(*t);
  apply_model_quirks(*t);
  build_pieces(*t);

  switch (t->kind) {
    case TokenizerKind::SentencePiece:
      build_byte_tokens(*t);
      t->newline = t->byte_tokens['\n'] != kNoToken ? t->byte_tokens['\n'] : t->lookup("\n");
      break;
    case TokenizerKind::BytePairBpe: {
      build_bpe(*t, *pre);
      std::vector<TokenId> nl;
      t->encode_byte_level("\n", nl);
      t->newline = nl.empty() ? kNoToken : nl.front();
      break;
    }
    case TokenizerKind::WordPiece:
      break;
  }
  return t;
}

}  // namespace hearth::tokenizer_detail
