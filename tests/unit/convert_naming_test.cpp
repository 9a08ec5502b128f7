// general.* naming heuristics and quantization-mix lookups.
//
// Golden values for the names: produced by running gguf-py's own Metadata.apply_metadata_heuristic,
// size_label and naming_convention (llama.cpp's gguf-py/gguf/metadata.py and utility.py, Feb 2025)
// on config.json {"_name_or_path": ID} with the listed parameter counts.
#include <gtest/gtest.h>

#include "convert/model_naming.h"
#include "hearth/quant/quant_mix.h"

namespace {

struct NamingCase {
  const char* id;
  uint64_t params;
  const char* name;
  const char* organization;
  const char* basename;  // nullptr: none
  const char* finetune;
  const char* version;
  const char* size_label;
  const char* file_stem;  // naming_convention(…, "Q8_0")
};

// Without this gtest prints the struct's raw bytes (pointer values) into the ctest names, which
// then differ between builds.
void PrintTo(const NamingCase& c, std::ostream* os) { *os << c.id; }

const NamingCase kCases[] = {
    {"meta-llama/Llama-2-7b-hf", 6738415616, "Llama 2 7b Hf", "Meta Llama", "Llama-2", "hf", nullptr, "7B",
     "Llama-2-7B-hf-Q8_0"},
    {"TinyLlama/TinyLlama-1.1B-Chat-v1.0", 1100048384, "TinyLlama 1.1B Chat v1.0", "TinyLlama", "TinyLlama", "Chat",
     "v1.0", "1.1B", "TinyLlama-1.1B-Chat-v1.0-Q8_0"},
    {"Qwen/Qwen2.5-0.5B-Instruct", 494032768, "Qwen2.5 0.5B Instruct", "Qwen", "Qwen2.5", "Instruct", nullptr, "0.5B",
     "Qwen2.5-0.5B-Instruct-Q8_0"},
    {"mistralai/Mistral-7B-Instruct-v0.2", 7241732096, "Mistral 7B Instruct v0.2", "Mistralai", "Mistral", "Instruct",
     "v0.2", "7B", "Mistral-7B-Instruct-v0.2-Q8_0"},
    {"google/gemma-2b-it", 2506172416, "Gemma 2b It", "Google", "gemma", "it", nullptr, "2B", "gemma-2B-it-Q8_0"},
    {"bigscience/bloom-7b1", 7069016064, "Bloom 7b1", "Bigscience", "bloom", nullptr, nullptr, "7.1B", "bloom-7.1B-Q8_0"},
    {"Qwen/Qwen-1_8B-Chat", 1836828672, "Qwen 1_8B Chat", "Qwen", "Qwen", "Chat", nullptr, "1.8B", "Qwen-1.8B-Chat-Q8_0"},
    {"01-ai/Yi-6B-200K", 6061035520, "Yi 6B 200K", "01 Ai", "Yi", "200k", nullptr, "6B", "Yi-6B-200k-Q8_0"},
};

void expect_field(const std::optional<std::string>& got, const char* want, const char* what) {
  if (want) {
    EXPECT_EQ(got.value_or("<none>"), want) << what;
  } else {
    EXPECT_FALSE(got.has_value()) << what << " = " << *got;
  }
}

class ModelNaming : public ::testing::TestWithParam<NamingCase> {};

TEST_P(ModelNaming, MatchesGgufPy) {
  const NamingCase& c = GetParam();
  const nlohmann::json config = {{"_name_or_path", c.id}};
  // A folder name that adds nothing (gguf-py would only fill gaps from it).
  const auto n = hearth::convert::infer_model_naming("/nonexistent/x", config, c.params, "");
  expect_field(n.name, c.name, "name");
  expect_field(n.organization, c.organization, "organization");
  expect_field(n.basename, c.basename, "basename");
  expect_field(n.finetune, c.finetune, "finetune");
  expect_field(n.version, c.version, "version");
  expect_field(n.size_label, c.size_label, "size_label");
  EXPECT_EQ(hearth::convert::default_output_stem(n, "Q8_0"), c.file_stem);
}

INSTANTIATE_TEST_SUITE_P(HuggingFaceIds, ModelNaming, ::testing::ValuesIn(kCases));

TEST(ModelNaming, FolderNameWhenNothingElse) {
  // The stories reference files: "stories260K Hf" from the folder stories260K-hf, and the sharded
  // folder's finetune/basename (values read from the llama.cpp-made GGUF files).
  auto n = hearth::convert::infer_model_naming("/x/stories260K-hf", nlohmann::json::object(), 260032, "");
  EXPECT_EQ(n.name, "stories260K Hf");
  EXPECT_FALSE(n.basename);
  EXPECT_EQ(n.size_label, "260K");
  n = hearth::convert::infer_model_naming("/x/stories260K-hf-bf16-sharded", nlohmann::json::object(), 260032, "");
  EXPECT_EQ(n.name, "stories260K Hf Bf16 Sharded");
  EXPECT_EQ(n.basename, "stories260K-hf");
  EXPECT_EQ(n.finetune, "sharded");
}

TEST(ModelNaming, SizeLabels) {
  // gguf-py size_label / model_weight_count_rounded_notation.
  EXPECT_EQ(hearth::convert::size_label(260032), "260K");
  EXPECT_EQ(hearth::convert::size_label(1100048384), "1.1B");
  EXPECT_EQ(hearth::convert::size_label(494032768), "494M");
  EXPECT_EQ(hearth::convert::size_label(4990000), "5.0M");
  EXPECT_EQ(hearth::convert::size_label(70553706496), "71B");
}

TEST(QuantMixTable, NamesAliasesAndNumbers) {
  EXPECT_EQ(hearth::find_quant_mix("q4_k_m")->mix, hearth::QuantMix::Q4_K_M);
  EXPECT_EQ(hearth::find_quant_mix("Q4_K")->mix, hearth::QuantMix::Q4_K_M);
  EXPECT_EQ(hearth::find_quant_mix("Q3_K")->mix, hearth::QuantMix::Q3_K_M);
  EXPECT_EQ(hearth::find_quant_mix("Q5_K")->mix, hearth::QuantMix::Q5_K_M);
  EXPECT_EQ(hearth::find_quant_mix("15")->mix, hearth::QuantMix::Q4_K_M);
  EXPECT_TRUE(hearth::find_quant_mix("COPY")->copy);
  EXPECT_FALSE(hearth::find_quant_mix("0")->copy);  // F32, not COPY
  EXPECT_EQ(hearth::find_quant_mix("Q9_X"), nullptr);
  EXPECT_EQ(hearth::quant_mix_base_type(hearth::QuantMix::Q2_K_S), hearth::TensorType::Q2_K);
}

TEST(QuantMixTable, TensorOrderIsGlobalsThenLayers) {
  std::vector<std::string> names = {"blk.10.attn_q.weight", "token_embd.weight", "blk.2.ffn_up.weight", "output.weight",
                                    "blk.2.attn_k.weight", "output_norm.weight"};
  std::sort(names.begin(), names.end(), hearth::quantized_tensor_order);
  EXPECT_EQ(names, (std::vector<std::string>{"output.weight", "output_norm.weight", "token_embd.weight",
                                             "blk.2.attn_k.weight", "blk.2.ffn_up.weight", "blk.10.attn_q.weight"}));
}

}  // namespace
