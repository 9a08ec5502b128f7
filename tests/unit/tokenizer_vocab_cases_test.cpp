// Every llama.cpp vocabulary test case whose vocabulary GGUF is in the shared folder: our ids
// must equal the listed ones exactly (golden values: llama.cpp's tests, produced by each model's
// Hugging Face tokenizer), and decoding must give the text back where the tokenizer is lossless.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "hearth/io/gguf.h"
#include "hearth/tokenizer/tokenizer.h"
#include "test_data.h"
#include "tokenizer_cases.h"

namespace hearth {
namespace {

namespace fs = std::filesystem;
using test::read_tokenizer_cases;

std::string show_ids(const std::vector<TokenId>& ids) {
  std::string s;
  for (TokenId id : ids) s += std::to_string(id) + " ";
  return s;
}

// Runs all cases of one vocabulary; returns the number of cases checked.
void check_vocab_cases(const std::string& name, bool round_trip) {
  const std::string dir = "tokenizers/llama.cpp-vocab/";
  const fs::path gguf = test::shared_path(dir + "ggml-vocab-" + name + ".gguf");
  const auto file = GgufFile::open(gguf);
  ASSERT_TRUE(file.ok()) << file.error().message;
  const auto tok = Tokenizer::from_gguf(file->metadata());
  ASSERT_TRUE(tok.ok()) << tok.error().message;
  const auto cases = read_tokenizer_cases(gguf.string() + ".inp", gguf.string() + ".out");
  ASSERT_EQ(cases.size(), 46u) << "unexpected number of cases for " << name;
  for (const auto& c : cases) {
    const auto ids = tok->encode(c.text, {.add_special = false, .parse_special = false});
    EXPECT_EQ(ids, c.ids) << name << ": text \"" << c.text << "\"\n got      " << show_ids(ids) << "\n expected "
                          << show_ids(c.ids);
    if (round_trip) {
      EXPECT_EQ(tok->decode(ids), c.text) << name << ": round trip of \"" << c.text << "\"";
    }
  }
}

class VocabCases : public ::testing::TestWithParam<std::pair<const char*, bool>> {};

TEST_P(VocabCases, MatchLlamaCppIds) {
  const auto [name, lossless] = GetParam();
  HEARTH_REQUIRE_SHARED(std::string("tokenizers/llama.cpp-vocab/ggml-vocab-") + name + ".gguf.inp");
  HEARTH_REQUIRE_SHARED(std::string("tokenizers/llama.cpp-vocab/ggml-vocab-") + name + ".gguf");
  check_vocab_cases(name, lossless);
}

// The second field says whether decode(encode(text)) == text is expected: WordPiece lowercases
// and drops accents and spaces, so it is not lossless.
INSTANTIATE_TEST_SUITE_P(SharedVocabs, VocabCases,
                         ::testing::Values(std::make_pair("llama-spm", true), std::make_pair("phi-3", true),
                                           std::make_pair("gpt-2", true), std::make_pair("mpt", true),
                                           std::make_pair("falcon", true), std::make_pair("starcoder", true),
                                           std::make_pair("refact", true), std::make_pair("deepseek-llm", true),
                                           std::make_pair("deepseek-coder", true),
                                           std::make_pair("bert-bge", false)),
                         [](const auto& info) {
                           std::string n = info.param.first;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

// Every vocabulary in the folder that has cases must be covered by the list above.
TEST(VocabCases, EveryPresentVocabularyIsTested) {
  HEARTH_REQUIRE_SHARED("tokenizers/llama.cpp-vocab");
  const std::vector<std::string> tested = {"llama-spm", "phi-3",        "gpt-2",          "mpt",     "falcon",
                                           "starcoder", "refact",       "deepseek-llm",   "deepseek-coder",
                                           "bert-bge"};
  for (const auto& entry : fs::directory_iterator(test::shared_path("tokenizers/llama.cpp-vocab"))) {
    const std::string file = entry.path().filename().string();
    const std::string prefix = "ggml-vocab-", suffix = ".gguf.inp";
    if (file.rfind(prefix, 0) != 0 || file.size() <= suffix.size() + prefix.size() ||
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string name = file.substr(prefix.size(), file.size() - prefix.size() - suffix.size());
    if (!fs::exists(entry.path().parent_path() / ("ggml-vocab-" + name + ".gguf"))) continue;
    EXPECT_NE(std::find(tested.begin(), tested.end(), name), tested.end()) << "untested vocabulary " << name;
  }
}

}  // namespace
}  // namespace hearth
