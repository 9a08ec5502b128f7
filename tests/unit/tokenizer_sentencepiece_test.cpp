// Our SentencePiece tokenizer against Google's SentencePiece library (an independent reference):
// the same tokenizer.model files, read by our own protobuf reader, must give the same ids.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "hearth/tokenizer/hf_vocab.h"
#include "hearth/tokenizer/tokenizer.h"
#include "hearth/io/mapped_file.h"
#include "test_data.h"
#include "tokenizer_cases.h"

#ifdef HEARTH_TEST_HAVE_SENTENCEPIECE
#include <sentencepiece_processor.h>
#endif

namespace hearth {
namespace {

#ifdef HEARTH_TEST_HAVE_SENTENCEPIECE

Tokenizer load_model(const std::string& relative) {
  auto mapped = MappedFile::open(test::shared_path(relative));
  if (!mapped) throw Exception(mapped.error());
  auto sp = parse_sentencepiece_model(mapped->bytes());
  if (!sp) throw Exception(sp.error());
  auto vocab = vocab_from_sentencepiece(*sp, {});
  if (!vocab) throw Exception(vocab.error());
  auto tok = Tokenizer::create(std::move(*vocab));
  if (!tok) throw Exception(tok.error());
  return std::move(*tok);
}

std::vector<std::string> sample_texts() {
  std::vector<std::string> texts = {
      "Once upon a time, there was a little girl named Lily.",
      "她喜欢在公园里玩。 Привет! Cửa Việt 🦙🚀 ½ months",
      "tabs\tand\nnewlines\n\nand  double  spaces",
      "<s> is plain text here, and so is </s>",
  };
  const auto story = test::read_whole_file(test::shared_path("text/tinystories-excerpt.txt"));
  std::istringstream lines(story);
  std::string line;
  for (int i = 0; i < 60 && std::getline(lines, line);) {
    if (!line.empty()) texts.push_back(line), ++i;
  }
  const auto base = test::shared_path("tokenizers/llama.cpp-vocab/ggml-vocab-llama-spm.gguf");
  for (auto& c : test::read_tokenizer_cases(base.string() + ".inp", base.string() + ".out")) texts.push_back(c.text);
  return texts;
}

void compare_with_sentencepiece(const std::string& relative) {
  sentencepiece::SentencePieceProcessor sp;
  ASSERT_TRUE(sp.Load(test::shared_path(relative).string()).ok());
  const Tokenizer tok = load_model(relative);
  ASSERT_EQ(tok.vocab_size(), sp.GetPieceSize());
  for (int id = 0; id < sp.GetPieceSize(); ++id) {
    ASSERT_EQ(tok.token_text(id), sp.IdToPiece(id)) << id;
    ASSERT_EQ(tok.vocab().scores[size_t(id)], sp.GetScore(id)) << id;
  }
  size_t compared = 0;
  for (const std::string& text : sample_texts()) {
    // SentencePiece folds runs of spaces when its normalizer says remove_extra_whitespaces; the
    // GGUF tokenizer (like llama.cpp) never does, so such texts are not comparable.
    if (text.find("  ") != std::string::npos || text.empty() || text.front() == ' ' || text.back() == ' ') continue;
    std::vector<int> expected;
    ASSERT_TRUE(sp.Encode(text, &expected).ok());
    const auto ids = tok.encode(text, {.add_special = false});
    EXPECT_EQ(std::vector<TokenId>(expected.begin(), expected.end()), ids) << relative << ": \"" << text << "\"";
    ++compared;
  }
  EXPECT_GT(compared, 50u);
}

TEST(SentencePieceReference, Stories260KTokenizer) {
  HEARTH_REQUIRE_SHARED("models/stories260K/tok512.model");
  HEARTH_REQUIRE_SHARED("text/tinystories-excerpt.txt");
  compare_with_sentencepiece("models/stories260K/tok512.model");
}

TEST(SentencePieceReference, Llama2Tokenizer) {
  HEARTH_REQUIRE_SHARED("tokenizers/llama2-spm/tokenizer.model");
  HEARTH_REQUIRE_SHARED("text/tinystories-excerpt.txt");
  compare_with_sentencepiece("tokenizers/llama2-spm/tokenizer.model");
}

#else
TEST(SentencePieceReference, NeedsTheLibrary) { GTEST_SKIP() << "built without libsentencepiece"; }
#endif

}  // namespace
}  // namespace hearth
