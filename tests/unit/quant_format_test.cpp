// The block formats, decoded from their published description (independently of Hearth's
// dequantizers), and what every quantizer must guarantee about its output:
//   - dequantize_row gives exactly the floats the format defines, for quantized rows and for
//     arbitrary block bytes;
//   - every value is stored at the nearest level of the grid its block's (decoded) scales define,
//     up to the slack of the reference's float arithmetic (see NearestLevel below).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "hearth/base/half.h"
#include "hearth/quant/quantize.h"
#include "quant_test_inputs.h"

namespace hearth {
namespace {

using test::InputKind;

// The grid of values element e of a row can take: value(l) = a * level(l) + b for l in
// [lo, hi], level(l) = l, or codebook[l] for a non-linear type. `l` is the stored level.
struct Grid {
  float a = 0, b = 0;
  int lo = 0, hi = 0, l = 0;
  const int8_t* codebook = nullptr;
  float value(int level) const {
    return a * static_cast<float>(codebook ? codebook[level] : level) + b;
  }
};

const uint8_t* block_at(const void* row, int e, int block_size, size_t block_bytes) {
  return static_cast<const uint8_t*>(row) + static_cast<size_t>(e / block_size) * block_bytes;
}
float half_at(const uint8_t* p) {
  uint16_t h;
  std::memcpy(&h, p, 2);
  return f16_to_f32(h);
}
uint32_t u32_at(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
// Element j (0..31) of a 32-value block packed as 16 bytes of nibbles: j < 16 low, else high.
int nibble32(const uint8_t* qs, int j) { return j < 16 ? qs[j] & 15 : qs[j - 16] >> 4; }

// ---- the published layouts, one decoder per type ----------------------------------------
// Offsets are byte offsets inside the block, as in the GGUF block structs.

Grid grid_q4_0(const void* row, int e) {  // {f16 d; u8 qs[16]}: x = d * (q - 8)
  const uint8_t* b = block_at(row, e, 32, 18);
  return {half_at(b), 0, -8, 7, nibble32(b + 2, e % 32) - 8};
}
Grid grid_q4_1(const void* row, int e) {  // {f16 d; f16 m; u8 qs[16]}: x = d * q + m
  const uint8_t* b = block_at(row, e, 32, 20);
  return {half_at(b), half_at(b + 2), 0, 15, nibble32(b + 4, e % 32)};
}
Grid grid_q5_0(const void* row, int e) {  // {f16 d; u8 qh[4]; u8 qs[16]}: x = d * (q - 16)
  const uint8_t* b = block_at(row, e, 32, 22);
  const int q = nibble32(b + 6, e % 32) | int((u32_at(b + 2) >> (e % 32)) & 1) << 4;
  return {half_at(b), 0, -16, 15, q - 16};
}
Grid grid_q5_1(const void* row, int e) {  // {f16 d; f16 m; u8 qh[4]; u8 qs[16]}: x = d * q + m
  const uint8_t* b = block_at(row, e, 32, 24);
  const int q = nibble32(b + 8, e % 32) | int((u32_at(b + 4) >> (e % 32)) & 1) << 4;
  return {half_at(b), half_at(b + 2), 0, 31, q};
}
Grid grid_q8_0(const void* row, int e) {  // {f16 d; i8 qs[32]}: x = d * q
  const uint8_t* b = block_at(row, e, 32, 34);
  return {half_at(b), 0, -128, 127, int8_t(b[2 + e % 32])};
}
Grid grid_q8_1(const void* row, int e) {  // {f16 d; f16 s; i8 qs[32]}: x = d * q
  const uint8_t* b = block_at(row, e, 32, 36);
  return {half_at(b), 0, -128, 127, int8_t(b[4 + e % 32])};
}
Grid grid_q8_k(const void* row, int e) {  // {f32 d; i8 qs[256]; i16 bsums[16]}: x = d * q
  const uint8_t* b = block_at(row, e, 256, 292);
  float d;
  std::memcpy(&d, b, 4);
  return {d, 0, -128, 127, int8_t(b[4 + e % 256])};
}
// Q2_K {u8 scales[16]; u8 qs[64]; f16 d; f16 dmin}: sub-block s = e/16 has scale nibble
// scales[s] & 15 and min nibble scales[s] >> 4; x = d*sc*q - dmin*m. The 2-bit q of element r
// of a 128-value half h is bits 2*(r/32) of qs[32h + r%32].
int two_bits(const uint8_t* qs, int e) {
  const int h = e / 128, r = e % 128;
  return (qs[32 * h + r % 32] >> (2 * (r / 32))) & 3;
}
Grid grid_q2_k(const void* row, int e) {
  const uint8_t* b = block_at(row, e, 256, 84);
  const int i = e % 256;
  const uint8_t sc = b[i / 16];
  return {half_at(b + 80) * float(sc & 15), -(half_at(b + 82) * float(sc >> 4)), 0, 3, two_bits(b + 16, i)};
}
// Q3_K {u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d}: 3-bit q = two_bits | (hmask bit) << 2,
// the high bit of element i is bit i/32 of hmask[i%32]; x = d * (sc - 32) * (q - 4). The 6-bit
// scale s: low 4 bits in scales[s%8] (low nibble for s < 8, high nibble otherwise), high 2 bits
// at bits 2*(s/4) of scales[8 + s%4].
Grid grid_q3_k(const void* row, int e) {
  const uint8_t* b = block_at(row, e, 256, 110);
  const int i = e % 256, s = i / 16;
  const uint8_t* scales = b + 96;
  const int low = s < 8 ? scales[s] & 15 : scales[s - 8] >> 4;
  const int sc = (low | (((scales[8 + s % 4] >> (2 * (s / 4))) & 3) << 4)) - 32;
  const int q = two_bits(b + 32, i) | (((b[i % 32] >> (i / 32)) & 1) << 2);
  return {half_at(b + 108) * float(sc), 0, -4, 3, q - 4};
}
// Q4_K / Q5_K {f16 d; f16 dmin; u8 scales[12]; (Q5_K: u8 qh[32];) u8 qs[128]}: sub-block
// s = i/32 has a 6-bit scale and min: s < 4: scales[s] & 63, scales[s+4] & 63; s >= 4: low
// nibbles of scales[s+4] | top 2 bits of scales[s-4] (scale) / scales[s] (min) as bits 4-5.
// Element i: chunk c = i/64 of 32 bytes, low nibble for i%64 < 32; Q5_K's fifth bit is bit
// (i/32) of qh[i%32].
void scale_min_6bit(const uint8_t* scales, int s, int& sc, int& m) {
  if (s < 4) {
    sc = scales[s] & 63;
    m = scales[s + 4] & 63;
  } else {
    sc = (scales[s + 4] & 15) | ((scales[s - 4] >> 6) << 4);
    m = (scales[s + 4] >> 4) | ((scales[s] >> 6) << 4);
  }
}
Grid grid_q4_k(const void* row, int e) {
  const uint8_t* b = block_at(row, e, 256, 144);
  const int i = e % 256;
  int sc, m;
  scale_min_6bit(b + 4, i / 32, sc, m);
  const uint8_t byte = b[16 + 32 * (i / 64) + i % 32];
  const int q = (i % 64) < 32 ? byte & 15 : byte >> 4;
  return {half_at(b) * float(sc), -(half_at(b + 2) * float(m)), 0, 15, q};
}
Grid grid_q5_k(const void* row, int e) {
  const uint8_t* b = block_at(row, e, 256, 176);
  const int i = e % 256;
  int sc, m;
  scale_min_6bit(b + 4, i / 32, sc, m);
  const uint8_t byte = b[48 + 32 * (i / 64) + i % 32];
  const int q = ((i % 64) < 32 ? byte & 15 : byte >> 4) | (((b[16 + i % 32] >> (i / 32)) & 1) << 4);
  return {half_at(b) * float(sc), -(half_at(b + 2) * float(m)), 0, 31, q};
}
// Q6_K {u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d}: in half h = i/128, quarter k = (i%128)/32,
// position l = i%32: low 4 bits in ql[64h + l + 32*(k%2)] (low nibble for k < 2), high 2 bits
// at bits 2k of qh[32h + l]; x = d * scales[i/16] * (q - 32).
Grid grid_q6_k(const void* row, int e) {
  const uint8_t* b = block_at(row, e, 256, 210);
  const int i = e % 256, h = i / 128, k = (i % 128) / 32, l = i % 32;
  const uint8_t low = b[64 * h + l + 32 * (k % 2)];
  const int q = (k < 2 ? low & 15 : low >> 4) | (((b[128 + 32 * h + l] >> (2 * k)) & 3) << 4);
  return {half_at(b + 208) * float(int8_t(b[192 + i / 16])), 0, -32, 31, q - 32};
}
// IQ4_NL {f16 d; u8 qs[16]}: x = d * codebook[index], indices packed like Q4_0.
constexpr int8_t kCodebook[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};
Grid grid_iq4_nl(const void* row, int e) {
  const uint8_t* b = block_at(row, e, 32, 18);
  return {half_at(b), 0, 0, 15, nibble32(b + 2, e % 32), kCodebook};
}

struct TypeSpec {
  TensorType type;
  std::function<Grid(const void*, int)> grid;
  // Whether the reference picks levels against the unrounded float scale (the legacy types and
  // IQ4_NL) rather than against the scale the block stores (the K types re-quantize against it).
  bool levels_from_float_scale;
};

const std::vector<TypeSpec>& type_specs() {
  static const std::vector<TypeSpec> specs = {
      {TensorType::Q4_0, grid_q4_0, true},  {TensorType::Q4_1, grid_q4_1, true},
      {TensorType::Q5_0, grid_q5_0, true},  {TensorType::Q5_1, grid_q5_1, true},
      {TensorType::Q8_0, grid_q8_0, true},  {TensorType::Q8_1, grid_q8_1, true},
      {TensorType::Q8_K, grid_q8_k, false}, {TensorType::Q2_K, grid_q2_k, false},
      {TensorType::Q3_K, grid_q3_k, false}, {TensorType::Q4_K, grid_q4_k, false},
      {TensorType::Q5_K, grid_q5_k, false}, {TensorType::Q6_K, grid_q6_k, false},
      {TensorType::IQ4_NL, grid_iq4_nl, true},
  };
  return specs;
}

std::string label(const TypeSpec& spec) { return std::string(tensor_type_name(spec.type)); }

std::vector<uint8_t> quantized(TensorType type, const std::vector<float>& x) {
  std::vector<uint8_t> q(*tensor_row_bytes(type, x.size()));
  quantize_row(type, x.data(), q.data(), static_cast<int64_t>(x.size()));
  return q;
}

void expect_dequantize_matches_spec(const TypeSpec& spec, const std::vector<uint8_t>& q, int64_t n) {
  std::vector<float> y(static_cast<size_t>(n));
  dequantize_row(spec.type, q.data(), y.data(), n);
  int bad = 0;
  for (int e = 0; e < n; ++e) {
    const float want = spec.grid(q.data(), e).value(spec.grid(q.data(), e).l);
    const bool same = want == y[e] || (std::isnan(want) && std::isnan(y[e]));
    if (!same && ++bad <= 3) ADD_FAILURE() << label(spec) << " element " << e << ": " << y[e] << " != spec " << want;
  }
  EXPECT_EQ(bad, 0) << label(spec);
}

TEST(QuantFormat, DequantizeMatchesSpecOnQuantizedRows) {
  for (const TypeSpec& spec : type_specs())
    for (const InputKind kind : test::kAllInputKinds) {
      const std::vector<float> x = test::make_row(kind, 4096);
      expect_dequantize_matches_spec(spec, quantized(spec.type, x), 4096);
    }
}

TEST(QuantFormat, DequantizeMatchesSpecOnArbitraryBytes) {
  test::SplitMix64 rng(42);
  for (const TypeSpec& spec : type_specs()) {
    const int64_t n = 2048;
    std::vector<uint8_t> q(*tensor_row_bytes(spec.type, n));
    for (auto& byte : q) byte = uint8_t(rng.next());
    expect_dequantize_matches_spec(spec, q, n);
  }
}

// Every element sits on the grid level nearest to it (the grid being monotone in the level, it
// is enough that neither neighbour is closer), up to `slack`: the level was chosen in float
// arithmetic, against the float scale for the legacy types.
TEST(QuantFormat, EveryValueIsStoredAtTheNearestLevel) {
  for (const TypeSpec& spec : type_specs())
    for (const InputKind kind : test::kAllInputKinds) {
      if (kind == InputKind::NonFinite || kind == InputKind::Special || kind == InputKind::Tiny ||
          kind == InputKind::Wide)
        continue;  // scales that underflow or overflow f16: no meaningful grid
      const int64_t n = 4096;
      const std::vector<float> x = test::make_row(kind, n);
      const std::vector<uint8_t> q = quantized(spec.type, x);
      int bad = 0;
      for (int e = 0; e < n; ++e) {
        const Grid g = spec.grid(q.data(), e);
        if (g.a == 0) continue;  // a sub-block whose scale rounded to zero keeps the search's levels
        ASSERT_GE(g.l, g.lo);
        ASSERT_LE(g.l, g.hi);
        // Level choice slack: float rounding of x / scale (1e-5 of the largest level), plus, where
        // levels were picked against the float scale, the f16 rounding of the stored scale
        // (2^-11 relative) moving both candidate values by up to |scale| * largest level.
        const float largest_level = static_cast<float>(g.codebook ? 127 : std::max(-g.lo, g.hi));
        const float slack = std::fabs(g.a) * largest_level * ((spec.levels_from_float_scale ? 0x1p-10f : 0.0f) + 1e-5f) +
                            1e-6f * std::fabs(x[e]);
        const float err = std::fabs(x[e] - g.value(g.l));
        for (int nb : {g.l - 1, g.l + 1}) {
          if (nb < g.lo || nb > g.hi) continue;
          const float other = std::fabs(x[e] - g.value(nb));
          if (other + slack < err && ++bad <= 3)
            ADD_FAILURE() << label(spec) << " " << test::input_kind_name(kind) << " element " << e << " = " << x[e]
                          << " stored at level " << g.l << " (" << g.value(g.l) << ") but level " << nb << " ("
                          << g.value(nb) << ") is nearer";
        }
      }
      EXPECT_EQ(bad, 0) << label(spec) << " " << test::input_kind_name(kind);
    }
}

// The symmetric types put the block's value of largest magnitude exactly on their extreme level,
// so it comes back with only the f16 rounding of the scale as error.
TEST(QuantFormat, BlockExtremeIsExactUpToScaleRounding) {
  const std::vector<float> x = test::make_row(InputKind::Uniform, 4096);
  struct Case {
    TensorType type;
    int block;
    float extreme_level;
  };
  for (const Case c : {Case{TensorType::Q4_0, 32, 8}, Case{TensorType::Q5_0, 32, 16}, Case{TensorType::Q8_0, 32, 127}}) {
    const std::vector<uint8_t> q = quantized(c.type, x);
    std::vector<float> y(x.size());
    dequantize_row(c.type, q.data(), y.data(), 4096);
    for (int b = 0; b < 4096 / c.block; ++b) {
      int at = b * c.block;
      for (int j = b * c.block; j < (b + 1) * c.block; ++j)
        if (std::fabs(x[j]) > std::fabs(x[at])) at = j;
      // |d| = amax / extreme_level, stored as f16: relative error <= 2^-11.
      EXPECT_NEAR(y[at], x[at], std::fabs(x[at]) * 0x1p-11f * 1.01f) << tensor_type_name(c.type) << " block " << b;
    }
  }
}

// Error bounds that follow from the formats alone, on Gaussian-like weights: symmetric b-bit
// types err by at most half a step d = amax / 2^(b-1) (plus one step on the side opposite the
// extreme, whose top level is clamped); the _1 types by half a step (max - min) / (2^b - 1).
TEST(QuantFormat, LegacyTypesErrorBounds) {
  const std::vector<float> x = test::make_row(InputKind::Weights, 4096);
  struct Case {
    TensorType type;
    bool with_min;
    int bits;
  };
  for (const Case c : {Case{TensorType::Q4_0, false, 4}, Case{TensorType::Q5_0, false, 5}, Case{TensorType::Q8_0, false, 8},
                       Case{TensorType::Q4_1, true, 4}, Case{TensorType::Q5_1, true, 5}}) {
    const std::vector<uint8_t> q = quantized(c.type, x);
    std::vector<float> y(x.size());
    dequantize_row(c.type, q.data(), y.data(), 4096);
    for (int b = 0; b < 4096 / 32; ++b) {
      float amax = 0, mn = x[b * 32], mx = x[b * 32];
      for (int j = b * 32; j < b * 32 + 32; ++j) {
        amax = std::max(amax, std::fabs(x[j]));
        mn = std::min(mn, x[j]);
        mx = std::max(mx, x[j]);
      }
      const int levels = 1 << c.bits;
      float step, bound;
      if (c.with_min) {
        step = (mx - mn) / float(levels - 1);
        bound = step / 2 + step * float(levels) * 0x1p-11f + std::fabs(mn) * 0x1p-11f;  // f16 d and m
      } else {
        step = c.bits == 8 ? amax / 127 : amax / float(levels / 2);
        bound = (c.bits == 8 ? step / 2 : step) + step * float(levels / 2) * 0x1p-11f;
      }
      for (int j = b * 32; j < b * 32 + 32; ++j)
        ASSERT_LE(std::fabs(y[j] - x[j]), bound * 1.0001f) << tensor_type_name(c.type) << " element " << j;
    }
  }
}

TEST(QuantFormat, ZeroRowsStayZero) {
  for (const TypeSpec& spec : type_specs()) {
    const std::vector<float> x(512, 0.0f);
    const std::vector<uint8_t> q = quantized(spec.type, x);
    std::vector<float> y(512, 1.0f);
    dequantize_row(spec.type, q.data(), y.data(), 512);
    for (float v : y) ASSERT_EQ(v, 0.0f) << label(spec);
  }
}

}  // namespace
}  // namespace hearth
