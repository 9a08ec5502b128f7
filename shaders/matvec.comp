#version 450
// out[t][r] = Σ_e W[r][e] · in[t][e] (+ bias[r]) for 1…MAX_TOKENS tokens: each weight row is
// read once for all tokens (generation is bound by reading the weights). One workgroup per
// row; the invocations stride over the row and the partial sums meet in wg_sum.
#define WG 64
#define MAX_TOKENS 8
#include "common.glsl"
layout(local_size_x = WG) in;
layout(binding = 0) readonly buffer Weights { uint weight_words[]; };
layout(binding = 1) readonly buffer In { float in_f[]; };
layout(binding = 2) writeonly buffer Out { float out_f[]; };
layout(binding = 3) readonly buffer Bias { float bias_f[]; };
layout(push_constant) uniform Params {
  uint w_off, w_row_bytes, cols, rows, n_tok;
  uint in_off, in_stride, out_off, out_stride;
  uint has_bias, bias_off;
} p;
#include "dequant.glsl"
#include "reduce.glsl"

void main() {
  const uint r = gl_WorkGroupID.x + gl_WorkGroupID.y * gl_NumWorkGroups.x;
  if (r >= p.rows) return;  // uniform across the workgroup
  const uint row = p.w_off + r * p.w_row_bytes;
  float acc[MAX_TOKENS];
  for (uint t = 0; t < MAX_TOKENS; ++t) acc[t] = 0.0;
  for (uint e = gl_LocalInvocationIndex; e < p.cols; e += WG) {
    const float w = dequant_row(row, e);
    for (uint t = 0; t < p.n_tok; ++t) acc[t] += w * in_f[p.in_off + t * p.in_stride + e];
  }
  const float bias = p.has_bias != 0u ? bias_f[p.bias_off + r] : 0.0;
  for (uint t = 0; t < p.n_tok; ++t) {
    const float sum = wg_sum(acc[t]);
    if (gl_LocalInvocationIndex == 0u) out_f[p.out_off + t * p.out_stride + r] = sum + bias;
  }
}
