// Hugging Face safetensors folder -> GGUF, producing the same file llama.cpp's
// convert_hf_to_gguf.py writes (same tensor names and order, the same Q/K row permutation for
// rotary layers, the same metadata keys, types, values and order, the same tensor bytes).
//
// Conversion streams row by row from the memory-mapped shards into the output file, so memory
// stays near a constant whatever the model size. The output is written to a temporary file and
// renamed into place only when complete (see AtomicOutputFile).
//
// Supported architectures (config.json "architectures"[0]): LlamaForCausalLM (Llama 2/3,
// TinyLlama, Yi, the stories models), MistralForCausalLM, Qwen2ForCausalLM (Qwen1.5/2/2.5),
// QWenLMHeadModel (Qwen 1), GemmaForCausalLM.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/base/cancel.h"
#include "hearth/base/result.h"
#include "hearth/io/gguf.h"
#include "hearth/quant/tensor_type.h"

namespace hearth {

// --outtype of the converter.
enum class ConvertOutType {
  F32,
  F16,   // llama.cpp's default
  BF16,
  Q8_0,
  Auto,  // F16 when the first tensor is F16, else BF16 (as llama.cpp decides it)
};
std::string_view convert_out_type_name(ConvertOutType type);  // "f32", "f16", …
std::optional<ConvertOutType> convert_out_type_from_name(std::string_view name);

struct ConvertOptions {
  std::filesystem::path input;   // the HF model folder
  std::filesystem::path output;  // the .gguf to write; empty: "<Name>-<size>-<TYPE>.gguf" in the input folder
  ConvertOutType out_type = ConvertOutType::F16;
  std::string model_name;        // overrides general.name when not empty
};

// One output tensor as planned.
struct ConvertTensorPlan {
  std::string source_name;     // HF name
  GgufTensorInfo output;       // GGUF name, shape (ggml order), type, size
};

// What a conversion would produce, computed without writing (for the GUI wizard's estimates).
struct ConvertPlan {
  std::string hf_architecture;   // e.g. "LlamaForCausalLM"
  std::string gguf_architecture; // e.g. "llama"
  ConvertOutType out_type = ConvertOutType::F16;  // resolved (never Auto)
  uint32_t file_type = 1;        // general.file_type
  std::filesystem::path output;  // resolved output path
  GgufMetadata metadata;         // every key, in file order
  std::vector<ConvertTensorPlan> tensors;
  uint64_t parameter_count = 0;
  uint64_t output_bytes = 0;     // exact size of the file that will be written
  std::vector<std::string> warnings;  // e.g. tensors that fell back to F16 for Q8_0
};

struct ConvertReport {
  std::filesystem::path output;
  std::string gguf_architecture;
  uint32_t file_type = 0;
  uint64_t tensor_count = 0;
  uint64_t parameter_count = 0;
  uint64_t bytes_written = 0;
  std::vector<std::string> warnings;
};

// Reads config.json, tokenizer files and the shard headers (not the weights) and works out the
// output. Fails with a clear message on an unsupported architecture, a missing tokenizer, or
// tensors whose dtype or shape does not match config.json.
Result<ConvertPlan> plan_hf_conversion(const ConvertOptions& options);

// Plans, then writes. progress is called once per tensor (item i of n, bytes done); cancel is
// polled between rows. On error or cancel nothing is left at the output path (a previous file
// there is kept).
Result<ConvertReport> convert_hf_to_gguf(const ConvertOptions& options, const ProgressFn& progress = {},
                                         const CancelToken& cancel = {});

// config.json architectures Hearth converts, e.g. {"GemmaForCausalLM", "LlamaForCausalLM", …}.
std::vector<std::string> supported_hf_architectures();

}  // namespace hearth
