// The facts a user wants first about a model file or folder — what `hearth-cli inspect` prints
// at the top and what the GUI's model browser shows in its table.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "hearth/io/gguf.h"
#include "hearth/io/hf_folder.h"

namespace hearth {

struct ModelSummary {
  std::string format;                     // "gguf" or "huggingface"
  std::string name;                       // general.name, or the folder name
  std::string architecture;               // GGUF: general.architecture ("llama"); HF: architectures[0]
  uint64_t parameter_count = 0;           // sum of all tensor element counts
  std::string file_type;                  // "Q4_K - Medium", "F16"; HF: dominant dtype ("BF16")
  bool file_type_guessed = false;         // true when general.file_type was absent
  std::optional<int64_t> context_length;  // trained context (<arch>.context_length / max_position_embeddings)
  std::optional<int64_t> layer_count;     // <arch>.block_count / num_hidden_layers
  std::optional<int64_t> embedding_length;
  std::optional<int64_t> vocab_size;
  std::string tokenizer;                  // GGUF tokenizer.ggml.model ("llama", "gpt2"); HF: what files provide it
  uint64_t tensor_bytes = 0;              // bytes of weights
  uint64_t tensor_count = 0;
  std::map<std::string, uint64_t> tensor_types;  // type name -> number of tensors of that type
};

ModelSummary summarize(const GgufFile& file);
// Reads tokenizer.json's model type when present (it may parse a large file).
ModelSummary summarize(const HfModelFolder& folder);

}  // namespace hearth
