// Reference (scalar) conversion of rows between float and every storage type. The quantizers
// are bit-exact with the GGUF ecosystem's reference quantizer (llama-quantize without an
// importance matrix), so files Hearth writes are byte-identical to llama-quantize's; the
// dequantizers give the exact floats the format defines. These are the twins every optimised
// kernel is tested against.
//
// `n` is the number of values in the row and must be a multiple of the type's block size (the
// typed functions convert floor(n / block) blocks; the generic entry points check). Non-finite
// inputs (NaN, inf) give deterministic but meaningless blocks, exactly as the reference does on
// x86-64 and without undefined behaviour; callers that write files should reject them first
// (see first_non_finite).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

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

// Generic entry points: throw hearth::Exception(Unsupported) for a type without the conversion
// and (InvalidArgument) when n is negative or not a multiple of the block size.
void quantize_row(TensorType type, const float* x, void* y, int64_t n);
void dequantize_row(TensorType type, const void* x, float* y, int64_t n);

// Quantizes `nrows` consecutive rows of `n_per_row` values each (a whole tensor, or a slice of
// one) into consecutive rows of `type`, splitting the rows over `n_threads` threads (0: one per
// hardware thread; 1: the calling thread only). Every row is independent, so the bytes do not
// depend on the thread count. Returns the bytes written (nrows * row bytes). Throws like
// quantize_row.
size_t quantize_rows(TensorType type, const float* src, void* dst, int64_t nrows, int64_t n_per_row,
                     int n_threads = 1);

// Index of the first NaN or infinity in x[0..n), if any.
std::optional<int64_t> first_non_finite(const float* x, int64_t n);

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
void dequantize_row_q8_1(const BlockQ8_1* x, float* y, int64_t n);
void dequantize_row_q8_k(const BlockQ8_K* x, float* y, int64_t n);

// ---- legacy 4/5-bit types (blocks of 32) ---------------------------------------------------
void quantize_row_q4_0_ref(const float* x, BlockQ4_0* y, int64_t n);
void quantize_row_q4_1_ref(const float* x, BlockQ4_1* y, int64_t n);
void quantize_row_q5_0_ref(const float* x, BlockQ5_0* y, int64_t n);
void quantize_row_q5_1_ref(const float* x, BlockQ5_1* y, int64_t n);
void dequantize_row_q4_0(const BlockQ4_0* x, float* y, int64_t n);
void dequantize_row_q4_1(const BlockQ4_1* x, float* y, int64_t n);
void dequantize_row_q5_0(const BlockQ5_0* x, float* y, int64_t n);
void dequantize_row_q5_1(const BlockQ5_1* x, float* y, int64_t n);

// ---- K types (super-blocks of 256) --------------------------------------------------------
void quantize_row_q2_k_ref(const float* x, BlockQ2_K* y, int64_t n);
void quantize_row_q3_k_ref(const float* x, BlockQ3_K* y, int64_t n);
void quantize_row_q4_k_ref(const float* x, BlockQ4_K* y, int64_t n);
void quantize_row_q5_k_ref(const float* x, BlockQ5_K* y, int64_t n);
void quantize_row_q6_k_ref(const float* x, BlockQ6_K* y, int64_t n);
void dequantize_row_q2_k(const BlockQ2_K* x, float* y, int64_t n);
void dequantize_row_q3_k(const BlockQ3_K* x, float* y, int64_t n);
void dequantize_row_q4_k(const BlockQ4_K* x, float* y, int64_t n);
void dequantize_row_q5_k(const BlockQ5_K* x, float* y, int64_t n);
void dequantize_row_q6_k(const BlockQ6_K* x, float* y, int64_t n);

// ---- non-linear 4-bit (blocks of 32; the fallback of Q2_K/Q3_K for rows not a multiple of 256)
// Matches llama-quantize's IQ4_NL output (its scale search), not ggml's search-free
// quantize_row_iq4_nl_ref.
void quantize_row_iq4_nl_ref(const float* x, BlockIQ4_NL* y, int64_t n);
void dequantize_row_iq4_nl(const BlockIQ4_NL* x, float* y, int64_t n);

}  // namespace hearth
