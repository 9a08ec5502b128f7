#include "hearth/runtime/perplexity.h"

#include <chrono>
#include <cmath>

#include "hearth/runtime/session.h"

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
    SessionOptions so;
    so.n_ctx = o.n_ctx;
    so.n_batch = o.n_batch;
    so.n_threads = o.n_threads;
    so.n_logit_rows = o.n_ctx;
    auto session_result = Session::create(model, so);
    if (!session_result) throw Exception(session_result.error());
    Session& session = *session_result.value();

    int n_chunks = int(tokens.size() / size_t(o.n_ctx));
    if (o.max_chunks >= 0) n_chunks = std::min(n_chunks, o.max_chunks);
    const int first = o.n_ctx / 2;
    const auto t0 = std::chrono::steady_clock::now();
    PerplexityResult r;
    double nll = 0, nll2 = 0;
    std::vector<TokenId> chunk(static_cast<size_t>(o.n_ctx));
    for (int c = 0; c < n_chunks; ++c) {
      if (o.cancel.cancelled()) fail(ErrorCode::Cancelled, "perplexity cancelled");
      std::copy_n(tokens.begin() + ptrdiff_t(c) * o.n_ctx, o.n_ctx, chunk.begin());
      if (o.bos >= 0) chunk[0] = o.bos;
      session.reset();
      Status s = session.decode(chunk, /*all_logits=*/true);
      if (!s) throw Exception(s.error());
      // Logits at j predict token j + 1; score the second half of the chunk.
      for (int j = first; j < o.n_ctx - 1; ++j) {
        const double v = negative_log_likelihood(session.logits_at(j), chunk[size_t(j) + 1]);
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
