// AVX2 + FMA + F16C dot products. Each block's integer products are summed exactly (maddubs /
// madd), then scaled in float, so the results differ from the scalar twins only by the order
// of float additions. Weight nibbles are kept unsigned where the format allows (Q4_1, Q5_1,
// the K types) and the offset is subtracted once per sub-block through the activation sums
// (Q8_K bsums), which saves the sign juggling maddubs otherwise needs.
#include "hearth/base/half.h"
#include "simd_avx2.h"
#include "vec_dot.h"

namespace hearth::kernels::avx2 {

namespace {

inline __m256i load256(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }

// Byte-shuffle masks that spread 16-bit values over a 256-bit register:
//   same_i16(k):       every 16-bit lane = lane k of a register holding 8 int16 in each half
inline __m256i same_i16(int k) { return _mm256_set1_epi16(static_cast<short>(((2 * k + 1) << 8) | (2 * k))); }
//   pair_u8(lo, hi):   16-bit lanes 0..7 = zero-extended byte lo, lanes 8..15 = byte hi
inline __m256i pair_u8(int lo, int hi) {
  return _mm256_set_m128i(_mm_set1_epi16(static_cast<short>(0x8000 | hi)), _mm_set1_epi16(static_cast<short>(0x8000 | lo)));
}
//   pair_i16(lo, hi):  16-bit lanes 0..7 = lane lo, lanes 8..15 = lane hi of a register that
//                      holds the same 8 int16 in both halves
inline __m256i pair_i16(int lo, int hi) {
  return _mm256_set_m128i(_mm_set1_epi16(static_cast<short>(((2 * hi + 1) << 8) | (2 * hi))),
                          _mm_set1_epi16(static_cast<short>(((2 * lo + 1) << 8) | (2 * lo))));
}

// Q3_K / Q4_K / Q5_K packed 6-bit fields, unpacked as whole 32-bit words (see vec_dot.h for
// the per-value definition these reproduce).
struct KScales {
  uint32_t w[3];
  explicit KScales(const uint8_t* p) { std::memcpy(w, p, 12); }
};

}  // namespace

float vec_dot_f32_f32(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const float*>(w);
  const auto* y = static_cast<const float*>(a);
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8), acc1);
    acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 16), _mm256_loadu_ps(y + i + 16), acc2);
    acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 24), _mm256_loadu_ps(y + i + 24), acc3);
  }
  for (; i + 8 <= n; i += 8) acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), acc0);
  float sum = hsum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
  for (; i < n; ++i) sum += x[i] * y[i];
  return sum;
}

float vec_dot_f16_f32(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const uint16_t*>(w);
  const auto* y = static_cast<const float*>(a);
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    acc0 = _mm256_fmadd_ps(load_f16x8(x + i), _mm256_loadu_ps(y + i), acc0);
    acc1 = _mm256_fmadd_ps(load_f16x8(x + i + 8), _mm256_loadu_ps(y + i + 8), acc1);
    acc2 = _mm256_fmadd_ps(load_f16x8(x + i + 16), _mm256_loadu_ps(y + i + 16), acc2);
    acc3 = _mm256_fmadd_ps(load_f16x8(x + i + 24), _mm256_loadu_ps(y + i + 24), acc3);
  }
  for (; i + 8 <= n; i += 8) acc0 = _mm256_fmadd_ps(load_f16x8(x + i), _mm256_loadu_ps(y + i), acc0);
  float sum = hsum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
  for (; i < n; ++i) sum += half_to_float(x[i]) * y[i];
  return sum;
}

float vec_dot_f16_f16(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const uint16_t*>(w);
  const auto* y = static_cast<const uint16_t*>(a);
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 = _mm256_fmadd_ps(load_f16x8(x + i), load_f16x8(y + i), acc0);
    acc1 = _mm256_fmadd_ps(load_f16x8(x + i + 8), load_f16x8(y + i + 8), acc1);
  }
  for (; i + 8 <= n; i += 8) acc0 = _mm256_fmadd_ps(load_f16x8(x + i), load_f16x8(y + i), acc0);
  float sum = hsum(_mm256_add_ps(acc0, acc1));
  for (; i < n; ++i) sum += half_to_float(x[i]) * half_to_float(y[i]);
  return sum;
}

float vec_dot_bf16_f32(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const uint16_t*>(w);
  const auto* y = static_cast<const float*>(a);
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 = _mm256_fmadd_ps(load_bf16x8(x + i), _mm256_loadu_ps(y + i), acc0);
    acc1 = _mm256_fmadd_ps(load_bf16x8(x + i + 8), _mm256_loadu_ps(y + i + 8), acc1);
  }
  for (; i + 8 <= n; i += 8) acc0 = _mm256_fmadd_ps(load_bf16x8(x + i), _mm256_loadu_ps(y + i), acc0);
  float sum = hsum(_mm256_add_ps(acc0, acc1));
  for (; i < n; ++i) sum += hearth::bf16_to_f32(x[i]) * y[i];
  return sum;
}

float vec_dot_q4_0_q8_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ4_0*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  const __m256i eight = _mm256_set1_epi8(8);
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  const int64_t nb = n / kQK4_0;
  int64_t b = 0;
  for (; b + 2 <= nb; b += 2) {
    const __m256i q0 = _mm256_sub_epi8(unpack_nibbles(x[b].qs), eight);
    const __m256i q1 = _mm256_sub_epi8(unpack_nibbles(x[b + 1].qs), eight);
    const __m256 d0 = _mm256_set1_ps(half_to_float(x[b].d) * half_to_float(y[b].d));
    const __m256 d1 = _mm256_set1_ps(half_to_float(x[b + 1].d) * half_to_float(y[b + 1].d));
    acc0 = _mm256_fmadd_ps(d0, _mm256_cvtepi32_ps(dot_i8_i8(q0, load256(y[b].qs))), acc0);
    acc1 = _mm256_fmadd_ps(d1, _mm256_cvtepi32_ps(dot_i8_i8(q1, load256(y[b + 1].qs))), acc1);
  }
  for (; b < nb; ++b) {
    const __m256i q = _mm256_sub_epi8(unpack_nibbles(x[b].qs), eight);
    const __m256 d = _mm256_set1_ps(half_to_float(x[b].d) * half_to_float(y[b].d));
    acc0 = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(dot_i8_i8(q, load256(y[b].qs))), acc0);
  }
  return hsum(_mm256_add_ps(acc0, acc1));
}

float vec_dot_q4_1_q8_1(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ4_1*>(w);
  const auto* y = static_cast<const BlockQ8_1*>(a);
  __m256 acc = _mm256_setzero_ps();
  float min_terms = 0.0f;
  for (int64_t b = 0; b < n / kQK4_1; ++b) {
    const __m256 d = _mm256_set1_ps(half_to_float(x[b].d) * half_to_float(y[b].d));
    acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(dot_u8_i8(unpack_nibbles(x[b].qs), load256(y[b].qs))), acc);
    min_terms += half_to_float(x[b].m) * half_to_float(y[b].s);
  }
  return hsum(acc) + min_terms;
}

float vec_dot_q5_0_q8_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ5_0*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  const __m256i f0 = _mm256_set1_epi8(static_cast<char>(0xf0));
  __m256 acc = _mm256_setzero_ps();
  for (int64_t b = 0; b < n / kQK5_0; ++b) {
    uint32_t qh;
    std::memcpy(&qh, x[b].qh, 4);
    // q - 16 as int8: the nibble when the 5th bit is set, else nibble - 16 = nibble | 0xf0.
    const __m256i q = _mm256_or_si256(unpack_nibbles(x[b].qs), _mm256_andnot_si256(bits_to_bytes(qh), f0));
    const __m256 d = _mm256_set1_ps(half_to_float(x[b].d) * half_to_float(y[b].d));
    acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(dot_i8_i8(q, load256(y[b].qs))), acc);
  }
  return hsum(acc);
}

float vec_dot_q5_1_q8_1(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ5_1*>(w);
  const auto* y = static_cast<const BlockQ8_1*>(a);
  const __m256i bit4 = _mm256_set1_epi8(0x10);
  __m256 acc = _mm256_setzero_ps();
  float min_terms = 0.0f;
  for (int64_t b = 0; b < n / kQK5_1; ++b) {
    uint32_t qh;
    std::memcpy(&qh, x[b].qh, 4);
    const __m256i q = _mm256_or_si256(unpack_nibbles(x[b].qs), _mm256_and_si256(bits_to_bytes(qh), bit4));
    const __m256 d = _mm256_set1_ps(half_to_float(x[b].d) * half_to_float(y[b].d));
    acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(dot_u8_i8(q, load256(y[b].qs))), acc);
    min_terms += half_to_float(x[b].m) * half_to_float(y[b].s);
  }
  return hsum(acc) + min_terms;
}

float vec_dot_q8_0_q8_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ8_0*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  const int64_t nb = n / kQK8_0;
  int64_t b = 0;
  for (; b + 2 <= nb; b += 2) {
    const __m256 d0 = _mm256_set1_ps(half_to_float(x[b].d) * half_to_float(y[b].d));
    const __m256 d1 = _mm256_set1_ps(half_to_float(x[b + 1].d) * half_to_float(y[b + 1].d));
    acc0 = _mm256_fmadd_ps(d0, _mm256_cvtepi32_ps(dot_i8_i8(load256(x[b].qs), load256(y[b].qs))), acc0);
    acc1 = _mm256_fmadd_ps(d1, _mm256_cvtepi32_ps(dot_i8_i8(load256(x[b + 1].qs), load256(y[b + 1].qs))), acc1);
  }
  for (; b < nb; ++b) {
    const __m256 d = _mm256_set1_ps(half_to_float(x[b].d) * half_to_float(y[b].d));
    acc0 = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(dot_i8_i8(load256(x[b].qs), load256(y[b].qs))), acc0);
  }
  return hsum(_mm256_add_ps(acc0, acc1));
}

float vec_dot_iq4_nl_q8_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockIQ4_NL*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  const __m256i table = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(kIq4nlValues)));
  __m256 acc = _mm256_setzero_ps();
  for (int64_t b = 0; b < n / kQK4_NL; ++b) {
    const __m256i q = _mm256_shuffle_epi8(table, unpack_nibbles(x[b].qs));
    const __m256 d = _mm256_set1_ps(half_to_float(x[b].d) * half_to_float(y[b].d));
    acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(dot_i8_i8(q, load256(y[b].qs))), acc);
  }
  return hsum(acc);
}

// ---- K types ------------------------------------------------------------------------------
// Each 32-value group g of a superblock is dotted with maddubs (unsigned weight, signed
// activation) giving 16 int16: lanes 0..7 cover values 0..15 of the group, lanes 8..15 values
// 16..31; a madd with the matching per-16 (or per-32) scales turns them into int32 partial sums.

float vec_dot_q2_k_q8_k(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ2_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  const __m256i m3 = _mm256_set1_epi8(3);
  const __m128i m4 = _mm_set1_epi8(0x0f);
  __m256 acc = _mm256_setzero_ps();
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x[b].scales));
    const __m256i scales = _mm256_broadcastsi128_si256(_mm_and_si128(packed, m4));
    const __m256i mins = _mm256_cvtepu8_epi16(_mm_and_si128(_mm_srli_epi16(packed, 4), m4));
    const __m256i min_sums = _mm256_madd_epi16(mins, load256(y[b].bsums));
    __m256i sumi = _mm256_setzero_si256();
    for (int half = 0; half < 2; ++half) {
      const __m256i q = load256(x[b].qs + 32 * half);
      const int8_t* qy = y[b].qs + 128 * half;
      for (int j = 0; j < 4; ++j) {
        const __m256i qj = _mm256_and_si256(_mm256_srl_epi16(q, _mm_cvtsi32_si128(2 * j)), m3);
        const int g = 4 * half + j;
        const __m256i sc = _mm256_shuffle_epi8(scales, pair_u8(2 * g, 2 * g + 1));
        sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(_mm256_maddubs_epi16(qj, load256(qy + 32 * j)), sc));
      }
    }
    const float dall = y[b].d * half_to_float(x[b].d);
    const float dmin = y[b].d * half_to_float(x[b].dmin);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(dall), _mm256_cvtepi32_ps(sumi), acc);
    acc = _mm256_fnmadd_ps(_mm256_set1_ps(dmin), _mm256_cvtepi32_ps(min_sums), acc);
  }
  return hsum(acc);
}

float vec_dot_q3_k_q8_k(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ3_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  const __m256i m3 = _mm256_set1_epi8(3);
  const __m256i one = _mm256_set1_epi8(1);
  __m256 acc = _mm256_setzero_ps();
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    // 16 scales: low nibbles from bytes 0..7 (low then high nibble), 2 high bits from bytes 8..11.
    const KScales k(x[b].scales);
    uint32_t s[4];
    s[0] = (k.w[0] & 0x0f0f0f0f) | ((k.w[2] & 0x03030303) << 4);
    s[1] = (k.w[1] & 0x0f0f0f0f) | (((k.w[2] >> 2) & 0x03030303) << 4);
    s[2] = ((k.w[0] >> 4) & 0x0f0f0f0f) | (((k.w[2] >> 4) & 0x03030303) << 4);
    s[3] = ((k.w[1] >> 4) & 0x0f0f0f0f) | (((k.w[2] >> 6) & 0x03030303) << 4);
    const __m128i scales8 = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s)), _mm_set1_epi8(32));
    const __m256i scales16 = _mm256_cvtepi8_epi16(scales8);  // lanes 0..15 = scale 0..15
    const __m256i sc_lo = _mm256_permute2x128_si256(scales16, scales16, 0x00);  // scales 0..7 twice
    const __m256i sc_hi = _mm256_permute2x128_si256(scales16, scales16, 0x11);  // scales 8..15 twice
    // q = low 2 bits + 4 * high bit (0..7); the value is q - 4, the -4 goes through the bsums.
    const __m256i offset = _mm256_slli_epi32(_mm256_madd_epi16(scales16, load256(y[b].bsums)), 2);
    const __m256i hmask = load256(x[b].hmask);
    __m256i sumi = _mm256_setzero_si256();
    for (int half = 0; half < 2; ++half) {
      const __m256i q = load256(x[b].qs + 32 * half);
      const int8_t* qy = y[b].qs + 128 * half;
      const __m256i& sc = half ? sc_hi : sc_lo;
      for (int j = 0; j < 4; ++j) {
        const __m128i shift = _mm_cvtsi32_si128(2 * j);
        const __m256i high = _mm256_and_si256(_mm256_srl_epi16(hmask, _mm_cvtsi32_si128(4 * half + j)), one);
        const __m256i qj = _mm256_or_si256(_mm256_and_si256(_mm256_srl_epi16(q, shift), m3), _mm256_slli_epi16(high, 2));
        const __m256i scj = _mm256_shuffle_epi8(sc, pair_i16(2 * j, 2 * j + 1));
        sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(_mm256_maddubs_epi16(qj, load256(qy + 32 * j)), scj));
      }
    }
    sumi = _mm256_sub_epi32(sumi, offset);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(y[b].d * half_to_float(x[b].d)), _mm256_cvtepi32_ps(sumi), acc);
  }
  return hsum(acc);
}

namespace {

// Q4_K / Q5_K: the 8 scales and 8 mins (6 bits each) from the 12 packed bytes.
inline void unpack_k4(const uint8_t* packed, uint32_t scales[2], uint32_t mins[2]) {
  const KScales k(packed);
  scales[0] = k.w[0] & 0x3f3f3f3f;
  mins[0] = k.w[1] & 0x3f3f3f3f;
  scales[1] = (k.w[2] & 0x0f0f0f0f) | (((k.w[0] >> 6) & 0x03030303) << 4);
  mins[1] = ((k.w[2] >> 4) & 0x0f0f0f0f) | (((k.w[1] >> 6) & 0x03030303) << 4);
}

// sum over sub-blocks s of mins[s] * (bsums[2s] + bsums[2s+1]), as 8 int32 lanes.
inline __m256i k4_min_sums(const uint32_t mins[2], const int16_t* bsums) {
  const __m128i m8 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(mins));
  const __m128i dup = _mm_shuffle_epi8(m8, _mm_set_epi8(7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0));
  return _mm256_madd_epi16(_mm256_cvtepu8_epi16(dup), load256(bsums));
}

}  // namespace

float vec_dot_q4_k_q8_k(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ4_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  const __m256i m4 = _mm256_set1_epi8(0x0f);
  __m256 acc = _mm256_setzero_ps();
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    uint32_t sc[2], mn[2];
    unpack_k4(x[b].scales, sc, mn);
    const __m256i scales = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(sc))));
    const __m256i min_sums = k4_min_sums(mn, y[b].bsums);
    __m256i sumi = _mm256_setzero_si256();
    for (int c = 0; c < 4; ++c) {
      const __m256i q = load256(x[b].qs + 32 * c);
      const __m256i lo = _mm256_and_si256(q, m4);
      const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4);
      const __m256i p_lo = _mm256_maddubs_epi16(lo, load256(y[b].qs + 64 * c));
      const __m256i p_hi = _mm256_maddubs_epi16(hi, load256(y[b].qs + 64 * c + 32));
      sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p_lo, _mm256_shuffle_epi8(scales, same_i16(2 * c))));
      sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p_hi, _mm256_shuffle_epi8(scales, same_i16(2 * c + 1))));
    }
    const float d = y[b].d * half_to_float(x[b].d);
    const float dmin = y[b].d * half_to_float(x[b].dmin);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
    acc = _mm256_fnmadd_ps(_mm256_set1_ps(dmin), _mm256_cvtepi32_ps(min_sums), acc);
  }
  return hsum(acc);
}

float vec_dot_q5_k_q8_k(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ5_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  const __m256i m4 = _mm256_set1_epi8(0x0f);
  const __m256i bit4 = _mm256_set1_epi8(0x10);
  __m256 acc = _mm256_setzero_ps();
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    uint32_t sc[2], mn[2];
    unpack_k4(x[b].scales, sc, mn);
    const __m256i scales = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(sc))));
    const __m256i min_sums = k4_min_sums(mn, y[b].bsums);
    // Bits 2c and 2c+1 of qh[i] are the 5th bits of elements 64c + i and 64c + 32 + i. Shifting
    // the 16-bit lanes right by 2 per chunk keeps bits 0 and 1 of every byte correct.
    __m256i qh = load256(x[b].qh);
    __m256i sumi = _mm256_setzero_si256();
    for (int c = 0; c < 4; ++c) {
      const __m256i q = load256(x[b].qs + 32 * c);
      const __m256i lo = _mm256_or_si256(_mm256_and_si256(q, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 4), bit4));
      const __m256i hi = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q, 4), m4), _mm256_and_si256(_mm256_slli_epi16(qh, 3), bit4));
      qh = _mm256_srli_epi16(qh, 2);
      const __m256i p_lo = _mm256_maddubs_epi16(lo, load256(y[b].qs + 64 * c));
      const __m256i p_hi = _mm256_maddubs_epi16(hi, load256(y[b].qs + 64 * c + 32));
      sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p_lo, _mm256_shuffle_epi8(scales, same_i16(2 * c))));
      sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p_hi, _mm256_shuffle_epi8(scales, same_i16(2 * c + 1))));
    }
    const float d = y[b].d * half_to_float(x[b].d);
    const float dmin = y[b].d * half_to_float(x[b].dmin);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
    acc = _mm256_fnmadd_ps(_mm256_set1_ps(dmin), _mm256_cvtepi32_ps(min_sums), acc);
  }
  return hsum(acc);
}

float vec_dot_q6_k_q8_k(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ6_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  const __m256i m4 = _mm256_set1_epi8(0x0f);
  const __m256i m3 = _mm256_set1_epi8(3);
  __m256 acc = _mm256_setzero_ps();
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    const __m256i scales16 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x[b].scales)));
    const __m256i sc_lo = _mm256_permute2x128_si256(scales16, scales16, 0x00);
    const __m256i sc_hi = _mm256_permute2x128_si256(scales16, scales16, 0x11);
    // q unsigned 0..63, value q - 32: the -32 goes through the bsums.
    const __m256i offset = _mm256_slli_epi32(_mm256_madd_epi16(scales16, load256(y[b].bsums)), 5);
    __m256i sumi = _mm256_setzero_si256();
    for (int c = 0; c < 2; ++c) {
      const __m256i ql0 = load256(x[b].ql + 64 * c);
      const __m256i ql1 = load256(x[b].ql + 64 * c + 32);
      const __m256i qh = load256(x[b].qh + 32 * c);
      const __m256i q[4] = {
          _mm256_or_si256(_mm256_and_si256(ql0, m4), _mm256_slli_epi16(_mm256_and_si256(qh, m3), 4)),
          _mm256_or_si256(_mm256_and_si256(ql1, m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2), m3), 4)),
          _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 4), m3), 4)),
          _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 6), m3), 4)),
      };
      const __m256i& sc = c ? sc_hi : sc_lo;
      for (int k = 0; k < 4; ++k) {
        const __m256i p = _mm256_maddubs_epi16(q[k], load256(y[b].qs + 128 * c + 32 * k));
        sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p, _mm256_shuffle_epi8(sc, pair_i16(2 * k, 2 * k + 1))));
      }
    }
    sumi = _mm256_sub_epi32(sumi, offset);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(y[b].d * half_to_float(x[b].d)), _mm256_cvtepi32_ps(sumi), acc);
  }
  return hsum(acc);
}

}  // namespace hearth::kernels::avx2
