// Reference (scalar) conversion of rows between float and every storage type. The quantizers
// are bit-exact with the GGUF ecosystem's reference quantizer (no importance matrix), so files
// Hearth writes are byte-identical to llama-quantize's; the dequantizers give the exact floats
// the format defines. These are the twins every optimised kernel is tested against.
// `n` is the number of values in the row and must be a multiple of the type's block size.
#pragma once

#include <cstdint>

#include "hearth/quant/blocks.h"
#include "hearth/quant/tensor_type.h"

namespace hearth {

using QuantizeRowFn = void (*)(const float* x, void* y, int64_t n);
using DequantizeRowFn = void (*)(const void* x, float* y, int64_t n);

// Per-type conversion functions; either may be null when Hearth cannot convert that way.
struct RowConversion {
  QuantizeRowFn quantize = nullptr;    // float -> type (reference, deterministic)
  DequantizeRowFn dequantize = nullptr;  // type -> float
};
const RowConversion& row_conversion(TensorType type);

// Generic entry points: throw hearth::Exception(Unsupported) for a type without the conversion.
void quantize_row(TensorType type, const float* x, void* y, int64_t n);
void dequantize_row(TensorType type, const void* x, float* y, int64_t n);

// ---- plain types -------------------------------------------------------------------------
void convert_row_f32_to_f16(const float* x, uint16_t* y, int64_t n);
void convert_row_f16_to_f32(const uint16_t* x, float* y, int64_t n);
void convert_row_f32_to_bf16(const float* x, uint16_t* y, int64_t n);
void convert_row_bf16_to_f32(const uint16_t* x, float* y, int64_t n);

// ---- 8-bit types (also the activation types of the dot products) -------------------------
void quantize_row_q8_0_ref(const float* x, BlockQ8_0* y, int64_t n);
void quantize_row_q8_1_ref(const float* x, BlockQ8_1* y, int64_t n);
void quantize_row_q8_k_ref(const float* x, BlockQ8_K* y, int64_t n);
void dequantize_row_q8_0(const BlockQ8_0* x, float* y, int64_t n);
void dequantize_row_q8_k(const BlockQ8_K* x, float* y, int64_t n);

}  // namespace hearth
