// `hearth-cli tokenize` as a user runs it. Golden ids were produced with llama.cpp's tokenizer:
//   /tmp/llama.cpp/build/bin/llama-tokenize -m MODEL -p TEXT --ids --log-disable [--no-bos]
//   [--no-parse-special]   (llama-tokenize parses special tokens unless told not to)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "test_data.h"

namespace hearth {
namespace {

using test::run_cli;

const char* kStories = "models/stories260K-reference-gguf/stories260K-f32.gguf";
const char* kPhi3 = "tokenizers/llama.cpp-vocab/ggml-vocab-phi-3.gguf";

TEST(TokenizeCli, IdsMatchLlamaTokenize) {
  HEARTH_REQUIRE_SHARED(kStories);
  const auto model = test::shared_path(kStories).string();
  auto r = run_cli({"tokenize", "-m", model, "-p", "Once upon a time, there was a little girl named Lily.", "--ids"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426]\n");
  r = run_cli({"tokenize", "-m", model, "-p", "Once upon a time", "--ids", "--no-bos"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[403, 407, 261, 378]\n");
}

// Phi-3's control tokens: single tokens with --parse-special (and llama.cpp strips the newline
// after <|user|>, a Phi-3 rule), letters without it.
TEST(TokenizeCli, ParseSpecialMatchesLlamaTokenize) {
  HEARTH_REQUIRE_SHARED(kPhi3);
  const auto model = test::shared_path(kPhi3).string();
  auto r = run_cli({"tokenize", "-m", model, "-p", "<|user|>\\nHi<|end|>", "--escape", "--ids", "--parse-special"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[1, 32010, 6324, 32007]\n");
  r = run_cli({"tokenize", "-m", model, "-p", "<|user|>\\nHi<|end|>", "--escape", "--ids"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[1, 529, 29989, 1792, 29989, 29958, 13, 18567, 29966, 29989, 355, 29989, 29958]\n");
}

TEST(TokenizeCli, JsonListsIdsPiecesAndBytes) {
  HEARTH_REQUIRE_SHARED(kStories);
  const auto model = test::shared_path(kStories).string();
  // "你" is not in stories260K's 512 tokens: three byte tokens <0xE4> <0xBD> <0xA0>.
  const auto r = run_cli({"tokenize", "-m", model, "-p", "Hi 你", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["tokenizer"], "llama");
  ASSERT_EQ(j["count"].get<size_t>(), j["tokens"].size());
  EXPECT_EQ(j["tokens"][0]["id"], 1);
  EXPECT_EQ(j["tokens"][0]["type"], "control");
  std::string bytes;
  for (const auto& t : j["tokens"]) bytes += t["bytes"].get<std::string>();
  // <s> then " Hi" " " and the three bytes of 你 (e4 bd a0): all bytes, exactly once.
  EXPECT_NE(bytes.find("e4bda0"), std::string::npos) << bytes;
  EXPECT_EQ(j["tokens"].back()["type"], "byte");
}

TEST(TokenizeCli, TextOutputShowsPieces) {
  HEARTH_REQUIRE_SHARED(kStories);
  const auto r = run_cli({"tokenize", "-m", test::shared_path(kStories).string(), "-p", "Once"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("     1 -> '<s>'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("   403 -> ' Once'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 tokens"), std::string::npos) << r.out;
}

TEST(TokenizeCli, HuggingFaceFolder) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-qwen3/tokenizer.json");
  // Ids of <|im_start|> and <|im_end|> are tokenizer.json's added tokens 151644 and 151645.
  const auto r = run_cli({"tokenize", "-m", test::shared_path("tokenizers/hf-qwen3").string(), "-p",
                          "<|im_start|>user\\n<|im_end|>", "--escape", "--parse-special", "--ids"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("[151644, ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find(", 151645]"), std::string::npos) << r.out;
}

TEST(TokenizeCli, BadInputsFailWithOneLine) {
  auto r = run_cli({"tokenize", "-m", "/no/such/model.gguf", "-p", "x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no such file"), std::string::npos) << r.err;
  HEARTH_REQUIRE_SHARED("text/tinystories-excerpt.txt");
  r = run_cli({"tokenize", "-m", test::shared_path("text/tinystories-excerpt.txt").string(), "-p", "x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(r.err.empty());
  r = run_cli({"tokenize", "-p", "x"});
  EXPECT_EQ(r.exit_code, 2);  // usage: --model is required
}

}  // namespace
}  // namespace hearth
