// Dot products and activation quantizers of the CPU traits table:
//  - the scalar twins against an exact (double) dot of rows decoded by the test-side decoder
//    written from the block formats;
//  - every AVX2 kernel against its scalar twin (random rows, all widths the block size allows);
//  - the AVX2 activation quantizers produce the reference quantizers' bytes exactly;
//  - worst-case values (largest quants x largest activations) do not saturate int16 sums.
#include <gtest/gtest.h>

#include <algorithm>

#include "hearth/kernels/type_traits.h"
#include "kernels_test_util.h"

namespace hearth {
namespace {

using kernels::cpu_type_traits;
using kernels::CpuTypeTraits;
using kernels::Isa;
using test::Rng;

std::vector<int64_t> widths_for(TensorType type) {
  const int64_t bs = cpu_type_traits(type, Isa::Scalar)->block_size;
  const int64_t abs = cpu_type_traits(type, Isa::Scalar)->act_block_size;
  const int64_t step = std::max(bs, abs);
  std::vector<int64_t> widths;
  for (int64_t n : {int64_t{1}, int64_t{7}, int64_t{31}, int64_t{32}, int64_t{96}, int64_t{256}, int64_t{768},
                    int64_t{2048}, int64_t{4096}, int64_t{11008}, int64_t{4096 + 32}, int64_t{5 * 256 + 17}})
    if (n % step == 0) widths.push_back(n);
  return widths;
}

// The activation row for a weight type: random floats through the family's quantizer.
std::vector<uint8_t> make_activation(const CpuTypeTraits& t, Isa isa, const std::vector<float>& x) {
  const auto n = static_cast<int64_t>(x.size());
  std::vector<uint8_t> a(static_cast<size_t>(t.act_row_bytes(n)));
  if (t.act_type == TensorType::F32) {
    std::memcpy(a.data(), x.data(), a.size());
  } else {
    cpu_type_traits(t.act_type, isa)->from_float(x.data(), a.data(), n);
  }
  return a;
}

class VecDotTest : public testing::TestWithParam<TensorType> {};

TEST_P(VecDotTest, ScalarTwinMatchesExactDotOfDecodedRows) {
  const TensorType type = GetParam();
  const CpuTypeTraits& t = *cpu_type_traits(type, Isa::Scalar);
  Rng rng(1000 + static_cast<uint64_t>(type));
  for (int64_t n : widths_for(type)) {
    for (int rep = 0; rep < 4; ++rep) {
      const auto w = test::random_weight_row(rng, type, n);
      const auto a = make_activation(t, Isa::Scalar, test::random_floats(rng, n));
      const auto dw = test::decode_row(type, w.data(), n);
      const auto da = test::decode_row(t.act_type, a.data(), n);
      const auto ref = test::reference_dot(dw, da);
      const double got = t.vec_dot(n, w.data(), a.data());
      const double tol = test::dot_tolerance(n / t.block_size, ref.magnitude) + test::min_term_error(dw, da);
      ASSERT_NEAR(got, ref.value, tol) << tensor_type_name(type) << " n=" << n << " rep=" << rep;
    }
  }
}

TEST_P(VecDotTest, Avx2MatchesScalarTwin) {
  HEARTH_REQUIRE_AVX2();
  const TensorType type = GetParam();
  const CpuTypeTraits& ts = *cpu_type_traits(type, Isa::Scalar);
  const CpuTypeTraits& tv = *cpu_type_traits(type, Isa::Avx2);
  ASSERT_EQ(ts.act_type, tv.act_type);
  Rng rng(2000 + static_cast<uint64_t>(type));
  for (int64_t n : widths_for(type)) {
    for (int rep = 0; rep < 6; ++rep) {
      const auto w = test::random_weight_row(rng, type, n);
      const auto a = make_activation(ts, Isa::Scalar, test::random_floats(rng, n));
      const auto ref = test::reference_dot(test::decode_row(type, w.data(), n), test::decode_row(ts.act_type, a.data(), n));
      const double scalar = ts.vec_dot(n, w.data(), a.data());
      const double simd = tv.vec_dot(n, w.data(), a.data());
      ASSERT_NEAR(simd, scalar, test::dot_tolerance(n / ts.block_size, ref.magnitude))
          << tensor_type_name(type) << " n=" << n << " rep=" << rep;
    }
  }
}

// Weights made by core/quant's reference quantizer from random floats (realistic scales and
// mins, as in a real model file) and decoded by core/quant's dequantizer: the scalar twin and
// the AVX2 kernel both equal the dot of the dequantized rows.
TEST_P(VecDotTest, MatchesDotOfReferenceQuantizedRows) {
  const TensorType type = GetParam();
  const RowConversion& conv = row_conversion(type);
  if (!conv.quantize || !conv.dequantize) GTEST_SKIP() << "core/quant has no converter for this type";
  const CpuTypeTraits& ts = *cpu_type_traits(type, Isa::Scalar);
  Rng rng(6000 + static_cast<uint64_t>(type));
  for (int64_t n : {int64_t{256}, int64_t{4096}, int64_t{11008}}) {
    if (n % std::max(ts.block_size, ts.act_block_size)) continue;
    const auto wf = test::random_floats(rng, n, 0.05f);
    std::vector<uint8_t> w(static_cast<size_t>(*tensor_row_bytes(type, n)));
    conv.quantize(wf.data(), w.data(), n);
    const auto a = make_activation(ts, Isa::Scalar, test::random_floats(rng, n));
    std::vector<float> wd(static_cast<size_t>(n)), ad(static_cast<size_t>(n));
    conv.dequantize(w.data(), wd.data(), n);
    if (ts.act_type == TensorType::F32)
      std::memcpy(ad.data(), a.data(), a.size());
    else
      row_conversion(ts.act_type).dequantize(a.data(), ad.data(), n);
    double exact = 0;
    for (int64_t i = 0; i < n; ++i) exact += static_cast<double>(wd[i]) * ad[i];
    const auto dw = test::decode_row(type, w.data(), n);
    const auto da = test::decode_row(ts.act_type, a.data(), n);
    const auto ref = test::reference_dot(dw, da);
    // The dequantizers round each value to float once (u |w a| more per term).
    const double tol = test::dot_tolerance(n / ts.block_size, ref.magnitude) + test::min_term_error(dw, da) +
                       2 * 0x1p-24 * ref.magnitude;
    EXPECT_NEAR(ts.vec_dot(n, w.data(), a.data()), exact, tol) << tensor_type_name(type) << " n=" << n;
    if (kernels::isa_supported(Isa::Avx2)) {
      EXPECT_NEAR(cpu_type_traits(type, Isa::Avx2)->vec_dot(n, w.data(), a.data()), exact, tol)
          << tensor_type_name(type) << " n=" << n;
    }
  }
}

// Extreme inputs: every weight quant at its largest magnitude, every activation at +-127 with
// the signs lined up, so every int16 partial sum is as large as the format allows. A
// saturating or overflowing kernel is off by far more than rounding.
class WorstCaseDotTest : public testing::TestWithParam<TensorType> {};

TEST_P(WorstCaseDotTest, NoIntegerSumSaturates) {
  HEARTH_REQUIRE_AVX2();
  const TensorType type = GetParam();
  const CpuTypeTraits& ts = *cpu_type_traits(type, Isa::Scalar);
  const CpuTypeTraits& tv = *cpu_type_traits(type, Isa::Avx2);
  const int64_t n = 2048;
  for (uint8_t fill : {uint8_t{0x00}, uint8_t{0xff}, uint8_t{0x88}, uint8_t{0x77}}) {
    Rng rng(7);
    auto w = test::random_weight_row(rng, type, n);  // for sane scales
    // Overwrite the quant bytes (not the scales) with the fill pattern.
    const auto& layout = tensor_type_layout(type);
    for (int64_t b = 0; b < n / layout.block_size; ++b) {
      uint8_t* blk = w.data() + b * layout.block_bytes;
      auto fill_range = [&](size_t off, size_t len) { std::memset(blk + off, fill, len); };
      switch (type) {
        case TensorType::Q4_0: fill_range(offsetof(BlockQ4_0, qs), 16); break;
        case TensorType::Q4_1: fill_range(offsetof(BlockQ4_1, qs), 16); break;
        case TensorType::Q5_0: fill_range(offsetof(BlockQ5_0, qh), 20); break;
        case TensorType::Q5_1: fill_range(offsetof(BlockQ5_1, qh), 20); break;
        case TensorType::Q8_0: fill_range(offsetof(BlockQ8_0, qs), 32); break;
        case TensorType::IQ4_NL: fill_range(offsetof(BlockIQ4_NL, qs), 16); break;
        case TensorType::Q2_K: fill_range(0, offsetof(BlockQ2_K, d)); break;
        case TensorType::Q3_K: fill_range(0, offsetof(BlockQ3_K, d)); break;
        case TensorType::Q4_K: fill_range(offsetof(BlockQ4_K, scales), 12 + 128); break;
        case TensorType::Q5_K: fill_range(offsetof(BlockQ5_K, scales), 12 + 32 + 128); break;
        case TensorType::Q6_K: fill_range(0, offsetof(BlockQ6_K, d)); break;
        default: FAIL();
      }
    }
    std::vector<float> x(n);
    const auto dw = test::decode_row(type, w.data(), n);
    for (int64_t i = 0; i < n; ++i) x[i] = dw.value[i] >= 0 ? 1.0f : -1.0f;  // all quantize to +-127
    const auto a = make_activation(ts, Isa::Scalar, x);
    const auto da = test::decode_row(ts.act_type, a.data(), n);
    const auto ref = test::reference_dot(dw, da);
    const double tol = test::dot_tolerance(n / ts.block_size, ref.magnitude) + test::min_term_error(dw, da);
    EXPECT_NEAR(ts.vec_dot(n, w.data(), a.data()), ref.value, tol) << "scalar, fill " << int(fill);
    EXPECT_NEAR(tv.vec_dot(n, w.data(), a.data()), ref.value, tol) << "avx2, fill " << int(fill);
  }
}

INSTANTIATE_TEST_SUITE_P(AllTypes, VecDotTest, testing::ValuesIn(test::cpu_weight_types()), test::type_param_name);
INSTANTIATE_TEST_SUITE_P(QuantizedTypes, WorstCaseDotTest,
                         testing::Values(TensorType::Q4_0, TensorType::Q4_1, TensorType::Q5_0, TensorType::Q5_1,
                                         TensorType::Q8_0, TensorType::IQ4_NL, TensorType::Q2_K, TensorType::Q3_K,
                                         TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K),
                         test::type_param_name);

// ---- an independent implementation: llama.cpp ------------------------------------------------
// Golden dot products computed by llama.cpp's ggml CPU vec_dot (its AVX2 build, Feb 2025
// source, in /tmp/llama.cpp) on exactly these rows: a one-off harness linked ggml and these
// test helpers, generated each weight row with random_weight_row(Rng(seed * 1000 + type id))
// followed by random_floats(same rng, n) for the activations, quantized them with the reference
// quantizer (hearth/quant/quantize.h), called ggml_get_type_traits_cpu(type)->vec_dot and
// printed the float as a hex literal. n = 2048.
struct LlamaCppGolden {
  TensorType type;
  uint64_t seed;
  float dot;
};
const LlamaCppGolden kLlamaCppGoldens[] = {
    {TensorType::Q4_0, 1, -0x1.f91ce8p+0},  // -1.97309732
    {TensorType::Q4_0, 2, -0x1.ee7f8p-4},  // -0.120727062
    {TensorType::Q4_0, 3, 0x1.88f16p-1},  // 0.767466545
    {TensorType::Q4_1, 1, -0x1.e5358p-3},  // -0.236918449
    {TensorType::Q4_1, 2, 0x1.397e5p-3},  // 0.153072953
    {TensorType::Q4_1, 3, -0x1.66940cp+1},  // -2.80139303
    {TensorType::Q5_0, 1, -0x1.a1f0ep+0},  // -1.63258171
    {TensorType::Q5_0, 2, -0x1.6252e6p+2},  // -5.53630972
    {TensorType::Q5_0, 3, -0x1.325fc2p-1},  // -0.598386824
    {TensorType::Q5_1, 1, 0x1.cfeda8p-1},  // 0.906110048
    {TensorType::Q5_1, 2, 0x1.a0cacp-4},  // 0.101755857
    {TensorType::Q5_1, 3, 0x1.141638p+2},  // 4.31385612
    {TensorType::Q8_0, 1, 0x1.ff45ep-3},  // 0.249644995
    {TensorType::Q8_0, 2, 0x1.829314p+2},  // 6.04022694
    {TensorType::Q8_0, 3, -0x1.44ae44p-2},  // -0.317071021
    {TensorType::IQ4_NL, 1, 0x1.5ac834p+1},  // 2.70923471
    {TensorType::IQ4_NL, 2, -0x1.41eabep+0},  // -1.25748813
    {TensorType::IQ4_NL, 3, -0x1.44706p+1},  // -2.53467941
    {TensorType::Q2_K, 1, 0x1.dbe72ap-1},  // 0.929498017
    {TensorType::Q2_K, 2, 0x1.9cedd4p-1},  // 0.806501985
    {TensorType::Q2_K, 3, 0x1.6189fp-2},  // 0.345252752
    {TensorType::Q3_K, 1, -0x1.3ef97p-1},  // -0.622996807
    {TensorType::Q3_K, 2, -0x1.0dc4d4p+1},  // -2.10756922
    {TensorType::Q3_K, 3, -0x1.925994p+0},  // -1.57167935
    {TensorType::Q4_K, 1, 0x1.1a07b2p+4},  // 17.6268787
    {TensorType::Q4_K, 2, -0x1.d789ap+3},  // -14.7355499
    {TensorType::Q4_K, 3, 0x1.2a3fdep+3},  // 9.32029629
    {TensorType::Q5_K, 1, -0x1.0ffafp+2},  // -4.24969101
    {TensorType::Q5_K, 2, 0x1.3c97c6p+3},  // 9.89352703
    {TensorType::Q5_K, 3, 0x1.c45026p+2},  // 7.06739187
    {TensorType::Q6_K, 1, -0x1.2e1b4p+2},  // -4.72041321
    {TensorType::Q6_K, 2, 0x1.274f86p+2},  // 4.61422873
    {TensorType::Q6_K, 3, -0x1.021dd2p+4},  // -16.1322803
};

TEST(VecDotGoldens, AgreeWithLlamaCpp) {
  for (const LlamaCppGolden& g : kLlamaCppGoldens) {
    const int64_t n = 2048;
    Rng rng(g.seed * 1000 + static_cast<uint64_t>(g.type));
    const auto w = test::random_weight_row(rng, g.type, n);
    const auto x = test::random_floats(rng, n);
    const CpuTypeTraits& ts = *cpu_type_traits(g.type, Isa::Scalar);
    std::vector<uint8_t> a(static_cast<size_t>(ts.act_row_bytes(n)));
    quantize_row(ts.act_type, x.data(), a.data(), n);
    const auto dw = test::decode_row(g.type, w.data(), n);
    const auto da = test::decode_row(ts.act_type, a.data(), n);
    const auto ref = test::reference_dot(dw, da);
    const double tol = test::dot_tolerance(n / ts.block_size, ref.magnitude);
    EXPECT_NEAR(ts.vec_dot(n, w.data(), a.data()), g.dot, tol) << tensor_type_name(g.type) << " seed " << g.seed;
    if (kernels::isa_supported(Isa::Avx2)) {
      EXPECT_NEAR(cpu_type_traits(g.type, Isa::Avx2)->vec_dot(n, w.data(), a.data()), g.dot, tol)
          << tensor_type_name(g.type) << " seed " << g.seed;
    }
  }
}

// ---- activation quantizers -----------------------------------------------------------------

class ActivationQuantizerTest : public testing::TestWithParam<TensorType> {};

TEST_P(ActivationQuantizerTest, ScalarIsTheReferenceQuantizer) {
  const TensorType act = GetParam();
  Rng rng(3000 + static_cast<uint64_t>(act));
  const int64_t n = 4096;
  const auto x = test::random_floats(rng, n);
  const auto bytes = static_cast<size_t>(*tensor_row_bytes(act, n));
  std::vector<uint8_t> a(bytes), b(bytes);
  cpu_type_traits(act, Isa::Scalar)->from_float(x.data(), a.data(), n);
  quantize_row(act, x.data(), b.data(), n);
  EXPECT_EQ(a, b);
}

TEST_P(ActivationQuantizerTest, Avx2ProducesTheReferenceBytes) {
  HEARTH_REQUIRE_AVX2();
  const TensorType act = GetParam();
  Rng rng(4000 + static_cast<uint64_t>(act));
  const int64_t bs = tensor_type_layout(act).block_size;
  for (int64_t n : {bs, 3 * bs, int64_t{2048}, int64_t{4096}, int64_t{11008}}) {
    if (n % bs) continue;
    for (int pattern = 0; pattern < 6; ++pattern) {
      std::vector<float> x = test::random_floats(rng, n, pattern == 0 ? 1e-3f : 3.0f);
      if (pattern == 1) std::fill(x.begin(), x.begin() + std::min<int64_t>(n, 300), 0.0f);  // all-zero blocks
      if (pattern == 2)  // exact halves: x * (1/d) lands on .5 ties, where the rounding rules differ
        for (int64_t i = 0; i < n; ++i) x[i] = static_cast<float>(rng.below(255) - 127) * 0.5f;
      if (pattern == 3)  // ties of magnitude with opposite signs (Q8_K keeps the first one's sign)
        for (int64_t i = 0; i + 1 < n; i += 2) x[i] = -x[i + 1];
      if (pattern == 4)
        for (auto& v : x) v = static_cast<float>(rng.below(7) - 3);  // few distinct values
      const auto bytes = static_cast<size_t>(*tensor_row_bytes(act, n));
      std::vector<uint8_t> ref(bytes), simd(bytes);
      cpu_type_traits(act, Isa::Scalar)->from_float(x.data(), ref.data(), n);
      cpu_type_traits(act, Isa::Avx2)->from_float(x.data(), simd.data(), n);
      ASSERT_EQ(simd, ref) << tensor_type_name(act) << " n=" << n << " pattern=" << pattern;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ActivationTypes, ActivationQuantizerTest,
                         testing::Values(TensorType::Q8_0, TensorType::Q8_1, TensorType::Q8_K, TensorType::F16),
                         test::type_param_name);

TEST(CpuTypeTraits, PairsEveryWeightTypeWithItsActivationType) {
  const std::pair<TensorType, TensorType> expected[] = {
      {TensorType::Q4_0, TensorType::Q8_0}, {TensorType::Q5_0, TensorType::Q8_0}, {TensorType::Q8_0, TensorType::Q8_0},
      {TensorType::IQ4_NL, TensorType::Q8_0}, {TensorType::Q4_1, TensorType::Q8_1}, {TensorType::Q5_1, TensorType::Q8_1},
      {TensorType::Q2_K, TensorType::Q8_K}, {TensorType::Q3_K, TensorType::Q8_K}, {TensorType::Q4_K, TensorType::Q8_K},
      {TensorType::Q5_K, TensorType::Q8_K}, {TensorType::Q6_K, TensorType::Q8_K}, {TensorType::F16, TensorType::F32},
      {TensorType::BF16, TensorType::F32},  {TensorType::F32, TensorType::F32}};
  for (Isa isa : {Isa::Scalar, Isa::Avx2}) {
    for (auto [w, a] : expected) {
      const CpuTypeTraits* t = cpu_type_traits(w, isa);
      ASSERT_NE(t, nullptr) << tensor_type_name(w);
      EXPECT_EQ(t->act_type, a) << tensor_type_name(w);
      EXPECT_NE(t->vec_dot, nullptr) << tensor_type_name(w);
      if (a != TensorType::F32) {
        EXPECT_NE(cpu_type_traits(a, isa)->from_float, nullptr);
      }
    }
  }
  EXPECT_EQ(cpu_type_traits(TensorType::IQ2_XXS, Isa::Scalar), nullptr);
  EXPECT_FALSE(kernels::cpu_matmul_supported(TensorType::Q4_K, 4096 + 32));
  EXPECT_TRUE(kernels::cpu_matmul_supported(TensorType::Q4_0, 4096 + 32));
}

}  // namespace
}  // namespace hearth
