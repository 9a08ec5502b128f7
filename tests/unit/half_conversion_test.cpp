// f32 <-> f16 / bf16 conversions (hearth/base/half.h) against independent references, over
// float bit patterns:
//   by default: f16 exhaustively wherever the result is neither ±0 nor ±inf (every float in
//     [2^-25, 2^16) of either sign: 41 binades, 687 million patterns) plus every 251st pattern
//     elsewhere; bf16 exhaustively for the special binades (subnormal, the top finite one, inf/NaN)
//     and for every 17th value of the upper 16 bits (all 65536 lower halves each);
//   with HEARTH_EXHAUSTIVE_TESTS=1 in the environment: all 2^32 patterns for both (about a
//     minute on one core; this was run when the conversions were written, with no mismatch).
// References:
//   f16: the CPU's F16C instruction (vcvtps2ph, round to nearest even), when the CPU has it;
//        otherwise, and also on a strided subset, the compiler's _Float16 conversion.
//        NaNs become the canonical quiet NaN 0x7e00 with the input's sign (the GGUF reference's
//        rule; F16C would keep payload bits instead).
//   bf16: round to nearest even written from the definition: the two bf16 neighbours of x and
//        the exact distances to them in double precision; NaNs are quieted (bit 6 set).
// And f16/bf16 -> f32 is checked to be exact and to round-trip every non-NaN 16-bit pattern.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <thread>
#include <vector>

#include "hearth/base/half.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HEARTH_TEST_HAVE_X86 1
#endif

namespace hearth {
namespace {

bool exhaustive() {
  const char* env = std::getenv("HEARTH_EXHAUSTIVE_TESTS");
  return env && *env && *env != '0';
}

// Calls fn(first, last) on the ranges of 32-bit patterns given, split across the hardware
// threads; returns the sum of the mismatch counts fn reports.
struct BitRange {
  uint64_t first, last;  // [first, last)
};
template <class Fn>
uint64_t count_mismatches(const std::vector<BitRange>& ranges, Fn fn) {
  const unsigned threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  std::vector<uint64_t> bad(threads, 0);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (const BitRange& r : ranges) {
        const uint64_t size = r.last - r.first;
        // Chunks are multiples of 8 so the vector reference sees whole groups.
        const uint64_t begin = r.first + size * t / threads / 8 * 8;
        const uint64_t end = t + 1 == threads ? r.last : r.first + size * (t + 1) / threads / 8 * 8;
        bad[t] += fn(begin, end);
      }
    });
  for (auto& th : pool) th.join();
  uint64_t sum = 0;
  for (uint64_t b : bad) sum += b;
  return sum;
}

// Patterns with exponent field in [e_first, e_last), both signs.
std::vector<BitRange> binades(uint32_t e_first, uint32_t e_last) {
  const uint64_t first = uint64_t(e_first) << 23, last = uint64_t(e_last) << 23, sign = 0x80000000ull;
  return {{first, last}, {sign + first, sign + last}};
}

uint16_t expected_nan_f16(uint32_t bits) { return uint16_t(((bits >> 16) & 0x8000u) | 0x7e00u); }
bool is_nan_bits(uint32_t bits) { return (bits & 0x7fffffffu) > 0x7f800000u; }

#ifdef HEARTH_TEST_HAVE_X86
__attribute__((target("avx,f16c"))) uint64_t count_f16_mismatches_f16c(uint64_t first, uint64_t last) {
  uint64_t bad = 0;
  alignas(32) uint32_t in[8];
  alignas(16) uint16_t out[8];
  for (uint64_t base = first; base < last; base += 8) {
    for (int k = 0; k < 8; ++k) in[k] = uint32_t(base + k);
    const __m256 v = _mm256_load_ps(reinterpret_cast<const float*>(in));
    _mm_store_si128(reinterpret_cast<__m128i*>(out), _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
    for (int k = 0; k < 8; ++k) {
      const uint16_t want = is_nan_bits(in[k]) ? expected_nan_f16(in[k]) : out[k];
      bad += f32_to_f16(std::bit_cast<float>(in[k])) != want;
    }
  }
  return bad;
}
#endif

uint16_t reference_f16_soft(uint32_t bits) {
  if (is_nan_bits(bits)) return expected_nan_f16(bits);
  const _Float16 h = static_cast<_Float16>(std::bit_cast<float>(bits));
  return std::bit_cast<uint16_t>(h);
}

uint16_t reference_bf16(uint32_t bits) {
  if (is_nan_bits(bits)) return uint16_t((bits >> 16) | 0x40u);
  const uint32_t lo = bits & 0xffff0000u;  // truncation: the neighbour toward zero
  if (lo == bits) return uint16_t(bits >> 16);  // exact (this includes ±inf and ±0)
  const uint32_t hi = lo + 0x10000u;           // the neighbour away from zero (may be ±inf)
  const double x = std::fabs(double(std::bit_cast<float>(bits)));
  const double below = std::fabs(double(std::bit_cast<float>(lo)));
  // The magnitude of `hi` as a double even when it is infinity: 2^128 is where the next binade
  // would start, which is the value IEEE rounding uses for overflow.
  const double above = (hi & 0x7fffffffu) == 0x7f800000u ? std::ldexp(1.0, 128) : std::fabs(double(std::bit_cast<float>(hi)));
  const double d_lo = x - below, d_hi = above - x;
  if (d_lo < d_hi) return uint16_t(lo >> 16);
  if (d_hi < d_lo) return uint16_t(hi >> 16);
  return ((lo >> 16) & 1) ? uint16_t(hi >> 16) : uint16_t(lo >> 16);  // tie: the even one
}

// The f16 result is ±0 below 2^-25 (exponent field 102) and ±inf from 2^16 (field 143) on.
constexpr uint32_t kF16FirstBinade = 102, kF16EndBinade = 143;

TEST(HalfConversion, F32ToF16) {
  const std::vector<BitRange> ranges = exhaustive() ? std::vector<BitRange>{{0, uint64_t(1) << 32}}
                                                    : binades(kF16FirstBinade, kF16EndBinade);
  auto scalar_check = [](uint64_t first, uint64_t last) {
    uint64_t n = 0;
    for (uint64_t b = first; b < last; ++b)
      n += f32_to_f16(std::bit_cast<float>(uint32_t(b))) != reference_f16_soft(uint32_t(b));
    return n;
  };
#ifdef HEARTH_TEST_HAVE_X86
  if (__builtin_cpu_supports("f16c")) {
    EXPECT_EQ(count_mismatches(ranges, count_f16_mismatches_f16c), 0u);
  } else {
    EXPECT_EQ(count_mismatches(ranges, scalar_check), 0u);
  }
#else
  EXPECT_EQ(count_mismatches(ranges, scalar_check), 0u);
#endif
  // Everywhere else, a strided sample (covers ±0 / ±inf results, NaN and inf inputs).
  uint64_t bad = 0;
  for (uint64_t b = 0; b < (uint64_t(1) << 32); b += 251) {
    const uint32_t e = (uint32_t(b) >> 23) & 0xff;
    if (e >= kF16FirstBinade && e < kF16EndBinade) continue;
    bad += f32_to_f16(std::bit_cast<float>(uint32_t(b))) != reference_f16_soft(uint32_t(b));
  }
  EXPECT_EQ(bad, 0u);
}

TEST(HalfConversion, F32ToF16MatchesCompilerFloat16OnStridedSubset) {
  uint64_t bad = 0;
  for (uint64_t b = 0; b < (uint64_t(1) << 32); b += 4099) {
    const uint32_t bits = uint32_t(b);
    bad += f32_to_f16(std::bit_cast<float>(bits)) != reference_f16_soft(bits);
  }
  EXPECT_EQ(bad, 0u);
  // Hand-picked: halfway cases, the largest finite half, overflow, the smallest subnormal.
  EXPECT_EQ(f32_to_f16(1.0f), 0x3c00);
  EXPECT_EQ(f32_to_f16(65504.0f), 0x7bff);
  EXPECT_EQ(f32_to_f16(65519.996f), 0x7bff);  // just below the overflow midpoint
  EXPECT_EQ(f32_to_f16(65520.0f), 0x7c00);    // the midpoint rounds to even = infinity
  EXPECT_EQ(f32_to_f16(std::ldexp(1.0f, -24)), 0x0001);
  EXPECT_EQ(f32_to_f16(std::ldexp(1.0f, -25)), 0x0000);  // tie between 0 and 2^-24: even is 0
  EXPECT_EQ(f32_to_f16(std::ldexp(3.0f, -25)), 0x0002);  // tie between 1 and 2 ulps: even is 2
  EXPECT_EQ(f32_to_f16(1.0f + std::ldexp(1.0f, -11)), 0x3c00);  // tie at 1 + half ulp: even
  EXPECT_EQ(f32_to_f16(-0.0f), 0x8000);
  EXPECT_EQ(f32_to_f16(-std::numeric_limits<float>::infinity()), 0xfc00);
  EXPECT_EQ(f32_to_f16(std::numeric_limits<float>::quiet_NaN()), 0x7e00);
}

TEST(HalfConversion, F32ToBf16) {
  auto check = [](uint64_t first, uint64_t last) {
    uint64_t n = 0;
    for (uint64_t b = first; b < last; ++b) n += f32_to_bf16(std::bit_cast<float>(uint32_t(b))) != reference_bf16(uint32_t(b));
    return n;
  };
  std::vector<BitRange> ranges;
  if (exhaustive()) {
    ranges.push_back({0, uint64_t(1) << 32});
  } else {
    for (const auto& r : binades(0, 1)) ranges.push_back(r);      // zero and subnormals
    for (const auto& r : binades(254, 256)) ranges.push_back(r);  // largest finite, inf and NaN
    for (uint64_t upper = 0; upper < 0x10000; upper += 17) ranges.push_back({upper << 16, (upper + 1) << 16});
  }
  EXPECT_EQ(count_mismatches(ranges, check), 0u);
  EXPECT_EQ(f32_to_bf16(1.0f), 0x3f80);
  EXPECT_EQ(f32_to_bf16(std::bit_cast<float>(0x3f808000u)), 0x3f80);  // tie, even stays
  EXPECT_EQ(f32_to_bf16(std::bit_cast<float>(0x3f818000u)), 0x3f82);  // tie, odd rounds up
  EXPECT_EQ(f32_to_bf16(std::bit_cast<float>(0x7f7fffffu)), 0x7f80);  // FLT_MAX overflows to inf
  EXPECT_EQ(f32_to_bf16(std::bit_cast<float>(0x7f800001u)), 0x7fc0);  // signalling NaN is quieted
  EXPECT_EQ(f32_to_bf16(std::bit_cast<float>(0xff800001u)), 0xffc0);
}

TEST(HalfConversion, SixteenBitToF32IsExactAndRoundTrips) {
  for (uint32_t h = 0; h <= 0xffff; ++h) {
    const uint16_t bits = uint16_t(h);
    const float f = f16_to_f32(bits);
    const bool nan = (bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0;
    if (nan) {
      EXPECT_TRUE(std::isnan(f)) << h;
    } else {
      EXPECT_EQ(f, float(std::bit_cast<_Float16>(bits))) << h;  // exact value
      EXPECT_EQ(f32_to_f16(f), bits) << h;
    }
    const float g = bf16_to_f32(bits);
    EXPECT_EQ(std::bit_cast<uint32_t>(g), uint32_t(bits) << 16);
    if (!std::isnan(g)) {
      EXPECT_EQ(f32_to_bf16(g), bits) << h;
    }
  }
}

}  // namespace
}  // namespace hearth
