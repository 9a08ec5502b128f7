// What a session allocates, as one set of functions used both by Session (to allocate) and by
// estimate_memory() (to predict), so the two cannot drift apart.
#pragma once

#include <cstdint>

#include "hearth/backend/backend.h"
#include "hearth/model/hparams.h"
#include "hearth/runtime/kv_cache_type.h"
#include "model/decoder.h"

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
WorkPlan make_work_plan(const ActivationWidths& w, int n_batch, int n_ctx, int n_threads);

}  // namespace hearth
