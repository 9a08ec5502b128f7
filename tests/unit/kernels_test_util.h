// Shared helpers of the kernel tests: a portable PRNG, random rows of every type, and a
// test-side decoder written from the published block formats (independent of the kernels)
// that also reports each value's "term magnitude" for deriving tolerances.
//
// Tolerance rule used by all dot-product tests. A dot product is a sum of per-block terms
// t_b = (scale products) x (exact integer sum); every implementation sums the same integers
// exactly and differs only in float rounding: at most a few roundings per block (scale
// products, int->float, one accumulation step) plus the final horizontal sums. With unit
// roundoff u = 2^-24 each implementation is within (n_blocks + 8) * u * M of the exact value,
// where M = sum_i |w_i| |a_i| over the decomposed terms (for formats with a min/offset term,
// |scale part| + |offset part| of each weight, since those are summed separately and can
// cancel). Two implementations therefore agree within
//     2 * (n_blocks + 8) * u * M.
// That is the bound asserted; it is a worst case, the observed differences are far smaller.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "hearth/base/half.h"
#include "hearth/kernels/cpu.h"
#include "hearth/quant/blocks.h"
#include "hearth/quant/quantize.h"
#include "hearth/quant/tensor_type.h"

namespace hearth::test {

// SplitMix64: tiny, portable, same sequence on every platform and compiler.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint8_t byte() { return static_cast<uint8_t>(next() >> 56); }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
  float uniform(float lo, float hi) { return lo + static_cast<float>(uniform()) * (hi - lo); }
  // Roughly normal (sum of uniforms), mean 0, stddev ~1.
  float normal() {
    double s = 0;
    for (int i = 0; i < 12; ++i) s += uniform();
    return static_cast<float>(s - 6.0);
  }
  int64_t below(int64_t n) { return static_cast<int64_t>(next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t state_;
};

inline std::vector<float> random_floats(Rng& rng, int64_t n, float scale = 1.0f) {
  std::vector<float> v(static_cast<size_t>(n));
  for (auto& x : v) x = rng.normal() * scale;
  // a few outliers, as real activations have
  for (int64_t i = 0; i < n / 97; ++i) v[static_cast<size_t>(rng.below(n))] *= 8.0f;
  return v;
}

inline uint16_t sane_half(Rng& rng, float lo, float hi) { return f32_to_f16(rng.uniform(lo, hi)); }

// Random bytes for a row of n values of a weight type, with every f16 scale set to a sane
// positive value (random scale bytes could be inf/NaN, which no real file holds).
inline std::vector<uint8_t> random_weight_row(Rng& rng, TensorType type, int64_t n) {
  const auto& layout = tensor_type_layout(type);
  const int64_t nb = n / layout.block_size;
  std::vector<uint8_t> bytes(static_cast<size_t>(nb * layout.block_bytes));
  if (type == TensorType::F32) {
    for (int64_t i = 0; i < n; ++i) {
      const float f = rng.normal() * 0.05f;
      std::memcpy(bytes.data() + 4 * i, &f, 4);
    }
    return bytes;
  }
  if (type == TensorType::F16 || type == TensorType::BF16) {
    for (int64_t i = 0; i < n; ++i) {
      const float f = rng.normal() * 0.05f;
      const uint16_t h = type == TensorType::F16 ? f32_to_f16(f) : f32_to_bf16(f);
      std::memcpy(bytes.data() + 2 * i, &h, 2);
    }
    return bytes;
  }
  for (auto& b : bytes) b = rng.byte();
  for (int64_t b = 0; b < nb; ++b) {
    uint8_t* blk = bytes.data() + b * layout.block_bytes;
    auto set_half = [&](size_t offset, uint16_t h) { std::memcpy(blk + offset, &h, 2); };
    switch (type) {
      case TensorType::Q4_0: set_half(offsetof(BlockQ4_0, d), sane_half(rng, 0.001f, 0.01f)); break;
      case TensorType::Q5_0: set_half(offsetof(BlockQ5_0, d), sane_half(rng, 0.001f, 0.01f)); break;
      case TensorType::Q8_0: set_half(offsetof(BlockQ8_0, d), sane_half(rng, 0.0001f, 0.001f)); break;
      case TensorType::IQ4_NL: set_half(offsetof(BlockIQ4_NL, d), sane_half(rng, 0.0001f, 0.001f)); break;
      case TensorType::Q4_1:
        set_half(offsetof(BlockQ4_1, d), sane_half(rng, 0.001f, 0.01f));
        set_half(offsetof(BlockQ4_1, m), sane_half(rng, -0.08f, 0.0f));
        break;
      case TensorType::Q5_1:
        set_half(offsetof(BlockQ5_1, d), sane_half(rng, 0.001f, 0.005f));
        set_half(offsetof(BlockQ5_1, m), sane_half(rng, -0.08f, 0.0f));
        break;
      case TensorType::Q2_K:
        set_half(offsetof(BlockQ2_K, d), sane_half(rng, 0.0005f, 0.003f));
        set_half(offsetof(BlockQ2_K, dmin), sane_half(rng, 0.0005f, 0.003f));
        break;
      case TensorType::Q3_K: set_half(offsetof(BlockQ3_K, d), sane_half(rng, 0.0002f, 0.001f)); break;
      case TensorType::Q4_K:
        set_half(offsetof(BlockQ4_K, d), sane_half(rng, 0.0001f, 0.001f));
        set_half(offsetof(BlockQ4_K, dmin), sane_half(rng, 0.0001f, 0.001f));
        break;
      case TensorType::Q5_K:
        set_half(offsetof(BlockQ5_K, d), sane_half(rng, 0.00005f, 0.0005f));
        set_half(offsetof(BlockQ5_K, dmin), sane_half(rng, 0.0001f, 0.001f));
        break;
      case TensorType::Q6_K: set_half(offsetof(BlockQ6_K, d), sane_half(rng, 0.00002f, 0.0002f)); break;
      default: ADD_FAILURE() << "no random generator for " << tensor_type_name(type);
    }
  }
  return bytes;
}

// ---- test-side decoder, from the published block formats -------------------------------
struct Decoded {
  std::vector<double> value;      // the dequantized value of each element
  std::vector<double> magnitude;  // |scale part| + |offset part|: see the tolerance rule
  // Q4_1 / Q5_1 weights: |m| of each 32-block. Q8_1 activations: |s - d * sum(q)| of each
  // block (s is stored rounded to f16), the error the min term of those dot products carries.
  std::vector<double> block_offset;
};

inline int nib(const uint8_t* qs, int j) { return j < 16 ? (qs[j] & 15) : (qs[j - 16] >> 4); }
inline void k4_scale_min(const uint8_t* q, int j, int& sc, int& m) {
  if (j < 4) {
    sc = q[j] & 63;
    m = q[j + 4] & 63;
  } else {
    sc = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
    m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
  }
}

inline Decoded decode_row(TensorType type, const uint8_t* p, int64_t n) {
  Decoded out;
  out.value.resize(static_cast<size_t>(n));
  out.magnitude.resize(static_cast<size_t>(n));
  auto put = [&](int64_t i, double scale_part, double offset_part) {
    out.value[static_cast<size_t>(i)] = scale_part + offset_part;
    out.magnitude[static_cast<size_t>(i)] = std::fabs(scale_part) + std::fabs(offset_part);
  };
  auto h = [](const void* q) {
    uint16_t v;
    std::memcpy(&v, q, 2);
    return static_cast<double>(f16_to_f32(v));
  };
  const int64_t bs = tensor_type_layout(type).block_size;
  for (int64_t b = 0; b < n / bs; ++b) {
    const int64_t o = b * bs;
    switch (type) {
      case TensorType::F32:
        for (int64_t i = 0; i < n; ++i) {
          float f;
          std::memcpy(&f, p + 4 * i, 4);
          put(i, f, 0);
        }
        return out;
      case TensorType::F16:
      case TensorType::BF16:
        for (int64_t i = 0; i < n; ++i) {
          uint16_t v;
          std::memcpy(&v, p + 2 * i, 2);
          put(i, type == TensorType::F16 ? f16_to_f32(v) : bf16_to_f32(v), 0);
        }
        return out;
      case TensorType::Q4_0: {
        const auto& x = reinterpret_cast<const BlockQ4_0*>(p)[b];
        for (int j = 0; j < 32; ++j) put(o + j, h(&x.d) * (nib(x.qs, j) - 8), 0);
        break;
      }
      case TensorType::Q4_1: {
        const auto& x = reinterpret_cast<const BlockQ4_1*>(p)[b];
        for (int j = 0; j < 32; ++j) put(o + j, h(&x.d) * nib(x.qs, j), h(&x.m));
        out.block_offset.push_back(std::fabs(h(&x.m)));
        break;
      }
      case TensorType::Q5_0:
      case TensorType::Q5_1: {
        const bool has_min = type == TensorType::Q5_1;
        const auto* x0 = reinterpret_cast<const BlockQ5_0*>(p) + b;
        const auto* x1 = reinterpret_cast<const BlockQ5_1*>(p) + b;
        const uint8_t* qh = has_min ? x1->qh : x0->qh;
        const uint8_t* qs = has_min ? x1->qs : x0->qs;
        const double d = has_min ? h(&x1->d) : h(&x0->d);
        uint32_t bits;
        std::memcpy(&bits, qh, 4);
        for (int j = 0; j < 32; ++j) {
          const int q = nib(qs, j) | (((bits >> j) & 1) << 4);
          if (has_min)
            put(o + j, d * q, h(&x1->m));
          else
            put(o + j, d * (q - 16), 0);
        }
        if (has_min) out.block_offset.push_back(std::fabs(h(&x1->m)));
        break;
      }
      case TensorType::Q8_0: {
        const auto& x = reinterpret_cast<const BlockQ8_0*>(p)[b];
        for (int j = 0; j < 32; ++j) put(o + j, h(&x.d) * x.qs[j], 0);
        break;
      }
      case TensorType::Q8_1: {
        const auto& x = reinterpret_cast<const BlockQ8_1*>(p)[b];
        int sum = 0;
        for (int j = 0; j < 32; ++j) {
          put(o + j, h(&x.d) * x.qs[j], 0);
          sum += x.qs[j];
        }
        out.block_offset.push_back(std::fabs(h(&x.s) - h(&x.d) * sum));
        break;
      }
      case TensorType::IQ4_NL: {
        static const int kValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};
        const auto& x = reinterpret_cast<const BlockIQ4_NL*>(p)[b];
        for (int j = 0; j < 32; ++j) put(o + j, h(&x.d) * kValues[nib(x.qs, j)], 0);
        break;
      }
      case TensorType::Q8_K: {
        const auto& x = reinterpret_cast<const BlockQ8_K*>(p)[b];
        for (int j = 0; j < 256; ++j) put(o + j, static_cast<double>(x.d) * x.qs[j], 0);
        break;
      }
      case TensorType::Q2_K: {
        // Written as the format's reference dequantizer walks it: 2 halves of 128, 4 shifts,
        // 2 runs of 16 per shift, one scale byte per run.
        const auto& x = reinterpret_cast<const BlockQ2_K*>(p)[b];
        int is = 0;
        int64_t e = o;
        for (int half = 0; half < 2; ++half)
          for (int shift = 0; shift < 8; shift += 2)
            for (int run = 0; run < 2; ++run, ++is)
              for (int l = 0; l < 16; ++l, ++e) {
                const int q = (x.qs[32 * half + 16 * run + l] >> shift) & 3;
                put(e, h(&x.d) * (x.scales[is] & 15) * q, -h(&x.dmin) * (x.scales[is] >> 4));
              }
        break;
      }
      case TensorType::Q3_K: {
        const auto& x = reinterpret_cast<const BlockQ3_K*>(p)[b];
        int8_t sc[16];
        for (int j = 0; j < 16; ++j) {
          // 4 low bits: bytes 0..7, low nibbles for scales 0..7, high nibbles for 8..15;
          // 2 high bits: byte 8 + j % 4, bit pair j / 4.
          const int low = (x.scales[j % 8] >> (4 * (j / 8))) & 15;
          const int high = (x.scales[8 + j % 4] >> (2 * (j / 4))) & 3;
          sc[j] = static_cast<int8_t>((low | (high << 4)) - 32);
        }
        int is = 0;
        int64_t e = o;
        uint8_t m = 1;
        for (int half = 0; half < 2; ++half)
          for (int shift = 0; shift < 8; shift += 2, m = static_cast<uint8_t>(m << 1))
            for (int run = 0; run < 2; ++run, ++is)
              for (int l = 0; l < 16; ++l, ++e) {
                const int i = 16 * run + l;
                const int q = ((x.qs[32 * half + i] >> shift) & 3) - ((x.hmask[i] & m) ? 0 : 4);
                put(e, h(&x.d) * sc[is] * q, 0);
              }
        break;
      }
      case TensorType::Q4_K:
      case TensorType::Q5_K: {
        const bool five = type == TensorType::Q5_K;
        const auto* x4 = reinterpret_cast<const BlockQ4_K*>(p) + b;
        const auto* x5 = reinterpret_cast<const BlockQ5_K*>(p) + b;
        const uint8_t* scales = five ? x5->scales : x4->scales;
        const uint8_t* qs = five ? x5->qs : x4->qs;
        const double d = five ? h(&x5->d) : h(&x4->d);
        const double dmin = five ? h(&x5->dmin) : h(&x4->dmin);
        for (int c = 0; c < 4; ++c)
          for (int part = 0; part < 2; ++part) {
            int sc, m;
            k4_scale_min(scales, 2 * c + part, sc, m);
            for (int l = 0; l < 32; ++l) {
              int q = part ? (qs[32 * c + l] >> 4) : (qs[32 * c + l] & 15);
              if (five && (x5->qh[l] >> (2 * c + part) & 1)) q += 16;
              put(o + 64 * c + 32 * part + l, d * sc * q, -dmin * m);
            }
          }
        break;
      }
      case TensorType::Q6_K: {
        const auto& x = reinterpret_cast<const BlockQ6_K*>(p)[b];
        for (int c = 0; c < 2; ++c)
          for (int l = 0; l < 32; ++l) {
            const uint8_t* ql = x.ql + 64 * c;
            const uint8_t qh = x.qh[32 * c + l];
            const int q[4] = {(ql[l] & 15) | ((qh & 3) << 4), (ql[l + 32] & 15) | (((qh >> 2) & 3) << 4),
                              (ql[l] >> 4) | (((qh >> 4) & 3) << 4), (ql[l + 32] >> 4) | (((qh >> 6) & 3) << 4)};
            for (int k = 0; k < 4; ++k) {
              const int e = 128 * c + 32 * k + l;
              put(o + e, h(&x.d) * x.scales[e / 16] * (q[k] - 32), 0);
            }
          }
        break;
      }
      default: ADD_FAILURE() << "no decoder for " << tensor_type_name(type); return out;
    }
  }
  return out;
}

// Exact (double) dot of two decoded rows, and the tolerance of the rule at the top.
struct DotReference {
  double value = 0;
  double magnitude = 0;
};
inline DotReference reference_dot(const Decoded& w, const Decoded& a) {
  DotReference r;
  for (size_t i = 0; i < w.value.size(); ++i) {
    r.value += w.value[i] * a.value[i];
    r.magnitude += w.magnitude[i] * std::fabs(a.value[i]);
  }
  return r;
}
// Q4_1 / Q5_1 x Q8_1: the kernels use the activation's stored s = d * sum(q) rounded to f16
// for the min term, so they differ from the exact dot by up to sum_b |m_b| |s_b - d_b sum_b|.
inline double min_term_error(const Decoded& w, const Decoded& a) {
  double e = 0;
  if (w.block_offset.size() == a.block_offset.size())
    for (size_t b = 0; b < w.block_offset.size(); ++b) e += w.block_offset[b] * a.block_offset[b];
  return e;
}
inline double dot_tolerance(int64_t n_blocks, double magnitude) {
  return 2.0 * static_cast<double>(n_blocks + 8) * 0x1p-24 * magnitude;
}

// Runs a test body once per kernel family this CPU supports, with that family active.
class ScopedIsa {
 public:
  explicit ScopedIsa(kernels::Isa isa) : saved_(kernels::active_isa()) { kernels::set_active_isa(isa); }
  ~ScopedIsa() { kernels::set_active_isa(saved_); }

 private:
  kernels::Isa saved_;
};

#define HEARTH_REQUIRE_AVX2()                                                           \
  do {                                                                                  \
    if (!::hearth::kernels::isa_supported(::hearth::kernels::Isa::Avx2))                \
      GTEST_SKIP() << "this CPU (or OS) cannot run AVX2: the AVX2 kernels are untested here"; \
  } while (0)

// Weight types the CPU matmul handles, and those with an integer activation type.
inline const std::vector<TensorType>& cpu_weight_types() {
  static const std::vector<TensorType> types = {
      TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
      TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0, TensorType::IQ4_NL, TensorType::Q2_K,
      TensorType::Q3_K, TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K};
  return types;
}

inline std::string type_param_name(const testing::TestParamInfo<TensorType>& info) {
  return std::string(tensor_type_name(info.param));
}

}  // namespace hearth::test
