// GGUF -> quantized GGUF (`hearth-cli quantize`), byte-identical to llama-quantize without an
// importance matrix: same per-tensor types (hearth/quant/quant_mix.h), same tensor order, same
// metadata (the input's keys, then general.quantization_version and general.file_type).
//
// Streams tensor by tensor in chunks of rows, quantizing the rows of a chunk on several threads;
// the output goes to a temporary file renamed into place when complete.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hearth/base/cancel.h"
#include "hearth/base/result.h"
#include "hearth/io/gguf.h"
#include "hearth/quant/quant_mix.h"

namespace hearth {

struct QuantizeOptions {
  std::filesystem::path input;
  std::filesystem::path output;  // empty: ggml-model-<TYPE>.gguf next to the input (as llama-quantize)
  std::string type = "Q4_K_M";   // a quant_mix_table() name or a numeric llama_ftype
  int threads = 0;               // 0: all hardware threads
  bool pure = false;
  bool allow_requantize = false;
  bool leave_output_tensor = false;
  std::optional<TensorType> output_tensor_type;
  std::optional<TensorType> token_embedding_type;
};

struct QuantizeTensorPlan {
  GgufTensorInfo input;       // as in the input file
  TensorType output_type;     // what it becomes
  uint64_t output_bytes = 0;
};

struct QuantizePlan {
  const QuantMixInfo* mix = nullptr;
  std::filesystem::path output;
  GgufMetadata metadata;                     // output metadata, in file order
  std::vector<QuantizeTensorPlan> tensors;   // in output order
  uint64_t input_tensor_bytes = 0;
  uint64_t output_tensor_bytes = 0;
  uint64_t output_bytes = 0;                 // exact size of the output file
  int fallback_count = 0;                    // tensors whose rows needed a fallback type
  std::vector<std::string> warnings;
};

struct QuantizeReport {
  std::filesystem::path output;
  std::string type;              // the mix name
  uint64_t tensor_count = 0;
  uint64_t input_tensor_bytes = 0;
  uint64_t output_bytes = 0;
  int fallback_count = 0;
  std::vector<std::string> warnings;
};

// Reads the input's header and decides every tensor's type without writing. Fails when the
// input is already quantized (unless allow_requantize), when a type cannot be produced, or when
// the options make no sense.
Result<QuantizePlan> plan_quantization(const QuantizeOptions& options);

Result<QuantizeReport> quantize_gguf(const QuantizeOptions& options, const ProgressFn& progress = {},
                                     const CancelToken& cancel = {});

// Output size for a model that exists only as metadata + tensor table (e.g. a ConvertPlan in the
// quantization wizard, before anything is written). Exact when the tensor table is.
Result<uint64_t> estimate_quantized_size(const GgufMetadata& metadata, std::span<const GgufTensorInfo> tensors,
                                         const QuantMixInfo& mix, const QuantMixOptions& options = {});

}  // namespace hearth
