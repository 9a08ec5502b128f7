// Attention over the KV cache: per (query token, head) two passes — scores = scale * q.K^T
// over the visible rows, softmax, then out = p.V — built from the family's primitives (dot,
// softmax, axpy), so the scalar family is this same loop with scalar primitives.
//
// With an F16 cache, q and the softmax weights p are rounded to f16 precision before they meet
// K and V: llama.cpp multiplies the F16 cache with F16 copies of both, and matching that rounding
// keeps greedy generations token-identical with it (it moves logits by ~1e-3, enough to flip
// near-ties).
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/kernels/attention.h"
#include "hearth/kernels/type_traits.h"
#include "ops_impl.h"

namespace hearth::kernels {

void attention(const AttentionArgs& a, ThreadPool& pool) {
  if (a.n_head <= 0 || a.n_head_kv <= 0 || a.n_head % a.n_head_kv != 0 || a.head_dim <= 0 || a.head_dim_v < 0)
    fail(ErrorCode::InvalidArgument, "attention: bad head counts or sizes");
  if (a.kv_type != TensorType::F16 && a.kv_type != TensorType::F32)
    fail(ErrorCode::Unsupported, "attention: KV cache type " + std::string(tensor_type_name(a.kv_type)));
  const Isa isa = active_isa();
  const OpsKernels& k = ops_kernels(isa);
  const bool f16 = a.kv_type == TensorType::F16;
  const size_t elem = f16 ? 2 : 4;
  const VecDotFn dot = f16 ? k.dot_f16_f32 : cpu_type_traits(TensorType::F32, isa)->vec_dot;
  const int head_dim_v = a.head_dim_v ? a.head_dim_v : a.head_dim;
  const int group = a.n_head / a.n_head_kv;
  const int64_t n_pairs = a.n_tokens * a.n_head;
  const auto* k_base = static_cast<const uint8_t*>(a.k);
  const auto* v_base = static_cast<const uint8_t*>(a.v);
  pool.parallel_for(n_pairs, 1, [&](int64_t begin, int64_t end, int) {
    thread_local std::vector<float> scores;
    thread_local std::vector<uint16_t> q_half, p_half;
    thread_local std::vector<float> q_rounded;
    for (int64_t pair = begin; pair < end; ++pair) {
      const int64_t t = pair / a.n_head;
      const int h = static_cast<int>(pair % a.n_head);
      const int g = h / group;
      const int64_t n_kv = a.kv_len[t];
      const float* q = a.q + t * a.q_token_stride + int64_t{h} * a.head_dim;
      if (f16) {  // see the file comment: q as an F16 copy would hold it
        if (static_cast<int>(q_half.size()) < a.head_dim) q_half.resize(static_cast<size_t>(a.head_dim));
        if (static_cast<int>(q_rounded.size()) < a.head_dim) q_rounded.resize(static_cast<size_t>(a.head_dim));
        k.to_f16(q, q_half.data(), a.head_dim);
        k.from_f16(q_half.data(), q_rounded.data(), a.head_dim);
        q = q_rounded.data();
      }
      float* out = a.out + t * a.out_token_stride + int64_t{h} * head_dim_v;
      if (static_cast<int64_t>(scores.size()) < n_kv) scores.resize(static_cast<size_t>(n_kv));
      const uint8_t* k_head = k_base + static_cast<size_t>(g * a.k_head_stride) * elem;
      for (int64_t j = 0; j < n_kv; ++j)
        scores[static_cast<size_t>(j)] = dot(a.head_dim, k_head + static_cast<size_t>(j * a.k_row_stride) * elem, q);
      k.softmax(scores.data(), n_kv, a.scale);
      if (f16) {
        if (static_cast<int64_t>(p_half.size()) < n_kv) p_half.resize(static_cast<size_t>(n_kv));
        k.to_f16(scores.data(), p_half.data(), n_kv);
        k.from_f16(p_half.data(), scores.data(), n_kv);
      }
      std::fill(out, out + head_dim_v, 0.0f);
      const uint8_t* v_head = v_base + static_cast<size_t>(g * a.v_head_stride) * elem;
      for (int64_t j = 0; j < n_kv; ++j) {
        const uint8_t* row = v_head + static_cast<size_t>(j * a.v_row_stride) * elem;
        if (f16)
          k.axpy_f16(scores[static_cast<size_t>(j)], reinterpret_cast<const uint16_t*>(row), out, head_dim_v);
        else
          k.axpy_f32(scores[static_cast<size_t>(j)], reinterpret_cast<const float*>(row), out, head_dim_v);
      }
    }
  });
}

}  // namespace hearth::kernels
