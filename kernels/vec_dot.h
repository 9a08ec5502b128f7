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
#include "hearth/quant/k_scales.h"

namespace hearth::kernels {

// Block constants and packed-scale layouts (kIq4nlValues, unpack_q4k_scale_min,
// unpack_q3k_scale) come from hearth/quant: one definition per format fact.

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
