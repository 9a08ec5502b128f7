#include "hearth/runtime/kl_divergence.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "hearth/runtime/base_logits_file.h"
#include "runtime/chunk_evaluator.h"

namespace hearth {

namespace {

// The quantiles llama-perplexity prints, highest first (min, max and median are printed apart).
constexpr double kKldQuantiles[] = {0.999, 0.99, 0.10, 0.05, 0.01};
constexpr double kPDiffQuantiles[] = {0.999, 0.99, 0.95, 0.90, 0.75, 0.25, 0.10, 0.05, 0.01, 0.001};

// Mean of n samples and the standard error of that mean.
Estimate mean_and_error(double sum, double sum2, size_t n) {
  if (n < 1) return {};
  const double mean = sum / double(n);
  const double var = sum2 / double(n) - mean * mean;
  return {mean, var > 0 && n > 10 ? std::sqrt(var / double(n - 1)) : 0.0};
}

// Covariance of the two sample means.
double covariance_of_means(double sum_a, double sum_b, double sum_ab, size_t n) {
  if (n < 10) return 0;
  const double dn = double(n);
  return (sum_ab / dn - (sum_a / dn) * (sum_b / dn)) / (dn - 1);
}

Distribution distribution_of(std::vector<float> values, std::span<const double> fractions) {
  Distribution d;
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  d.minimum = values.front();
  d.maximum = values.back();
  d.median = n % 2 ? values[n / 2] : 0.5 * (double(values[n / 2 - 1]) + double(values[n / 2]));
  for (double f : fractions) {
    const double pos = f * double(n - 1);
    const size_t i = std::min(size_t(pos), n - 1);
    const double t = pos - double(i);
    d.quantiles.push_back({f, (1 - t) * values[i] + t * values[std::min(i + 1, n - 1)]});
  }
  return d;
}

size_t first_argmax(std::span<const float> v) { return size_t(std::max_element(v.begin(), v.end()) - v.begin()); }

}  // namespace

void KlDivergenceAccumulator::add(std::span<const float> logits, std::span<const uint16_t> base_row, TokenId token) {
  const size_t n = logits.size();
  const LogProbRow base = view_log_prob_row(base_row, int(n));
  const size_t top = first_argmax(logits);
  double sum_exp = 0;
  for (float v : logits) sum_exp += std::exp(double(v) - double(logits[top]));
  const double log_norm = double(logits[top]) + std::log(sum_exp);  // log Q_i = logits_i − log_norm

  const double nll = log_norm - double(logits[size_t(token)]);
  const double nll_base = -double(base.log_prob(size_t(token)));
  sum_nll_ += nll;
  sum_nll2_ += nll * nll;
  sum_nll_base_ += nll_base;
  sum_nll_base2_ += nll_base * nll_base;
  sum_nll_nll_base_ += nll * nll_base;

  double kld = 0;
  size_t top_base = 0;
  for (size_t i = 0; i < n; ++i) {
    if (base.q[i] > base.q[top_base]) top_base = i;
    const double log_p = base.log_prob(i);
    // The file keeps 16 nats; below that P_i is under 1e-7 and is not resolved anyway.
    if (log_p > -double(kBaseLogitsRangeNats)) kld += std::exp(log_p) * (log_p - (double(logits[i]) - log_norm));
  }
  sum_kld_ += kld;
  sum_kld2_ += kld * kld;
  if (top == top_base) ++same_top_;

  const double p_diff = std::exp(-nll) - std::exp(-nll_base);
  sum_p_diff_ += p_diff;
  sum_p_diff2_ += p_diff * p_diff;
  sum_p_diff4_ += p_diff * p_diff * p_diff * p_diff;
  kld_values_.push_back(float(kld));
  p_diff_values_.push_back(float(p_diff));
  ++count_;
}

KlDivergenceStats KlDivergenceAccumulator::stats(bool with_distributions) const {
  KlDivergenceStats s;
  const size_t n = count_;
  s.n_tokens = n;
  if (n == 0) return s;
  const Estimate ln_ppl = mean_and_error(sum_nll_, sum_nll2_, n);
  const Estimate ln_ppl_base = mean_and_error(sum_nll_base_, sum_nll_base2_, n);
  s.ppl = {std::exp(ln_ppl.value), std::exp(ln_ppl.value) * ln_ppl.uncertainty};
  s.ppl_base = {std::exp(ln_ppl_base.value), std::exp(ln_ppl_base.value) * ln_ppl_base.uncertainty};
  const double cov = covariance_of_means(sum_nll_, sum_nll_base_, sum_nll_nll_base_, n);
  const double err_product = ln_ppl.uncertainty * ln_ppl_base.uncertainty;
  s.ln_ppl_correlation = err_product > 0 ? cov / err_product : 0;
  // Errors of a difference of correlated means, and first-order propagation through exp.
  const double ln_ratio_var = ln_ppl.uncertainty * ln_ppl.uncertainty +
                              ln_ppl_base.uncertainty * ln_ppl_base.uncertainty - 2 * cov;
  s.ln_ppl_ratio = {ln_ppl.value - ln_ppl_base.value, std::sqrt(std::max(ln_ratio_var, 0.0))};
  s.ppl_ratio = {std::exp(s.ln_ppl_ratio.value), std::exp(s.ln_ppl_ratio.value) * s.ln_ppl_ratio.uncertainty};
  const double diff_var = s.ppl.uncertainty * s.ppl.uncertainty + s.ppl_base.uncertainty * s.ppl_base.uncertainty -
                          2 * s.ppl.value * s.ppl_base.value * cov;
  s.ppl_difference = {s.ppl.value - s.ppl_base.value, std::sqrt(std::max(diff_var, 0.0))};

  s.kld = mean_and_error(sum_kld_, sum_kld2_, n);
  s.p_diff = mean_and_error(sum_p_diff_, sum_p_diff2_, n);
  const Estimate mse = mean_and_error(sum_p_diff2_, sum_p_diff4_, n);
  const double rms = std::sqrt(mse.value);
  s.p_diff_rms = {rms, rms > 0 ? 0.5 / rms * mse.uncertainty : 0.0};
  const double top = double(same_top_) / double(n);
  s.same_top = {top, n > 1 ? std::sqrt(top * (1 - top) / double(n - 1)) : 0.0};
  if (with_distributions) {
    s.kld_distribution = distribution_of(kld_values_, kKldQuantiles);
    s.p_diff_distribution = distribution_of(p_diff_values_, kPDiffQuantiles);
  }
  return s;
}

Result<PerplexityResult> save_base_logits(std::shared_ptr<const Model> model, std::span<const TokenId> tokens,
                                          const std::filesystem::path& path, const PerplexityOptions& o) {
  return capture_errors([&]() -> PerplexityResult {
    if (o.n_ctx < 4) fail(ErrorCode::InvalidArgument, "the context must be at least 4 tokens");
    if (tokens.size() < size_t(2) * size_t(o.n_ctx))
      fail(ErrorCode::InvalidArgument, "the text has " + std::to_string(tokens.size()) + " tokens; a context of " +
                                           std::to_string(o.n_ctx) + " needs at least " + std::to_string(2 * o.n_ctx));
    const int n_vocab = int(model->hparams().n_vocab);
    int n_chunks = int(tokens.size() / size_t(o.n_ctx));
    if (o.max_chunks >= 0) n_chunks = std::min(n_chunks, o.max_chunks);
    if (n_chunks < 1) fail(ErrorCode::InvalidArgument, "no chunk to evaluate");
    ChunkEvaluator evaluator(model, o.n_ctx, o.n_batch, o.n_threads, o.bos);
    const auto stored = tokens.first(size_t(n_chunks) * size_t(o.n_ctx));
    auto writer = BaseLogitsWriter::create(path, {o.n_ctx, n_vocab, n_chunks}, stored);
    if (!writer) throw Exception(writer.error());

    const size_t words = base_logits_row_words(n_vocab);
    std::vector<uint16_t> rows(size_t(evaluator.n_scored()) * words);
    const auto t0 = std::chrono::steady_clock::now();
    PerplexityResult r;
    double nll = 0, nll2 = 0;
    for (int c = 0; c < n_chunks; ++c) {
      if (o.cancel.cancelled()) fail(ErrorCode::Cancelled, "saving the base logits cancelled");
      const auto chunk = stored.subspan(size_t(c) * size_t(o.n_ctx), size_t(o.n_ctx));
      evaluator.evaluate(chunk);
      for (int k = 0; k < evaluator.n_scored(); ++k) {
        const int j = evaluator.first_scored() + k;
        const double v = compress_log_probs(evaluator.logits_at(j), chunk[size_t(j) + 1],
                                            std::span(rows).subspan(size_t(k) * words, words));
        nll += v;
        nll2 += v * v;
        ++r.scored_tokens;
      }
      if (Status s = (*writer)->write_chunk(rows); !s) throw Exception(s.error());
      r.running.push_back(std::exp(nll / r.scored_tokens));
      if (o.on_chunk)
        o.on_chunk({c + 1, n_chunks, r.running.back(),
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
    }
    if (Status s = (*writer)->commit(); !s) throw Exception(s.error());
    r.n_chunks = n_chunks;
    const Estimate ln_ppl = mean_and_error(nll, nll2, size_t(r.scored_tokens));
    r.perplexity = std::exp(ln_ppl.value);
    r.uncertainty = r.perplexity * ln_ppl.uncertainty;
    return r;
  });
}

Result<KlDivergenceStats> compute_kl_divergence(std::shared_ptr<const Model> model, const std::filesystem::path& base_path,
                                                const KlDivergenceOptions& o) {
  return capture_errors([&]() -> KlDivergenceStats {
    auto opened = BaseLogitsReader::open(base_path);
    if (!opened) throw Exception(opened.error());
    BaseLogitsReader& reader = **opened;
    const BaseLogitsHeader& h = reader.header();
    if (h.n_vocab != model->hparams().n_vocab)
      fail(ErrorCode::InvalidArgument, base_path.string() + " holds logits over " + std::to_string(h.n_vocab) +
                                           " tokens; the model's vocabulary has " + std::to_string(model->hparams().n_vocab));
    int n_chunks = h.n_chunk;
    if (o.max_chunks >= 0) n_chunks = std::min(n_chunks, o.max_chunks);
    ChunkEvaluator evaluator(model, h.n_ctx, o.n_batch, o.n_threads, o.bos);
    const size_t words = base_logits_row_words(h.n_vocab);
    std::vector<uint16_t> rows;
    KlDivergenceAccumulator acc;
    const auto t0 = std::chrono::steady_clock::now();
    for (int c = 0; c < n_chunks; ++c) {
      if (o.cancel.cancelled()) fail(ErrorCode::Cancelled, "KL divergence cancelled");
      if (Status s = reader.read_chunk(rows); !s) throw Exception(s.error());
      const auto chunk = std::span(reader.tokens()).subspan(size_t(c) * size_t(h.n_ctx), size_t(h.n_ctx));
      evaluator.evaluate(chunk);
      for (int k = 0; k < evaluator.n_scored(); ++k) {
        const int j = evaluator.first_scored() + k;
        acc.add(evaluator.logits_at(j), std::span<const uint16_t>(rows).subspan(size_t(k) * words, words),
                chunk[size_t(j) + 1]);
      }
      if (o.on_chunk)
        o.on_chunk({c + 1, n_chunks, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                    acc.stats(/*with_distributions=*/false)});
    }
    return acc.stats();
  });
}

}  // namespace hearth
