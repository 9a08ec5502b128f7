// One entry per Hugging Face architecture the converter understands: which GGUF architecture it
// becomes, which hyper-parameters it writes (in llama.cpp's key order), how HF tensor names map
// to GGUF names, and which row transforms apply (Q/K permutation, Gemma's norm offset).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hearth/io/gguf.h"

namespace hearth::convert {

// How the rows of a source tensor are rearranged or adjusted on the way out.
enum class RowTransform {
  None,
  PermuteHeads,  // llama's rotary Q/K layout: within each head, interleave the two halves
  AddOne,        // Gemma stores norm weights as (w - 1)
};

// The destination of one HF tensor.
struct TensorMapping {
  std::string gguf_name;
  RowTransform transform = RowTransform::None;
  int64_t permute_heads = 0;  // head count for PermuteHeads
};

// Vocabulary export the architecture uses, tried in order.
enum class VocabKind { SentencePiece, LlamaHfJson, Gpt2Json, QwenTiktoken };

class HfArchitecture {
 public:
  virtual ~HfArchitecture() = default;
  virtual std::string_view gguf_name() const = 0;
  // Architecture hyper-parameters (llama.<key>…), in the order llama.cpp's converter writes
  // them, including general.file_type where it writes it.
  virtual void write_hparams(const nlohmann::json& config, uint32_t file_type, GgufMetadata& out) const = 0;
  // Where an HF tensor goes; nullopt to drop it (e.g. Gemma's unused lm_head). Throws
  // Unsupported for a tensor the architecture does not know.
  virtual std::optional<TensorMapping> map_tensor(const nlohmann::json& config, std::string_view hf_name) const = 0;
  // Tensors generated from the config rather than read (llama 3.1 rope factors): name + F32 values.
  virtual std::vector<std::pair<std::string, std::vector<float>>> extra_tensors(const nlohmann::json&) const {
    return {};
  }
  virtual std::vector<VocabKind> vocab_kinds() const = 0;
  // Tokenizer keys written after the vocabulary (add_space_prefix…), in order.
  virtual void write_vocab_extras(const nlohmann::json& config, const nlohmann::json* tokenizer_config,
                                  GgufMetadata& out) const;
  virtual int64_t block_count(const nlohmann::json& config) const;
};

// The architecture for config.json's "architectures"[0], or nullptr.
const HfArchitecture* find_hf_architecture(std::string_view hf_name);
std::vector<std::string> hf_architecture_names();

// Config helpers that fail with a message naming the key.
int64_t config_int(const nlohmann::json& config, std::string_view key);
std::optional<int64_t> config_int_opt(const nlohmann::json& config, std::string_view key);
std::optional<double> config_number_opt(const nlohmann::json& config, std::string_view key);

}  // namespace hearth::convert
