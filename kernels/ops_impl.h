// Private: the per-family implementations behind ops.h and attention.h. Tests include this to
// compare the families directly.
#pragma once

#include <cstdint>

#include "hearth/kernels/cpu.h"
#include "hearth/kernels/ops.h"

namespace hearth::kernels {

struct OpsKernels {
  void (*rms_norm)(const float* x, const float* weight, float* y, int64_t n, float eps);
  void (*softmax)(float* x, int64_t n, float scale);
  void (*silu)(const float* x, float* y, int64_t n);
  void (*gelu)(const float* x, float* y, int64_t n);
  void (*swiglu)(const float* gate, const float* up, float* y, int64_t n);
  void (*geglu)(const float* gate, const float* up, float* y, int64_t n);
  void (*add)(const float* a, const float* b, float* y, int64_t n);
  void (*mul)(const float* a, const float* b, float* y, int64_t n);
  void (*scale)(const float* x, float s, float* y, int64_t n);
  // Rotates the first n_dims values of one head with precomputed cos/sin [n_dims / 2].
  void (*rope_head)(float* x, const float* cos, const float* sin, int n_dims, RopeOrder order);
  // Attention primitives: dot of an F16 row with an F32 row; y += a * x for an F16 / F32 row x.
  float (*dot_f16_f32)(int64_t n, const void* x, const void* y);
  void (*axpy_f16)(float a, const uint16_t* x, float* y, int64_t n);
  void (*axpy_f32)(float a, const float* x, float* y, int64_t n);
  void (*to_f16)(const float* x, uint16_t* y, int64_t n);
  void (*from_f16)(const uint16_t* x, float* y, int64_t n);
  // y = exp(x), exposed for the accuracy test of the vectorised exp.
  void (*exp)(const float* x, float* y, int64_t n);
};

const OpsKernels& ops_kernels(Isa isa);
inline const OpsKernels& ops_kernels() { return ops_kernels(active_isa()); }

// Angles of one token: cos/sin [n_dims / 2] of theta_i (see RopeParams). Shared by all
// families so they rotate by identical angles.
void rope_angles(int32_t position, const RopeParams& params, float* cos, float* sin);

namespace scalar {
extern const OpsKernels kOps;
}
namespace avx2 {
extern const OpsKernels kOps;
}

}  // namespace hearth::kernels
