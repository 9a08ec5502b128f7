// Synthetic Hugging Face model folders: real architectures and shapes (TinyLlama-1.1B,
// Qwen2.5-0.5B, …) filled with deterministic pseudo-random weights, plus a small byte-level BPE
// tokenizer.json. For benchmarks and tests of convert/quantize/load on real-sized tensors
// without downloading a model. Same seed, same bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/base/cancel.h"
#include "hearth/base/result.h"
#include "hearth/io/safetensors.h"

namespace hearth {

struct SyntheticHfSpec {
  std::string architecture = "llama";  // "llama", "qwen2" or "gemma"
  int64_t hidden = 256;                // hidden_size
  int64_t ffn = 512;                   // intermediate_size
  int64_t layers = 2;                  // num_hidden_layers
  int64_t heads = 4;                   // num_attention_heads
  int64_t kv_heads = 2;                // num_key_value_heads
  int64_t head_dim = 0;                // 0: hidden / heads
  int64_t vocab = 512;                 // vocab_size
  int64_t context = 2048;              // max_position_embeddings
  bool tied_embeddings = false;        // no lm_head tensor when true
  SafetensorsDtype dtype = SafetensorsDtype::BF16;
  int shards = 1;                      // >1: model-0000i-of-0000n.safetensors + index
  uint64_t seed = 1;
};

// Presets named after the models whose shapes they copy: "tinyllama-1.1b", "qwen2.5-0.5b",
// "llama-3.2-1b", "gemma-2b", and "tiny" (a few MB, for tests).
std::optional<SyntheticHfSpec> synthetic_hf_preset(std::string_view name);
std::vector<std::string> synthetic_hf_preset_names();

// Writes config.json, tokenizer.json, tokenizer_config.json and the safetensors shard(s) into
// `folder` (created if needed). Streams the weights; memory stays small whatever the size.
Status write_synthetic_hf_folder(const SyntheticHfSpec& spec, const std::filesystem::path& folder,
                                 const ProgressFn& progress = {}, const CancelToken& cancel = {});

}  // namespace hearth
