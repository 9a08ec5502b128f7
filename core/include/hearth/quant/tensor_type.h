// The GGUF tensor types: ids, names and block layouts (the public GGUF / ggml facts).
// This is the ONE place a type's layout is defined; the quantizers, kernels, shaders, memory
// estimator and `inspect` all read it from here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace hearth {

// Values are the GGUF type ids (ggml_type). Gaps are ids that were removed from the format.
enum class TensorType : uint32_t {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q4_1 = 3,
  Q5_0 = 6,
  Q5_1 = 7,
  Q8_0 = 8,
  Q8_1 = 9,
  Q2_K = 10,
  Q3_K = 11,
  Q4_K = 12,
  Q5_K = 13,
  Q6_K = 14,
  Q8_K = 15,
  IQ2_XXS = 16,
  IQ2_XS = 17,
  IQ3_XXS = 18,
  IQ1_S = 19,
  IQ4_NL = 20,
  IQ3_S = 21,
  IQ2_S = 22,
  IQ4_XS = 23,
  I8 = 24,
  I16 = 25,
  I32 = 26,
  I64 = 27,
  F64 = 28,
  IQ1_M = 29,
  BF16 = 30,
  TQ1_0 = 34,
  TQ2_0 = 35,
};

inline constexpr uint32_t kTensorTypeIdLimit = 39;  // ids are < this

// Layout of one type: `block_size` values are stored in `block_bytes` bytes.
struct TensorTypeLayout {
  TensorType type;
  std::string_view name;  // as llama.cpp prints it, e.g. "q4_K", "f16"
  uint32_t block_size;    // values per block (1 for plain types)
  uint32_t block_bytes;   // bytes per block
  bool quantized;         // block-quantized (vs. plain numbers)
};

// Layout of a known type id, or nullptr for an unknown / removed id.
const TensorTypeLayout* tensor_type_layout(uint32_t type_id);
const TensorTypeLayout& tensor_type_layout(TensorType type);
std::span<const TensorTypeLayout> all_tensor_types();

std::string_view tensor_type_name(TensorType type);
// Parses "q4_K", "Q4_K", "f16", "BF16"... (case-insensitive); nullopt when unknown.
std::optional<TensorType> tensor_type_from_name(std::string_view name);

// Bytes needed for a row of n values; nullopt when n is not a multiple of the block size.
std::optional<uint64_t> tensor_row_bytes(TensorType type, uint64_t n);

// Whether an id was part of the format once and has been removed (31-33, 36-38: repacked
// Q4_0/IQ4_NL layouts that llama.cpp now creates at load time instead).
bool tensor_type_id_removed(uint32_t type_id);

// general.file_type values (llama_ftype): what a model file is "mostly" quantized to.
struct FileTypeInfo {
  uint32_t id;
  std::string_view name;  // e.g. "Q4_K - Medium", as llama.cpp prints it
};
// The human name of a general.file_type value, or nullopt for an unknown one.
std::optional<std::string_view> file_type_name(uint32_t file_type_id);

}  // namespace hearth
