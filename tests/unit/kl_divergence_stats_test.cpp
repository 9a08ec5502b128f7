// KL divergence statistics and llama.cpp's base-logits row format, against float64 (long double
// for the log-sum-exp) computations written here from the definitions: on small synthetic logits
// with awkward vocabulary sizes, including rows whose tail probabilities are near zero.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "hearth/runtime/base_logits_file.h"
#include "hearth/runtime/kl_divergence.h"

namespace hearth {
namespace {

// log softmax in long double.
std::vector<double> exact_log_softmax(const std::vector<float>& logits) {
  long double mx = -INFINITY;
  for (float v : logits) mx = std::max<long double>(mx, v);
  long double sum = 0;
  for (float v : logits) sum += std::exp((long double)v - mx);
  std::vector<double> out;
  for (float v : logits) out.push_back(double((long double)v - mx - std::log(sum)));
  return out;
}

// The row format decoded by hand from its byte layout: float scale, float min, uint16 q[n].
std::vector<double> decode_row(const std::vector<uint16_t>& row, size_t n) {
  float scale, min;
  std::memcpy(&scale, row.data(), 4);
  std::memcpy(&min, row.data() + 2, 4);
  std::vector<double> out;
  for (size_t i = 0; i < n; ++i) out.push_back(double(scale) * row[4 + i] + double(min));
  return out;
}

size_t first_max(const std::vector<double>& v) { return size_t(std::max_element(v.begin(), v.end()) - v.begin()); }

// Base logits: normal, with a share of entries pushed far down (probabilities ~e^-40 and below),
// and an occasional row that is nearly flat (range under 16 nats).
std::vector<float> random_logits(std::mt19937& rng, size_t n, bool flat) {
  std::normal_distribution<float> normal(0.0f, flat ? 0.3f : 3.0f);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) {
    x = normal(rng);
    if (!flat && u(rng) < 0.3f) x -= 40.0f + 40.0f * u(rng);
  }
  return v;
}

double sorted_quantile(std::vector<double> v, double f) {
  std::sort(v.begin(), v.end());
  const double pos = f * double(v.size() - 1);
  const size_t i = size_t(pos);
  return i + 1 < v.size() ? v[i] + (pos - double(i)) * (v[i + 1] - v[i]) : v[i];
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / double(v.size());
}

// Standard error of the mean with the (n-1) denominator.
double standard_error(const std::vector<double>& v) {
  const double m = mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / double(v.size()) / double(v.size() - 1));
}

TEST(BaseLogitsRow, LayoutAndRoundTripWithinHalfAStep) {
  EXPECT_EQ(base_logits_row_words(512), 516u);
  EXPECT_EQ(base_logits_row_words(7), 12u);  // odd vocabularies get one padding word
  EXPECT_EQ(base_logits_rows_per_chunk(128), 63);
  EXPECT_EQ(base_logits_rows_per_chunk(5), 2);
  std::mt19937 rng(7);
  for (size_t n : {1u, 2u, 3u, 7u, 31u, 257u, 1001u}) {
    for (bool flat : {false, true}) {
      const std::vector<float> logits = random_logits(rng, n, flat);
      std::vector<uint16_t> row(base_logits_row_words(int(n)), 0xAAAA);
      const TokenId token = TokenId(n / 2);
      const double nll = compress_log_probs(logits, token, row);
      const std::vector<double> exact = exact_log_softmax(logits);
      EXPECT_NEAR(nll, -exact[size_t(token)], 1e-5) << n;
      if (n % 2) {
        EXPECT_EQ(row.back(), 0) << "padding word of an odd vocabulary";
      }
      const std::vector<double> decoded = decode_row(row, n);
      const double top = *std::max_element(exact.begin(), exact.end());
      float scale;
      std::memcpy(&scale, row.data(), 4);
      EXPECT_LE(scale, 16.0 / 65535 * 1.0001);
      for (size_t i = 0; i < n; ++i) {
        if (exact[i] >= top - 16.0 + 1e-3) {
          EXPECT_NEAR(decoded[i], exact[i], 0.5 * scale + 2e-5) << "n " << n << " i " << i;
        } else {  // below the kept range: stored at the floor, 16 nats under the top
          EXPECT_NEAR(decoded[i], top - 16.0, 1e-3) << "n " << n << " i " << i;
        }
      }
      const LogProbRow view = view_log_prob_row(row, int(n));
      for (size_t i = 0; i < n; ++i) EXPECT_NEAR(view.log_prob(i), decoded[i], 1e-5);
    }
  }
}

TEST(KlDivergenceStats, MatchFloat64ReferenceOnSyntheticLogits) {
  std::mt19937 rng(42);
  for (size_t n : {2u, 3u, 7u, 31u, 257u, 1001u}) {
    KlDivergenceAccumulator acc;
    std::vector<double> kld, kld_exact, p_diff, nll, nll_base;
    size_t same_top = 0;
    const int rows = 97;
    for (int r = 0; r < rows; ++r) {
      const std::vector<float> base = random_logits(rng, n, r % 11 == 0);
      std::vector<float> model = base;
      std::normal_distribution<float> noise(0.0f, r % 3 == 0 ? 1.0f : 0.1f);
      for (float& x : model) x += noise(rng);
      const TokenId token = TokenId(std::uniform_int_distribution<size_t>(0, n - 1)(rng));
      std::vector<uint16_t> row(base_logits_row_words(int(n)));
      compress_log_probs(base, token, row);
      acc.add(model, row, token);

      const std::vector<double> log_p = decode_row(row, n);  // the base as stored
      const std::vector<double> log_p_exact = exact_log_softmax(base);
      const std::vector<double> log_q = exact_log_softmax(model);
      double k = 0, k_exact = 0;
      for (size_t i = 0; i < n; ++i) {
        if (log_p[i] > -16.0) k += std::exp(log_p[i]) * (log_p[i] - log_q[i]);
        k_exact += std::exp(log_p_exact[i]) * (log_p_exact[i] - log_q[i]);
      }
      kld.push_back(k);
      kld_exact.push_back(k_exact);
      p_diff.push_back(std::exp(log_q[size_t(token)]) - std::exp(log_p[size_t(token)]));
      nll.push_back(-log_q[size_t(token)]);
      nll_base.push_back(-log_p[size_t(token)]);
      if (first_max(log_q) == first_max(log_p)) ++same_top;
    }
    const KlDivergenceStats s = acc.stats();
    SCOPED_TRACE("n_vocab " + std::to_string(n));
    ASSERT_EQ(s.n_tokens, size_t(rows));
    EXPECT_NEAR(s.kld.value, mean(kld), 1e-6);
    // The stored 16-bit log-probs lose at most half a step per entry: the KLD barely moves.
    EXPECT_NEAR(s.kld.value, mean(kld_exact), 1e-3);
    EXPECT_NEAR(s.kld.uncertainty, standard_error(kld), 1e-6);
    EXPECT_NEAR(s.kld_distribution.maximum, *std::max_element(kld.begin(), kld.end()), 1e-5);
    EXPECT_NEAR(s.kld_distribution.minimum, *std::min_element(kld.begin(), kld.end()), 1e-5);
    EXPECT_NEAR(s.kld_distribution.median, sorted_quantile(kld, 0.5), 1e-5);
    for (const Quantile& q : s.kld_distribution.quantiles) EXPECT_NEAR(q.value, sorted_quantile(kld, q.fraction), 1e-5);
    ASSERT_EQ(s.kld_distribution.quantiles.size(), 5u);

    EXPECT_NEAR(s.p_diff.value, mean(p_diff), 1e-6);
    EXPECT_NEAR(s.p_diff.uncertainty, standard_error(p_diff), 1e-6);
    for (const Quantile& q : s.p_diff_distribution.quantiles)
      EXPECT_NEAR(q.value, sorted_quantile(p_diff, q.fraction), 1e-5);
    ASSERT_EQ(s.p_diff_distribution.quantiles.size(), 10u);
    std::vector<double> p_diff2;
    for (double d : p_diff) p_diff2.push_back(d * d);
    EXPECT_NEAR(s.p_diff_rms.value, std::sqrt(mean(p_diff2)), 1e-6);
    EXPECT_NEAR(s.p_diff_rms.uncertainty, 0.5 / std::sqrt(mean(p_diff2)) * standard_error(p_diff2), 1e-6);

    const double top = double(same_top) / rows;
    EXPECT_DOUBLE_EQ(s.same_top.value, top);
    EXPECT_NEAR(s.same_top.uncertainty, std::sqrt(top * (1 - top) / (rows - 1)), 1e-12);

    EXPECT_NEAR(std::log(s.ppl.value), mean(nll), 1e-6);
    EXPECT_NEAR(s.ppl.uncertainty, s.ppl.value * standard_error(nll), 1e-6 * s.ppl.uncertainty);
    EXPECT_NEAR(std::log(s.ppl_base.value), mean(nll_base), 1e-6);
    // ln(PPL(Q)/PPL(base)) is the mean of the per-token differences, and its error theirs.
    std::vector<double> diff;
    for (size_t i = 0; i < nll.size(); ++i) diff.push_back(nll[i] - nll_base[i]);
    EXPECT_NEAR(s.ln_ppl_ratio.value, mean(diff), 1e-6);
    EXPECT_NEAR(s.ln_ppl_ratio.uncertainty, standard_error(diff), 1e-6);
    // Tokens drawn from the far tail make these huge (the base keeps only 16 nats): relative.
    EXPECT_NEAR(s.ppl_ratio.value, std::exp(mean(diff)), 1e-6 * std::exp(mean(diff)));
    EXPECT_NEAR(s.ppl_difference.value, std::exp(mean(nll)) - std::exp(mean(nll_base)), 1e-6 * std::exp(mean(nll)));
    // Pearson correlation of the per-token log-likelihoods, two-pass.
    const double ma = mean(nll), mb = mean(nll_base);
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < nll.size(); ++i) {
      sab += (nll[i] - ma) * (nll_base[i] - mb);
      saa += (nll[i] - ma) * (nll[i] - ma);
      sbb += (nll_base[i] - mb) * (nll_base[i] - mb);
    }
    EXPECT_NEAR(s.ln_ppl_correlation, sab / std::sqrt(saa * sbb), 1e-6);
  }
}

TEST(KlDivergenceStats, IdenticalDistributionsGiveZero) {
  std::mt19937 rng(3);
  KlDivergenceAccumulator acc;
  for (int r = 0; r < 20; ++r) {
    const std::vector<float> logits = random_logits(rng, 33, false);
    std::vector<uint16_t> row(base_logits_row_words(33));
    // The most likely token: one from the far tail would be scored at the 16-nat floor.
    const TokenId token = TokenId(std::max_element(logits.begin(), logits.end()) - logits.begin());
    compress_log_probs(logits, token, row);
    acc.add(logits, row, token);
  }
  const KlDivergenceStats s = acc.stats();
  EXPECT_NEAR(s.kld.value, 0.0, 3e-4);  // half a 16-bit step per stored log-prob
  EXPECT_DOUBLE_EQ(s.same_top.value, 1.0);
  EXPECT_NEAR(s.ln_ppl_ratio.value, 0.0, 3e-4);
}

}  // namespace
}  // namespace hearth
