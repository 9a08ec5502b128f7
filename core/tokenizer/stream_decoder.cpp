#include "hearth/tokenizer/stream_decoder.h"

#include "tokenizer/unicode.h"

namespace hearth {

namespace {

// How many bytes the sequence starting with this lead byte needs, 0 if it cannot start one.
size_t expected_length(uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;  // continuation byte, overlong lead (C0/C1) or beyond U+10FFFF (F5..FF)
}

// Whether bytes [pos, end) are a proper prefix of some valid sequence (could still complete).
bool is_valid_prefix(std::string_view s, size_t pos) {
  const auto b = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const size_t n = s.size() - pos;
  const size_t need = expected_length(b(pos));
  if (need <= 1 || n >= need) return false;
  for (size_t i = 1; i < n; ++i) {
    const uint8_t c = b(pos + i);
    if ((c & 0xC0) != 0x80) return false;
    if (i == 1) {
      // Second-byte limits that rule out overlongs, surrogates and values above U+10FFFF.
      const uint8_t lead = b(pos);
      if ((lead == 0xE0 && c < 0xA0) || (lead == 0xED && c > 0x9F) || (lead == 0xF0 && c < 0x90) ||
          (lead == 0xF4 && c > 0x8F)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

std::string Utf8Assembler::push(std::string_view bytes) {
  pending_.append(bytes);
  std::string out;
  size_t pos = 0;
  while (pos < pending_.size()) {
    uint32_t cp = 0;
    const size_t len = unicode::decode_utf8_at(pending_, pos, cp);
    if (len > 0) {
      out.append(pending_, pos, len);
      pos += len;
    } else if (is_valid_prefix(pending_, pos)) {
      break;  // wait for the rest of this character
    } else {
      unicode::append_utf8(out, unicode::kReplacementChar);
      ++pos;
    }
  }
  pending_.erase(0, pos);
  return out;
}

std::string Utf8Assembler::flush() {
  std::string out;
  if (!pending_.empty()) unicode::append_utf8(out, unicode::kReplacementChar);
  pending_.clear();
  return out;
}

std::string StreamDecoder::push(TokenId id) {
  std::string_view piece = tokenizer_.token_piece(id, options_.render_special);
  if (at_start_ && !piece.empty()) {
    if (options_.strip_leading_space && piece.front() == ' ' && tokenizer_.adds_space_prefix()) {
      piece.remove_prefix(1);
    }
    at_start_ = false;
  }
  return assembler_.push(piece);
}

void StreamDecoder::reset() {
  assembler_.reset();
  at_start_ = true;
}

}  // namespace hearth
