#version 450
// out[r] = in[r] / sqrt(mean(in[r]^2) + eps) * weight; one workgroup per row.
#define WG 128
#include "common.glsl"
layout(local_size_x = WG) in;
layout(binding = 0) readonly buffer In { float in_f[]; };
layout(binding = 1) readonly buffer Weight { float weight_f[]; };
layout(binding = 2) writeonly buffer Out { float out_f[]; };
layout(push_constant) uniform Params {
  uint in_off, in_stride, weight_off, out_off, out_stride, cols;
  float eps;
} p;
#include "reduce.glsl"

void main() {
  const uint r = gl_WorkGroupID.x;
  const uint in_row = p.in_off + r * p.in_stride;
  float sum = 0.0;
  for (uint i = gl_LocalInvocationIndex; i < p.cols; i += WG) sum += in_f[in_row + i] * in_f[in_row + i];
  sum = wg_sum(sum);
  const float inv = 1.0 / sqrt(sum / float(p.cols) + p.eps);
  for (uint i = gl_LocalInvocationIndex; i < p.cols; i += WG)
    out_f[p.out_off + r * p.out_stride + i] = in_f[in_row + i] * inv * weight_f[p.weight_off + i];
}
