#include "runtime/chunk_evaluator.h"

#include <algorithm>

namespace hearth {

ChunkEvaluator::ChunkEvaluator(std::shared_ptr<const Model> model, int n_ctx, int n_batch, int n_threads, TokenId bos)
    : n_ctx_(n_ctx), bos_(bos), chunk_(size_t(n_ctx)) {
  if (n_ctx < 4) fail(ErrorCode::InvalidArgument, "the perplexity context must be at least 4 tokens");
  SessionOptions so;
  so.n_ctx = n_ctx;
  so.n_batch = n_batch;
  so.n_threads = n_threads;
  so.n_logit_rows = n_ctx;
  auto session = Session::create(std::move(model), so);
  if (!session) throw Exception(session.error());
  session_ = std::move(session).value();
}

void ChunkEvaluator::evaluate(std::span<const TokenId> chunk) {
  std::copy_n(chunk.begin(), n_ctx_, chunk_.begin());
  if (bos_ >= 0) chunk_[0] = bos_;
  session_->reset();
  Status s = session_->decode(chunk_, /*all_logits=*/true);
  if (!s) throw Exception(s.error());
}

}  // namespace hearth
