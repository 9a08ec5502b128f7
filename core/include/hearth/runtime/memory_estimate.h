// How much memory a model needs on each device for a context size, KV-cache type and layer
// placement — the numbers behind the GUI's VRAM split view and the Vulkan offload plan. It is
// computed by the same code that allocates (the architecture's tensor list, the KV-cache
// layout and the session's scratch plan), so it agrees with what the engine actually uses.
#pragma once

#include <cstdint>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/io/gguf.h"
#include "hearth/runtime/kv_cache_type.h"
#include "hearth/runtime/placement.h"

namespace hearth {

struct MemoryRequest {
  int n_ctx = 0;                        // context length; 0: the model's, at most 4096 (as Session)
  KvCacheType kv_type = KvCacheType::F16;
  LayerPlacement placement;             // empty layers = all on the CPU
  int n_batch = 512;                    // most tokens in one forward pass (sizes the scratch)
  int n_logit_rows = 1;                 // rows of logits kept per forward pass (perplexity: n_batch)
  int n_threads = 0;                    // CPU threads (per-thread work space); 0: one per core
  bool repack_weights = true;           // as ModelLoadOptions::repack_weights
};

struct DeviceMemory {
  DeviceId device;
  uint64_t weights = 0;   // layer weights + embedding/output placed here (CPU: mapped file pages)
  uint64_t kv_cache = 0;  // K and V of the layers placed here
  uint64_t scratch = 0;   // activations of one forward pass (+ logits on the output device)
  uint64_t total() const { return weights + kv_cache + scratch; }
};

struct MemoryEstimate {
  std::vector<uint64_t> layer_weights;   // bytes of block i's tensors
  std::vector<uint64_t> layer_kv_cache;  // bytes of block i's K + V at n_ctx
  uint64_t token_embedding = 0;          // token_embd (rows read on the input device)
  uint64_t output = 0;                   // output norm + LM head; for a tied head, the output
                                         // device's own copy of token_embd (0 when it reads the file's)
  bool output_tied = false;              // LM head reuses token_embd
  std::vector<DeviceMemory> devices;     // one entry per device the placement uses
  const DeviceMemory* find(DeviceId device) const;
  uint64_t total() const;
};

// From the file's tensor table only: nothing is loaded or allocated.
Result<MemoryEstimate> estimate_memory(const GgufFile& file, const MemoryRequest& request);

// The most GPU layers (as -ngl counts them: n_layer + 1 also moves the output) whose estimate
// on `gpu` is at most `budget` bytes — the same estimate Model::load and Session allocate by.
// `request.placement` is ignored. 0 when not even one layer fits.
Result<int> most_gpu_layers_that_fit(const GgufFile& file, const MemoryRequest& request, DeviceId gpu, uint64_t budget);

}  // namespace hearth
