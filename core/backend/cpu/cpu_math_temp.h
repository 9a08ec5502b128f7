// TEMPORARY scalar math of the CPU backend, until kernels/ (issue 3) lands its kernels:
// the ops below will call kernels/' vec-dots, matmul, RMSNorm, RoPE, softmax, SiLU/GELU and
// attention loops instead, and this file and its .cpp will be deleted (kernels/ owns the math).
#pragma once

#include <cstdint>

#include "hearth/backend/backend.h"

namespace hearth::cpu::temp {

float dot_f32(const float* a, const float* b, int64_t n);
// out = in / sqrt(mean(in²) + eps) * w
void rms_norm_row(float* out, const float* in, const float* w, int64_t n, float eps);
// Rotates every head of one row (n_heads = n / head_dim) as position `pos`.
void rope_row(float* x, int64_t n, int head_dim, double pos, const RopeParams& p);
void silu_mul(float* out, const float* gate, const float* up, int64_t n);
void gelu_tanh_mul(float* out, const float* gate, const float* up, int64_t n);
// Softmax of x[0..n) in place.
void softmax(float* x, int64_t n);

}  // namespace hearth::cpu::temp
