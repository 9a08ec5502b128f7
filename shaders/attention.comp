#version 450
// Causal attention of one (KV split, head, token) per workgroup over a cache of type KV_F32,
// KV_F16 or KV_Q8_0: scores = scale * q·k_j for the rows j of this split the token may see
// (j <= pos0 + t), an online softmax over chunks of WG rows (one row per invocation), and
// acc = Σ p_j v_j. With one split the workgroup writes the normalised output; with several it
// writes (max, sum, acc) and attention_reduce.comp combines the splits (flash-decoding: a
// single token still spreads a long context over many workgroups).
// With an F16 cache q and p are rounded to F16 first, as the CPU backend does
// (kernels/attention.cpp: llama.cpp multiplies the F16 cache with F16 copies of both).
#define WG 64
#define MAX_HEAD_DIM 256
#include "common.glsl"
#include "blocks.glsl"
layout(local_size_x = WG) in;
layout(binding = 0) readonly buffer Q { float q_f[]; };
layout(binding = 1) readonly buffer K { uint k_words[]; };
layout(binding = 2) readonly buffer V { uint v_words[]; };
layout(binding = 3) writeonly buffer Out { float out_f[]; };
layout(binding = 4) writeonly buffer Part { float part_f[]; };
layout(push_constant) uniform Params {
  uint q_off, q_stride, n_head, group, hd_k, hd_v;
  uint k_off, k_row_bytes, v_off, v_row_bytes;  // bytes
  uint pos0;
  float scale;
  uint n_split, split_len;
  uint out_off, out_stride, part_off;
} p;
#include "reduce.glsl"

const float kNoScore = -3.0e38;  // finite: exp(kNoScore - m) is 0, never NaN

#if defined(KV_F32)
#define KV_VALUE(buf, row, i) uintBitsToFloat(buf[((row) >> 2) + (i)])
#elif defined(KV_F16)
#define KV_VALUE(buf, row, i) F16_AT(buf, (row) + 2u * (i))
#elif defined(KV_Q8_0)
#define KV_BLOCK(row, i) ((row) + ((i) / Q8_0_BLOCK_VALUES) * Q8_0_BLOCK_BYTES)
#define KV_VALUE(buf, row, i) \
  (float(I8_AT(buf, KV_BLOCK(row, i) + 2u + (i) % Q8_0_BLOCK_VALUES)) * F16_AT(buf, KV_BLOCK(row, i)))
#else
#error "define KV_*"
#endif

shared float q_sh[MAX_HEAD_DIM];
shared float p_sh[WG];

void main() {
  const uint s = gl_WorkGroupID.x, h = gl_WorkGroupID.y, t = gl_WorkGroupID.z;
  const uint tid = gl_LocalInvocationIndex;
  const uint g = h / p.group;
  const uint kv_len = p.pos0 + t + 1u;
  const uint j_begin = s * p.split_len;
  const uint j_end = min(j_begin + p.split_len, kv_len);

  for (uint d = tid; d < p.hd_k; d += WG) {
    float q = q_f[p.q_off + t * p.q_stride + h * p.hd_k + d];
#if defined(KV_F16)
    q = round_to_f16(q);
#endif
    q_sh[d] = q;
  }
  barrier();

  float m = kNoScore, l = 0.0;
  float acc[MAX_HEAD_DIM / WG];
  for (uint k = 0; k < MAX_HEAD_DIM / WG; ++k) acc[k] = 0.0;

  for (uint c = j_begin; c < j_end; c += WG) {
    const uint j = c + tid;
    float score = kNoScore;
    if (j < j_end) {
      const uint row = p.k_off + j * p.k_row_bytes;
      float dot = 0.0;
      for (uint d = 0; d < p.hd_k; ++d) dot += q_sh[d] * KV_VALUE(k_words, row, g * p.hd_k + d);
      score = p.scale * dot;
    }
    const float m_new = max(m, wg_max(score));
    const float e = j < j_end ? exp(score - m_new) : 0.0;
    const float rescale = exp(m - m_new);
    l = l * rescale + wg_sum(e);
    m = m_new;
#if defined(KV_F16)
    p_sh[tid] = round_to_f16(e);
#else
    p_sh[tid] = e;
#endif
    barrier();
    const uint n = min(uint(WG), j_end - c);
    for (uint k = 0; k < MAX_HEAD_DIM / WG; ++k) {
      const uint d = tid + k * WG;
      if (d >= p.hd_v) break;
      float a = acc[k] * rescale;
      for (uint r = 0; r < n; ++r) a += p_sh[r] * KV_VALUE(v_words, p.v_off + (c + r) * p.v_row_bytes, g * p.hd_v + d);
      acc[k] = a;
    }
    barrier();
  }

  if (p.n_split == 1u) {
    for (uint k = 0; k < MAX_HEAD_DIM / WG; ++k) {
      const uint d = tid + k * WG;
      if (d < p.hd_v) out_f[p.out_off + t * p.out_stride + h * p.hd_v + d] = acc[k] / l;
    }
  } else {
    const uint base = p.part_off + ((t * p.n_head + h) * p.n_split + s) * (p.hd_v + 2u);
    if (tid == 0u) {
      part_f[base] = m;
      part_f[base + 1u] = l;
    }
    for (uint k = 0; k < MAX_HEAD_DIM / WG; ++k) {
      const uint d = tid + k * WG;
      if (d < p.hd_v) part_f[base + 2u + d] = acc[k];
    }
  }
}
