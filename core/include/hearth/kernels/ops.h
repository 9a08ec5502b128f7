// Element-wise and per-row operations of the forward pass, on F32 rows. Every function
// dispatches to the active kernel family (cpu.h) and has a scalar twin.
//
// Unless said otherwise: n is the row length, x/y may be the same pointer (in place), and
// there is no alignment requirement.
#pragma once

#include <cstdint>

#include "hearth/kernels/thread_pool.h"

namespace hearth::kernels {

// y = x / sqrt(mean(x^2) + eps) * weight   (weight [n]; nullptr = no per-channel weight)
void rms_norm(const float* x, const float* weight, float* y, int64_t n, float eps);

// In place: x = softmax(scale * x), numerically stable (max subtracted).
void softmax(float* x, int64_t n, float scale = 1.0f);

// y = x * sigmoid(x)
void silu(const float* x, float* y, int64_t n);
// y = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))   (the tanh form used by GELU models)
void gelu(const float* x, float* y, int64_t n);
// y = silu(gate) * up      (LLaMA-style FFN: y may alias gate or up)
void swiglu(const float* gate, const float* up, float* y, int64_t n);
// y = gelu(gate) * up      (Gemma-style FFN)
void geglu(const float* gate, const float* up, float* y, int64_t n);

// y = a + b, y = a * b (element-wise; y may alias a or b), y = x * s
void add(const float* a, const float* b, float* y, int64_t n);
void mul(const float* a, const float* b, float* y, int64_t n);
void scale(const float* x, float s, float* y, int64_t n);

// F32 <-> F16 rows (KV cache stores): round to nearest even, the same bits as
// hearth/base/half.h's f32_to_f16 / the reference converter.
void f32_to_f16_row(const float* x, uint16_t* y, int64_t n);
void f16_to_f32_row(const uint16_t* x, float* y, int64_t n);

// ---- batches: the same ops over n_rows rows, split across the pool ----------------------
// Row i of x / gate / up / a / b / y starts at i * the matching stride (in elements).
void rms_norm_rows(const float* x, int64_t x_stride, const float* weight, float* y, int64_t y_stride, int64_t n_rows,
                   int64_t n, float eps, ThreadPool& pool);
void swiglu_rows(const float* gate, int64_t gate_stride, const float* up, int64_t up_stride, float* y, int64_t y_stride,
                 int64_t n_rows, int64_t n, ThreadPool& pool);
void geglu_rows(const float* gate, int64_t gate_stride, const float* up, int64_t up_stride, float* y, int64_t y_stride,
                int64_t n_rows, int64_t n, ThreadPool& pool);
void add_rows(const float* a, int64_t a_stride, const float* b, int64_t b_stride, float* y, int64_t y_stride,
              int64_t n_rows, int64_t n, ThreadPool& pool);

// ---- rotary position embedding -----------------------------------------------------------
enum class RopeOrder {
  Normal,  // rotates pairs (x[2i], x[2i+1])            LLaMA, Mistral, most GGUF "llama" models
  NeoX,    // rotates pairs (x[i], x[i + n_dims / 2])   GPT-NeoX, Qwen2, Gemma, Phi-3 ...
};

struct RopeParams {
  int n_dims = 0;              // leading dims of each head that are rotated (<= head_dim, even)
  float freq_base = 10000.0f;  // theta_i = pos * freq_scale * freq_base^(-2i / n_dims)
  float freq_scale = 1.0f;     // linear position scaling (1 / the "rope scaling factor")
  RopeOrder order = RopeOrder::Normal;
  const float* freq_factors = nullptr;  // optional [n_dims / 2]: theta_i /= freq_factors[i] (LLaMA 3.1 style)
};

// Rotates, in place, the first n_dims values of every head of every token:
//   x [n_tokens x n_heads x head_dim], head h of token t at x + t * token_stride + h * head_dim
//   positions [n_tokens]: the position of each token
// The angles are computed once per token in float exactly as llama.cpp does (an iterated
// product theta *= freq_base^(-2 / n_dims)), so rotated vectors match its outputs closely.
void rope(float* x, int64_t n_tokens, int64_t n_heads, int64_t head_dim, int64_t token_stride,
          const int32_t* positions, const RopeParams& params);
// The same, tokens split across the pool.
void rope(float* x, int64_t n_tokens, int64_t n_heads, int64_t head_dim, int64_t token_stride,
          const int32_t* positions, const RopeParams& params, ThreadPool& pool);

}  // namespace hearth::kernels
