// UTF-8 and the few Unicode facts the tokenizers need beyond PCRE2: code point classes,
// simple lowercase, the NFD base letter (WordPiece strips accents), White_Space, and GPT-2's
// byte-level alphabet (every byte 0..255 is shown as one printable code point).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::unicode {

inline constexpr uint32_t kReplacementChar = 0xFFFD;

// The general-category groups (one per code point).
enum class CodepointClass : uint8_t {
  Unassigned = 0,
  Letter = 1,
  Mark = 2,
  Number = 3,
  Punctuation = 4,
  Symbol = 5,
  Separator = 6,
  Control = 7,  // Cc, Cf, Co, Cs
};

CodepointClass codepoint_class(uint32_t cp);
// The Unicode White_Space property (what tokenizer.json's Rust regexes mean by \s).
bool is_white_space(uint32_t cp);
// Simple (one-to-one) lowercase mapping; cp itself when there is none.
uint32_t to_lower(uint32_t cp);
// First code point of the canonical decomposition: 'é' -> 'e'; cp itself when it does not decompose.
uint32_t nfd_base(uint32_t cp);

// Length of the UTF-8 sequence a lead byte announces, 1 for ASCII, stray continuation bytes
// and invalid leads (SentencePiece-style splitting never loses a byte).
inline size_t utf8_sequence_length(uint8_t lead) {
  static constexpr uint8_t kLength[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
  return kLength[lead >> 4];
}

void append_utf8(std::string& out, uint32_t cp);

// Decodes one strictly valid UTF-8 sequence at text[pos] (no overlongs, surrogates or values
// above U+10FFFF). Returns its length, or 0 when the bytes there are not valid UTF-8.
size_t decode_utf8_at(std::string_view text, size_t pos, uint32_t& cp);

// Code points of text; every byte of an invalid sequence becomes U+FFFD.
std::vector<uint32_t> decode_utf8(std::string_view text);
// text with every invalid byte replaced by U+FFFD (the result is valid UTF-8).
std::string sanitize_utf8(std::string_view text);
bool is_valid_utf8(std::string_view text);

// GPT-2 byte-level alphabet: printable bytes stand for themselves, the other 68 bytes are
// shifted to U+0100.. in byte order. byte_to_codepoint is a bijection onto 256 code points.
uint32_t byte_to_codepoint(uint8_t byte);
// The byte a byte-level code point stands for, or -1 when cp is not in the alphabet.
int codepoint_to_byte(uint32_t cp);
// UTF-8 of each byte's code point (what tokenizer.json's vocab uses), precomputed.
const std::array<std::string, 256>& byte_level_strings();

namespace tables {
struct ClassRange {
  uint32_t first;
  uint8_t cls;
};
struct CodepointPair {
  uint32_t from;
  uint32_t to;
};
struct NfdRange {
  uint32_t first;
  uint32_t last;
  uint32_t base;
};
extern const char* const kUnicodeVersion;
extern const ClassRange kClassRanges[];
extern const size_t kClassRangeCount;
extern const CodepointPair kLowercase[];
extern const size_t kLowercaseCount;
extern const NfdRange kNfdRanges[];
extern const size_t kNfdRangeCount;
}  // namespace tables

}  // namespace hearth::unicode
