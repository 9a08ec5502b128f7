#version 450
// Element-wise ops on F32 rows, one per -D: OP_ADD (out = a + b), OP_SCALE (out = a * s),
// OP_SWIGLU (out = silu(a) * b), OP_GEGLU (out = gelu_tanh(a) * b),
// OP_ROUND_F16 / OP_ROUND_BF16 (out = a rounded to that precision). x: column, y: row.
#include "common.glsl"
layout(local_size_x = 64) in;
layout(binding = 0) readonly buffer A { float a_f[]; };
layout(binding = 1) readonly buffer B { float b_f[]; };
layout(binding = 2) buffer Out { float out_f[]; };
layout(push_constant) uniform Params {
  uint a_off, a_stride, b_off, b_stride, out_off, out_stride, cols;
  float s;
} p;

void main() {
  const uint c = gl_GlobalInvocationID.x, r = gl_GlobalInvocationID.y;
  if (c >= p.cols) return;
  const float a = a_f[p.a_off + r * p.a_stride + c];
#if defined(OP_ADD)
  const float y = a + b_f[p.b_off + r * p.b_stride + c];
#elif defined(OP_SCALE)
  const float y = a * p.s;
#elif defined(OP_SWIGLU)
  const float y = a / (1.0 + exp(-a)) * b_f[p.b_off + r * p.b_stride + c];
#elif defined(OP_GEGLU)
  // tanh written with exp of a clamped argument: large |u| would overflow exp to inf/inf = NaN
  const float u = clamp(0.7978845608028654 * a * (1.0 + 0.044715 * a * a), -15.0, 15.0);
  const float e = exp(2.0 * u);
  const float y = 0.5 * a * (1.0 + (e - 1.0) / (e + 1.0)) * b_f[p.b_off + r * p.b_stride + c];
#elif defined(OP_ROUND_F16)
  const float y = round_to_f16(a);  // activations meeting F16 weights, as the CPU rounds them
#elif defined(OP_ROUND_BF16)
  const float y = round_to_bf16(a);
#else
#error "define OP_*"
#endif
  out_f[p.out_off + r * p.out_stride + c] = y;
}
