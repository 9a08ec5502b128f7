// What a session allocates, as one set of functions used both by Session (to allocate) and by
// estimate_memory() (to predict), so the two cannot drift apart.
#pragma once

#include <cstdint>

#include "hearth/backend/backend.h"
#include "hearth/model/hparams.h"
#include "hearth/runtime/kv_cache_type.h"
#include "hearth/runtime/placement.h"
#include "model/decoder.h"
#include "model/tensor_binder.h"

namespace hearth {

inline constexpr int kDefaultMaxContext = 4096;

// 0 -> the model's training context, at most kDefaultMaxContext.
int resolve_n_ctx(const ModelHParams& hp, int requested);
// 0 or less -> one per core.
int resolve_n_threads(int requested);

// K and V rows of one layer for n_ctx positions.
uint64_t kv_layer_bytes(const ModelHParams& hp, int n_ctx, KvCacheType type);
// Checks that `type` can hold this model's heads (Q8_0 blocks must not straddle heads).
void check_kv_type(const ModelHParams& hp, KvCacheType type);
// The activation buffers of Activations (hidden, norm, qkv, attn, proj, gate, up) for n_batch tokens.
uint64_t activation_bytes(const ActivationWidths& w, int n_batch);
// The logits buffer on the output device.
uint64_t logits_bytes(const ModelHParams& hp, int n_logit_rows);
// Bytes of weights each part of the model keeps on its device: a device's own copy of a matrix
// when it makes one (repacked rows, VRAM), else the file's bytes (mapped, used in place).
struct WeightBytes {
  std::vector<uint64_t> layers;  // per layer
  uint64_t input = 0;            // token embedding table
  uint64_t output = 0;           // output norm + LM head (a tied head counts only its own copy)
};
DeviceId part_device(const LayerPlacement& placement, int part);
uint64_t bound_tensor_bytes(const TensorBinder::Bound& b, DeviceId device, bool repack);
WeightBytes plan_weight_bytes(const std::vector<TensorBinder::Bound>& bound, const LayerPlacement& placement,
                              bool repack);

WorkPlan make_work_plan(const ModelHParams& hp, const ActivationWidths& w, KvCacheType kv, int n_batch, int n_ctx,
                        int n_threads);

}  // namespace hearth
