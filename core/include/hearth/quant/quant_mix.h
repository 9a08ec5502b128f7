// Quantization mixes ("Q4_K_M" …): the target of `hearth-cli quantize`, and the per-tensor type
// rules that make each mix. The rules equal llama.cpp's (llama_tensor_get_type in
// src/llama-quant.cpp, no importance matrix), so a file quantized by Hearth is byte-identical to
// one llama-quantize writes from the same input:
//   - output.weight (or token_embd.weight when the model ties them) gets Q6_K, or Q8_0 when its
//     rows are not a multiple of the mix's block size;
//   - attn_v / ffn_down / attn_output get more bits in the _M/_L mixes and in the first, last and
//     every third layer (use_more_bits);
//   - a tensor whose rows do not fit the chosen block size falls back: Q2_K/Q3_K -> IQ4_NL,
//     Q4_K -> Q5_0, Q5_K -> Q5_1, Q6_K -> Q8_0, and to F16 when even that does not fit;
//   - 1-D tensors, norms, and a few special tensors are never quantized.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "hearth/io/gguf.h"
#include "hearth/quant/tensor_type.h"

namespace hearth {

// Values are llama.cpp's llama_ftype (written to general.file_type).
enum class QuantMix : uint32_t {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q4_1 = 3,
  Q8_0 = 7,
  Q5_0 = 8,
  Q5_1 = 9,
  Q2_K = 10,
  Q3_K_S = 11,
  Q3_K_M = 12,
  Q3_K_L = 13,
  Q4_K_S = 14,
  Q4_K_M = 15,
  Q5_K_S = 16,
  Q5_K_M = 17,
  Q6_K = 18,
  Q2_K_S = 21,
  IQ4_NL = 25,
  BF16 = 32,
};

struct QuantMixInfo {
  std::string_view name;         // as llama-quantize spells it ("Q4_K_M"); aliases are separate rows
  QuantMix mix;
  bool copy = false;             // "COPY": rewrite without quantizing
  std::string_view description;  // llama.cpp's published size / perplexity figure for the mix
  double bits_per_weight = 0;    // approximate for a 7-8B model (size * 8 / parameters)
  double relative_time = 1;      // time to make it from the same input, over Q8_0's (measured, rough)
};

// Every name `quantize` accepts, in llama-quantize's --help order (aliases Q3_K, Q4_K, Q5_K and COPY
// included).
std::span<const QuantMixInfo> quant_mix_table();
// Looks a name up (case-insensitive) or a numeric llama_ftype value.
const QuantMixInfo* find_quant_mix(std::string_view name);
// The tensor type a mix is "mostly" made of.
TensorType quant_mix_base_type(QuantMix mix);

// Options that change the per-tensor choice (llama-quantize's flags).
struct QuantMixOptions {
  bool pure = false;                          // --pure: every quantized tensor gets the base type
  bool quantize_output = true;                // false: --leave-output-tensor
  bool copy_only = false;                     // COPY
  std::optional<TensorType> output_type;      // --output-tensor-type
  std::optional<TensorType> token_embd_type;  // --token-embedding-type
};

// What the rules need to know about the model (from its metadata and tensor table).
struct MixModelFacts {
  std::string architecture;  // general.architecture
  int n_layer = 0;           // <arch>.block_count
  int n_head = 0;            // <arch>.attention.head_count
  int n_head_kv = 0;         // <arch>.attention.head_count_kv (defaults to n_head)
  int n_expert = 0;          // <arch>.expert_count
  bool has_output = false;   // an output.weight tensor exists (else token_embd doubles as output)
  int n_attention_wv = 0;    // tensors named *attn_v.weight / *attn_qkv.weight / *attn_kv_b.weight
  bool is_70b = false;       // llama.cpp's LLM_TYPE_70B (80-layer llama with GQA, 80-layer qwen2)
  int n_gqa() const { return n_head_kv > 0 ? n_head / n_head_kv : 0; }
};
// Reads the facts from a file's metadata and tensor table; throws Format when they are
// inconsistent (e.g. attention tensors that do not match the layer count).
MixModelFacts mix_model_facts(const GgufMetadata& metadata, std::span<const GgufTensorInfo> tensors);

// Decides the output type of each tensor. Call choose() for the tensors in the order they are
// written (the rules count attn_v / ffn_down tensors as they go, like llama.cpp).
class QuantMixPlanner {
 public:
  QuantMixPlanner(QuantMix mix, QuantMixOptions options, MixModelFacts facts);
  // The type this tensor is written as (its current type when it is left alone).
  TensorType choose(const GgufTensorInfo& tensor);
  // Tensors that needed a fallback type because of their row length.
  int fallback_count() const { return n_fallback_; }

 private:
  bool should_quantize(const GgufTensorInfo& t) const;
  TensorType mix_rule(TensorType type, const GgufTensorInfo& t);

  QuantMix mix_;
  QuantMixOptions options_;
  MixModelFacts facts_;
  TensorType base_;
  int i_attention_wv_ = 0, i_ffn_down_ = 0, i_ffn_gate_ = 0, i_ffn_up_ = 0;
  int n_fallback_ = 0;
};

// llama.cpp's tensor order for a quantized file: global tensors first, then by layer; by name
// within each group.
bool quantized_tensor_order(const std::string& a, const std::string& b);

}  // namespace hearth
