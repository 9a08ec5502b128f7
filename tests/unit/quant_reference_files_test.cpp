// The quantizers against GGUF files that llama.cpp wrote (shared/models/stories260K-reference-gguf):
// every tensor of a quantized file is re-made from the same f32 tensor of its source file and
// must come out byte for byte identical.
//   stories260K-{Q6_K,Q4_K_M,Q2_K}.gguf: llama-quantize (no imatrix) from stories260K-f32.gguf.
//     stories260K's rows are 64 or 172 wide, so llama-quantize falls back from the K types:
//     they hold q8_0, q5_0, iq4_nl, f16 and f32 tensors.
//   stories260K-hf-viaHFconv-{q8_0,f16,bf16}.gguf: llama.cpp's HF converter (gguf-py), the same
//     weights as stories260K-hf-viaHFconv-f32.gguf.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "hearth/io/gguf.h"
#include "hearth/quant/quantize.h"
#include "test_data.h"

namespace hearth {
namespace {

constexpr const char* kDir = "models/stories260K-reference-gguf/";

std::vector<float> tensor_floats(const GgufFile& file, const GgufTensorInfo& t) {
  const auto bytes = file.tensor_data(t);
  std::vector<float> x(bytes.size() / sizeof(float));
  std::memcpy(x.data(), bytes.data(), x.size() * sizeof(float));
  return x;
}

// Per tensor type of `quantized`: how many tensors and bytes matched.
struct Tally {
  int tensors = 0;
  uint64_t bytes = 0;
};

// Re-makes tensor q of `quantized` from tensor s of `source`; counts it in *tally when identical.
void requantize_tensor(const GgufFile& source, const GgufTensorInfo& s, const GgufFile& quantized,
                       const GgufTensorInfo& q, std::map<TensorType, Tally>* tally) {
  ASSERT_EQ(s.type, TensorType::F32);
  ASSERT_EQ(s.shape, q.shape);
  const std::vector<float> x = tensor_floats(source, s);
  std::vector<std::byte> ours(q.size_bytes);
  const size_t written = quantize_rows(q.type, x.data(), ours.data(), q.row_count(), q.row_length(), /*n_threads=*/2);
  ASSERT_EQ(written, q.size_bytes);
  const auto theirs = quantized.tensor_data(q);
  ASSERT_EQ(theirs.size(), ours.size());
  size_t first_diff = 0;
  while (first_diff < ours.size() && ours[first_diff] == theirs[first_diff]) ++first_diff;
  EXPECT_EQ(first_diff, ours.size()) << "first differing byte at " << first_diff << " of " << ours.size();
  if (first_diff == ours.size()) {
    (*tally)[q.type].tensors++;
    (*tally)[q.type].bytes += ours.size();
  }
}

std::map<TensorType, Tally> requantize_and_compare(const std::string& source_name, const std::string& quantized_name) {
  std::map<TensorType, Tally> tally;
  const auto source = GgufFile::open(test::shared_path(kDir + source_name));
  const auto quantized = GgufFile::open(test::shared_path(kDir + quantized_name));
  EXPECT_TRUE(source.ok()) << source_name;
  EXPECT_TRUE(quantized.ok()) << quantized_name;
  if (!source.ok() || !quantized.ok()) return tally;
  EXPECT_EQ(source->tensors().size(), quantized->tensors().size());
  for (const GgufTensorInfo& q : quantized->tensors()) {
    SCOPED_TRACE(quantized_name + ": " + q.name + " (" + std::string(tensor_type_name(q.type)) + ")");
    const GgufTensorInfo* s = source->find_tensor(q.name);
    if (s == nullptr) {
      ADD_FAILURE() << "tensor missing from " << source_name;
      continue;
    }
    requantize_tensor(*source, *s, *quantized, q, &tally);
  }
  uint64_t bytes = 0;
  int tensors = 0;
  for (const auto& [type, t] : tally) {
    bytes += t.bytes;
    tensors += t.tensors;
  }
  std::string types;
  for (const auto& [type, t] : tally) {
    types += ' ';
    types += tensor_type_name(type);
    types += " x";
    types += std::to_string(t.tensors);
  }
  std::printf("  %s: %d tensors, %llu bytes identical (%s )\n", quantized_name.c_str(), tensors,
              static_cast<unsigned long long>(bytes), types.c_str());
  return tally;
}

TEST(QuantReferenceFiles, LlamaQuantizeQ6K) {
  HEARTH_REQUIRE_SHARED(std::string(kDir) + "stories260K-Q6_K.gguf");
  auto t = requantize_and_compare("stories260K-f32.gguf", "stories260K-Q6_K.gguf");
  // 32 q8_0 matrices (Q6_K falls back to Q8_0), 5 f16 ffn_down (172 wide), 11 f32 norms.
  EXPECT_EQ(t[TensorType::Q8_0].tensors, 32);
  EXPECT_EQ(t[TensorType::F16].tensors, 5);
  EXPECT_EQ(t[TensorType::F32].tensors, 11);
}

TEST(QuantReferenceFiles, LlamaQuantizeQ4KM) {
  HEARTH_REQUIRE_SHARED(std::string(kDir) + "stories260K-Q4_K_M.gguf");
  auto t = requantize_and_compare("stories260K-f32.gguf", "stories260K-Q4_K_M.gguf");
  // Q4_K falls back to Q5_0; the mix's Q6_K tensors (output, some attn_v) fall back to Q8_0.
  EXPECT_EQ(t[TensorType::Q5_0].tensors, 29);
  EXPECT_EQ(t[TensorType::Q8_0].tensors, 3);
  EXPECT_EQ(t[TensorType::F16].tensors, 5);
}

TEST(QuantReferenceFiles, LlamaQuantizeQ2K) {
  HEARTH_REQUIRE_SHARED(std::string(kDir) + "stories260K-Q2_K.gguf");
  auto t = requantize_and_compare("stories260K-f32.gguf", "stories260K-Q2_K.gguf");
  // Q2_K / Q3_K fall back to IQ4_NL; the output's Q6_K to Q8_0.
  EXPECT_EQ(t[TensorType::IQ4_NL].tensors, 31);
  EXPECT_EQ(t[TensorType::Q8_0].tensors, 1);
  EXPECT_EQ(t[TensorType::F16].tensors, 5);
}

TEST(QuantReferenceFiles, HfConverterQ8_0) {
  HEARTH_REQUIRE_SHARED(std::string(kDir) + "stories260K-hf-viaHFconv-q8_0.gguf");
  auto t = requantize_and_compare("stories260K-hf-viaHFconv-f32.gguf", "stories260K-hf-viaHFconv-q8_0.gguf");
  EXPECT_EQ(t[TensorType::Q8_0].tensors, 31);
  EXPECT_EQ(t[TensorType::F16].tensors, 5);
}

TEST(QuantReferenceFiles, HfConverterF16AndBf16) {
  HEARTH_REQUIRE_SHARED(std::string(kDir) + "stories260K-hf-viaHFconv-f16.gguf");
  auto f16 = requantize_and_compare("stories260K-hf-viaHFconv-f32.gguf", "stories260K-hf-viaHFconv-f16.gguf");
  EXPECT_EQ(f16[TensorType::F16].tensors, 36);
  auto bf16 = requantize_and_compare("stories260K-hf-viaHFconv-f32.gguf", "stories260K-hf-viaHFconv-bf16.gguf");
  EXPECT_EQ(bf16[TensorType::BF16].tensors, 36);
}

}  // namespace
}  // namespace hearth
