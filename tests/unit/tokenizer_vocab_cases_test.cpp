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

// A long text — the TinyStories excerpt with Chinese, Cyrillic, Vietnamese, emoji, special-token
// look-alikes, tabs, runs of spaces and CRLF spliced in — through every shared GGUF vocabulary.
// Golden values: the ids printed by
//   llama-tokenize -m MODEL -f TEXT --ids --log-disable --no-parse-special --no-escape
// (/tmp/llama.cpp/build/bin, BOS as the model says), counted and hashed with 64-bit FNV-1a over
// each id's 4 little-endian bytes.
struct LongTextGolden {
  const char* model;
  size_t count;
  uint64_t fnv1a;
};
const LongTextGolden kLongTextGoldens[] = {
    {"models/stories260K-reference-gguf/stories260K-f32.gguf", 5197, 0x857b99354b36eb6aull},
    {"models/tiny-random-llama/tiny-random-llama.gguf", 2534, 0x30b962d732ee3e9cull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-baichuan.gguf", 2422, 0x6cf068468c09c653ull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-bert-bge.gguf", 2329, 0x12c90dc23859c593ull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-deepseek-coder.gguf", 2450, 0x7bf77dd6c3857f74ull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-deepseek-llm.gguf", 2330, 0x06c46b17e7af51edull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-falcon.gguf", 2447, 0x0100d7cd8eb2299full},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-gpt-2.gguf", 2427, 0xe33abb1fd790a819ull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-gpt-neox.gguf", 2405, 0x25298050fa2af346ull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-llama-spm.gguf", 2534, 0x30b962d732ee3e9cull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-mpt.gguf", 2336, 0x9f98cd1c21156339ull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-phi-3.gguf", 2530, 0x5e6f79d5522b453cull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-refact.gguf", 2516, 0x75ce63754bfc54beull},
    {"tokenizers/llama.cpp-vocab/ggml-vocab-starcoder.gguf", 2516, 0x0442e282fa07293eull},
};

TEST(VocabCases, LongMixedTextMatchesLlamaTokenize) {
  HEARTH_REQUIRE_SHARED("text/tinystories-excerpt.txt");
  const std::string story = test::read_whole_file(test::shared_path("text/tinystories-excerpt.txt"));
  ASSERT_EQ(story.size(), 30328u);
  const std::string extra =
      "\n你好，世界！我想在apple工作1314151天～ 🦙🚀 Привет мир. Cửa Việt <s> </s> <|endoftext|> <|im_start|> "
      "\t\t  tabs   and   spaces\r\n";
  const std::string text = story.substr(0, 5000) + extra + story.substr(5000, 4000) + extra + extra + extra;
  for (const LongTextGolden& g : kLongTextGoldens) {
    if (!std::filesystem::exists(test::shared_path(g.model))) continue;
    const auto file = GgufFile::open(test::shared_path(g.model));
    ASSERT_TRUE(file.ok()) << g.model;
    const auto tok = Tokenizer::from_gguf(file->metadata());
    ASSERT_TRUE(tok.ok()) << g.model << ": " << tok.error().message;
    const auto ids = tok->encode(text, {.add_special = true, .parse_special = false});
    uint64_t h = 0xcbf29ce484222325ull;
    for (TokenId id : ids) {
      for (int k = 0; k < 4; ++k) {
        h ^= (static_cast<uint32_t>(id) >> (8 * k)) & 0xFF;
        h *= 0x100000001b3ull;
      }
    }
    EXPECT_EQ(ids.size(), g.count) << g.model;
    EXPECT_EQ(h, g.fnv1a) << g.model;
  }
}

}  // namespace
}  // namespace hearth
