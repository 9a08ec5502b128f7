// Streaming decode: text shown token by token never contains a broken UTF-8 character, and the
// concatenation equals decoding all tokens at once.
#include <gtest/gtest.h>

#include "hearth/io/gguf.h"
#include "hearth/tokenizer/stream_decoder.h"
#include "hearth/tokenizer/tokenizer.h"
#include "test_data.h"
#include "tokenizer/unicode.h"

namespace hearth {
namespace {

TEST(Utf8Assembler, HoldsBackIncompleteCharacters) {
  Utf8Assembler a;
  const std::string ni = "\xe4\xbd\xa0";  // 你
  EXPECT_EQ(a.push(ni.substr(0, 1)), "");
  EXPECT_EQ(a.pending_bytes(), 1u);
  EXPECT_EQ(a.push(ni.substr(1, 1)), "");
  EXPECT_EQ(a.push(ni.substr(2, 1) + "a"), ni + "a");
  EXPECT_EQ(a.pending_bytes(), 0u);
  // A 4-byte emoji split 1 + 3.
  const std::string llama = "\xf0\x9f\xa6\x99";
  EXPECT_EQ(a.push(llama.substr(0, 1)), "");
  EXPECT_EQ(a.push(llama.substr(1)), llama);
}

TEST(Utf8Assembler, InvalidBytesBecomeReplacementAtOnce) {
  Utf8Assembler a;
  const std::string fffd = "\xef\xbf\xbd";
  EXPECT_EQ(a.push("\x80"), fffd);                  // stray continuation byte
  EXPECT_EQ(a.push("\xc0\xaf"), fffd + fffd);       // overlong lead: never valid
  EXPECT_EQ(a.push("\xed\xa0\x80"), fffd + fffd + fffd);  // a surrogate half
  EXPECT_EQ(a.push("\xe4\xbd" "x"), fffd + fffd + "x");   // a sequence cut short by ASCII
  EXPECT_EQ(a.push("\xf4\x90"), fffd + fffd);       // beyond U+10FFFF
  EXPECT_EQ(a.push("\xe4"), "");
  EXPECT_EQ(a.flush(), fffd);  // end of stream with half a character
  EXPECT_EQ(a.flush(), "");
}

// stories260K's vocabulary has no Chinese tokens: Chinese text is spelled in <0xNN> byte
// tokens, so a character arrives in three pieces. The stream must show only whole characters.
TEST(StreamDecoder, ChineseFromByteTokensStreamsCleanly) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-f32.gguf");
  auto file = GgufFile::open(test::shared_path("models/stories260K-reference-gguf/stories260K-f32.gguf"));
  ASSERT_TRUE(file.ok());
  auto tok = Tokenizer::from_gguf(file->metadata());
  ASSERT_TRUE(tok.ok()) << tok.error().message;
  const std::string text = "Lily said: 你好，世界！🦙 Bye.";
  const auto ids = tok->encode(text, {.add_special = true});
  StreamDecoder stream(*tok, {.strip_leading_space = true});
  std::string shown;
  size_t byte_tokens = 0;
  for (TokenId id : ids) {
    byte_tokens += tok->token_type(id) == TokenType::Byte;
    const std::string piece = stream.push(id);
    EXPECT_TRUE(unicode::is_valid_utf8(piece)) << "broken character after token " << id;
    shown += piece;
  }
  shown += stream.flush();
  EXPECT_GT(byte_tokens, 10u);  // the test does exercise split characters
  EXPECT_EQ(shown, text);
  EXPECT_EQ(shown, tok->decode(ids));
}

// Byte-level BPE splits rare characters over tokens as well (Qwen3's vocabulary).
TEST(StreamDecoder, ByteLevelBpeStreamsCleanly) {
  HEARTH_REQUIRE_SHARED("tokenizers/llama.cpp-vocab/ggml-vocab-gpt-2.gguf");
  auto file = GgufFile::open(test::shared_path("tokenizers/llama.cpp-vocab/ggml-vocab-gpt-2.gguf"));
  ASSERT_TRUE(file.ok());
  auto tok = Tokenizer::from_gguf(file->metadata());
  ASSERT_TRUE(tok.ok());
  const std::string text = "GPT-2 knows little Chinese: 我想在apple工作 😶‍🌫️ ✅";
  const auto ids = tok->encode(text);
  StreamDecoder stream(*tok);
  std::string shown;
  for (TokenId id : ids) {
    const std::string piece = stream.push(id);
    EXPECT_TRUE(unicode::is_valid_utf8(piece));
    shown += piece;
  }
  shown += stream.flush();
  EXPECT_EQ(shown, text);
}

TEST(StreamDecoder, HidesControlTokensUnlessAsked) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-f32.gguf");
  auto file = GgufFile::open(test::shared_path("models/stories260K-reference-gguf/stories260K-f32.gguf"));
  ASSERT_TRUE(file.ok());
  auto tok = Tokenizer::from_gguf(file->metadata());
  ASSERT_TRUE(tok.ok());
  StreamDecoder hidden(*tok);
  EXPECT_EQ(hidden.push(tok->eos()), "");
  StreamDecoder shown(*tok, {.render_special = true});
  EXPECT_EQ(shown.push(tok->eos()), "</s>");
  EXPECT_TRUE(tok->is_end_of_generation(tok->eos()));
  EXPECT_EQ(hidden.push(-5), "");  // invalid ids give nothing rather than crashing
  EXPECT_EQ(hidden.push(1 << 30), "");
}

}  // namespace
}  // namespace hearth
