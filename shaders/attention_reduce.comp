#version 450
// Combines the per-split (max, sum, acc) of attention.comp: out = Σ_s acc_s e^(m_s - M) / Σ_s l_s e^(m_s - M).
// One workgroup per (head, token), one invocation per output value.
#include "common.glsl"
layout(local_size_x = 64) in;
layout(binding = 0) readonly buffer Part { float part_f[]; };
layout(binding = 1) writeonly buffer Out { float out_f[]; };
layout(push_constant) uniform Params {
  uint part_off, n_head, hd_v, n_split, out_off, out_stride;
} p;

void main() {
  const uint h = gl_WorkGroupID.x, t = gl_WorkGroupID.y;
  const uint stride = p.hd_v + 2u;
  const uint base = p.part_off + (t * p.n_head + h) * p.n_split * stride;
  float m = part_f[base];
  for (uint s = 1; s < p.n_split; ++s) m = max(m, part_f[base + s * stride]);
  float l = 0.0;
  for (uint s = 0; s < p.n_split; ++s) l += part_f[base + s * stride + 1u] * exp(part_f[base + s * stride] - m);
  for (uint d = gl_LocalInvocationIndex; d < p.hd_v; d += 64u) {
    float a = 0.0;
    for (uint s = 0; s < p.n_split; ++s) a += part_f[base + s * stride + 2u + d] * exp(part_f[base + s * stride] - m);
    out_f[p.out_off + t * p.out_stride + h * p.hd_v + d] = a / l;
  }
}
