// Hostile or broken vocabulary metadata: every case ends in a clear error or a warning, never a
// crash; and random input text never breaks a tokenizer.
#include <gtest/gtest.h>

#include <random>

#include "hearth/io/gguf.h"
#include "hearth/tokenizer/tokenizer.h"
#include "test_data.h"

namespace hearth {
namespace {

// A small valid SentencePiece-style vocabulary: <unk> <s> </s>, the 256 byte tokens, a few pieces.
GgufMetadata small_spm() {
  GgufMetadata md;
  std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
  std::vector<float> scores = {0, 0, 0};
  std::vector<int32_t> types = {2, 3, 3};
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", b);
    tokens.push_back(name);
    scores.push_back(0);
    types.push_back(6);
  }
  for (const char* piece : {"\xe2\x96\x81", "a", "b", "\xe2\x96\x81" "a", "ab", "\xe2\x96\x81" "ab"}) {
    tokens.push_back(piece);
    scores.push_back(-float(tokens.size()));
    types.push_back(1);
  }
  md.set("tokenizer.ggml.model", "llama");
  md.set("tokenizer.ggml.tokens", GgufArray::of(tokens));
  md.set("tokenizer.ggml.scores", GgufArray::of(scores));
  md.set("tokenizer.ggml.token_type", GgufArray::of(types));
  return md;
}

std::string create_error(const GgufMetadata& md) {
  auto tok = Tokenizer::from_gguf(md);
  return tok.ok() ? std::string() : tok.error().message;
}

TEST(HostileVocab, SmallVocabularyWorks) {
  auto tok = Tokenizer::from_gguf(small_spm());
  ASSERT_TRUE(tok.ok()) << tok.error().message;
  const auto ids = tok->encode("ab a!");
  // <s> ▁ab ▁a <0x21>
  EXPECT_EQ(ids, (std::vector<TokenId>{1, 264, 262, 3 + '!'}));
  EXPECT_EQ(tok->decode(ids), "ab a!");
}

TEST(HostileVocab, MissingOrMistypedKeysGiveClearErrors) {
  {
    GgufMetadata md;
    EXPECT_NE(create_error(md).find("tokenizer.ggml.model"), std::string::npos);
  }
  {
    GgufMetadata md = small_spm();
    md.set("tokenizer.ggml.model", int32_t(3));
    EXPECT_NE(create_error(md).find("must be a string"), std::string::npos);
  }
  {
    GgufMetadata md = small_spm();
    md.erase("tokenizer.ggml.tokens");
    EXPECT_NE(create_error(md).find("tokenizer.ggml.tokens"), std::string::npos);
  }
  {
    GgufMetadata md = small_spm();
    md.set("tokenizer.ggml.tokens", GgufArray::of(std::vector<int32_t>{1, 2, 3}));
    EXPECT_NE(create_error(md).find("array of string"), std::string::npos);
  }
  {
    GgufMetadata md = small_spm();
    md.set("tokenizer.ggml.tokens", GgufArray::of(std::vector<std::string>{}));
    EXPECT_NE(create_error(md).find("empty"), std::string::npos);
  }
  {
    GgufMetadata md = small_spm();
    md.set("tokenizer.ggml.scores", GgufArray::of(std::vector<float>{1.0f}));
    EXPECT_NE(create_error(md).find("tokenizer.ggml.scores has 1 entries"), std::string::npos);
  }
  {
    GgufMetadata md = small_spm();
    md.set("tokenizer.ggml.token_type", GgufArray::of(std::vector<std::string>{"x"}));
    EXPECT_NE(create_error(md).find("token_type"), std::string::npos);
  }
  {
    GgufMetadata md = small_spm();
    md.set("tokenizer.ggml.token_type", GgufArray::of(std::vector<int32_t>{1, 1}));
    EXPECT_NE(create_error(md).find("token_type has 2 entries"), std::string::npos);
  }
  {
    GgufMetadata md = small_spm();
    md.set("tokenizer.ggml.add_bos_token", "yes");
    EXPECT_NE(create_error(md).find("must be a bool"), std::string::npos);
  }
  {
    GgufMetadata md = small_spm();
    md.set("tokenizer.ggml.bos_token_id", "one");
    EXPECT_NE(create_error(md).find("must be an integer"), std::string::npos);
  }
}

TEST(HostileVocab, UnknownModelsAndPreTokenizersAreNamed) {
  GgufMetadata md = small_spm();
  md.set("tokenizer.ggml.model", "sentencepiece-v9");
  EXPECT_NE(create_error(md).find("unknown tokenizer model \"sentencepiece-v9\""), std::string::npos);
  md.set("tokenizer.ggml.model", "t5");
  EXPECT_NE(create_error(md).find("not supported yet"), std::string::npos);
  md.set("tokenizer.ggml.model", "no_vocab");
  EXPECT_NE(create_error(md).find("no vocabulary"), std::string::npos);
  md.set("tokenizer.ggml.model", "gpt2");
  md.set("tokenizer.ggml.pre", "mystery-pre");
  md.set("tokenizer.ggml.merges", GgufArray::of(std::vector<std::string>{"a b"}));
  const std::string err = create_error(md);
  EXPECT_NE(err.find("unknown pre-tokenizer \"mystery-pre\""), std::string::npos) << err;
  EXPECT_NE(err.find("llama-bpe"), std::string::npos) << "should list the known names: " << err;
  md.set("tokenizer.ggml.pre", "gpt-2");
  md.erase("tokenizer.ggml.merges");
  EXPECT_NE(create_error(md).find("no merges"), std::string::npos);
}

TEST(HostileVocab, OutOfRangeSpecialIdsAreDroppedWithAWarning) {
  GgufMetadata md = small_spm();
  md.set("tokenizer.ggml.bos_token_id", uint32_t(1000000));
  md.set("tokenizer.ggml.eos_token_id", uint32_t(0xFFFFFFFF));  // "none" by convention: silent
  md.set("tokenizer.ggml.padding_token_id", int32_t(-7));
  auto tok = Tokenizer::from_gguf(md);
  ASSERT_TRUE(tok.ok()) << tok.error().message;
  EXPECT_EQ(tok->bos(), 1);  // the SentencePiece default stays
  EXPECT_EQ(tok->eos(), 2);
  bool warned = false;
  for (const auto& w : tok->warnings()) warned = warned || w.find("bos_token_id = 1000000") != std::string::npos;
  EXPECT_TRUE(warned);
  EXPECT_FALSE(tok->encode("a").empty());
}

TEST(HostileVocab, MissingBosIsNotAdded) {
  GgufMetadata md;
  md.set("tokenizer.ggml.model", "llama");
  // Only <unk>: no id 1 for the default BOS, no byte tokens.
  md.set("tokenizer.ggml.tokens", GgufArray::of(std::vector<std::string>{"<unk>"}));
  md.set("tokenizer.ggml.token_type", GgufArray::of(std::vector<int32_t>{2}));
  auto tok = Tokenizer::from_gguf(md);
  ASSERT_TRUE(tok.ok()) << tok.error().message;
  EXPECT_EQ(tok->bos(), kNoToken);
  EXPECT_FALSE(tok->adds_bos());
  EXPECT_FALSE(tok->warnings().empty());
  // Every character ("▁", "a", "b") becomes <unk>; nothing crashes for lack of byte tokens.
  EXPECT_EQ(tok->encode("ab"), (std::vector<TokenId>{0, 0, 0}));
  EXPECT_EQ(tok->decode(tok->encode("ab")), "");
}

TEST(HostileVocab, EmptyAndDuplicateTokensAndBadMergesDoNotCrash) {
  GgufMetadata md;
  md.set("tokenizer.ggml.model", "gpt2");
  md.set("tokenizer.ggml.pre", "gpt-2");
  md.set("tokenizer.ggml.tokens", GgufArray::of(std::vector<std::string>{"", "a", "a", "b", "ab", "\xff\xfe"}));
  md.set("tokenizer.ggml.merges", GgufArray::of(std::vector<std::string>{"a b", "nospace", " ", "x y", "ab ab"}));
  md.set("tokenizer.ggml.token_type", GgufArray::of(std::vector<int32_t>{1, 1, 1, 1, 1, 99}));
  auto tok = Tokenizer::from_gguf(md);
  ASSERT_TRUE(tok.ok()) << tok.error().message;
  EXPECT_EQ(tok->encode("ab"), (std::vector<TokenId>{4}));
  EXPECT_EQ(tok->encode("ba"), (std::vector<TokenId>{3, 1}));  // the duplicate "a" maps to the lower id
  EXPECT_GE(tok->warnings().size(), 2u);
  // The empty token was renamed; the token of unknown type 99 decodes to nothing; bad ids are skipped.
  EXPECT_EQ(tok->decode(std::vector<TokenId>{0, 4, 5, -1, 1000}), "[EMPTY_0]ab");
}

// Random bytes (invalid UTF-8, NULs, control characters, half characters) through every shared
// tokenizer: no crash, and decoding what came out never throws.
TEST(HostileVocab, RandomBytesThroughEveryTokenizer) {
  HEARTH_REQUIRE_SHARED("tokenizers/llama.cpp-vocab");
  std::mt19937 rng(1234);
  std::vector<std::string> texts;
  for (int i = 0; i < 40; ++i) {
    std::string s(size_t(rng() % 64), '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    texts.push_back(s);
  }
  texts.push_back(std::string(20000, ' '));   // long runs stress the \s+(?!\S) regexes
  texts.push_back(std::string(20000, '\n'));
  texts.push_back(std::string(5000, '9'));
  for (const char* name : {"gpt-2", "llama-spm", "deepseek-llm", "falcon", "bert-bge", "phi-3"}) {
    auto file = GgufFile::open(test::shared_path(std::string("tokenizers/llama.cpp-vocab/ggml-vocab-") + name + ".gguf"));
    ASSERT_TRUE(file.ok()) << name;
    auto tok = Tokenizer::from_gguf(file->metadata());
    ASSERT_TRUE(tok.ok()) << name;
    for (const auto& text : texts) {
      for (bool special : {false, true}) {
        const auto ids = tok->encode(text, {.add_special = true, .parse_special = special});
        for (TokenId id : ids) ASSERT_TRUE(tok->is_valid(id)) << name;
        (void)tok->decode(ids, {.render_special = true});
      }
    }
  }
}

// Writing a vocabulary to GGUF keys and reading it back gives the same data.
TEST(VocabGguf, WriteThenReadIsIdentity) {
  HEARTH_REQUIRE_SHARED("tokenizers/llama.cpp-vocab/ggml-vocab-deepseek-coder.gguf");
  auto file = GgufFile::open(test::shared_path("tokenizers/llama.cpp-vocab/ggml-vocab-deepseek-coder.gguf"));
  ASSERT_TRUE(file.ok());
  auto vocab = vocab_from_gguf(file->metadata());
  ASSERT_TRUE(vocab.ok());
  GgufMetadata md;
  write_vocab_to_gguf(*vocab, md);
  md.set("general.name", vocab->model_name);
  auto back = vocab_from_gguf(md);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->model, vocab->model);
  EXPECT_EQ(back->pre, "deepseek-coder");
  EXPECT_EQ(back->tokens, vocab->tokens);
  EXPECT_EQ(back->types, vocab->types);
  EXPECT_EQ(back->merges, vocab->merges);
  EXPECT_EQ(back->special_ids, vocab->special_ids);
  EXPECT_EQ(back->add_bos, vocab->add_bos);
  EXPECT_EQ(back->add_eos, vocab->add_eos);
  // Every tokenizer key of the file is reproduced with the same value.
  for (const auto& [key, value] : file->metadata().entries()) {
    if (key.rfind("tokenizer.", 0) != 0) continue;
    const GgufValue* ours = md.find(key);
    ASSERT_NE(ours, nullptr) << key;
    EXPECT_TRUE(*ours == value) << key;
  }
}

}  // namespace
}  // namespace hearth
