#include "runtime/memory_plan.h"

#include <algorithm>
#include <thread>

namespace hearth {

int resolve_n_ctx(const ModelHParams& hp, int requested) {
  if (requested > 0) return requested;
  return int(std::min<int64_t>(hp.n_ctx_train, kDefaultMaxContext));
}

int resolve_n_threads(int requested) {
  if (requested > 0) return requested;
  return int(std::max(1u, std::thread::hardware_concurrency()));
}

uint64_t kv_layer_bytes(const ModelHParams& hp, int n_ctx, KvCacheType type) {
  const TensorType t = kv_cache_tensor_type(type);
  return backend_buffer_bytes(t, hp.n_embd_k_gqa(), n_ctx) + backend_buffer_bytes(t, hp.n_embd_v_gqa(), n_ctx);
}

void check_kv_type(const ModelHParams& hp, KvCacheType type) {
  if (!backend_supports_kv_type(kCpuDevice, kv_cache_tensor_type(type)))
    fail(ErrorCode::Unsupported, "the CPU backend cannot keep a " + std::string(kv_cache_type_name(type)) + " KV cache");
  const auto& layout = tensor_type_layout(kv_cache_tensor_type(type));
  if (hp.head_dim_k % layout.block_size != 0 || hp.head_dim_v % layout.block_size != 0)
    fail(ErrorCode::Unsupported, "a " + std::string(kv_cache_type_name(type)) + " KV cache needs head sizes that are multiples of " +
                                     std::to_string(layout.block_size) + "; this model's are " +
                                     std::to_string(hp.head_dim_k) + ": use an f16 cache");
}

uint64_t activation_bytes(const ActivationWidths& w, int n_batch) {
  auto f32 = [n_batch](int64_t cols) { return backend_buffer_bytes(TensorType::F32, cols, n_batch); };
  return f32(w.n_embd) * 3 + f32(w.n_qkv) + f32(w.n_attn) + f32(w.n_ff) * 2;
}

uint64_t logits_bytes(const ModelHParams& hp, int n_logit_rows) {
  return backend_buffer_bytes(TensorType::F32, hp.n_vocab, n_logit_rows);
}

DeviceId part_device(const LayerPlacement& placement, int part) {
  if (part == TensorBinder::kInputPart) return placement.input;
  if (part == TensorBinder::kOutputPart) return placement.output;
  return placement.layers[size_t(part)];
}

uint64_t bound_tensor_bytes(const TensorBinder::Bound& b, DeviceId device, bool repack) {
  if (b.matmul) {
    const uint64_t own = device_matrix_bytes(device, repack, b.tensor.type, b.tensor.cols, b.tensor.rows);
    if (own > 0) return own;
  }
  // A GPU keeps its own F32 copy of the norm weights and biases of its parts.
  if (b.vector && device.kind != DeviceKind::Cpu) return device_matrix_bytes(device, repack, TensorType::F32, b.tensor.cols, 1);
  return b.file_bytes;
}

WeightBytes plan_weight_bytes(const std::vector<TensorBinder::Bound>& bound, const LayerPlacement& placement,
                              bool repack) {
  WeightBytes w;
  w.layers.assign(placement.layers.size(), 0);
  for (const auto& b : bound) {
    const uint64_t bytes = bound_tensor_bytes(b, part_device(placement, b.part), repack);
    if (b.part == TensorBinder::kInputPart) {
      w.input += bytes;
    } else if (b.part == TensorBinder::kOutputPart) {
      w.output += bytes;
    } else {
      w.layers[size_t(b.part)] += bytes;
    }
  }
  return w;
}

WorkPlan make_work_plan(const ModelHParams& hp, const ActivationWidths& w, KvCacheType kv, int n_batch, int n_ctx,
                        int n_threads) {
  WorkPlan plan;
  plan.kv_type = kv_cache_tensor_type(kv);
  plan.kv_cols = hp.n_embd_k_gqa() + hp.n_embd_v_gqa();
  plan.n_batch = n_batch;
  plan.max_in_cols = w.max_matmul_in();
  plan.n_ctx = n_ctx;
  plan.n_threads = n_threads;
  return plan;
}

}  // namespace hearth
