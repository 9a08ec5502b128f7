#include "hearth/runtime/perplexity.h"

#include <chrono>
#include <cmath>

#include "runtime/chunk_evaluator.h"

namespace hearth {

namespace {

// -log softmax(logits)[token], in double.
double negative_log_likelihood(std::span<const float> logits, TokenId token) {
  float max = logits[0];
  for (float v : logits) max = std::max(max, v);
  double sum = 0;
  for (float v : logits) sum += std::exp(double(v) - double(max));
  return std::log(sum) - (double(logits[size_t(token)]) - double(max));
}

}  // namespace

Result<PerplexityResult> compute_perplexity(std::shared_ptr<const Model> model, std::span<const TokenId> tokens,
                                            const PerplexityOptions& o) {
  return capture_errors([&]() -> PerplexityResult {
    if (o.n_ctx < 4) fail(ErrorCode::InvalidArgument, "the perplexity context must be at least 4 tokens");
    if (tokens.size() < size_t(2) * size_t(o.n_ctx))
      fail(ErrorCode::InvalidArgument, "the text has " + std::to_string(tokens.size()) + " tokens; perplexity with a context of " +
                                           std::to_string(o.n_ctx) + " needs at least " + std::to_string(2 * o.n_ctx));
    ChunkEvaluator evaluator(model, o.n_ctx, o.n_batch, o.n_threads, o.bos);

    int n_chunks = int(tokens.size() / size_t(o.n_ctx));
    if (o.max_chunks >= 0) n_chunks = std::min(n_chunks, o.max_chunks);
    const auto t0 = std::chrono::steady_clock::now();
    PerplexityResult r;
    double nll = 0, nll2 = 0;
    for (int c = 0; c < n_chunks; ++c) {
      if (o.cancel.cancelled()) fail(ErrorCode::Cancelled, "perplexity cancelled");
      const auto chunk = tokens.subspan(size_t(c) * size_t(o.n_ctx), size_t(o.n_ctx));
      evaluator.evaluate(chunk);
      for (int j = evaluator.first_scored(); j < o.n_ctx - 1; ++j) {
        const double v = negative_log_likelihood(evaluator.logits_at(j), chunk[size_t(j) + 1]);
        nll += v;
        nll2 += v * v;
        ++r.scored_tokens;
      }
      r.running.push_back(std::exp(nll / r.scored_tokens));
      if (o.on_chunk)
        o.on_chunk({c + 1, n_chunks, r.running.back(),
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
    }
    r.n_chunks = n_chunks;
    const double mean = nll / r.scored_tokens;
    r.perplexity = std::exp(mean);
    const double var = nll2 / r.scored_tokens - mean * mean;
    if (var > 0 && r.scored_tokens > 1) r.uncertainty = std::sqrt(var / (r.scored_tokens - 1)) * r.perplexity;
    return r;
  });
}

}  // namespace hearth
