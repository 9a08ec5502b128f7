// The building blocks: Unicode tables (spot values from the Unicode Character Database),
// GPT-2's byte alphabet (from its published bytes_to_unicode), SHA-256 (FIPS 180-4 test
// vectors), the pre-tokenizer regex rewriting and pre-tokenizer detection's check text hash.
#include <gtest/gtest.h>

#include <set>

#include "hearth/tokenizer/hf_vocab.h"
#include "tokenizer/pre_tokenizer.h"
#include "hearth/base/sha256.h"
#include "tokenizer/unicode.h"

namespace hearth {
namespace {

using unicode::CodepointClass;

TEST(Unicode, ClassesOfKnownCodepoints) {
  EXPECT_EQ(unicode::codepoint_class('a'), CodepointClass::Letter);
  EXPECT_EQ(unicode::codepoint_class(0x4F60), CodepointClass::Letter);  // 你 (Lo)
  EXPECT_EQ(unicode::codepoint_class('7'), CodepointClass::Number);
  EXPECT_EQ(unicode::codepoint_class(0x00BD), CodepointClass::Number);  // ½ (No)
  EXPECT_EQ(unicode::codepoint_class(0x2167), CodepointClass::Number);  // Ⅷ (Nl)
  EXPECT_EQ(unicode::codepoint_class('!'), CodepointClass::Punctuation);
  EXPECT_EQ(unicode::codepoint_class(0x3002), CodepointClass::Punctuation);  // 。
  EXPECT_EQ(unicode::codepoint_class('$'), CodepointClass::Symbol);
  EXPECT_EQ(unicode::codepoint_class('~'), CodepointClass::Symbol);
  EXPECT_EQ(unicode::codepoint_class(0x1F999), CodepointClass::Symbol);  // 🦙
  EXPECT_EQ(unicode::codepoint_class(0x0301), CodepointClass::Mark);     // combining acute
  EXPECT_EQ(unicode::codepoint_class(0x3000), CodepointClass::Separator);
  EXPECT_EQ(unicode::codepoint_class(0x200D), CodepointClass::Control);  // ZWJ (Cf)
  EXPECT_EQ(unicode::codepoint_class(0x0378), CodepointClass::Unassigned);
  EXPECT_EQ(unicode::codepoint_class(0x110000), CodepointClass::Unassigned);
}

TEST(Unicode, WhiteSpaceLowercaseAndNfd) {
  for (uint32_t cp : {0x09u, 0x0Au, 0x0Du, 0x20u, 0x85u, 0xA0u, 0x1680u, 0x2000u, 0x200Au, 0x2028u, 0x3000u}) {
    EXPECT_TRUE(unicode::is_white_space(cp)) << cp;
  }
  for (uint32_t cp : {0x1Cu, 0x200Bu, 0x180Eu, uint32_t('a')}) EXPECT_FALSE(unicode::is_white_space(cp)) << cp;
  EXPECT_EQ(unicode::to_lower('A'), uint32_t('a'));
  EXPECT_EQ(unicode::to_lower(0x0411), 0x0431u);  // Б -> б
  EXPECT_EQ(unicode::to_lower(0x0130), 0x0069u);  // İ -> i (simple mapping)
  EXPECT_EQ(unicode::to_lower(0x4F60), 0x4F60u);
  EXPECT_EQ(unicode::nfd_base(0x00E9), uint32_t('e'));  // é
  EXPECT_EQ(unicode::nfd_base(0x1EC7), uint32_t('e'));  // ệ
  EXPECT_EQ(unicode::nfd_base(0xAC00), 0x1100u);        // 가 -> ᄀ
  EXPECT_EQ(unicode::nfd_base('z'), uint32_t('z'));
}

TEST(Unicode, Utf8Validation) {
  EXPECT_TRUE(unicode::is_valid_utf8("h\xc3\xa9llo \xf0\x9f\xa6\x99"));
  EXPECT_FALSE(unicode::is_valid_utf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(unicode::is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(unicode::is_valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(unicode::is_valid_utf8("\xe4\xbd"));          // truncated
  EXPECT_EQ(unicode::sanitize_utf8("a\xff" "b"), "a\xef\xbf\xbd" "b");
}

// GPT-2's bytes_to_unicode: printable Latin-1 bytes map to themselves, the other 68 to
// U+0100.. in byte order; so ' ' (0x20, the 33rd non-printable byte) is U+0120 'Ġ' and
// '\n' (0x0A) is U+010A 'Ċ'.
TEST(Unicode, ByteLevelAlphabet) {
  EXPECT_EQ(unicode::byte_to_codepoint(' '), 0x120u);
  EXPECT_EQ(unicode::byte_to_codepoint('\n'), 0x10Au);
  EXPECT_EQ(unicode::byte_to_codepoint('A'), uint32_t('A'));
  EXPECT_EQ(unicode::byte_to_codepoint(0xAD), 0x143u);  // the soft hyphen is the last moved byte
  std::set<uint32_t> seen;
  for (int b = 0; b < 256; ++b) {
    const uint32_t cp = unicode::byte_to_codepoint(uint8_t(b));
    EXPECT_EQ(unicode::codepoint_to_byte(cp), b);
    seen.insert(cp);
  }
  EXPECT_EQ(seen.size(), 256u);
  EXPECT_EQ(unicode::codepoint_to_byte(0x144), -1);
  EXPECT_EQ(unicode::byte_level_strings()[' '], "\xc4\xa0");
}

TEST(Sha256, Fips180Vectors) {
  using hearth::sha256_hex;
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PaddingBoundariesAndChunkedUpdates) {
  // Digests of n times 'x' from coreutils: `printf "%<n>s" | tr ' ' x | sha256sum`. 55/56 and
  // 63/64 bytes straddle the point where the length no longer fits the last block.
  const std::pair<size_t, const char*> cases[] = {
      {55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"},
      {56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"},
      {63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"},
      {64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"},
      {119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c"},
  };
  for (const auto& [n, digest] : cases) {
    const std::string text(n, 'x');
    EXPECT_EQ(hearth::sha256_hex(text), digest) << n;
    // The same bytes fed in uneven pieces.
    hearth::Sha256 h;
    for (size_t pos = 0, step = 1; pos < n; pos += step, step = step * 2 + 1) {
      h.update(std::string_view(text).substr(pos, step));
    }
    EXPECT_EQ(h.finish_hex(), digest) << n << " chunked";
  }
}

TEST(PreTokenizer, WhiteSpaceEscapesIncludeNextLine) {
  using tokenizer_detail::expand_white_space_escapes;
  EXPECT_EQ(expand_white_space_escapes(R"(\s+(?!\S))"), R"([\s\x{85}]+(?![^\s\x{85}]))");
  EXPECT_EQ(expand_white_space_escapes(R"([^\s\p{L}])"), R"([^\s\x{85}\p{L}])");
  EXPECT_EQ(expand_white_space_escapes(R"(\\s)"), R"(\\s)");  // an escaped backslash, then 's'
  // The splitter then treats U+0085 as whitespace, as Unicode and tokenizer.json's regexes do.
  const tokenizer_detail::RegexSplitter split({R"(\s+|\S+)"});
  const std::string text = "a\xc2\x85" "b";
  const auto pieces = split.split(text);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(text.substr(pieces[1].first, pieces[1].second - pieces[1].first), "\xc2\x85");
}

TEST(PreTokenizer, EveryNameHasAWorkingSplitter) {
  for (const auto* spec : tokenizer_detail::distinct_pre_tokenizers()) {
    const tokenizer_detail::RegexSplitter split(spec->regexes);
    const std::string text(pre_tokenizer_check_text());
    const auto pieces = split.split(text);
    // Pieces cover the text exactly, in order.
    size_t at = 0;
    for (const auto& [b, e] : pieces) {
      EXPECT_EQ(b, at) << spec->name;
      EXPECT_LT(b, e) << spec->name;
      at = e;
    }
    EXPECT_EQ(at, text.size()) << spec->name;
  }
  EXPECT_NE(tokenizer_detail::find_pre_tokenizer("qwen2"), nullptr);
  EXPECT_NE(tokenizer_detail::find_pre_tokenizer(""), nullptr);  // absent: "default"
  EXPECT_EQ(tokenizer_detail::find_pre_tokenizer("nope"), nullptr);
}

}  // namespace
}  // namespace hearth
