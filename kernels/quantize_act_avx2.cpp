// AVX2 activation quantizers (F32 -> Q8_0 / Q8_1 / Q8_K / F16). Each produces the SAME BYTES as
// the reference quantizer in core/quant (tested byte for byte): every step is an IEEE
// operation with the same operands (max of |x|, one division, products rounded once), the
// float -> half conversion is F16C's round-to-nearest-even (what f32_to_f16 computes), and the
// rounding to integers reproduces the reference's rule exactly:
//   Q8_0 / Q8_1: std::round (ties away from zero) = trunc(v) + (|v - trunc(v)| >= 0.5 ? sign : 0),
//                where v - trunc(v) is exact in float;
//   Q8_K:        round-to-nearest-even (the reference's 1.5 * 2^23 trick) = _mm256_round_ps.
#include <algorithm>
#include <bit>

#include "hearth/base/half.h"
#include "simd_avx2.h"
#include "matmul_internal.h"
#include "vec_dot.h"

namespace hearth::kernels::avx2 {

namespace {

inline __m256 abs_ps(__m256 v) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), v); }

// std::round semantics (half away from zero) for |v| < 2^23.
inline __m256 round_half_away(__m256 v) {
  const __m256 t = _mm256_round_ps(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  const __m256 frac = abs_ps(_mm256_sub_ps(v, t));
  const __m256 step = _mm256_or_ps(_mm256_set1_ps(1.0f), _mm256_and_ps(v, _mm256_set1_ps(-0.0f)));  // +-1
  return _mm256_add_ps(t, _mm256_and_ps(_mm256_cmp_ps(frac, _mm256_set1_ps(0.5f), _CMP_GE_OQ), step));
}

// 4 x 8 int32 (each in [-128, 127]) -> 32 int8 in element order.
inline __m256i pack_i32_to_i8(__m256i a, __m256i b, __m256i c, __m256i d) {
  const __m256i ab = _mm256_packs_epi32(a, b);  // a0-3 b0-3 | a4-7 b4-7
  const __m256i cd = _mm256_packs_epi32(c, d);  // c0-3 d0-3 | c4-7 d4-7
  const __m256i abcd = _mm256_packs_epi16(ab, cd);  // a0-3 b0-3 c0-3 d0-3 | a4-7 b4-7 c4-7 d4-7
  return _mm256_permutevar8x32_epi32(abcd, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

// Quantizes one 32-value block with the Q8_0 rule; returns the int32 sum of the values.
inline int quantize_block_q8(const float* x, uint16_t& d_out, int8_t* qs, float& d_float) {
  __m256 v[4];
  for (int k = 0; k < 4; ++k) v[k] = _mm256_loadu_ps(x + 8 * k);
  const __m256 amax = _mm256_max_ps(_mm256_max_ps(abs_ps(v[0]), abs_ps(v[1])), _mm256_max_ps(abs_ps(v[2]), abs_ps(v[3])));
  const float d = hmax(amax) / 127.0f;
  const float inv_d = d != 0.0f ? 1.0f / d : 0.0f;
  d_out = static_cast<uint16_t>(_cvtss_sh(d, _MM_FROUND_TO_NEAREST_INT));
  d_float = d;
  const __m256 scale = _mm256_set1_ps(inv_d);
  __m256i q[4];
  for (int k = 0; k < 4; ++k) q[k] = _mm256_cvttps_epi32(round_half_away(_mm256_mul_ps(v[k], scale)));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(qs), pack_i32_to_i8(q[0], q[1], q[2], q[3]));
  return hsum_i32(_mm256_add_epi32(_mm256_add_epi32(q[0], q[1]), _mm256_add_epi32(q[2], q[3])));
}

}  // namespace

void quantize_act_q8_0(const float* x, void* y, int64_t n) {
  auto* out = static_cast<BlockQ8_0*>(y);
  float d;
  for (int64_t b = 0; b < n / kQK8_0; ++b) quantize_block_q8(x + b * kQK8_0, out[b].d, out[b].qs, d);
}

void quantize_act_q8_1(const float* x, void* y, int64_t n) {
  auto* out = static_cast<BlockQ8_1*>(y);
  for (int64_t b = 0; b < n / kQK8_1; ++b) {
    float d;
    const int sum = quantize_block_q8(x + b * kQK8_1, out[b].d, out[b].qs, d);
    out[b].s = static_cast<uint16_t>(_cvtss_sh(static_cast<float>(sum) * d, _MM_FROUND_TO_NEAREST_INT));
  }
}

void quantize_act_q8_k(const float* x, void* y, int64_t n) {
  auto* out = static_cast<BlockQ8_K*>(y);
  for (int64_t b = 0; b < n / kQK_K; ++b, x += kQK_K) {
    BlockQ8_K& blk = out[b];
    __m256 amax_v = _mm256_setzero_ps();
    for (int i = 0; i < kQK_K; i += 8) amax_v = _mm256_max_ps(amax_v, abs_ps(_mm256_loadu_ps(x + i)));
    const float amax = hmax(amax_v);
    if (amax == 0.0f) {
      std::memset(&blk, 0, sizeof blk);
      continue;
    }
    // The reference keeps the signed value of the FIRST element of largest magnitude.
    float max = 0.0f;
    const __m256 amax_b = _mm256_set1_ps(amax);
    for (int i = 0; i < kQK_K; i += 8) {
      const int mask = _mm256_movemask_ps(_mm256_cmp_ps(abs_ps(_mm256_loadu_ps(x + i)), amax_b, _CMP_EQ_OQ));
      if (mask) {
        max = x[i + std::countr_zero(static_cast<unsigned>(mask))];
        break;
      }
    }
    const float iscale = -127.0f / max;
    const __m256 scale = _mm256_set1_ps(iscale);
    const __m256i limit = _mm256_set1_epi32(127);
    for (int g = 0; g < kQK_K; g += 64) {  // 64 values = 4 bsums per iteration
      __m256i q[8];
      for (int k = 0; k < 8; ++k) {
        const __m256 v = _mm256_round_ps(_mm256_mul_ps(_mm256_loadu_ps(x + g + 8 * k), scale), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        q[k] = _mm256_min_epi32(_mm256_cvttps_epi32(v), limit);
      }
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(blk.qs + g), pack_i32_to_i8(q[0], q[1], q[2], q[3]));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(blk.qs + g + 32), pack_i32_to_i8(q[4], q[5], q[6], q[7]));
      // bsums of the 4 groups of 16: add vector pairs, then two horizontal-add rounds.
      const __m256i s0 = _mm256_add_epi32(q[0], q[1]), s1 = _mm256_add_epi32(q[2], q[3]);
      const __m256i s2 = _mm256_add_epi32(q[4], q[5]), s3 = _mm256_add_epi32(q[6], q[7]);
      const __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(s0, s1), _mm256_hadd_epi32(s2, s3));
      // h = [s0 lo, s1 lo, s2 lo, s3 lo | s0 hi, s1 hi, s2 hi, s3 hi] (lo/hi: lanes 0-3 / 4-7)
      const __m128i sums = _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
      _mm_storel_epi64(reinterpret_cast<__m128i*>(blk.bsums + g / 16), _mm_packs_epi32(sums, sums));
    }
    blk.d = 1.0f / iscale;
  }
}

void quantize_act_q8x32(const float* x, void* y, int64_t n) {
  auto* out = static_cast<ActQ8x32*>(y);
  for (int64_t b = 0; b < n / 32; ++b) {
    uint16_t d_half;
    float d;
    const int sum = quantize_block_q8(x + b * 32, d_half, out[b].qs, d);
    out[b].sum = static_cast<int16_t>(sum);
    out[b].d = _cvtsh_ss(d_half);  // the scale as the Q8_0 block stores it
    out[b].s = _cvtsh_ss(static_cast<uint16_t>(_cvtss_sh(static_cast<float>(sum) * d, _MM_FROUND_TO_NEAREST_INT)));
    out[b].unused = 0;
  }
}

void quantize_act_q8k(const float* x, void* y, int64_t n) {
  auto* out = static_cast<ActQ8K*>(y);
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    BlockQ8_K blk;
    quantize_act_q8_k(x + b * kQK_K, &blk, kQK_K);
    act_q8k_from_block(blk, out[b]);
  }
}

void quantize_act_f16(const float* x, void* y, int64_t n) {
  auto* out = static_cast<uint16_t*>(y);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
  for (; i < n; ++i) out[i] = static_cast<uint16_t>(_cvtss_sh(x[i], _MM_FROUND_TO_NEAREST_INT));
}

// F16C rounds to nearest even, like f32_to_f16.
void round_act_f16(const float* x, void* y, int64_t n) {
  auto* out = static_cast<float*>(y);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT);
    _mm256_storeu_ps(out + i, _mm256_cvtph_ps(h));
  }
  for (; i < n; ++i) out[i] = f16_to_f32(f32_to_f16(x[i]));
}

// f32_to_bf16's rule on 8 lanes: add 0x7fff plus the kept lowest bit, drop the low half; NaNs
// are truncated with the quiet bit forced.
void round_act_bf16(const float* x, void* y, int64_t n) {
  auto* out = static_cast<float*>(y);
  const __m256i high_half = _mm256_set1_epi32(int32_t(0xffff0000u));
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i u = _mm256_castps_si256(_mm256_loadu_ps(x + i));
    const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(1));
    const __m256i rounded = _mm256_add_epi32(u, _mm256_add_epi32(_mm256_set1_epi32(0x7fff), lsb));
    const __m256i nan = _mm256_cmpgt_epi32(_mm256_and_si256(u, _mm256_set1_epi32(0x7fffffff)), _mm256_set1_epi32(0x7f800000));
    const __m256i quiet = _mm256_or_si256(u, _mm256_set1_epi32(0x00400000));
    const __m256i r = _mm256_and_si256(_mm256_blendv_epi8(rounded, quiet, nan), high_half);
    _mm256_storeu_ps(out + i, _mm256_castsi256_ps(r));
  }
  for (; i < n; ++i) out[i] = bf16_to_f32(f32_to_bf16(x[i]));
}

}  // namespace hearth::kernels::avx2
