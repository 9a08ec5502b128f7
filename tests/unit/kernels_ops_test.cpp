// Element-wise ops, RoPE and attention: AVX2 against the scalar twins, and the scalar twins
// against double-precision formulas. Tolerances (u = 2^-24, the float unit roundoff):
//  - E = 2^-22 (2 ulp) is the asserted error bound of the AVX2 exp (ExpIsWithinTwoUlp);
//    the C library's expf/tanhf are within 1 ulp (2u);
//  - a sum of n positive terms in float carries at most (n + 2)u relative error; the AVX2
//    kernels sum in 8 or 16 lanes, the scalar twins in double;
//  - each further float operation adds u relative error per operand magnitude.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "hearth/base/result.h"
#include "hearth/kernels/attention.h"
#include "hearth/kernels/ops.h"
#include "kernels/ops_impl.h"
#include "kernels_test_util.h"

namespace hearth {
namespace {

using kernels::Isa;
using kernels::OpsKernels;
using kernels::ops_kernels;
using test::Rng;

constexpr double kU = 0x1p-24;
constexpr double kExpBound = 0x1p-22;
const std::vector<int64_t> kSizes = {1, 3, 7, 8, 9, 15, 16, 17, 64, 100, 2048, 5632, 11008};

TEST(KernelOps, ExpIsWithinTwoUlp) {
  HEARTH_REQUIRE_AVX2();
  // A dense sweep of the whole finite range (about 2^21 points), plus special values.
  std::vector<float> x;
  for (double v = -104.0; v < 88.75; v += 1.0 / 11000) x.push_back(static_cast<float>(v));
  for (float v : {0.0f, -0.0f, 1e-30f, -1e-30f, 88.7f, 88.72f, 88.7228f, -87.3f, -100.0f, -103.9f})
    x.push_back(v);
  std::vector<float> y(x.size());
  ops_kernels(Isa::Avx2).exp(x.data(), y.data(), static_cast<int64_t>(x.size()));
  for (size_t i = 0; i < x.size(); ++i) {
    const double ref = std::exp(static_cast<double>(x[i]));
    if (ref > std::numeric_limits<float>::max()) {  // overflows float: inf, or FLT_MAX right at the edge
      ASSERT_GE(y[i], std::numeric_limits<float>::max()) << "x=" << x[i];
      continue;
    }
    // Denormal results have absolute, not relative, precision: one denormal step is 2^-149.
    ASSERT_LE(std::fabs(y[i] - ref), std::max(kExpBound * ref, 0x1p-149)) << "x=" << x[i];
  }
  const float specials[] = {INFINITY, -INFINITY, 89.0f, 1000.0f, -1000.0f, std::numeric_limits<float>::quiet_NaN()};
  float out[6];
  ops_kernels(Isa::Avx2).exp(specials, out, 6);
  EXPECT_EQ(out[0], INFINITY);
  EXPECT_EQ(out[1], 0.0f);
  EXPECT_EQ(out[2], INFINITY);
  EXPECT_EQ(out[3], INFINITY);
  EXPECT_EQ(out[4], 0.0f);
  EXPECT_TRUE(std::isnan(out[5]));
}

// Runs `check(scalar, avx2, n, rng)` for every size.
template <class F>
void for_sizes(uint64_t seed, F check) {
  Rng rng(seed);
  for (int64_t n : kSizes) check(ops_kernels(Isa::Scalar), ops_kernels(Isa::Avx2), n, rng);
}

TEST(KernelOps, RmsNormMatchesScalarAndExactFormula) {
  HEARTH_REQUIRE_AVX2();
  for_sizes(11, [](const OpsKernels& s, const OpsKernels& v, int64_t n, Rng& rng) {
    const auto x = test::random_floats(rng, n, 3.0f);
    const auto w = test::random_floats(rng, n);
    for (const float* weight : {w.data(), static_cast<const float*>(nullptr)}) {
      std::vector<float> ys(n), yv(n), yv_inplace = x;
      s.rms_norm(x.data(), weight, ys.data(), n, 1e-5f);
      v.rms_norm(x.data(), weight, yv.data(), n, 1e-5f);
      v.rms_norm(yv_inplace.data(), weight, yv_inplace.data(), n, 1e-5f);
      double ss = 0;
      for (float xi : x) ss += static_cast<double>(xi) * xi;
      const double inv = 1.0 / std::sqrt(ss / static_cast<double>(n) + 1e-5);
      for (int64_t i = 0; i < n; ++i) {
        const double exact = x[i] * inv * (weight ? weight[i] : 1.0);
        // scalar: double sum, ~5 float roundings; AVX2: + (n/16 + 2)u from the lane sums
        EXPECT_NEAR(ys[i], exact, 6 * kU * std::fabs(exact)) << n;
        EXPECT_NEAR(yv[i], ys[i], (static_cast<double>(n) / 16 + 12) * kU * std::fabs(exact)) << n;
        EXPECT_EQ(yv_inplace[i], yv[i]);
      }
    }
  });
}

TEST(KernelOps, SoftmaxMatchesScalarAndExactFormula) {
  HEARTH_REQUIRE_AVX2();
  for_sizes(12, [](const OpsKernels& s, const OpsKernels& v, int64_t n, Rng& rng) {
    auto x = test::random_floats(rng, n, 4.0f);
    if (n > 4) x[static_cast<size_t>(n / 2)] = -INFINITY;  // a masked entry
    for (float scale : {1.0f, 0.125f}) {
      auto ys = x, yv = x;
      s.softmax(ys.data(), n, scale);
      v.softmax(yv.data(), n, scale);
      double max = -INFINITY, sum = 0;
      for (float xi : x) max = std::max(max, static_cast<double>(scale * xi));
      for (float xi : x) sum += std::exp(static_cast<double>(scale * xi) - max);
      double total = 0;
      for (int64_t i = 0; i < n; ++i) {
        const double arg = static_cast<double>(scale * x[i]) - max;
        const double exact = std::exp(arg) / sum;
        // The argument scale * x - max is rounded (up to twice) before exp: a relative
        // error of |arg| u per rounding in the result.
        const double arg_err = std::isinf(arg) ? 0.0 : 2 * std::fabs(arg) * kU;
        EXPECT_NEAR(ys[i], exact, (arg_err + 8 * kU) * exact + 1e-37) << n;
        EXPECT_NEAR(yv[i], ys[i], (2 * arg_err + 2 * kExpBound + (static_cast<double>(n) / 8 + 16) * kU) * exact + 1e-37) << n;
        total += yv[i];
      }
      EXPECT_NEAR(total, 1.0, 1e-5);
      if (n > 4) {
        EXPECT_EQ(yv[static_cast<size_t>(n / 2)], 0.0f);
      }
    }
  });
}

TEST(KernelOps, ActivationsMatchScalar) {
  HEARTH_REQUIRE_AVX2();
  for_sizes(13, [](const OpsKernels& s, const OpsKernels& v, int64_t n, Rng& rng) {
    auto x = test::random_floats(rng, n, 4.0f);
    if (n >= 8) {  // the extremes: tails of sigmoid/tanh, overflow of exp(-x)
      x[0] = 100.0f;
      x[1] = -100.0f;
      x[2] = 0.0f;
      x[3] = -20.0f;
      x[4] = 1e-20f;
    }
    const auto up = test::random_floats(rng, n);
    std::vector<float> a(n), b(n);
    s.silu(x.data(), a.data(), n);
    v.silu(x.data(), b.data(), n);
    for (int64_t i = 0; i < n; ++i) {
      const double exact = x[i] / (1.0 + std::exp(-static_cast<double>(x[i])));
      // (x / (1 + e^-x) overflows to -0 below about x = -88 where the exact value is denormal)
      EXPECT_NEAR(a[i], exact, 6 * kU * std::fabs(exact) + 0x1p-126) << "silu x=" << x[i];
      EXPECT_NEAR(b[i], a[i], (kExpBound + 8 * kU) * std::fabs(a[i])) << "silu x=" << x[i];
    }
    s.gelu(x.data(), a.data(), n);
    v.gelu(x.data(), b.data(), n);
    for (int64_t i = 0; i < n; ++i) {
      // tanh via 1 - 2/(e^2z + 1) is accurate in absolute terms (|dt| <= E/2 + 4u), which
      // 0.5 x (1 + t) turns into |x| (E/2 + 4u) / 2 plus the final roundings.
      EXPECT_NEAR(b[i], a[i], std::fabs(x[i]) * (kExpBound + 8 * kU) + 4 * kU * std::fabs(a[i])) << "gelu x=" << x[i];
    }
    std::vector<float> c(n), d(n);
    s.swiglu(x.data(), up.data(), c.data(), n);
    v.swiglu(x.data(), up.data(), d.data(), n);
    for (int64_t i = 0; i < n; ++i) EXPECT_NEAR(d[i], c[i], (kExpBound + 10 * kU) * std::fabs(c[i])) << "swiglu";
    s.geglu(x.data(), up.data(), c.data(), n);
    v.geglu(x.data(), up.data(), d.data(), n);
    for (int64_t i = 0; i < n; ++i)
      EXPECT_NEAR(d[i], c[i], std::fabs(up[i] * x[i]) * (kExpBound + 8 * kU) + 6 * kU * std::fabs(c[i])) << "geglu";
    // In place through the aliasing the header allows.
    auto g = x;
    v.swiglu(g.data(), up.data(), g.data(), n);
    v.swiglu(x.data(), up.data(), d.data(), n);
    EXPECT_EQ(g, d);
  });
}

TEST(KernelOps, AddMulScaleAreExact) {
  HEARTH_REQUIRE_AVX2();
  for_sizes(14, [](const OpsKernels& s, const OpsKernels& v, int64_t n, Rng& rng) {
    const auto a = test::random_floats(rng, n), b = test::random_floats(rng, n);
    std::vector<float> p(n), q(n);
    s.add(a.data(), b.data(), p.data(), n);
    v.add(a.data(), b.data(), q.data(), n);
    EXPECT_EQ(p, q);
    s.mul(a.data(), b.data(), p.data(), n);
    v.mul(a.data(), b.data(), q.data(), n);
    EXPECT_EQ(p, q);
    s.scale(a.data(), 0.37f, p.data(), n);
    v.scale(a.data(), 0.37f, q.data(), n);
    EXPECT_EQ(p, q);
    for (int64_t i = 0; i < n; ++i) EXPECT_EQ(q[i], a[i] * 0.37f);
  });
}

TEST(KernelOps, HalfConversionsAreExact) {
  HEARTH_REQUIRE_AVX2();
  for_sizes(17, [](const OpsKernels& s, const OpsKernels& v, int64_t n, Rng& rng) {
    auto x = test::random_floats(rng, n, 100.0f);
    if (n >= 8) {  // overflow, subnormals, NaN, ties
      x[0] = 1e6f;
      x[1] = 3e-7f;
      x[2] = std::numeric_limits<float>::quiet_NaN();
      x[3] = -65520.0f;
      x[4] = 1.0f + 0x1p-11f;
    }
    std::vector<uint16_t> hs(n), hv(n);
    s.to_f16(x.data(), hs.data(), n);
    v.to_f16(x.data(), hv.data(), n);
    for (int64_t i = 0; i < n; ++i) {
      if (std::isnan(x[i])) {
        EXPECT_TRUE((hv[i] & 0x7c00) == 0x7c00 && (hv[i] & 0x3ff)) << "NaN stays NaN";
        continue;
      }
      EXPECT_EQ(hs[i], f32_to_f16(x[i]));
      EXPECT_EQ(hv[i], hs[i]) << x[i];
    }
    std::vector<float> fs(n), fv(n);
    s.from_f16(hs.data(), fs.data(), n);
    v.from_f16(hs.data(), fv.data(), n);
    for (int64_t i = 0; i < n; ++i) {
      if (std::isnan(fs[i])) continue;
      EXPECT_EQ(fs[i], fv[i]);
    }
  });
}

// ---- RoPE ---------------------------------------------------------------------------------

struct RopeCase {
  kernels::RopeOrder order;
  int head_dim, n_dims;
  float base, freq_scale;
  bool factors;
};

TEST(KernelOps, RopeMatchesScalarAndTheDefinition) {
  const RopeCase cases[] = {
      {kernels::RopeOrder::Normal, 64, 64, 10000.0f, 1.0f, false},  {kernels::RopeOrder::NeoX, 64, 64, 10000.0f, 1.0f, false},
      {kernels::RopeOrder::Normal, 128, 128, 500000.0f, 0.25f, true}, {kernels::RopeOrder::NeoX, 128, 128, 1e6f, 1.0f, true},
      {kernels::RopeOrder::NeoX, 80, 32, 10000.0f, 0.5f, false},     {kernels::RopeOrder::Normal, 96, 22, 10000.0f, 1.0f, false},
      {kernels::RopeOrder::NeoX, 96, 26, 10000.0f, 1.0f, false},
  };
  Rng rng(15);
  for (const RopeCase& rc : cases) {
    const int64_t n_tokens = 5, n_heads = 3, stride = n_heads * rc.head_dim + 7;
    std::vector<int32_t> pos = {0, 1, 17, 511, static_cast<int32_t>(rng.below(8192))};
    std::vector<float> factors(static_cast<size_t>(rc.n_dims / 2));
    for (auto& f : factors) f = rng.uniform(1.0f, 8.0f);
    kernels::RopeParams p;
    p.n_dims = rc.n_dims;
    p.freq_base = rc.base;
    p.freq_scale = rc.freq_scale;
    p.order = rc.order;
    p.freq_factors = rc.factors ? factors.data() : nullptr;
    const auto x = test::random_floats(rng, n_tokens * stride);
    std::vector<float> by_isa[2];
    for (Isa isa : {Isa::Scalar, Isa::Avx2}) {
      if (!kernels::isa_supported(isa)) continue;
      test::ScopedIsa scoped(isa);
      by_isa[static_cast<int>(isa)] = x;
      kernels::rope(by_isa[static_cast<int>(isa)].data(), n_tokens, n_heads, rc.head_dim, stride, pos.data(), p);
    }
    const auto& ys = by_isa[0];
    for (int64_t t = 0; t < n_tokens; ++t)
      for (int64_t h = 0; h < n_heads; ++h) {
        const int64_t base = t * stride + h * rc.head_dim;
        for (int i = 0; i < rc.n_dims / 2; ++i) {
          const int64_t ia = base + (rc.order == kernels::RopeOrder::Normal ? 2 * i : i);
          const int64_t ib = base + (rc.order == kernels::RopeOrder::Normal ? 2 * i + 1 : i + rc.n_dims / 2);
          // The definition, in double. The float angle is an iterated product: after i steps
          // its relative error is at most (i + 3)u, i.e. an absolute angle error of
          // |theta| (i + 3)u, plus 2u from cos/sin themselves.
          const double theta = rc.freq_scale * pos[t] * std::pow(static_cast<double>(rc.base), -2.0 * i / rc.n_dims) /
                               (rc.factors ? factors[i] : 1.0);
          const double a = x[ia], b = x[ib];
          const double ra = a * std::cos(theta) - b * std::sin(theta);
          const double rb = a * std::sin(theta) + b * std::cos(theta);
          const double tol = (std::fabs(a) + std::fabs(b)) * (std::fabs(theta) * (i + 3) * kU + 6 * kU);
          ASSERT_NEAR(ys[ia], ra, tol) << "pos " << pos[t] << " i " << i;
          ASSERT_NEAR(ys[ib], rb, tol) << "pos " << pos[t] << " i " << i;
          if (!by_isa[1].empty()) {
            // Same angles in both families; only the rotation's roundings differ (<= 5u).
            const double rot = 5 * kU * (std::fabs(a) + std::fabs(b));
            ASSERT_NEAR(by_isa[1][ia], ys[ia], rot);
            ASSERT_NEAR(by_isa[1][ib], ys[ib], rot);
          }
        }
        // Values past n_dims and between tokens' rows are untouched.
        for (int64_t d = rc.n_dims; d < rc.head_dim; ++d) {
          const int64_t idx = base + d;
          ASSERT_EQ(ys[idx], x[idx]);
          if (!by_isa[1].empty()) {
            ASSERT_EQ(by_isa[1][idx], x[idx]);
          }
        }
      }
    for (int64_t t = 0; t < n_tokens; ++t)
      for (int64_t j = n_heads * rc.head_dim; j < stride; ++j) ASSERT_EQ(ys[t * stride + j], x[t * stride + j]);
  }
}

TEST(KernelOps, BatchedRowOpsEqualRowByRow) {
  Rng rng(18);
  const int64_t rows = 37, n = 1000, stride = 1003;
  const auto x = test::random_floats(rng, rows * stride), y = test::random_floats(rng, rows * stride);
  const auto w = test::random_floats(rng, n);
  for (int threads : {1, 2, 3}) {
    kernels::ThreadPool pool(threads);
    std::vector<float> batched(static_cast<size_t>(rows * stride), 0.0f), single = batched;
    kernels::rms_norm_rows(x.data(), stride, w.data(), batched.data(), stride, rows, n, 1e-6f, pool);
    for (int64_t r = 0; r < rows; ++r) kernels::rms_norm(x.data() + r * stride, w.data(), single.data() + r * stride, n, 1e-6f);
    EXPECT_EQ(batched, single);
    kernels::swiglu_rows(x.data(), stride, y.data(), stride, batched.data(), stride, rows, n, pool);
    for (int64_t r = 0; r < rows; ++r) kernels::swiglu(x.data() + r * stride, y.data() + r * stride, single.data() + r * stride, n);
    EXPECT_EQ(batched, single);
    kernels::geglu_rows(x.data(), stride, y.data(), stride, batched.data(), stride, rows, n, pool);
    for (int64_t r = 0; r < rows; ++r) kernels::geglu(x.data() + r * stride, y.data() + r * stride, single.data() + r * stride, n);
    EXPECT_EQ(batched, single);
    kernels::add_rows(x.data(), stride, y.data(), stride, batched.data(), stride, rows, n, pool);
    for (int64_t r = 0; r < rows; ++r) kernels::add(x.data() + r * stride, y.data() + r * stride, single.data() + r * stride, n);
    EXPECT_EQ(batched, single);
    std::vector<int32_t> pos(static_cast<size_t>(rows));
    for (int64_t r = 0; r < rows; ++r) pos[static_cast<size_t>(r)] = static_cast<int32_t>(3 * r + 1);
    kernels::RopeParams p;
    p.n_dims = 40;
    auto ra = x, rb = x;
    kernels::rope(ra.data(), rows, 10, 100, stride, pos.data(), p, pool);
    kernels::rope(rb.data(), rows, 10, 100, stride, pos.data(), p);
    EXPECT_EQ(ra, rb);
  }
}

TEST(KernelOps, RopeRejectsBadDims) {
  float x[8] = {};
  int32_t pos = 0;
  kernels::RopeParams p;
  p.n_dims = 3;
  EXPECT_THROW(kernels::rope(x, 1, 1, 8, 8, &pos, p), Exception);
  p.n_dims = 10;
  EXPECT_THROW(kernels::rope(x, 1, 1, 8, 8, &pos, p), Exception);
}

// ---- attention ----------------------------------------------------------------------------

TEST(KernelAttention, MatchesExactAttentionInEveryFamilyAndThreadCount) {
  Rng rng(16);
  struct Case {
    int64_t n_tokens;
    int n_head, n_head_kv, head_dim, head_dim_v, n_ctx;
  };
  for (const Case& c : {Case{1, 4, 4, 64, 64, 37}, Case{5, 8, 2, 64, 64, 300}, Case{3, 6, 1, 80, 48, 9},
                        Case{7, 2, 2, 13, 13, 1000}}) {
    // One cache row: n_head_kv heads of (head_dim + 3) padded keys; values likewise.
    const int64_t k_head_stride = c.head_dim + 3, k_row_stride = c.n_head_kv * k_head_stride + 5;
    const int64_t v_head_stride = c.head_dim_v + 1, v_row_stride = c.n_head_kv * v_head_stride + 2;
    std::vector<uint16_t> k16(static_cast<size_t>(c.n_ctx * k_row_stride)), v16(static_cast<size_t>(c.n_ctx * v_row_stride));
    for (auto& h : k16) h = f32_to_f16(rng.normal());
    for (auto& h : v16) h = f32_to_f16(rng.normal());
    std::vector<float> k32(k16.size()), v32(v16.size());  // the same values as F32
    for (size_t i = 0; i < k16.size(); ++i) k32[i] = f16_to_f32(k16[i]);
    for (size_t i = 0; i < v16.size(); ++i) v32[i] = f16_to_f32(v16[i]);
    const int64_t q_stride = c.n_head * c.head_dim + 1;
    const auto q = test::random_floats(rng, c.n_tokens * q_stride);
    std::vector<int32_t> kv_len(static_cast<size_t>(c.n_tokens));
    for (int64_t t = 0; t < c.n_tokens; ++t) kv_len[t] = static_cast<int32_t>(c.n_ctx - c.n_tokens + t + 1);  // causal
    kv_len[0] = 1;  // a token that sees only the first row
    const float scale = 1.0f / std::sqrt(static_cast<float>(c.head_dim));

    // Exact reference and its tolerance, per output value. With an F16 cache the kernel rounds
    // q to f16 (exactly, so the reference does the same) and the softmax weights p to f16 (each
    // within one f16 step, 2^-10 relative, of the exact p: a term of the tolerance).
    const int64_t out_stride = c.n_head * c.head_dim_v + 2;
    const int group = c.n_head / c.n_head_kv;
    auto reference = [&](bool f16_cache, std::vector<double>& ref, std::vector<double>& tol) {
    ref.assign(static_cast<size_t>(c.n_tokens * out_stride), 0.0);
    tol.assign(ref.size(), 0.0);
    for (int64_t t = 0; t < c.n_tokens; ++t)
      for (int h = 0; h < c.n_head; ++h) {
        const int g = h / group;
        const int64_t n = kv_len[t];
        std::vector<double> s(static_cast<size_t>(n));
        double max = -INFINITY, max_err = 0;
        for (int64_t j = 0; j < n; ++j) {
          double dot = 0, m = 0;
          for (int d = 0; d < c.head_dim; ++d) {
            const double kd = k32[j * k_row_stride + g * k_head_stride + d];
            const float qf = q[t * q_stride + h * c.head_dim + d];
            const double qd = f16_cache ? f16_to_f32(f32_to_f16(qf)) : qf;
            dot += kd * qd;
            m += std::fabs(kd * qd);
          }
          s[j] = scale * dot;
          max = std::max(max, s[j]);
          max_err = std::max(max_err, scale * test::dot_tolerance(c.head_dim, m));
        }
        double sum = 0;
        for (int64_t j = 0; j < n; ++j) sum += (s[j] = std::exp(s[j] - max));
        for (int d = 0; d < c.head_dim_v; ++d) {
          double o = 0, om = 0;
          for (int64_t j = 0; j < n; ++j) {
            const double vd = v32[j * v_row_stride + g * v_head_stride + d];
            o += s[j] / sum * vd;
            om += s[j] / sum * std::fabs(vd);
          }
          const size_t i = static_cast<size_t>(t * out_stride + h * c.head_dim_v + d);
          ref[i] = o;
          // score errors (shifting p by up to 2 max_err relative), exp and softmax sums,
          // and the weighted sum of n rows
          tol[i] = om * (2 * max_err + 2 * kExpBound + (static_cast<double>(n) / 8 + 16) * kU) +
                   test::dot_tolerance(n, om) + (f16_cache ? om * std::ldexp(1.0, -10) : 0.0);
        }
      }
    };

    for (TensorType kv_type : {TensorType::F16, TensorType::F32}) {
      std::vector<double> ref, tol;
      reference(kv_type == TensorType::F16, ref, tol);
      for (Isa isa : {Isa::Scalar, Isa::Avx2}) {
        if (!kernels::isa_supported(isa)) continue;
        test::ScopedIsa scoped(isa);
        for (int threads : {1, 2, 3}) {
          kernels::ThreadPool pool(threads);
          std::vector<float> out(ref.size(), -7.0f);
          kernels::AttentionArgs a;
          a.n_tokens = c.n_tokens;
          a.n_head = c.n_head;
          a.n_head_kv = c.n_head_kv;
          a.head_dim = c.head_dim;
          a.head_dim_v = c.head_dim_v;
          a.scale = scale;
          a.kv_type = kv_type;
          a.q = q.data();
          a.q_token_stride = q_stride;
          a.k = kv_type == TensorType::F16 ? static_cast<const void*>(k16.data()) : k32.data();
          a.k_row_stride = k_row_stride;
          a.k_head_stride = k_head_stride;
          a.v = kv_type == TensorType::F16 ? static_cast<const void*>(v16.data()) : v32.data();
          a.v_row_stride = v_row_stride;
          a.v_head_stride = v_head_stride;
          a.kv_len = kv_len.data();
          a.out = out.data();
          a.out_token_stride = out_stride;
          kernels::attention(a, pool);
          for (int64_t t = 0; t < c.n_tokens; ++t) {
            for (int64_t j = 0; j < c.n_head * c.head_dim_v; ++j) {
              const size_t i = static_cast<size_t>(t * out_stride + j);
              ASSERT_NEAR(out[i], ref[i], tol[i]) << kernels::isa_name(isa) << " " << tensor_type_name(kv_type)
                                                  << " threads " << threads << " t " << t << " j " << j;
            }
            for (int64_t j = c.n_head * c.head_dim_v; j < out_stride; ++j) ASSERT_EQ(out[t * out_stride + j], -7.0f);
          }
        }
      }
    }
  }
}

TEST(KernelAttention, RejectsBadShapesAndTypes) {
  kernels::ThreadPool pool(1);
  kernels::AttentionArgs a;
  a.n_head = 3;
  a.n_head_kv = 2;
  a.head_dim = 8;
  EXPECT_THROW(kernels::attention(a, pool), Exception);
  a.n_head_kv = 1;
  a.kv_type = TensorType::Q8_0;
  EXPECT_THROW(kernels::attention(a, pool), Exception);
}

}  // namespace
}  // namespace hearth
