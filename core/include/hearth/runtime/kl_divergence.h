// KL divergence of a model against reference logits, by llama.cpp's method
// (`llama-perplexity --kl-divergence`), so the figures compare directly with its report.
// Reference logits live in llama.cpp's base-logits file (base_logits_file.h); both directions
// stream one chunk at a time, so memory stays at one chunk of logits plus two floats per token.
//
// Per scored token t (chunking as in perplexity.h: chunks of n_ctx, BOS first, second half scored),
// with P the base distribution (decoded from the file) and Q the model's softmax:
//   KLD_t  = Σ_{i: log P_i > -16} P_i (log P_i − log Q_i)
//   Δp_t   = Q(token) − P(token)
//   top_t  = [argmax_i Q_i == argmax_i P_i]   (first index on ties)
// and the uncertainties are standard errors of the means, as llama-perplexity prints them.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "hearth/base/cancel.h"
#include "hearth/base/result.h"
#include "hearth/runtime/perplexity.h"

namespace hearth {

struct Estimate {
  double value = 0;
  double uncertainty = 0;  // standard error (0 with 10 samples or fewer, as llama.cpp)
};

struct Quantile {
  double fraction = 0;  // 0.999, 0.99, …
  double value = 0;     // linear interpolation between the sorted samples
};

// The spread of one per-token quantity.
struct Distribution {
  double minimum = 0;
  double maximum = 0;
  double median = 0;
  std::vector<Quantile> quantiles;  // in the order llama-perplexity prints them
};

struct KlDivergenceStats {
  size_t n_tokens = 0;
  // Perplexity statistics.
  Estimate ppl;                 // PPL(Q): the model compared
  Estimate ppl_base;            // PPL(base): from the file's log-probs
  double ln_ppl_correlation = 0;  // Cor(ln PPL(Q), ln PPL(base)), 0..1
  Estimate ln_ppl_ratio;        // ln(PPL(Q)/PPL(base))
  Estimate ppl_ratio;           // PPL(Q)/PPL(base)
  Estimate ppl_difference;      // PPL(Q) − PPL(base)
  // KL divergence, nats.
  Estimate kld;
  Distribution kld_distribution;  // quantiles 0.999, 0.99, 0.10, 0.05, 0.01
  // Token probability change Δp, as a fraction (×100 for %).
  Estimate p_diff;
  Distribution p_diff_distribution;  // quantiles 0.999, 0.99, 0.95, 0.90, 0.75, 0.25, 0.10, 0.05, 0.01, 0.001
  Estimate p_diff_rms;
  Estimate same_top;  // fraction of tokens whose most likely token is the base's
};

// Collects the per-token figures. Distributions need every token's KLD and Δp (8 bytes a token).
class KlDivergenceAccumulator {
 public:
  // One scored position: the model's logits [n_vocab], the base row for the same position
  // (base_logits_row_words(n_vocab) words), and the token that follows.
  void add(std::span<const float> logits, std::span<const uint16_t> base_row, TokenId token);
  size_t count() const { return count_; }
  // The statistics so far; with_distributions sorts copies of the per-token values.
  KlDivergenceStats stats(bool with_distributions = true) const;

 private:
  double sum_nll_ = 0, sum_nll2_ = 0, sum_nll_base_ = 0, sum_nll_base2_ = 0, sum_nll_nll_base_ = 0;
  double sum_kld_ = 0, sum_kld2_ = 0, sum_p_diff_ = 0, sum_p_diff2_ = 0, sum_p_diff4_ = 0;
  size_t same_top_ = 0, count_ = 0;
  std::vector<float> kld_values_, p_diff_values_;
};

struct KlDivergenceProgress {
  int chunk = 0;  // chunks done
  int n_chunks = 0;
  double seconds = 0;       // since the start
  KlDivergenceStats stats;  // running, without distributions
};

struct KlDivergenceOptions {
  int n_batch = 512;
  int n_threads = 0;
  TokenId bos = -1;  // written over the first token of every chunk; -1: leave it
  int max_chunks = -1;
  std::function<void(const KlDivergenceProgress&)> on_chunk;
  CancelToken cancel;  // checked between chunks
};

// Evaluates `model` on the chunks of `tokens` like compute_perplexity() and writes the
// compressed log-probs of every scored position to `path` (llama.cpp's layout; atomic: a
// cancelled or failed run leaves no file). Returns the model's perplexity on the way.
Result<PerplexityResult> save_base_logits(std::shared_ptr<const Model> model, std::span<const TokenId> tokens,
                                          const std::filesystem::path& path, const PerplexityOptions& options);

// Evaluates `model` on the tokens stored in the base file and compares it with the stored
// log-probs. Fails with InvalidArgument when the vocabularies differ.
Result<KlDivergenceStats> compute_kl_divergence(std::shared_ptr<const Model> model, const std::filesystem::path& base_path,
                                                const KlDivergenceOptions& options);

}  // namespace hearth
