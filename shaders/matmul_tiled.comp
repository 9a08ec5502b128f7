#version 450
// out[t][r] = Σ_e W[r][e] · in[t][e] (+ bias[r]) for prompt batches: a workgroup computes a
// BM-row × BN-token tile, stepping through the row in BK-wide slices that are dequantized into
// shared memory once and reused by every token of the tile (each invocation: TM × TN outputs).
#define BM 32
#define BN 32
#define BK 32
#define TM 2
#define TN 2
#define WG ((BM / TM) * (BN / TN))
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

shared float a_sh[BM][BK + 1];  // +1: rows in different banks
shared float b_sh[BN][BK + 1];

void main() {
  const uint tid = gl_LocalInvocationIndex;
  const uint r0 = gl_WorkGroupID.x * BM, t0 = gl_WorkGroupID.y * BN;
  const uint tm = (tid % (BM / TM)) * TM, tn = (tid / (BM / TM)) * TN;
  float acc[TM][TN];
  for (uint i = 0; i < TM; ++i)
    for (uint j = 0; j < TN; ++j) acc[i][j] = 0.0;

  for (uint k0 = 0; k0 < p.cols; k0 += BK) {
    for (uint idx = tid; idx < BM * BK; idx += WG) {
      const uint r = idx / BK, k = idx % BK;
      a_sh[r][k] = (r0 + r < p.rows && k0 + k < p.cols) ? dequant_row(p.w_off + (r0 + r) * p.w_row_bytes, k0 + k) : 0.0;
    }
    for (uint idx = tid; idx < BN * BK; idx += WG) {
      const uint t = idx / BK, k = idx % BK;
      b_sh[t][k] = (t0 + t < p.n_tok && k0 + k < p.cols) ? in_f[p.in_off + (t0 + t) * p.in_stride + k0 + k] : 0.0;
    }
    barrier();
    for (uint k = 0; k < BK; ++k)
      for (uint i = 0; i < TM; ++i)
        for (uint j = 0; j < TN; ++j) acc[i][j] += a_sh[tm + i][k] * b_sh[tn + j][k];
    barrier();
  }
  for (uint i = 0; i < TM; ++i) {
    const uint r = r0 + tm + i;
    if (r >= p.rows) continue;
    const float bias = p.has_bias != 0u ? bias_f[p.bias_off + r] : 0.0;
    for (uint j = 0; j < TN; ++j) {
      const uint t = t0 + tn + j;
      if (t < p.n_tok) out_f[p.out_off + t * p.out_stride + r] = acc[i][j] + bias;
    }
  }
}
