// Public entry points of ops.h: dispatch to the active family, plus the RoPE angle table that
// all families share.
#include <algorithm>
#include <cmath>
#include <vector>

#include "hearth/base/result.h"
#include "ops_impl.h"

namespace hearth::kernels {

const OpsKernels& ops_kernels(Isa isa) { return isa == Isa::Avx2 ? avx2::kOps : scalar::kOps; }

void rms_norm(const float* x, const float* weight, float* y, int64_t n, float eps) { ops_kernels().rms_norm(x, weight, y, n, eps); }
void softmax(float* x, int64_t n, float scale) { ops_kernels().softmax(x, n, scale); }
void silu(const float* x, float* y, int64_t n) { ops_kernels().silu(x, y, n); }
void gelu(const float* x, float* y, int64_t n) { ops_kernels().gelu(x, y, n); }
void swiglu(const float* gate, const float* up, float* y, int64_t n) { ops_kernels().swiglu(gate, up, y, n); }
void geglu(const float* gate, const float* up, float* y, int64_t n) { ops_kernels().geglu(gate, up, y, n); }
void add(const float* a, const float* b, float* y, int64_t n) { ops_kernels().add(a, b, y, n); }
void mul(const float* a, const float* b, float* y, int64_t n) { ops_kernels().mul(a, b, y, n); }
void scale(const float* x, float s, float* y, int64_t n) { ops_kernels().scale(x, s, y, n); }

void f32_to_f16_row(const float* x, uint16_t* y, int64_t n) { ops_kernels().to_f16(x, y, n); }
void f16_to_f32_row(const uint16_t* x, float* y, int64_t n) { ops_kernels().from_f16(x, y, n); }

namespace {
// Rows per chunk: about 64 KiB of floats, so small batches stay on the calling thread.
int64_t row_grain(int64_t n) { return std::max<int64_t>(1, 16384 / std::max<int64_t>(n, 1)); }
}  // namespace

void rms_norm_rows(const float* x, int64_t x_stride, const float* weight, float* y, int64_t y_stride, int64_t n_rows,
                   int64_t n, float eps, ThreadPool& pool) {
  const OpsKernels& k = ops_kernels();
  pool.parallel_for(n_rows, row_grain(n), [&](int64_t r0, int64_t r1, int) {
    for (int64_t r = r0; r < r1; ++r) k.rms_norm(x + r * x_stride, weight, y + r * y_stride, n, eps);
  });
}

void swiglu_rows(const float* gate, int64_t gate_stride, const float* up, int64_t up_stride, float* y, int64_t y_stride,
                 int64_t n_rows, int64_t n, ThreadPool& pool) {
  const OpsKernels& k = ops_kernels();
  pool.parallel_for(n_rows, row_grain(n), [&](int64_t r0, int64_t r1, int) {
    for (int64_t r = r0; r < r1; ++r) k.swiglu(gate + r * gate_stride, up + r * up_stride, y + r * y_stride, n);
  });
}

void geglu_rows(const float* gate, int64_t gate_stride, const float* up, int64_t up_stride, float* y, int64_t y_stride,
                int64_t n_rows, int64_t n, ThreadPool& pool) {
  const OpsKernels& k = ops_kernels();
  pool.parallel_for(n_rows, row_grain(n), [&](int64_t r0, int64_t r1, int) {
    for (int64_t r = r0; r < r1; ++r) k.geglu(gate + r * gate_stride, up + r * up_stride, y + r * y_stride, n);
  });
}

void add_rows(const float* a, int64_t a_stride, const float* b, int64_t b_stride, float* y, int64_t y_stride,
              int64_t n_rows, int64_t n, ThreadPool& pool) {
  const OpsKernels& k = ops_kernels();
  pool.parallel_for(n_rows, row_grain(n), [&](int64_t r0, int64_t r1, int) {
    for (int64_t r = r0; r < r1; ++r) k.add(a + r * a_stride, b + r * b_stride, y + r * y_stride, n);
  });
}

void rope_angles(int32_t position, const RopeParams& p, float* cos, float* sin) {
  const float theta_scale = std::pow(p.freq_base, -2.0f / static_cast<float>(p.n_dims));
  float theta = static_cast<float>(position);
  for (int i = 0; i < p.n_dims / 2; ++i) {
    const float factor = p.freq_factors ? p.freq_factors[i] : 1.0f;
    const float angle = p.freq_scale * (theta / factor);
    cos[i] = std::cos(angle);
    sin[i] = std::sin(angle);
    theta *= theta_scale;
  }
}

namespace {
void check_rope(int64_t head_dim, const RopeParams& params) {
  if (params.n_dims <= 0 || params.n_dims % 2 != 0 || params.n_dims > head_dim)
    fail(ErrorCode::InvalidArgument, "rope: n_dims must be even and within the head size");
}
void rope_tokens(float* x, int64_t t0, int64_t t1, int64_t n_heads, int64_t head_dim, int64_t token_stride,
                 const int32_t* positions, const RopeParams& params) {
  const OpsKernels& k = ops_kernels();
  thread_local std::vector<float> table;
  table.resize(static_cast<size_t>(params.n_dims));
  float* c = table.data();
  float* s = c + params.n_dims / 2;
  for (int64_t t = t0; t < t1; ++t) {
    rope_angles(positions[t], params, c, s);
    for (int64_t h = 0; h < n_heads; ++h) k.rope_head(x + t * token_stride + h * head_dim, c, s, params.n_dims, params.order);
  }
}
}  // namespace

void rope(float* x, int64_t n_tokens, int64_t n_heads, int64_t head_dim, int64_t token_stride, const int32_t* positions,
          const RopeParams& params) {
  check_rope(head_dim, params);
  rope_tokens(x, 0, n_tokens, n_heads, head_dim, token_stride, positions, params);
}

void rope(float* x, int64_t n_tokens, int64_t n_heads, int64_t head_dim, int64_t token_stride, const int32_t* positions,
          const RopeParams& params, ThreadPool& pool) {
  check_rope(head_dim, params);
  pool.parallel_for(n_tokens, row_grain(n_heads * head_dim), [&](int64_t t0, int64_t t1, int) {
    rope_tokens(x, t0, t1, n_heads, head_dim, token_stride, positions, params);
  });
}

}  // namespace hearth::kernels
