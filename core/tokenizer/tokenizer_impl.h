// The tables behind a Tokenizer, built once from VocabData, and the per-model encoders.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hearth/tokenizer/tokenizer.h"
#include "tokenizer/pre_tokenizer.h"

namespace hearth {

// Per-token attributes (llama.cpp's llama_token_attr, the subset that changes behaviour).
enum TokenAttr : uint8_t {
  kAttrNormal = 1 << 0,
  kAttrUnknown = 1 << 1,
  kAttrControl = 1 << 2,
  kAttrUserDefined = 1 << 3,
  kAttrByte = 1 << 4,
  kAttrLstrip = 1 << 5,  // swallow whitespace before the token when splitting specials out
  kAttrRstrip = 1 << 6,  // ... and after it
};

// A rank-ordered BPE merge: the pair (left, right) of symbol ids becomes `result`.
struct BpeMerge {
  int32_t rank;
  int32_t result;  // a token id, or an id >= vocab size for a string that is not a token
};

// A piece of the input: either raw text [begin, end) or a special token found in it.
struct TextFragment {
  TokenId token;  // kNoToken for raw text
  size_t begin;
  size_t end;
};

struct Tokenizer::Impl {
  VocabData vocab;
  TokenizerKind kind = TokenizerKind::SentencePiece;
  std::vector<uint8_t> attrs;                                 // [n_vocab] TokenAttr bits
  std::unordered_map<std::string_view, TokenId> text_to_id;  // views into vocab.tokens
  std::vector<std::string> pieces;                            // [n_vocab] decoded bytes (specials as text)
  size_t max_token_bytes = 0;

  TokenId bos = kNoToken, eos = kNoToken, eot = kNoToken, eom = kNoToken, unk = kNoToken;
  TokenId sep = kNoToken, pad = kNoToken, newline = kNoToken;
  bool add_bos = false;
  bool add_eos = false;
  bool add_space_prefix = false;  // SentencePiece's dummy prefix
  bool clean_spaces = false;      // clean_up_tokenization_spaces
  bool ignore_merges = false;     // BPE: a word that is a token is not merged
  std::vector<TokenId> special_split;  // control / user-defined / unknown tokens, longest first
  std::vector<bool> end_of_generation; // [n_vocab]

  // SentencePiece: the token of each byte for byte fallback (<0xNN>), kNoToken if none.
  std::array<TokenId, 256> byte_tokens{};

  // Byte-level BPE.
  std::unique_ptr<tokenizer_detail::RegexSplitter> splitter;
  std::unordered_map<uint64_t, BpeMerge> merges;             // key: left id << 32 | right id
  std::unordered_map<std::string, int32_t> extra_symbols;    // merge strings that are not tokens
  std::array<int32_t, 256> byte_symbols{};                   // symbol id of each byte's character

  std::vector<std::string> warnings;

  TokenId lookup(std::string_view text) const {
    const auto it = text_to_id.find(text);
    return it == text_to_id.end() ? kNoToken : it->second;
  }
  float score(TokenId id) const { return vocab.scores.empty() ? 0.0f : vocab.scores[size_t(id)]; }
  int32_t n_vocab() const { return static_cast<int32_t>(vocab.tokens.size()); }

  // Splits out special tokens (all of them when parse_special, else only user-defined ones).
  std::vector<TextFragment> partition_special(std::string_view text, bool parse_special) const;

  // The model-specific encoders; each appends to out.
  void encode_sentencepiece(std::string_view escaped_text, std::vector<TokenId>& out) const;
  void encode_byte_level(std::string_view text, std::vector<TokenId>& out) const {
    encode_byte_level_with(*splitter, ignore_merges, text, out);
  }
  // The same with another pre-tokenizer (pre-tokenizer detection tries several).
  void encode_byte_level_with(const tokenizer_detail::RegexSplitter& split, bool skip_merges_for_tokens,
                              std::string_view text, std::vector<TokenId>& out) const;
  void encode_wordpiece(std::string_view text, std::vector<TokenId>& out) const;
};

namespace tokenizer_detail {
// Builds the tables; throws hearth::Exception with a clear message on inconsistent input.
std::shared_ptr<const Tokenizer::Impl> build_tokenizer(VocabData vocab);
// Replaces each ' ' by U+2581 '▁' (SentencePiece's visible space).
std::string escape_spaces(std::string_view text);
}  // namespace tokenizer_detail

}  // namespace hearth
