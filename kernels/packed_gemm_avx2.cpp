// AVX2 kernels for the interleaved 8-row layouts (layouts: packed_formats.cpp).
//
// In every layout a 32-byte vector holds the same 4 quant bytes of all 8 rows (one int32 lane
// per row), so the activation side is a broadcast of 4 bytes and one maddubs computes 2x4
// products for each of 8 rows. Lane r of every accumulator belongs to row r: no horizontal
// sums, 8 outputs stored at once. A tile of NT tokens reuses each loaded (and unpacked)
// weight vector NT times; NT <= 4 keeps the accumulators in registers.
//
// Integer ranges (activations are in [-127, 127]):
//   Q4_0, Q4_K: unsigned nibbles, maddubs pair sums <= 2*15*127 = 3810, eight of them summed
//               in int16 <= 30480 (no saturation); the "-8" of Q4_0 is subtracted via the
//               activation block sum, the Q4_K mins via the 32-value sums.
//   Q8_0:       signed x signed through |w| and sign(a, w): pair sums <= 2*128*127, so each
//               maddubs goes straight to int32 with a madd.
//   Q5_K:       as Q4_K with values up to 31: four chunks summed in int16 (<= 31496).
//   Q6_K:       unsigned 6-bit values (q + 32), pair sums <= 2*63*127 = 16002, two summed in
//               int16 <= 32004; the "-32" goes through the 16-value activation sums.
#include <type_traits>

#include "matmul_internal.h"
#include "simd_avx2.h"
#include "vec_dot.h"

namespace hearth::kernels::avx2 {

namespace {

inline __m256i load256(const uint8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline __m256i bcast4(const int8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return _mm256_set1_epi32(v);
}
// Software prefetch of a whole block column `distance` bytes ahead. The hardware prefetcher
// follows one ascending stream well, but the K layouts read a block column in several
// interleaved runs, and matrix x vector is memory-bound: without this, Q6_K ran 30 % slower.
template <int kBytes, int kDistance>
inline void prefetch_block(const uint8_t* blk) {
  for (int line = 0; line < kBytes; line += 64) _mm_prefetch(reinterpret_cast<const char*>(blk + kDistance + line), _MM_HINT_T0);
}

inline __m256 load_f16x8_raw(const uint8_t* p) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// Runs Tile<kMax> over the tokens, then one smaller tile for the remainder.
template <template <int> class Tile, int N>
inline void tile_of(int n, int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, float* out,
                    int64_t out_stride) {
  if constexpr (N >= 1) {
    if (n == N) return Tile<N>::run(n_blocks, group, act, act_row_bytes, out, out_stride);
    tile_of<Tile, N - 1>(n, n_blocks, group, act, act_row_bytes, out, out_stride);
  }
}
template <template <int> class Tile, int kMax = 4>
void over_tokens(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                 float* out, int64_t out_stride) {
  int t = 0;
  for (; t + kMax <= n_tokens; t += kMax)
    Tile<kMax>::run(n_blocks, group, act + t * act_row_bytes, act_row_bytes, out + t * out_stride, out_stride);
  if (t < n_tokens)
    tile_of<Tile, kMax - 1>(n_tokens - t, n_blocks, group, act + t * act_row_bytes, act_row_bytes, out + t * out_stride,
                            out_stride);
}

// ---- F32 / F16 / BF16 --------------------------------------------------------------------
// A vector is one column of the 8 rows: acc[t] += column * broadcast(x_t[column]). Tiles of
// up to 8 tokens: each loaded (converted) column feeds 8 FMAs; small tiles split the columns
// over several accumulator chains to keep enough FMAs in flight.
enum class FloatKind { F32, F16, BF16 };

template <FloatKind K>
inline __m256 load_column(const uint8_t* p) {
  if constexpr (K == FloatKind::F32) return _mm256_loadu_ps(reinterpret_cast<const float*>(p));
  if constexpr (K == FloatKind::F16) return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  if constexpr (K == FloatKind::BF16)
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))), 16));
}

template <FloatKind K>
struct FloatTiles {
  static constexpr int kColumnBytes = K == FloatKind::F32 ? 32 : 16;
  template <int NT>
  struct Tile {
    static void run(int64_t nb, const uint8_t* group, const uint8_t* act, int64_t act_stride, float* out, int64_t out_stride) {
      constexpr int kChains = NT == 1 ? 4 : 2;
      __m256 acc[kChains][NT];
      for (auto& chain : acc)
        for (auto& a : chain) a = _mm256_setzero_ps();
      const float* x[NT];
      for (int t = 0; t < NT; ++t) x[t] = reinterpret_cast<const float*>(act + t * act_stride);
      for (int64_t b = 0; b < nb; ++b) {
        const uint8_t* blk = group + b * 8 * kColumnBytes;
        prefetch_block<8 * kColumnBytes, 2048>(blk);
        for (int k = 0; k < 8; ++k) {
          const __m256 w = load_column<K>(blk + k * kColumnBytes);
          for (int t = 0; t < NT; ++t)
            acc[k % kChains][t] = _mm256_fmadd_ps(w, _mm256_broadcast_ss(x[t] + 8 * b + k), acc[k % kChains][t]);
        }
      }
      for (int t = 0; t < NT; ++t) {
        __m256 sum = acc[0][t];
        for (int c = 1; c < kChains; ++c) sum = _mm256_add_ps(sum, acc[c][t]);
        _mm256_storeu_ps(out + t * out_stride, sum);
      }
    }
  };
};
template <int NT>
using F32Tile = FloatTiles<FloatKind::F32>::Tile<NT>;
template <int NT>
using F16Tile = FloatTiles<FloatKind::F16>::Tile<NT>;
template <int NT>
using BF16Tile = FloatTiles<FloatKind::BF16>::Tile<NT>;

// ---- Q4_0 / Q4_1 / Q5_0 / Q5_1 -------------------------------------------------------------
// Block columns: d[8] | (m[8]) | (qh[8][4], bits permuted) | qs[4][8][4]. Values are kept
// unsigned (nibble, plus 16 for a set 5th bit); Q4_0 / Q5_0 subtract 8 / 16 through the
// activation block sum, Q4_1 / Q5_1 add m * s (s: the activation's Q8_1 sum field).
template <bool kMin, bool kFive>
struct Q4Family {
  static constexpr int kQhOffset = kMin ? 32 : 16;
  static constexpr int kQsOffset = 16 + (kMin ? 16 : 0) + (kFive ? 32 : 0);
  static constexpr int kBlockBytes = kQsOffset + 128;
  static constexpr int kValueOffset = kMin ? 0 : (kFive ? 16 : 8);

  // The 5th bits of half `h` of chunk k sit at bit 2k + h of every byte (see the permutation
  // in packed_formats.cpp); move them to bit 4. Shifting whole 32-bit lanes cannot carry
  // another group's bit onto bit 4 of any byte.
  template <int kGroup>
  static __m256i fifth_bits(__m256i qh) {
    const __m256i moved = kGroup <= 4 ? _mm256_slli_epi32(qh, 4 - kGroup) : _mm256_srli_epi32(qh, kGroup - 4);
    return _mm256_and_si256(moved, _mm256_set1_epi8(0x10));
  }

  template <int NT>
  struct Tile {
    static void run(int64_t nb, const uint8_t* group, const uint8_t* act, int64_t act_stride, float* out, int64_t out_stride) {
      const __m256i m4 = _mm256_set1_epi8(0x0f);
      const __m256i ones = _mm256_set1_epi16(1);
      __m256 acc[NT];
      for (int t = 0; t < NT; ++t) acc[t] = _mm256_setzero_ps();
      for (int64_t b = 0; b < nb; ++b) {
        const uint8_t* blk = group + b * kBlockBytes;
        prefetch_block<kBlockBytes, 2048>(blk);
        const __m256 dw = load_f16x8_raw(blk);
        __m256i lo[4], hi[4];
        for (int k = 0; k < 4; ++k) {
          const __m256i v = load256(blk + kQsOffset + 32 * k);
          lo[k] = _mm256_and_si256(v, m4);
          hi[k] = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
        }
        if constexpr (kFive) {
          const __m256i qh = load256(blk + kQhOffset);
          lo[0] = _mm256_or_si256(lo[0], fifth_bits<0>(qh));
          hi[0] = _mm256_or_si256(hi[0], fifth_bits<1>(qh));
          lo[1] = _mm256_or_si256(lo[1], fifth_bits<2>(qh));
          hi[1] = _mm256_or_si256(hi[1], fifth_bits<3>(qh));
          lo[2] = _mm256_or_si256(lo[2], fifth_bits<4>(qh));
          hi[2] = _mm256_or_si256(hi[2], fifth_bits<5>(qh));
          lo[3] = _mm256_or_si256(lo[3], fifth_bits<6>(qh));
          hi[3] = _mm256_or_si256(hi[3], fifth_bits<7>(qh));
        }
        for (int t = 0; t < NT; ++t) {
          const ActQ8x32& a = reinterpret_cast<const ActQ8x32*>(act + t * act_stride)[b];
          // Q4: 8 products of values <= 15 summed in int16 (<= 30480); Q5 (values <= 31):
          // the low and high halves separately (<= 31496 each).
          __m256i s_lo = _mm256_maddubs_epi16(lo[0], bcast4(a.qs));
          __m256i s_hi = _mm256_maddubs_epi16(hi[0], bcast4(a.qs + 16));
          for (int k = 1; k < 4; ++k) {
            s_lo = _mm256_add_epi16(s_lo, _mm256_maddubs_epi16(lo[k], bcast4(a.qs + 4 * k)));
            s_hi = _mm256_add_epi16(s_hi, _mm256_maddubs_epi16(hi[k], bcast4(a.qs + 16 + 4 * k)));
          }
          __m256i isum = kFive ? _mm256_add_epi32(_mm256_madd_epi16(s_lo, ones), _mm256_madd_epi16(s_hi, ones))
                               : _mm256_madd_epi16(_mm256_add_epi16(s_lo, s_hi), ones);
          if constexpr (kValueOffset != 0) isum = _mm256_sub_epi32(isum, _mm256_set1_epi32(kValueOffset * a.sum));
          acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), _mm256_mul_ps(dw, _mm256_set1_ps(a.d)), acc[t]);
          if constexpr (kMin) acc[t] = _mm256_fmadd_ps(load_f16x8_raw(blk + 16), _mm256_set1_ps(a.s), acc[t]);
        }
      }
      for (int t = 0; t < NT; ++t) _mm256_storeu_ps(out + t * out_stride, acc[t]);
    }
  };
};
template <int NT>
using Q4_0Tile = Q4Family<false, false>::Tile<NT>;
template <int NT>
using Q4_1Tile = Q4Family<true, false>::Tile<NT>;
template <int NT>
using Q5_0Tile = Q4Family<false, true>::Tile<NT>;
template <int NT>
using Q5_1Tile = Q4Family<true, true>::Tile<NT>;

// ---- IQ4_NL -------------------------------------------------------------------------------
// As Q4_0, but each nibble selects a signed value from the format's table: signed x signed,
// so |w| with the sign moved onto the activation, and each maddubs to int32 at once (pair sums
// up to 2*127*127).
template <int NT>
struct Iq4nlTile {
  static void run(int64_t nb, const uint8_t* group, const uint8_t* act, int64_t act_stride, float* out, int64_t out_stride) {
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    const __m256i ones = _mm256_set1_epi16(1);
    const __m256i table = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(kIq4nlValues)));
    __m256 acc[NT];
    for (int t = 0; t < NT; ++t) acc[t] = _mm256_setzero_ps();
    for (int64_t b = 0; b < nb; ++b) {
      const uint8_t* blk = group + b * 144;
      prefetch_block<144, 2048>(blk);
      const __m256 dw = load_f16x8_raw(blk);
      __m256i isum[NT];
      for (int t = 0; t < NT; ++t) isum[t] = _mm256_setzero_si256();
      for (int k = 0; k < 4; ++k) {
        const __m256i v = load256(blk + 16 + 32 * k);
        for (int h = 0; h < 2; ++h) {
          const __m256i w = _mm256_shuffle_epi8(table, h ? _mm256_and_si256(_mm256_srli_epi16(v, 4), m4) : _mm256_and_si256(v, m4));
          const __m256i aw = _mm256_sign_epi8(w, w);
          for (int t = 0; t < NT; ++t) {
            const ActQ8x32& a = reinterpret_cast<const ActQ8x32*>(act + t * act_stride)[b];
            const __m256i p = _mm256_maddubs_epi16(aw, _mm256_sign_epi8(bcast4(a.qs + 16 * h + 4 * k), w));
            isum[t] = _mm256_add_epi32(isum[t], _mm256_madd_epi16(p, ones));
          }
        }
      }
      for (int t = 0; t < NT; ++t) {
        const ActQ8x32& a = reinterpret_cast<const ActQ8x32*>(act + t * act_stride)[b];
        acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[t]), _mm256_mul_ps(dw, _mm256_set1_ps(a.d)), acc[t]);
      }
    }
    for (int t = 0; t < NT; ++t) _mm256_storeu_ps(out + t * out_stride, acc[t]);
  }
};

// ---- Q8_0 ---------------------------------------------------------------------------------
template <int NT>
struct Q8_0Tile {
  static void run(int64_t nb, const uint8_t* group, const uint8_t* act, int64_t act_stride, float* out, int64_t out_stride) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[NT];
    for (int t = 0; t < NT; ++t) acc[t] = _mm256_setzero_ps();
    for (int64_t b = 0; b < nb; ++b) {
      const uint8_t* blk = group + b * 272;
      prefetch_block<272, 2048>(blk);
      const __m256 dw = load_f16x8_raw(blk);
      __m256i isum[NT];
      for (int t = 0; t < NT; ++t) isum[t] = _mm256_setzero_si256();
      for (int k = 0; k < 8; ++k) {
        const __m256i v = load256(blk + 16 + 32 * k);
        const __m256i av = _mm256_sign_epi8(v, v);
        for (int t = 0; t < NT; ++t) {
          const ActQ8x32& a = reinterpret_cast<const ActQ8x32*>(act + t * act_stride)[b];
          const __m256i p = _mm256_maddubs_epi16(av, _mm256_sign_epi8(bcast4(a.qs + 4 * k), v));
          isum[t] = _mm256_add_epi32(isum[t], _mm256_madd_epi16(p, ones));
        }
      }
      for (int t = 0; t < NT; ++t) {
        const ActQ8x32& a = reinterpret_cast<const ActQ8x32*>(act + t * act_stride)[b];
        acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[t]), _mm256_mul_ps(dw, _mm256_set1_ps(a.d)), acc[t]);
      }
    }
    for (int t = 0; t < NT; ++t) _mm256_storeu_ps(out + t * out_stride, acc[t]);
  }
};

// ---- Q2_K / Q3_K ----------------------------------------------------------------------------
// 16 sub-blocks of 16 values, 2-bit planes: qs chunk c (lane r = bytes 4c..4c+3 of row r)
// holds, at bit pair j, values 128 (c / 8) + 32 j + 4 (c % 8) .. +3 (sub-block
// 8 (c / 8) + 2 j + (c % 8) / 4). Q3_K adds 4 for a set hmask bit (hmask chunk c % 8, bit
// 4 (c / 8) + j) and subtracts 4 through the 16-value activation sums; Q2_K's mins go
// through the same sums. Four chunks (one sub-block) are summed in int16 (<= 4 * 2*7*127).
template <bool kQ3>
struct K2Tiles {
  // Q2_K column: d[8] | dmin[8] | scales [4][8][4] | qs [16][8][4]            672 bytes
  // Q3_K column: d[8] | scales (12 packed bytes) [3][8][4] | hmask [8][8][4] | qs [16][8][4]
  static constexpr int kBlockBytes = kQ3 ? 880 : 672;
  static constexpr int kScalesOffset = kQ3 ? 16 : 32;
  static constexpr int kHmaskOffset = 16 + 96;
  static constexpr int kQsOffset = kQ3 ? 16 + 96 + 256 : 32 + 128;

  template <int NT>
  struct Tile {
    static void run(int64_t nb, const uint8_t* group, const uint8_t* act, int64_t act_stride, float* out, int64_t out_stride) {
      const __m256i m3 = _mm256_set1_epi8(3);
      const __m256i m4 = _mm256_set1_epi8(0x0f);
      // per-lane byte offsets for pshufb: lane r of a 128-bit half starts at byte 4 (r % 4)
      const __m256i lane_base = _mm256_setr_epi8(0, 0, 0, 0, 4, 4, 4, 4, 8, 8, 8, 8, 12, 12, 12, 12,
                                                 0, 0, 0, 0, 4, 4, 4, 4, 8, 8, 8, 8, 12, 12, 12, 12);
      __m256 acc[NT];
      for (int t = 0; t < NT; ++t) acc[t] = _mm256_setzero_ps();
      for (int64_t b = 0; b < nb; ++b) {
        const uint8_t* blk = group + b * kBlockBytes;
        prefetch_block<kBlockBytes, 2 * kBlockBytes>(blk);
        const __m256 dw = load_f16x8_raw(blk);
        // sc[p]: lane r = scales 4p..4p+3 of row r (Q3_K: signed, Q2_K: low nibbles)
        __m256i sc[4];
        __m256i mins[4];
        if constexpr (kQ3) {
          const __m256i w0 = load256(blk + kScalesOffset), w1 = load256(blk + kScalesOffset + 32), w2 = load256(blk + kScalesOffset + 64);
          const __m256i m2 = _mm256_set1_epi8(3);
          const __m256i bias = _mm256_set1_epi8(32);
          sc[0] = _mm256_or_si256(_mm256_and_si256(w0, m4), _mm256_slli_epi32(_mm256_and_si256(w2, m2), 4));
          sc[1] = _mm256_or_si256(_mm256_and_si256(w1, m4), _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(w2, 2), m2), 4));
          sc[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(w0, 4), m4), _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(w2, 4), m2), 4));
          sc[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(w1, 4), m4), _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(w2, 6), m2), 4));
          for (auto& v : sc) v = _mm256_sub_epi8(v, bias);
        } else {
          for (int p = 0; p < 4; ++p) {
            const __m256i raw = load256(blk + kScalesOffset + 32 * p);
            sc[p] = _mm256_and_si256(raw, m4);
            mins[p] = _mm256_and_si256(_mm256_srli_epi16(raw, 4), m4);
          }
        }
        __m256i isum[NT];
        for (int t = 0; t < NT; ++t) {
          // Q3_K: -4 * sum_s scale_s * bsum_s; Q2_K: sum_s min_s * bsum_s (scaled by dmin below)
          const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act + t * act_stride)[b];
          __m256i corr = _mm256_setzero_si256();
          for (int p = 0; p < 4; ++p) {
            const __m256i& src = kQ3 ? sc[p] : mins[p];
            for (int pair = 0; pair < 2; ++pair) {
              // int16 pair (value 4p + 2 pair, value 4p + 2 pair + 1) of each lane
              __m256i v;
              if constexpr (kQ3) {
                const int i0 = 2 * pair, i1 = 2 * pair + 1;
                v = _mm256_srai_epi16(_mm256_shuffle_epi8(src, _mm256_add_epi8(lane_base, _mm256_set1_epi32(i0 | i0 << 8 | i1 << 16 | i1 << 24))), 8);
              } else {
                const int i0 = 2 * pair, i1 = 2 * pair + 1;
                v = _mm256_shuffle_epi8(src, _mm256_add_epi8(lane_base, _mm256_set1_epi32(static_cast<int>(0x80008000u | uint32_t(i1) << 16 | uint32_t(i0)))));
              }
              corr = _mm256_add_epi32(corr, _mm256_madd_epi16(v, bcast4(reinterpret_cast<const int8_t*>(a.bsums + 4 * p + 2 * pair))));
            }
          }
          if constexpr (kQ3) {
            isum[t] = _mm256_slli_epi32(_mm256_sub_epi32(_mm256_setzero_si256(), corr), 2);
          } else {
            acc[t] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(corr), _mm256_mul_ps(load_f16x8_raw(blk + 16), _mm256_set1_ps(a.d)), acc[t]);
            isum[t] = _mm256_setzero_si256();
          }
        }
        for (int half = 0; half < 2; ++half) {
          for (int j = 0; j < 4; ++j) {
            for (int sub = 0; sub < 2; ++sub) {
              const int s = 8 * half + 2 * j + sub;  // sub-block
              const int i = s % 4;
              const __m256i& src = sc[s / 4];
              __m256i scale;
              if constexpr (kQ3) {
                scale = _mm256_srai_epi16(_mm256_shuffle_epi8(src, _mm256_add_epi8(lane_base, _mm256_set1_epi8(static_cast<char>(i)))), 8);
              } else {
                scale = _mm256_shuffle_epi8(src, _mm256_add_epi8(lane_base, _mm256_set1_epi32(static_cast<int>(0x80008000u | uint32_t(i) << 16 | uint32_t(i)))));
              }
              __m256i s16[NT] = {};
              for (int c4 = 0; c4 < 4; ++c4) {
                const int c8 = 4 * sub + c4;
                const __m256i v = load256(blk + kQsOffset + 32 * (8 * half + c8));
                __m256i q = _mm256_and_si256(_mm256_srli_epi16(v, 2 * j), m3);
                if constexpr (kQ3) {
                  const int bit = 4 * half + j;
                  const __m256i h = load256(blk + kHmaskOffset + 32 * c8);
                  const __m256i moved = bit <= 2 ? _mm256_slli_epi16(h, 2 - bit) : _mm256_srli_epi16(h, bit - 2);
                  q = _mm256_or_si256(q, _mm256_and_si256(moved, _mm256_set1_epi8(4)));
                }
                for (int t = 0; t < NT; ++t) {
                  const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act + t * act_stride)[b];
                  s16[t] = _mm256_add_epi16(s16[t], _mm256_maddubs_epi16(q, bcast4(a.qs + 128 * half + 32 * j + 4 * c8)));
                }
              }
              for (int t = 0; t < NT; ++t) isum[t] = _mm256_add_epi32(isum[t], _mm256_madd_epi16(s16[t], scale));
            }
          }
        }
        for (int t = 0; t < NT; ++t) {
          const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act + t * act_stride)[b];
          acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[t]), _mm256_mul_ps(dw, _mm256_set1_ps(a.d)), acc[t]);
        }
      }
      for (int t = 0; t < NT; ++t) _mm256_storeu_ps(out + t * out_stride, acc[t]);
    }
  };
};
template <int NT>
using Q2_KTile = K2Tiles<false>::Tile<NT>;
template <int NT>
using Q3_KTile = K2Tiles<true>::Tile<NT>;

// ---- Q4_K / Q5_K ----------------------------------------------------------------------------
// Q5_K adds the 5th bit of each value (qh chunk k, bit s for sub-block s) and, with values up
// to 31, sums only 4 chunks in int16 (4 * 2*31*127 <= 31496) before the scale madd.
template <bool kFive>
struct K4Tiles {
  static constexpr int kBlockBytes = kFive ? 1408 : 1152;
  static constexpr int kQhOffset = 128;                      // Q5_K: [8][8][4] high-bit bytes
  static constexpr int kQsOffset = kFive ? 128 + 256 : 128;  // [32][8][4] nibble bytes
  static constexpr int kChunksPerSum = kFive ? 4 : 8;

  template <int NT>
  struct Tile {
    static void run(int64_t nb, const uint8_t* group, const uint8_t* act, int64_t act_stride, float* out, int64_t out_stride) {
      const __m256i m4 = _mm256_set1_epi8(0x0f);
      const __m256i m6 = _mm256_set1_epi8(0x3f);
      const __m256i m2 = _mm256_set1_epi8(0x03);
      const __m256i bit4 = _mm256_set1_epi8(0x10);
      const __m256i low_bytes = _mm256_set1_epi16(0x00ff);
      const __m256i low_byte = _mm256_set1_epi32(0xff);
      __m256 acc[NT];
      for (int t = 0; t < NT; ++t) acc[t] = _mm256_setzero_ps();
      for (int64_t b = 0; b < nb; ++b) {
        const uint8_t* blk = group + b * kBlockBytes;
        prefetch_block<kBlockBytes, 2 * kBlockBytes>(blk);
        const __m256 dw = load_f16x8_raw(blk);
        const __m256 dm = load_f16x8_raw(blk + 16);
        // The 3 scale words of each row (lane r = row r), unpacked to 4 bytes per lane:
        // s03/m03 hold scales/mins 0..3, s47/m47 scales/mins 4..7.
        const __m256i w0 = load256(blk + 32), w1 = load256(blk + 64), w2 = load256(blk + 96);
        const __m256i s03 = _mm256_and_si256(w0, m6);
        const __m256i m03 = _mm256_and_si256(w1, m6);
        const __m256i s47 = _mm256_or_si256(_mm256_and_si256(w2, m4),
                                            _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(w0, 6), m2), 4));
        const __m256i m47 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(w2, 4), m4),
                                            _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(w1, 6), m2), 4));
        const uint8_t* qs = blk + kQsOffset;
        __m256i isum[NT];
        for (int t = 0; t < NT; ++t) {
          // Mins: int16 pairs (min 0, min 2), (min 1, min 3), ... against the 32-value sums in
          // the order 0,2,1,3,4,6,5,7.
          const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act + t * act_stride)[b];
          __m256i msum = _mm256_madd_epi16(_mm256_and_si256(m03, low_bytes), bcast4(reinterpret_cast<const int8_t*>(a.sums32)));
          msum = _mm256_add_epi32(msum, _mm256_madd_epi16(_mm256_srli_epi16(m03, 8), bcast4(reinterpret_cast<const int8_t*>(a.sums32 + 2))));
          msum = _mm256_add_epi32(msum, _mm256_madd_epi16(_mm256_and_si256(m47, low_bytes), bcast4(reinterpret_cast<const int8_t*>(a.sums32 + 4))));
          msum = _mm256_add_epi32(msum, _mm256_madd_epi16(_mm256_srli_epi16(m47, 8), bcast4(reinterpret_cast<const int8_t*>(a.sums32 + 6))));
          acc[t] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(msum), _mm256_mul_ps(dm, _mm256_set1_ps(a.d)), acc[t]);
          isum[t] = _mm256_setzero_si256();
        }
        for (int s = 0; s < 8; ++s) {
          // This sub-block's scale as the int16 pair (scale, scale) in each row's lane.
          const __m256i sc_bytes = _mm256_and_si256(_mm256_srli_epi32(s < 4 ? s03 : s47, 8 * (s % 4)), low_byte);
          const __m256i sc = _mm256_or_si256(sc_bytes, _mm256_slli_epi32(sc_bytes, 16));
          const uint8_t* q = qs + (s / 2) * 256;  // chunks 8c..8c+7 of 32 bytes, c = s / 2
          __m256i s16[NT] = {};
          for (int k = 0; k < 8; ++k) {
            const __m256i v = load256(q + 32 * k);
            __m256i nib = (s % 2) ? _mm256_and_si256(_mm256_srli_epi16(v, 4), m4) : _mm256_and_si256(v, m4);
            if constexpr (kFive) {
              // bit s of each qh byte -> bit 4 (shifts within 16-bit lanes; the bits that
              // cross into the neighbouring byte land outside bit 4)
              const __m256i h = load256(blk + kQhOffset + 32 * k);
              const __m256i moved = s <= 4 ? _mm256_slli_epi16(h, 4 - s) : _mm256_srli_epi16(h, s - 4);
              nib = _mm256_or_si256(nib, _mm256_and_si256(moved, bit4));
            }
            for (int t = 0; t < NT; ++t) {
              const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act + t * act_stride)[b];
              const __m256i p = _mm256_maddubs_epi16(nib, bcast4(a.qs + 32 * s + 4 * k));
              s16[t] = k % kChunksPerSum ? _mm256_add_epi16(s16[t], p) : p;
            }
            if (k % kChunksPerSum == kChunksPerSum - 1)
              for (int t = 0; t < NT; ++t) isum[t] = _mm256_add_epi32(isum[t], _mm256_madd_epi16(s16[t], sc));
          }
        }
        for (int t = 0; t < NT; ++t) {
          const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act + t * act_stride)[b];
          acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[t]), _mm256_mul_ps(dw, _mm256_set1_ps(a.d)), acc[t]);
        }
      }
      for (int t = 0; t < NT; ++t) _mm256_storeu_ps(out + t * out_stride, acc[t]);
    }
  };
};
// One token (matrix x vector): each qs chunk (and Q5_K's qh chunk) is loaded once and feeds
// both sub-blocks it holds (low nibbles: 2c, high nibbles: 2c + 1).
template <bool kFive>
struct K4Vec {
  using T = K4Tiles<kFive>;

  // Bit kBit of every byte moved to bit 4 (Q5_K's fifth bits).
  template <int kBit>
  static __m256i bit4(__m256i h) {
    const __m256i moved = kBit <= 4 ? _mm256_slli_epi16(h, 4 - kBit) : _mm256_srli_epi16(h, kBit - 4);
    return _mm256_and_si256(moved, _mm256_set1_epi8(0x10));
  }

  // Sub-blocks 2C and 2C + 1 of one superblock; returns their scaled int32 sums.
  template <int C>
  static __m256i pair(const uint8_t* blk, const int8_t* y, __m256i sc_lo, __m256i sc_hi) {
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    __m256i isum = _mm256_setzero_si256();
    __m256i s_lo = _mm256_setzero_si256(), s_hi = _mm256_setzero_si256();
    for (int k = 0; k < 8; ++k) {
      const __m256i v = load256(blk + T::kQsOffset + 256 * C + 32 * k);
      __m256i lo = _mm256_and_si256(v, m4);
      __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
      if constexpr (kFive) {
        const __m256i h = load256(blk + T::kQhOffset + 32 * k);
        lo = _mm256_or_si256(lo, bit4<2 * C>(h));
        hi = _mm256_or_si256(hi, bit4<2 * C + 1>(h));
      }
      s_lo = _mm256_add_epi16(s_lo, _mm256_maddubs_epi16(lo, bcast4(y + 64 * C + 4 * k)));
      s_hi = _mm256_add_epi16(s_hi, _mm256_maddubs_epi16(hi, bcast4(y + 64 * C + 32 + 4 * k)));
      if (k % T::kChunksPerSum == T::kChunksPerSum - 1) {
        isum = _mm256_add_epi32(isum, _mm256_add_epi32(_mm256_madd_epi16(s_lo, sc_lo), _mm256_madd_epi16(s_hi, sc_hi)));
        s_lo = s_hi = _mm256_setzero_si256();
      }
    }
    return isum;
  }

  // The int16 pair (scale, scale) of byte kByte in each lane.
  template <int kByte>
  static __m256i scale_of(__m256i bytes) {
    const __m256i b = _mm256_and_si256(_mm256_srli_epi32(bytes, 8 * kByte), _mm256_set1_epi32(0xff));
    return _mm256_or_si256(b, _mm256_slli_epi32(b, 16));
  }

  static void run(int64_t nb, const uint8_t* group, const uint8_t* act, int64_t, float* out, int64_t) {
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    const __m256i m6 = _mm256_set1_epi8(0x3f);
    const __m256i m2 = _mm256_set1_epi8(0x03);
    const __m256i low_bytes = _mm256_set1_epi16(0x00ff);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t b = 0; b < nb; ++b) {
      const uint8_t* blk = group + b * T::kBlockBytes;
      prefetch_block<T::kBlockBytes, 2 * T::kBlockBytes>(blk);
      const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act)[b];
      const __m256i w0 = load256(blk + 32), w1 = load256(blk + 64), w2 = load256(blk + 96);
      const __m256i s03 = _mm256_and_si256(w0, m6);
      const __m256i m03 = _mm256_and_si256(w1, m6);
      const __m256i s47 = _mm256_or_si256(_mm256_and_si256(w2, m4),
                                          _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(w0, 6), m2), 4));
      const __m256i m47 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(w2, 4), m4),
                                          _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(w1, 6), m2), 4));
      __m256i msum = _mm256_madd_epi16(_mm256_and_si256(m03, low_bytes), bcast4(reinterpret_cast<const int8_t*>(a.sums32)));
      msum = _mm256_add_epi32(msum, _mm256_madd_epi16(_mm256_srli_epi16(m03, 8), bcast4(reinterpret_cast<const int8_t*>(a.sums32 + 2))));
      msum = _mm256_add_epi32(msum, _mm256_madd_epi16(_mm256_and_si256(m47, low_bytes), bcast4(reinterpret_cast<const int8_t*>(a.sums32 + 4))));
      msum = _mm256_add_epi32(msum, _mm256_madd_epi16(_mm256_srli_epi16(m47, 8), bcast4(reinterpret_cast<const int8_t*>(a.sums32 + 6))));
      __m256i isum = pair<0>(blk, a.qs, scale_of<0>(s03), scale_of<1>(s03));
      isum = _mm256_add_epi32(isum, pair<1>(blk, a.qs, scale_of<2>(s03), scale_of<3>(s03)));
      isum = _mm256_add_epi32(isum, pair<2>(blk, a.qs, scale_of<0>(s47), scale_of<1>(s47)));
      isum = _mm256_add_epi32(isum, pair<3>(blk, a.qs, scale_of<2>(s47), scale_of<3>(s47)));
      const __m256 dy = _mm256_set1_ps(a.d);
      acc = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(msum), _mm256_mul_ps(load_f16x8_raw(blk + 16), dy), acc);
      acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), _mm256_mul_ps(load_f16x8_raw(blk), dy), acc);
    }
    _mm256_storeu_ps(out, acc);
  }
};
template <int NT>
using Q4_KTile = std::conditional_t<NT == 1, K4Vec<false>, K4Tiles<false>::Tile<NT>>;
template <int NT>
using Q5_KTile = std::conditional_t<NT == 1, K4Vec<true>, K4Tiles<true>::Tile<NT>>;

// ---- Q6_K ---------------------------------------------------------------------------------
template <int NT>
struct Q6_KTile {
  static void run(int64_t nb, const uint8_t* group, const uint8_t* act, int64_t act_stride, float* out, int64_t out_stride) {
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    const __m256i m30 = _mm256_set1_epi8(0x30);
    // In each row's 32-bit lane (int16 pair of scales): the first / second scale twice.
    const __m256i dup_lo = _mm256_setr_epi8(0, 1, 0, 1, 4, 5, 4, 5, 8, 9, 8, 9, 12, 13, 12, 13,
                                            0, 1, 0, 1, 4, 5, 4, 5, 8, 9, 8, 9, 12, 13, 12, 13);
    const __m256i dup_hi = _mm256_setr_epi8(2, 3, 2, 3, 6, 7, 6, 7, 10, 11, 10, 11, 14, 15, 14, 15,
                                            2, 3, 2, 3, 6, 7, 6, 7, 10, 11, 10, 11, 14, 15, 14, 15);
    __m256 acc[NT];
    for (int t = 0; t < NT; ++t) acc[t] = _mm256_setzero_ps();
    for (int64_t b = 0; b < nb; ++b) {
      const uint8_t* blk = group + b * 1680;
      prefetch_block<1680, 2 * 1680>(blk);
      const __m256 dw = load_f16x8_raw(blk);
      const uint8_t* scales = blk + 16;  // [8 pairs][8 rows][2] int8
      const uint8_t* ql = blk + 144;     // [32][8][4]
      const uint8_t* qh = blk + 1168;    // [16][8][4]
      __m256i isum[NT];
      for (int t = 0; t < NT; ++t) {
        // The -32 offset: 32 * sum_s scale_s * bsum_s, as int16 pairs of scales x bsum pairs.
        const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act + t * act_stride)[b];
        __m256i corr = _mm256_setzero_si256();
        for (int p = 0; p < 8; ++p) {
          const __m256i sc = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(scales + 16 * p)));
          corr = _mm256_add_epi32(corr, _mm256_madd_epi16(sc, bcast4(reinterpret_cast<const int8_t*>(a.bsums + 2 * p))));
        }
        isum[t] = _mm256_slli_epi32(_mm256_sub_epi32(_mm256_setzero_si256(), corr), 5);
      }
      for (int c = 0; c < 2; ++c) {
        for (int j = 0; j < 4; ++j) {
          // Quarter j of chunk c: low nibbles (j < 2) or high nibbles of ql chunks
          // 16c + 8(j % 2) + k, high bits 2j..2j+1 of qh chunks 8c + k, k = 0..7: values
          // 128c + 32j + 4k .. +3, sub-block 8c + 2j + k / 4.
          for (int h = 0; h < 2; ++h) {
            const int p = 4 * c + j;  // scale pair of sub-blocks 8c + 2j, 8c + 2j + 1
            const __m256i sc_pair = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(scales + 16 * p)));
            const __m256i sc = _mm256_shuffle_epi8(sc_pair, h ? dup_hi : dup_lo);
            for (int k2 = 0; k2 < 4; k2 += 2) {
              __m256i qv[2];
              for (int e = 0; e < 2; ++e) {
                const int k = 4 * h + k2 + e;
                const __m256i l = load256(ql + 32 * (16 * c + 8 * (j % 2) + k));
                const __m256i hb = load256(qh + 32 * (8 * c + k));
                const __m256i low = j < 2 ? _mm256_and_si256(l, m4) : _mm256_and_si256(_mm256_srli_epi16(l, 4), m4);
                __m256i high;
                switch (j) {
                  case 0: high = _mm256_and_si256(_mm256_slli_epi16(hb, 4), m30); break;
                  case 1: high = _mm256_and_si256(_mm256_slli_epi16(hb, 2), m30); break;
                  case 2: high = _mm256_and_si256(hb, m30); break;
                  default: high = _mm256_and_si256(_mm256_srli_epi16(hb, 2), m30); break;
                }
                qv[e] = _mm256_or_si256(low, high);
              }
              for (int t = 0; t < NT; ++t) {
                const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act + t * act_stride)[b];
                const int8_t* y = a.qs + 128 * c + 32 * j + 16 * h + 4 * k2;
                const __m256i pair = _mm256_add_epi16(_mm256_maddubs_epi16(qv[0], bcast4(y)), _mm256_maddubs_epi16(qv[1], bcast4(y + 4)));
                isum[t] = _mm256_add_epi32(isum[t], _mm256_madd_epi16(pair, sc));
              }
            }
          }
        }
      }
      for (int t = 0; t < NT; ++t) {
        const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act + t * act_stride)[b];
        acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[t]), _mm256_mul_ps(dw, _mm256_set1_ps(a.d)), acc[t]);
      }
    }
    for (int t = 0; t < NT; ++t) _mm256_storeu_ps(out + t * out_stride, acc[t]);
  }
};

// One token (matrix x vector, memory-bound): walk the chunks once. Each step loads one qh
// chunk and the two ql chunks that share it, unpacks the four quarters j (four sub-blocks,
// 32 values apart), and accumulates pairs of chunks in int16 before the scale madd.
template <>
struct Q6_KTile<1> {
  static void run(int64_t nb, const uint8_t* group, const uint8_t* act, int64_t, float* out, int64_t) {
    const __m256i m4 = _mm256_set1_epi8(0x0f);
    const __m256i m30 = _mm256_set1_epi8(0x30);
    const __m256i dup_lo = _mm256_setr_epi8(0, 1, 0, 1, 4, 5, 4, 5, 8, 9, 8, 9, 12, 13, 12, 13,
                                            0, 1, 0, 1, 4, 5, 4, 5, 8, 9, 8, 9, 12, 13, 12, 13);
    const __m256i dup_hi = _mm256_setr_epi8(2, 3, 2, 3, 6, 7, 6, 7, 10, 11, 10, 11, 14, 15, 14, 15,
                                            2, 3, 2, 3, 6, 7, 6, 7, 10, 11, 10, 11, 14, 15, 14, 15);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t b = 0; b < nb; ++b) {
      const uint8_t* blk = group + b * 1680;
      prefetch_block<1680, 2 * 1680>(blk);
      const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act)[b];
      const uint8_t* scales = blk + 16;
      const uint8_t* ql = blk + 144;
      const uint8_t* qh = blk + 1168;
      __m256i sc16[8];
      __m256i corr = _mm256_setzero_si256();
      for (int p = 0; p < 8; ++p) {
        sc16[p] = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(scales + 16 * p)));
        corr = _mm256_add_epi32(corr, _mm256_madd_epi16(sc16[p], bcast4(reinterpret_cast<const int8_t*>(a.bsums + 2 * p))));
      }
      __m256i isum = _mm256_slli_epi32(_mm256_sub_epi32(_mm256_setzero_si256(), corr), 5);
      for (int c = 0; c < 2; ++c) {
        for (int h = 0; h < 2; ++h) {
          __m256i s16[4];
          for (int k2 = 0; k2 < 4; ++k2) {
            const int k = 4 * h + k2;
            const __m256i l0 = load256(ql + 32 * (16 * c + k));
            const __m256i l1 = load256(ql + 32 * (16 * c + 8 + k));
            const __m256i hb = load256(qh + 32 * (8 * c + k));
            const __m256i q[4] = {
                _mm256_or_si256(_mm256_and_si256(l0, m4), _mm256_and_si256(_mm256_slli_epi16(hb, 4), m30)),
                _mm256_or_si256(_mm256_and_si256(l1, m4), _mm256_and_si256(_mm256_slli_epi16(hb, 2), m30)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4), _mm256_and_si256(hb, m30)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4), _mm256_and_si256(_mm256_srli_epi16(hb, 2), m30)),
            };
            for (int j = 0; j < 4; ++j) {
              const __m256i p = _mm256_maddubs_epi16(q[j], bcast4(a.qs + 128 * c + 32 * j + 4 * k));
              s16[j] = (k2 % 2) ? _mm256_add_epi16(s16[j], p) : p;
            }
            if (k2 % 2) {  // two chunks summed in int16 (<= 32004): apply the sub-block scales
              for (int j = 0; j < 4; ++j) {
                const __m256i sc = _mm256_shuffle_epi8(sc16[4 * c + j], h ? dup_hi : dup_lo);
                isum = _mm256_add_epi32(isum, _mm256_madd_epi16(s16[j], sc));
              }
            }
          }
        }
      }
      acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), _mm256_mul_ps(load_f16x8_raw(blk), _mm256_set1_ps(a.d)), acc);
    }
    _mm256_storeu_ps(out, acc);
  }
};

}  // namespace

void gemm_f32_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                 float* out, int64_t out_stride) {
  over_tokens<F32Tile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_f16_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                 float* out, int64_t out_stride) {
  over_tokens<F16Tile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_bf16_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<BF16Tile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_q4_0_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<Q4_0Tile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_q4_1_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<Q4_1Tile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_q5_0_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<Q5_0Tile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_q5_1_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<Q5_1Tile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_iq4_nl_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                    float* out, int64_t out_stride) {
  over_tokens<Iq4nlTile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_q8_0_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<Q8_0Tile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_q2_k_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<Q2_KTile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_q3_k_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<Q3_KTile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_q4_k_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<Q4_KTile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_q5_k_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<Q5_KTile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}
void gemm_q6_k_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride) {
  over_tokens<Q6_KTile>(n_blocks, group, act, act_row_bytes, n_tokens, out, out_stride);
}

}  // namespace hearth::kernels::avx2
