// Scalar twins of the element-wise ops: the textbook formulas with the C library's exp/tanh.
#include <cmath>

#include "hearth/base/half.h"
#include "ops_impl.h"
#include "vec_dot.h"

namespace hearth::kernels::scalar {

namespace {

void rms_norm(const float* x, const float* weight, float* y, int64_t n, float eps) {
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(x[i]) * x[i];
  const float inv = 1.0f / std::sqrt(static_cast<float>(sum / static_cast<double>(n)) + eps);
  for (int64_t i = 0; i < n; ++i) y[i] = x[i] * inv * (weight ? weight[i] : 1.0f);
}

void softmax(float* x, int64_t n, float scale) {
  if (n <= 0) return;
  float max = scale * x[0];
  for (int64_t i = 1; i < n; ++i) max = std::fmax(max, scale * x[i]);
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    x[i] = std::exp(scale * x[i] - max);
    sum += x[i];
  }
  const float inv = static_cast<float>(1.0 / sum);
  for (int64_t i = 0; i < n; ++i) x[i] *= inv;
}

inline float silu1(float x) { return x / (1.0f + std::exp(-x)); }
inline float gelu1(float x) {
  constexpr float kSqrt2OverPi = 0.7978845608028654f;
  return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * x * (1.0f + 0.044715f * x * x)));
}

void silu(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = silu1(x[i]);
}
void gelu(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = gelu1(x[i]);
}
void swiglu(const float* g, const float* u, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = silu1(g[i]) * u[i];
}
void geglu(const float* g, const float* u, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = gelu1(g[i]) * u[i];
}
void add(const float* a, const float* b, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = a[i] + b[i];
}
void mul(const float* a, const float* b, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = a[i] * b[i];
}
void scale(const float* x, float s, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = x[i] * s;
}

void rope_head(float* x, const float* c, const float* s, int n_dims, RopeOrder order) {
  const int half = n_dims / 2;
  for (int i = 0; i < half; ++i) {
    float& a = order == RopeOrder::Normal ? x[2 * i] : x[i];
    float& b = order == RopeOrder::Normal ? x[2 * i + 1] : x[i + half];
    const float x0 = a, x1 = b;
    a = x0 * c[i] - x1 * s[i];
    b = x0 * s[i] + x1 * c[i];
  }
}

void axpy_f16(float a, const uint16_t* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += a * f16_to_f32(x[i]);
}

void axpy_f32(float a, const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += a * x[i];
}

void to_f16(const float* x, uint16_t* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = f32_to_f16(x[i]);
}
void from_f16(const uint16_t* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = f16_to_f32(x[i]);
}

void exp_row(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
}

}  // namespace

const OpsKernels kOps = {rms_norm, softmax, silu, gelu, swiglu, geglu, add, mul, scale, rope_head,
                         vec_dot_f16_f32, axpy_f16, axpy_f32, to_f16, from_f16, exp_row};

}  // namespace hearth::kernels::scalar
