// llama-perplexity's chunk evaluation, shared by perplexity and KL divergence: each chunk of
// n_ctx tokens runs from an empty context with BOS written over its first token, and the logits
// of positions n_ctx/2 … n_ctx-2 (each predicting the next token) are scored.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hearth/runtime/model.h"
#include "hearth/runtime/session.h"

namespace hearth {

class ChunkEvaluator {
 public:
  // Throws hearth::Exception when the session cannot be created.
  ChunkEvaluator(std::shared_ptr<const Model> model, int n_ctx, int n_batch, int n_threads, TokenId bos);

  int n_ctx() const { return n_ctx_; }
  int first_scored() const { return n_ctx_ / 2; }
  int n_scored() const { return n_ctx_ - 1 - n_ctx_ / 2; }

  // Evaluates one chunk (n_ctx tokens, as in the text). Throws on failure.
  void evaluate(std::span<const TokenId> chunk);
  // Logits [n_vocab] at chunk position j, predicting chunk token j + 1.
  std::span<const float> logits_at(int j) const { return session_->logits_at(j); }

 private:
  int n_ctx_;
  TokenId bos_;
  std::unique_ptr<Session> session_;
  std::vector<TokenId> chunk_;
};

}  // namespace hearth
