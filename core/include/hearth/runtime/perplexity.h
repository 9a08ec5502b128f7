// Perplexity of a model on a text, by llama.cpp's method (llama-perplexity), so figures compare
// directly: the tokens are cut into chunks of n_ctx; each chunk is evaluated from an empty
// context with its first token replaced by BOS (when the model adds one), and only the second
// half of each chunk is scored (every scored token has at least n_ctx/2 tokens of context).
//   PPL = exp(mean over scored tokens of -log p(token | preceding tokens of the chunk))
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "hearth/base/cancel.h"
#include "hearth/base/result.h"
#include "hearth/runtime/model.h"
#include "hearth/runtime/token.h"

namespace hearth {

struct PerplexityProgress {
  int chunk = 0;            // chunks done
  int n_chunks = 0;
  double perplexity = 0;    // over the chunks done
  double seconds = 0;       // since the start
};

struct PerplexityOptions {
  int n_ctx = 512;          // chunk length
  int n_batch = 512;        // tokens per forward pass
  int n_threads = 0;
  TokenId bos = -1;         // written over the first token of every chunk; -1: leave it
  int max_chunks = -1;      // -1: all
  std::function<void(const PerplexityProgress&)> on_chunk;
  CancelToken cancel;       // checked between chunks
};

struct PerplexityResult {
  double perplexity = 0;
  double uncertainty = 0;      // ± of the estimate, as llama.cpp prints it
  int n_chunks = 0;
  int scored_tokens = 0;
  std::vector<double> running; // perplexity after each chunk
};

// Fails with InvalidArgument when there are fewer than 2 * n_ctx tokens (as llama.cpp).
Result<PerplexityResult> compute_perplexity(std::shared_ptr<const Model> model, std::span<const TokenId> tokens,
                                            const PerplexityOptions& options);

}  // namespace hearth
