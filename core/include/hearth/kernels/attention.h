// The attention inner loops of the CPU backend: for each query token and head,
//   scores_j = scale * q . k_j          for the cache rows j the token may see
//   p        = softmax(scores)
//   out      = sum_j p_j v_j
// over a KV cache of F16 (or F32) keys and values, with grouped-query attention (several query heads
// share one key/value head). Causal masking is expressed by kv_len: query token t sees cache
// rows [0, kv_len[t]) — for a cache indexed by position that is position + 1.
#pragma once

#include <cstdint>

#include "hearth/kernels/thread_pool.h"
#include "hearth/quant/tensor_type.h"

namespace hearth::kernels {

struct AttentionArgs {
  int64_t n_tokens = 0;  // query tokens in this batch
  int n_head = 0;        // query heads
  int n_head_kv = 0;     // key/value heads; query head h reads kv head h / (n_head / n_head_kv)
  int head_dim = 0;      // values per head of q and k
  int head_dim_v = 0;    // values per head of v and out; 0 = head_dim
  float scale = 0.0f;    // score scale, usually 1 / sqrt(head_dim)
  TensorType kv_type = TensorType::F16;  // F16 or F32 (k and v alike)

  // q [n_tokens x n_head x head_dim] F32: head h of token t at q + t * q_token_stride + h * head_dim
  const float* q = nullptr;
  int64_t q_token_stride = 0;
  // k, v: cache rows of kv_type; strides in ELEMENTS of kv_type: kv head g of cache row j
  // at k + j * k_row_stride + g * k_head_stride
  const void* k = nullptr;
  int64_t k_row_stride = 0, k_head_stride = 0;
  const void* v = nullptr;
  int64_t v_row_stride = 0, v_head_stride = 0;
  // kv_len [n_tokens]: cache rows visible to each query token (>= 1)
  const int32_t* kv_len = nullptr;
  // out [n_tokens x n_head x head_dim_v] F32: head h of token t at out + t * out_token_stride + h * head_dim_v
  float* out = nullptr;
  int64_t out_token_stride = 0;
};

// Splits (token, head) pairs across the pool.
void attention(const AttentionArgs& args, ThreadPool& pool);

}  // namespace hearth::kernels
