// Tokenizer export of the converter on real vocabularies.
//
// Golden values: shared/tokenizers/llama.cpp-vocab/ggml-vocab-llama-spm.gguf is llama.cpp's own
// conversion of the Llama 2 tokenizer (tokenizer.model = shared/tokenizers/llama2-spm, with the
// tokenizer.json / tokenizer_config.json of shared/tokenizers/hf-llama2): our tokenizer.* keys must
// equal its keys, values, types and order. For the byte-level BPE tokenizer.json files (Llama 3,
// Qwen 3) the expectations are the rules of llama.cpp's converter applied to those files: every
// id gets its token, added special tokens are CONTROL, merges keep the "a b" form, the
// pre-tokenizer is named from the split regex.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "file_util.h"
#include "hearth/convert/convert.h"
#include "child_process.h"
#include "test_data.h"

namespace fs = std::filesystem;
using hearth::test::run_cli;
using hearth::test::shared_path;

namespace {

// A synthetic llama folder with `vocab` embedding rows, whose tokenizer files are replaced.
fs::path model_with_tokenizer(const hearth::test::TempDir& tmp, int vocab, const std::vector<fs::path>& files) {
  const fs::path folder = tmp / "model";
  const auto r = run_cli({"synth", "--hf", "-o", folder.string(), "--hidden", "64", "--ffn", "128", "--layers", "1",
                          "--heads", "4", "--kv-heads", "4", "--vocab", std::to_string(vocab), "--dtype", "f16"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  fs::remove(folder / "tokenizer.json");
  fs::remove(folder / "tokenizer_config.json");
  for (const auto& f : files) fs::copy_file(f, folder / f.filename());
  return folder;
}

hearth::GgufMetadata tokenizer_keys(const hearth::GgufMetadata& md) {
  hearth::GgufMetadata out;
  for (const auto& [key, value] : md.entries())
    if (key.rfind("tokenizer.", 0) == 0) out.set(key, value);
  return out;
}

hearth::ConvertPlan plan_for(const fs::path& folder) {
  hearth::ConvertOptions options;
  options.input = folder;
  options.output = folder / "out.gguf";
  auto plan = hearth::plan_hf_conversion(options);
  EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message);
  return plan.ok() ? std::move(plan.value()) : hearth::ConvertPlan{};
}

TEST(ConvertVocab, Llama2SentencePieceEqualsLlamaCppVocabFile) {
  HEARTH_REQUIRE_SHARED("tokenizers/llama.cpp-vocab/ggml-vocab-llama-spm.gguf");
  HEARTH_REQUIRE_SHARED("tokenizers/llama2-spm/tokenizer.model");
  hearth::test::TempDir tmp;
  // llama.cpp's vocab file was made from a tokenizer_config.json without "added_tokens_decoder"
  // (its <unk> is UNKNOWN with score 0, which that table would have turned into CONTROL / -1000),
  // so the same table is left out here.
  auto tc = nlohmann::json::parse(hearth::test::read_text(shared_path("tokenizers/hf-llama2/tokenizer_config.json")));
  tc.erase("added_tokens_decoder");
  const fs::path tc_path = tmp / "tokenizer_config.json";
  std::ofstream(tc_path) << tc.dump(2);
  const fs::path folder = model_with_tokenizer(tmp, 32000,
                                               {shared_path("tokenizers/llama2-spm/tokenizer.model"),
                                                shared_path("tokenizers/hf-llama2/tokenizer.json"), tc_path});
  const auto plan = plan_for(folder);
  auto reference = hearth::GgufFile::open(shared_path("tokenizers/llama.cpp-vocab/ggml-vocab-llama-spm.gguf"));
  ASSERT_TRUE(reference.ok());
  const auto ours = tokenizer_keys(plan.metadata);
  const auto theirs = tokenizer_keys(reference->metadata());
  ASSERT_EQ(ours.size(), theirs.size());
  for (size_t i = 0; i < ours.size(); ++i) {
    EXPECT_EQ(ours.entries()[i].first, theirs.entries()[i].first);
    EXPECT_TRUE(ours.entries()[i].second == theirs.entries()[i].second) << ours.entries()[i].first;
  }
}

TEST(ConvertVocab, Llama3TokenizerJson) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-llama3/tokenizer.json");
  hearth::test::TempDir tmp;
  const fs::path tj_path = shared_path("tokenizers/hf-llama3/tokenizer.json");
  const fs::path folder = model_with_tokenizer(tmp, 128256, {tj_path, shared_path("tokenizers/hf-llama3/tokenizer_config.json")});
  const auto plan = plan_for(folder);
  const auto& md = plan.metadata;
  EXPECT_EQ(md.get_string("tokenizer.ggml.model"), "gpt2");
  EXPECT_EQ(md.get_string("tokenizer.ggml.pre"), "llama-bpe");
  const auto tj = nlohmann::json::parse(hearth::test::read_text(tj_path));
  const auto* tokens = md.get_array("tokenizer.ggml.tokens");
  const auto* types = md.get_array("tokenizer.ggml.token_type");
  ASSERT_TRUE(tokens && types);
  ASSERT_EQ(tokens->strings().size(), 128256u);
  for (const auto& [text, id] : tj["model"]["vocab"].items()) {
    ASSERT_EQ(tokens->strings()[id.get<size_t>()], text);
    ASSERT_EQ(types->i32s()[id.get<size_t>()], 1);  // NORMAL
  }
  for (const auto& added : tj["added_tokens"]) {
    EXPECT_EQ(tokens->strings()[added["id"].get<size_t>()], added["content"].get<std::string>());
    EXPECT_EQ(types->i32s()[added["id"].get<size_t>()], 3);  // CONTROL
  }
  const auto* merges = md.get_array("tokenizer.ggml.merges");
  ASSERT_TRUE(merges);
  ASSERT_EQ(merges->strings().size(), tj["model"]["merges"].size());
  EXPECT_EQ(merges->strings()[0], tj["model"]["merges"][0].get<std::string>());
  EXPECT_EQ(md.get_int("tokenizer.ggml.bos_token_id"), 128000);
  EXPECT_EQ(md.get_int("tokenizer.ggml.eos_token_id"), 128001);
  const auto tc = nlohmann::json::parse(hearth::test::read_text(shared_path("tokenizers/hf-llama3/tokenizer_config.json")));
  EXPECT_EQ(md.get_string("tokenizer.chat_template"), tc["chat_template"].get<std::string>());
  // Keys in the converter's order.
  std::vector<std::string> keys;
  const auto tokenizer_md = tokenizer_keys(md);
  for (const auto& [k, v] : tokenizer_md.entries()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.ggml.tokens",
                                            "tokenizer.ggml.token_type", "tokenizer.ggml.merges",
                                            "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id",
                                            "tokenizer.chat_template"}));
}

TEST(ConvertVocab, Qwen3TokenizerJsonWithPairMerges) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-qwen3/tokenizer.json");
  hearth::test::TempDir tmp;
  const fs::path tj_path = shared_path("tokenizers/hf-qwen3/tokenizer.json");
  const fs::path folder = model_with_tokenizer(tmp, 151936, {tj_path, shared_path("tokenizers/hf-qwen3/tokenizer_config.json")});
  const auto plan = plan_for(folder);
  const auto& md = plan.metadata;
  EXPECT_EQ(md.get_string("tokenizer.ggml.pre"), "qwen2");
  const auto tj = nlohmann::json::parse(hearth::test::read_text(tj_path));
  const auto* merges = md.get_array("tokenizer.ggml.merges");
  ASSERT_TRUE(merges);
  ASSERT_EQ(merges->strings().size(), tj["model"]["merges"].size());
  const auto& first = tj["model"]["merges"][0];
  EXPECT_EQ(merges->strings()[0], first[0].get<std::string>() + " " + first[1].get<std::string>());
  // Ids past the tokenizer's vocabulary are padding, marked unused.
  const auto* tokens = md.get_array("tokenizer.ggml.tokens");
  const auto* types = md.get_array("tokenizer.ggml.token_type");
  ASSERT_EQ(tokens->strings().size(), 151936u);
  EXPECT_EQ(tokens->strings().back(), "[PAD151935]");
  EXPECT_EQ(types->i32s().back(), 5);
  // <|im_end|> is an added special token: CONTROL.
  for (const auto& added : tj["added_tokens"]) {
    if (added["content"] == "<|im_end|>") {
      EXPECT_EQ(types->i32s()[added["id"].get<size_t>()], 3);
    }
  }
}

TEST(ConvertVocab, UnknownPreTokenizerIsRefusedLikeLlamaCpp) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-llama3/tokenizer.json");
  hearth::test::TempDir tmp;
  auto tj = nlohmann::json::parse(hearth::test::read_text(shared_path("tokenizers/hf-llama3/tokenizer.json")));
  tj["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "\\w+";
  const fs::path edited = tmp / "tokenizer.json";
  std::ofstream(edited) << tj.dump();
  const fs::path folder = model_with_tokenizer(tmp, 128256, {edited});
  const auto r = run_cli({"convert", folder.string(), "-o", (tmp / "x.gguf").string(), "-q"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("pre-tokenizer"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "x.gguf"));
}

}  // namespace
