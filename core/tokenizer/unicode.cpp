#include "tokenizer/unicode.h"

#include <algorithm>

namespace hearth::unicode {

CodepointClass codepoint_class(uint32_t cp) {
  if (cp >= 0x110000) return CodepointClass::Unassigned;
  const auto* begin = tables::kClassRanges;
  const auto* end = begin + tables::kClassRangeCount;
  // The last range whose first code point is <= cp.
  const auto* it = std::upper_bound(begin, end, cp, [](uint32_t v, const tables::ClassRange& r) { return v < r.first; });
  return static_cast<CodepointClass>((it - 1)->cls);
}

bool is_white_space(uint32_t cp) {
  if (cp <= 0x20) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D);
  switch (cp) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

uint32_t to_lower(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  const auto* begin = tables::kLowercase;
  const auto* end = begin + tables::kLowercaseCount;
  const auto* it = std::lower_bound(begin, end, cp, [](const tables::CodepointPair& p, uint32_t v) { return p.from < v; });
  return (it != end && it->from == cp) ? it->to : cp;
}

uint32_t nfd_base(uint32_t cp) {
  if (cp < 0xC0) return cp;
  const auto* begin = tables::kNfdRanges;
  const auto* end = begin + tables::kNfdRangeCount;
  const auto* it = std::upper_bound(begin, end, cp, [](uint32_t v, const tables::NfdRange& r) { return v < r.first; });
  if (it == begin) return cp;
  --it;
  return cp <= it->last ? it->base : cp;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    append_utf8(out, kReplacementChar);
  }
}

size_t decode_utf8_at(std::string_view text, size_t pos, uint32_t& cp) {
  const size_t n = text.size();
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t b0 = byte(pos);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t len;
  uint32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (pos + len > n) return 0;
  for (size_t i = 1; i < len; ++i) {
    const uint8_t b = byte(pos + i);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

std::vector<uint32_t> decode_utf8(std::string_view text) {
  std::vector<uint32_t> out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    uint32_t cp = 0;
    const size_t len = decode_utf8_at(text, pos, cp);
    if (len == 0) {
      out.push_back(kReplacementChar);
      ++pos;
    } else {
      out.push_back(cp);
      pos += len;
    }
  }
  return out;
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    uint32_t cp = 0;
    const size_t len = decode_utf8_at(text, pos, cp);
    if (len == 0) {
      append_utf8(out, kReplacementChar);
      ++pos;
    } else {
      out.append(text.substr(pos, len));
      pos += len;
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    uint32_t cp = 0;
    const size_t len = decode_utf8_at(text, pos, cp);
    if (len == 0) return false;
    pos += len;
  }
  return true;
}

namespace {

struct ByteLevelAlphabet {
  std::array<uint32_t, 256> to_cp{};
  std::array<std::string, 256> to_utf8;
  std::array<int16_t, 0x100 + 68> from_cp{};  // code point -> byte, -1 outside the alphabet
  ByteLevelAlphabet() {
    // Bytes that are printable Latin-1 characters keep their own code point ...
    const auto printable = [](int b) { return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE); };
    // ... the rest (controls, space, DEL, NBSP, soft hyphen) move to U+0100 onwards, in byte order.
    uint32_t next = 0x100;
    for (int b = 0; b < 256; ++b) to_cp[b] = printable(b) ? uint32_t(b) : next++;
    from_cp.fill(-1);
    for (int b = 0; b < 256; ++b) {
      append_utf8(to_utf8[b], to_cp[b]);
      from_cp[to_cp[b]] = int16_t(b);
    }
  }
};

const ByteLevelAlphabet& alphabet() {
  static const ByteLevelAlphabet a;
  return a;
}

}  // namespace

uint32_t byte_to_codepoint(uint8_t byte) { return alphabet().to_cp[byte]; }

int codepoint_to_byte(uint32_t cp) {
  const auto& from_cp = alphabet().from_cp;
  return cp < from_cp.size() ? from_cp[cp] : -1;
}

const std::array<std::string, 256>& byte_level_strings() { return alphabet().to_utf8; }

}  // namespace hearth::unicode
