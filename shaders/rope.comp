#version 450
// Rotary position embedding in place on F32 rows [tokens × n_heads*head_dim]; one invocation
// per rotated pair. The angle is computed as the CPU does (kernels/ops.cpp rope_angles):
// theta = position, multiplied i times by theta_scale (computed on the host with the same
// pow), divided by the optional frequency factor, times freq_scale.
#include "common.glsl"
layout(local_size_x = 64) in;
layout(binding = 0) buffer X { float x_f[]; };
layout(binding = 1) readonly buffer Factors { float factors_f[]; };
layout(push_constant) uniform Params {
  uint x_off, x_stride, n_heads, head_dim, n_rot;
  int pos0, pos_step;  // token t is at pos0 + t * pos_step
  float theta_scale, freq_scale;
  uint neox, has_factors, factors_off;
} p;

void main() {
  const uint half_rot = p.n_rot / 2u;
  const uint idx = gl_GlobalInvocationID.x;
  if (idx >= p.n_heads * half_rot) return;
  const uint h = idx / half_rot, i = idx % half_rot;
  const uint t = gl_GlobalInvocationID.y;
  float theta = float(p.pos0 + int(t) * p.pos_step);
  for (uint k = 0; k < i; ++k) theta *= p.theta_scale;
  if (p.has_factors != 0u) theta = theta / factors_f[p.factors_off + i];
  const float angle = p.freq_scale * theta;
  const float c = cos(angle), s = sin(angle);
  const uint base = p.x_off + t * p.x_stride + h * p.head_dim;
  const uint ia = base + (p.neox != 0u ? i : 2u * i);
  const uint ib = base + (p.neox != 0u ? i + half_rot : 2u * i + 1u);
  const float x0 = x_f[ia], x1 = x_f[ib];
  x_f[ia] = x0 * c - x1 * s;
  x_f[ib] = x0 * s + x1 * c;
}
