#include "hearth/runtime/memory_estimate.h"

#include "model/decoder.h"
#include "model/registry.h"
#include "model/tensor_binder.h"
#include "runtime/memory_plan.h"

namespace hearth {

const DeviceMemory* MemoryEstimate::find(DeviceId device) const {
  for (const auto& d : devices)
    if (d.device == device) return &d;
  return nullptr;
}

uint64_t MemoryEstimate::total() const {
  uint64_t sum = 0;
  for (const auto& d : devices) sum += d.total();
  return sum;
}

Result<MemoryEstimate> estimate_memory(const GgufFile& file, const MemoryRequest& request) {
  return capture_errors([&] {
    auto hp_result = read_hparams(file);
    if (!hp_result) throw Exception(hp_result.error());
    const ModelHParams& hp = hp_result.value();
    check_kv_type(hp, request.kv_type);
    if (request.n_batch < 1 || request.n_logit_rows < 1)
      fail(ErrorCode::InvalidArgument, "n_batch and n_logit_rows must be at least 1");
    const LayerPlacement placement =
        request.placement.layers.empty() ? LayerPlacement::all_on(kCpuDevice, int(hp.n_layer)) : request.placement;
    if (placement.layers.size() != size_t(hp.n_layer))
      fail(ErrorCode::InvalidArgument, "the layer placement has " + std::to_string(placement.layers.size()) +
                                           " entries but the model has " + std::to_string(hp.n_layer) + " layers");

    // The architecture's own tensor list, bound without loading anything.
    auto decoder = find_architecture(hp.architecture)->create(hp);
    TensorBinder binder(file);
    decoder->bind(binder);

    const int n_ctx = resolve_n_ctx(hp, request.n_ctx);
    const int n_threads = resolve_n_threads(request.n_threads);
    const ActivationWidths widths = decoder->activation_widths();

    const WeightBytes weights = plan_weight_bytes(binder.bound(), placement, request.repack_weights);
    MemoryEstimate est;
    est.layer_weights = weights.layers;
    est.layer_kv_cache.assign(size_t(hp.n_layer), kv_layer_bytes(hp, n_ctx, request.kv_type));
    est.token_embedding = weights.input;
    est.output = weights.output;
    est.output_tied = decoder->output_tied();

    for (const DeviceId& d : placement.devices()) {
      DeviceMemory m;
      m.device = d;
      bool runs_something = false;
      if (placement.input == d) {
        m.weights += est.token_embedding;
        runs_something = true;
      }
      if (placement.output == d) {
        m.weights += est.output;
        m.scratch += logits_bytes(hp, request.n_logit_rows);
        runs_something = true;
      }
      for (size_t i = 0; i < placement.layers.size(); ++i) {
        if (placement.layers[i] != d) continue;
        m.weights += est.layer_weights[i];
        m.kv_cache += est.layer_kv_cache[i];
        runs_something = true;
      }
      if (runs_something) {
        m.scratch += activation_bytes(widths, request.n_batch);
        m.scratch += backend_work_bytes(d, make_work_plan(hp, widths, request.kv_type, request.n_batch, n_ctx, n_threads));
      }
      est.devices.push_back(m);
    }
    return est;
  });
}

Result<int> most_gpu_layers_that_fit(const GgufFile& file, const MemoryRequest& request, DeviceId gpu, uint64_t budget) {
  return capture_errors([&] {
    auto hp = read_hparams(file);
    if (!hp) throw Exception(hp.error());
    const int n_layer = int(hp.value().n_layer);
    auto gpu_bytes = [&](int n_gpu) {
      MemoryRequest r = request;
      r.placement = LayerPlacement::offload_last(n_layer, n_gpu, gpu);
      auto est = estimate_memory(file, r);
      if (!est) throw Exception(est.error());
      const DeviceMemory* m = est.value().find(gpu);
      return m ? m->total() : 0;
    };
    // The GPU's share grows with every layer moved: binary search for the last that fits.
    int lo = 0, hi = n_layer + 1;
    while (lo < hi) {
      const int mid = (lo + hi + 1) / 2;
      if (gpu_bytes(mid) <= budget) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  });
}

}  // namespace hearth
