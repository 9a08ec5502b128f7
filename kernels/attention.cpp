// Attention over an F16 KV cache: per (query token, head) two passes — scores = scale * q.K^T
// over the visible rows, softmax, then out = p.V — built from the family's primitives (F16 x
// F32 dot, softmax, F16 axpy), so the scalar family is this same loop with scalar primitives.
#include <algorithm>
#include <cstring>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/kernels/attention.h"
#include "ops_impl.h"

namespace hearth::kernels {

void attention(const AttentionArgs& a, ThreadPool& pool) {
  if (a.n_head <= 0 || a.n_head_kv <= 0 || a.n_head % a.n_head_kv != 0 || a.head_dim <= 0)
    fail(ErrorCode::InvalidArgument, "attention: bad head counts");
  const OpsKernels& k = ops_kernels();
  const int group = a.n_head / a.n_head_kv;
  const int64_t n_pairs = a.n_tokens * a.n_head;
  pool.parallel_for(n_pairs, 1, [&](int64_t begin, int64_t end, int) {
    thread_local std::vector<float> scores;
    for (int64_t pair = begin; pair < end; ++pair) {
      const int64_t t = pair / a.n_head;
      const int h = static_cast<int>(pair % a.n_head);
      const int g = h / group;
      const int64_t n_kv = a.kv_len[t];
      const float* q = a.q + t * a.q_token_stride + int64_t{h} * a.head_dim;
      float* out = a.out + t * a.out_token_stride + int64_t{h} * a.head_dim;
      if (static_cast<int64_t>(scores.size()) < n_kv) scores.resize(static_cast<size_t>(n_kv));
      const uint16_t* k_head = a.k + int64_t{g} * a.k_head_stride;
      for (int64_t j = 0; j < n_kv; ++j) scores[static_cast<size_t>(j)] = k.dot_f16_f32(a.head_dim, k_head + j * a.k_row_stride, q);
      k.softmax(scores.data(), n_kv, a.scale);
      std::fill(out, out + a.head_dim, 0.0f);
      const uint16_t* v_head = a.v + int64_t{g} * a.v_head_stride;
      for (int64_t j = 0; j < n_kv; ++j) k.axpy_f16(scores[static_cast<size_t>(j)], v_head + j * a.v_row_stride, out, a.head_dim);
    }
  });
}

}  // namespace hearth::kernels
