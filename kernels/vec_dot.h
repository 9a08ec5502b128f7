// Private declarations of the per-ISA dot-product and activation-quantizer kernels. The public
// way to reach them is the CPU traits table (hearth/kernels/type_traits.h).
//
// vec_dot_<w>_<a>(n, w, a): sum over i < n of w[i] * a[i], where `w` is a row of weight type
// <w> and `a` a row of its activation type <a>, both n values long (n a multiple of the
// block size of both types).
#pragma once

#include <cstdint>

#include "hearth/kernels/type_traits.h"
#include "hearth/quant/blocks.h"

namespace hearth::kernels {

// The 16 values an IQ4_NL index selects (public GGUF format constant).
inline constexpr int8_t kIq4nlValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10,
                                            1,    13,   25,  38,  53,  69,  89,  113};

// Q4_K / Q5_K: the 6-bit scale and min of sub-block j (0..7) from the 12 packed bytes.
inline void unpack_k4_scale_min(const uint8_t* packed, int j, int& scale, int& min) {
  if (j < 4) {
    scale = packed[j] & 63;
    min = packed[j + 4] & 63;
  } else {
    scale = (packed[j + 4] & 0x0f) | ((packed[j - 4] >> 6) << 4);
    min = (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4);
  }
}

// Q3_K: the 16 signed 6-bit scales (stored biased by 32) from the 12 packed bytes: the low 4
// bits of scale j are the low (j < 8) or high (j >= 8) nibble of byte j % 8, the high 2 bits
// are bits 2*(j / 4)..2*(j / 4)+1 of byte 8 + j % 4.
inline void unpack_q3_k_scales(const uint8_t* packed, int8_t out[16]) {
  for (int j = 0; j < 16; ++j) {
    const int low = j < 8 ? (packed[j] & 0x0f) : (packed[j - 8] >> 4);
    const int high = (packed[8 + (j % 4)] >> (2 * (j / 4))) & 3;
    out[j] = static_cast<int8_t>((low | (high << 4)) - 32);
  }
}

namespace scalar {
float vec_dot_f32_f32(int64_t n, const void* w, const void* a);
float vec_dot_f16_f32(int64_t n, const void* w, const void* a);
float vec_dot_f16_f16(int64_t n, const void* w, const void* a);
float vec_dot_bf16_f32(int64_t n, const void* w, const void* a);
float vec_dot_q4_0_q8_0(int64_t n, const void* w, const void* a);
float vec_dot_q4_1_q8_1(int64_t n, const void* w, const void* a);
float vec_dot_q5_0_q8_0(int64_t n, const void* w, const void* a);
float vec_dot_q5_1_q8_1(int64_t n, const void* w, const void* a);
float vec_dot_q8_0_q8_0(int64_t n, const void* w, const void* a);
float vec_dot_iq4_nl_q8_0(int64_t n, const void* w, const void* a);
float vec_dot_q2_k_q8_k(int64_t n, const void* w, const void* a);
float vec_dot_q3_k_q8_k(int64_t n, const void* w, const void* a);
float vec_dot_q4_k_q8_k(int64_t n, const void* w, const void* a);
float vec_dot_q5_k_q8_k(int64_t n, const void* w, const void* a);
float vec_dot_q6_k_q8_k(int64_t n, const void* w, const void* a);
void quantize_act_q8_0(const float* x, void* y, int64_t n);
void quantize_act_q8_1(const float* x, void* y, int64_t n);
void quantize_act_q8_k(const float* x, void* y, int64_t n);
void quantize_act_f16(const float* x, void* y, int64_t n);
}  // namespace scalar

namespace avx2 {
float vec_dot_f32_f32(int64_t n, const void* w, const void* a);
float vec_dot_f16_f32(int64_t n, const void* w, const void* a);
float vec_dot_f16_f16(int64_t n, const void* w, const void* a);
float vec_dot_bf16_f32(int64_t n, const void* w, const void* a);
float vec_dot_q4_0_q8_0(int64_t n, const void* w, const void* a);
float vec_dot_q4_1_q8_1(int64_t n, const void* w, const void* a);
float vec_dot_q5_0_q8_0(int64_t n, const void* w, const void* a);
float vec_dot_q5_1_q8_1(int64_t n, const void* w, const void* a);
float vec_dot_q8_0_q8_0(int64_t n, const void* w, const void* a);
float vec_dot_iq4_nl_q8_0(int64_t n, const void* w, const void* a);
float vec_dot_q2_k_q8_k(int64_t n, const void* w, const void* a);
float vec_dot_q3_k_q8_k(int64_t n, const void* w, const void* a);
float vec_dot_q4_k_q8_k(int64_t n, const void* w, const void* a);
float vec_dot_q5_k_q8_k(int64_t n, const void* w, const void* a);
float vec_dot_q6_k_q8_k(int64_t n, const void* w, const void* a);
void quantize_act_q8_0(const float* x, void* y, int64_t n);
void quantize_act_q8_1(const float* x, void* y, int64_t n);
void quantize_act_q8_k(const float* x, void* y, int64_t n);
void quantize_act_f16(const float* x, void* y, int64_t n);
}  // namespace avx2

}  // namespace hearth::kernels
