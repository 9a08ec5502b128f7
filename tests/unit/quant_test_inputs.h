// Deterministic float rows for the quantizer tests, generated from a seeded splitmix64 with only
// IEEE +, -, *, / (no libm, no std::*_distribution), so they are identical on every platform and
// compiler. The golden harness that produced the hashes in quant_golden_test.cpp generates the
// same rows with a line-for-line C twin of this file (see the comment there).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace hearth::test {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  float uniform() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }  // [0, 1)
  float signed_uniform() { return 2.0f * uniform() - 1.0f; }                              // [-1, 1)
  float gauss() {  // Irwin-Hall(4) scaled to unit variance; the four draws in this order
    const float a = uniform();
    const float b = uniform();
    const float c = uniform();
    const float d = uniform();
    return (a + b + c + d - 2.0f) * 1.7320508f;
  }

 private:
  uint64_t s_;
};

// What a row looks like; each stresses a different path of the quantizers.
enum class InputKind {
  Weights,     // N(0, 0.02), like trained weights
  Uniform,     // U[-1, 1)
  Outliers,    // N(0, 0.05) with 1 in 64 values 25x larger
  ZeroGroups,  // groups of 16 that are all zero with probability 1/4
  Tiny,        // groups of 32 scaled by 1e-2 .. 1e-37 (below the all-zero threshold, subnormal scales)
  Positive,    // U[0.5, 1.5): no negative values, the min is positive
  Ties,        // multiples of 1/8 in [-2, 2]: exact rounding ties
  Wide,        // groups of 64 scaled by 1e-3 .. 1e5 (f16 scale overflow)
  Special,     // blocks of 32 with one pattern each: constant, sparse, all negative, squares that
               // overflow (1e30), alternating, two values, subnormal, tied extremes (-1, 0, 1)
  NonFinite,   // N(0, 0.1) with NaN, +inf, -inf sprinkled in (1 in 256 each)
};
inline constexpr std::array kAllInputKinds = {InputKind::Weights, InputKind::Uniform,  InputKind::Outliers,
                                              InputKind::ZeroGroups, InputKind::Tiny, InputKind::Positive,
                                              InputKind::Ties,    InputKind::Wide,   InputKind::Special,
                                              InputKind::NonFinite};

inline std::string_view input_kind_name(InputKind kind) {
  constexpr std::array<std::string_view, 10> kNames = {"Weights",  "Uniform", "Outliers", "ZeroGroups", "Tiny",
                                                       "Positive", "Ties",    "Wide",     "Special",    "NonFinite"};
  return kNames[static_cast<size_t>(kind)];
}

// Row number `row` of `n` values of a kind (the seed depends on kind, n and row only).
inline std::vector<float> make_row(InputKind kind, int64_t n, int row = 0) {
  static constexpr float kTiny[8] = {1e-2f, 1e-5f, 1e-10f, 1e-14f, 1e-16f, 1e-20f, 1e-30f, 1e-37f};
  static constexpr float kWide[4] = {1e3f, 1.0f, 1e-3f, 1e5f};
  SplitMix64 r(0x48656172746851ull + static_cast<uint64_t>(kind) * 1000003ull + static_cast<uint64_t>(n) +
               static_cast<uint64_t>(row) * 0x100000000ull);
  std::vector<float> x(static_cast<size_t>(n));
  float group_scale = 0.0f;
  int pattern = 0;
  float c = 0.0f;
  for (int64_t i = 0; i < n; ++i) {
    float& v = x[static_cast<size_t>(i)];
    switch (kind) {
      case InputKind::Weights: v = 0.02f * r.gauss(); break;
      case InputKind::Uniform: v = r.signed_uniform(); break;
      case InputKind::Outliers: {
        float g = r.gauss();
        if ((r.next() & 63) == 0) g *= 25.0f;
        v = 0.05f * g;
      } break;
      case InputKind::ZeroGroups:
        if (i % 16 == 0) group_scale = (r.next() % 4 == 0) ? 0.0f : 0.1f;
        v = group_scale * r.gauss();
        break;
      case InputKind::Tiny:
        if (i % 32 == 0) group_scale = kTiny[r.next() % 8];
        v = group_scale * r.gauss();
        break;
      case InputKind::Positive: v = 0.5f + r.uniform(); break;
      case InputKind::Ties: v = static_cast<float>(static_cast<int>(r.next() % 33) - 16) * 0.125f; break;
      case InputKind::Wide:
        if (i % 64 == 0) group_scale = kWide[r.next() % 4];
        v = group_scale * r.gauss();
        break;
      case InputKind::Special:
        if (i % 32 == 0) {
          pattern = static_cast<int>(r.next() % 8);
          c = r.gauss();
        }
        switch (pattern) {
          case 0: v = c; break;
          case 1: v = (r.next() % 32 == 0) ? c : 0.0f; break;
          case 2: v = -(0.5f + r.uniform()); break;
          case 3: v = 1e30f * r.gauss(); break;
          case 4: v = (i % 2) ? c : -c; break;
          case 5: v = (r.next() % 2) ? 3.0f * c : c; break;
          case 6: v = 1e-40f * r.gauss(); break;
          case 7: v = static_cast<float>(static_cast<int>(r.next() % 3) - 1); break;
        }
        break;
      case InputKind::NonFinite: {
        const uint64_t u = r.next() % 256;
        v = u == 0   ? std::numeric_limits<float>::quiet_NaN()
            : u == 1 ? std::numeric_limits<float>::infinity()
            : u == 2 ? -std::numeric_limits<float>::infinity()
                     : 0.1f * r.gauss();
      } break;
    }
  }
  return x;
}

inline constexpr uint64_t kFnv1a64Init = 0xcbf29ce484222325ull;
inline uint64_t fnv1a64(uint64_t h, const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace hearth::test
