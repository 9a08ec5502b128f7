// The offload panel's numbers come from the engine's estimate_memory() — the function the
// session allocates with — for the placement the sliders describe: the last k blocks on the
// GPU (and the output head too once every block is there, as llama.cpp's -ngl n_layer + 1).
// estimate_memory() plans for a GPU device even before a GPU backend exists, so the picture
// is real for the GPU size the user types in.
//
// INTERIM (#else branch): until the engine is on main (issue 6), the same placement rule is
// worked out here from the GGUF header.
#include "engine/memory_estimator.h"

#include <algorithm>

#if __has_include("hearth/runtime/memory_estimate.h")

#include "hearth/io/gguf.h"
#include "hearth/runtime/memory_estimate.h"

namespace hearth::gui {

struct MemoryEstimator::ModelShape {
  std::unique_ptr<GgufFile> file;  // header and tensor table (memory-mapped, nothing loaded)
  int layer_count = 0;
  int trained_context = 0;
};

namespace {
constexpr DeviceId kGpu{DeviceKind::Vulkan, 0};

LayerPlacement placement_for(int n_layer, int gpu_layers) {
  gpu_layers = std::clamp(gpu_layers, 0, n_layer);
  // All blocks on the GPU: the output head follows them (llama.cpp's -ngl n_layer + 1).
  return LayerPlacement::offload_last(n_layer, gpu_layers == n_layer && n_layer > 0 ? n_layer + 1 : gpu_layers, kGpu);
}

// One device's share of the estimate, split into the picture's segments. The segments add up
// to the engine's total for the device exactly.
void fill_bar(DeviceBar& bar, const MemoryEstimate& est, const LayerPlacement& placement, DeviceId device) {
  const DeviceMemory* mem = est.find(device);
  if (!mem) return;
  uint64_t layer_weights = 0;
  for (size_t i = 0; i < placement.layers.size(); ++i) {
    if (placement.layers[i] != device) continue;
    bar.layers << LayerSlice{int(i), est.layer_weights[i]};
    layer_weights += est.layer_weights[i];
  }
  bar.embeddings = placement.input == device ? est.token_embedding : 0;
  bar.output = mem->weights - layer_weights - bar.embeddings;  // output head (+ its tied copy of the embeddings)
  bar.kv_cache = mem->kv_cache;
  bar.scratch = mem->scratch;
}
}  // namespace

uint64_t default_gpu_margin(uint64_t gpu_total) { return std::max<uint64_t>(256ull << 20, gpu_total / 20); }

MemoryEstimator::MemoryEstimator(std::unique_ptr<ModelShape> shape) : shape_(std::move(shape)) {}
MemoryEstimator::~MemoryEstimator() = default;

std::shared_ptr<const MemoryEstimator> MemoryEstimator::for_model(const QString& path, QString* error) {
  auto file = GgufFile::open(path.toStdString());
  if (!file.ok()) {
    if (error) *error = QString::fromStdString(file.error().message);
    return nullptr;
  }
  auto shape = std::make_unique<ModelShape>();
  shape->file = std::make_unique<GgufFile>(std::move(*file));
  // One estimate up front: it checks that the engine knows the architecture and the tensors.
  MemoryRequest probe;
  probe.n_ctx = 512;
  auto est = estimate_memory(*shape->file, probe);
  if (!est.ok()) {
    if (error) *error = QString::fromStdString(est.error().message);
    return nullptr;
  }
  const std::string arch = shape->file->architecture();
  shape->layer_count = int(est->layer_weights.size());
  shape->trained_context = int(shape->file->metadata().get_int(arch + ".context_length").value_or(2048));
  return std::shared_ptr<const MemoryEstimator>(new MemoryEstimator(std::move(shape)));
}

int MemoryEstimator::layer_count() const { return shape_->layer_count; }
int MemoryEstimator::trained_context() const { return shape_->trained_context; }

MemoryPicture MemoryEstimator::estimate(const LoadSettings& load, const DeviceCapacities& devices) const {
  MemoryPicture pic;
  pic.gpu_backend_available = devices.gpu_backend_available;
  pic.gpu.capacity = devices.gpu_total;
  pic.gpu.margin = devices.gpu_margin;
  pic.ram.capacity = devices.ram_total;
  pic.ram.margin = devices.ram_margin;

  MemoryRequest request;
  request.n_ctx = std::max(1, load.context_size);
  request.placement = placement_for(shape_->layer_count, load.gpu_layers);
  auto est = estimate_memory(*shape_->file, request);
  if (!est.ok()) return pic;  // checked in for_model(); only a context of 0 could fail here
  fill_bar(pic.gpu, *est, request.placement, kGpu);
  fill_bar(pic.ram, *est, request.placement, kCpuDevice);
  return pic;
}

int MemoryEstimator::most_gpu_layers_that_fit(int context_size, const DeviceCapacities& devices) const {
  for (int k = layer_count(); k > 0; --k) {
    if (estimate({context_size, k}, devices).gpu.fits()) return k;
  }
  return 0;
}

}  // namespace hearth::gui

#else  // INTERIM

#include <map>
#include <string>


#include <map>
#include <string>

#include "hearth/io/gguf.h"

namespace hearth::gui {

struct MemoryEstimator::ModelShape {
  int layer_count = 0;
  int trained_context = 0;
  int64_t embedding = 0;    // n_embd
  int64_t feed_forward = 0; // n_ff
  int64_t heads = 0;
  int64_t kv_width = 0;     // n_head_kv × head_dim: K (and V) values per token per layer
  int64_t vocab = 0;
  std::vector<uint64_t> layer_bytes;  // [layer_count]
  uint64_t embedding_bytes = 0;       // token_embd + anything outside blocks and output
  uint64_t output_bytes = 0;          // output.weight (or the tied embedding copy) + output_norm
};

namespace {
constexpr int64_t kMicroBatch = 512;     // tokens per prompt-processing step
constexpr uint64_t kKvElementBytes = 2;  // KV cache stored as f16
}  // namespace

uint64_t default_gpu_margin(uint64_t gpu_total) { return std::max<uint64_t>(256ull << 20, gpu_total / 20); }

MemoryEstimator::MemoryEstimator(std::unique_ptr<ModelShape> shape) : shape_(std::move(shape)) {}
MemoryEstimator::~MemoryEstimator() = default;

std::shared_ptr<const MemoryEstimator> MemoryEstimator::for_model(const QString& path, QString* error) {
  auto file = GgufFile::open(path.toStdString());
  if (!file.ok()) {
    if (error) *error = QString::fromStdString(file.error().message);
    return nullptr;
  }
  const auto& md = file->metadata();
  const std::string arch = file->architecture();
  auto shape = std::make_unique<ModelShape>();
  shape->layer_count = int(md.get_int(arch + ".block_count").value_or(0));
  shape->trained_context = int(md.get_int(arch + ".context_length").value_or(2048));
  shape->embedding = md.get_int(arch + ".embedding_length").value_or(0);
  shape->feed_forward = md.get_int(arch + ".feed_forward_length").value_or(4 * shape->embedding);
  shape->heads = std::max<int64_t>(1, md.get_int(arch + ".attention.head_count").value_or(1));
  const int64_t kv_heads = md.get_int(arch + ".attention.head_count_kv").value_or(shape->heads);
  const int64_t head_dim = md.get_int(arch + ".attention.key_length").value_or(shape->embedding / shape->heads);
  shape->kv_width = kv_heads * head_dim;
  if (const auto* tokens = md.get_array("tokenizer.ggml.tokens")) shape->vocab = int64_t(tokens->size());
  if (shape->layer_count <= 0) {
    if (error) *error = QStringLiteral("%1: no %2.block_count in the header").arg(path, QString::fromStdString(arch));
    return nullptr;
  }

  shape->layer_bytes.assign(size_t(shape->layer_count), 0);
  bool has_output = false;
  uint64_t token_embd = 0;
  for (const auto& t : file->tensors()) {
    const std::string& n = t.name;
    if (n.rfind("blk.", 0) == 0) {
      const int layer = std::atoi(n.c_str() + 4);
      if (layer >= 0 && layer < shape->layer_count) {
        shape->layer_bytes[size_t(layer)] += t.size_bytes;
        continue;
      }
    }
    if (n == "output.weight") {
      has_output = true;
      shape->output_bytes += t.size_bytes;
    } else if (n == "output_norm.weight" || n == "output_norm.bias") {
      shape->output_bytes += t.size_bytes;
    } else {
      if (n == "token_embd.weight") token_embd = t.size_bytes;
      shape->embedding_bytes += t.size_bytes;
    }
  }
  // Tied embeddings: the output head multiplies by the embedding table, so the device running
  // the head needs its own copy of it.
  if (!has_output) shape->output_bytes += token_embd;
  return std::shared_ptr<const MemoryEstimator>(new MemoryEstimator(std::move(shape)));
}

int MemoryEstimator::layer_count() const { return shape_->layer_count; }
int MemoryEstimator::trained_context() const { return shape_->trained_context; }

MemoryPicture MemoryEstimator::estimate(const LoadSettings& load, const DeviceCapacities& devices) const {
  const ModelShape& s = *shape_;
  const int n = s.layer_count;
  const int gpu_layers = std::clamp(load.gpu_layers, 0, n);
  const int64_t ctx = std::max(1, load.context_size);
  const bool output_on_gpu = gpu_layers == n && n > 0;

  MemoryPicture pic;
  pic.gpu_backend_available = devices.gpu_backend_available;
  pic.gpu.capacity = devices.gpu_total;
  pic.gpu.margin = devices.gpu_margin;
  pic.ram.capacity = devices.ram_total;
  pic.ram.margin = devices.ram_margin;

  const uint64_t kv_per_layer = uint64_t(ctx) * uint64_t(s.kv_width) * 2 /*K and V*/ * kKvElementBytes;
  for (int i = 0; i < n; ++i) {
    DeviceBar& bar = i >= n - gpu_layers ? pic.gpu : pic.ram;
    bar.layers << LayerSlice{i, s.layer_bytes[size_t(i)]};
    bar.kv_cache += kv_per_layer;
  }
  pic.ram.embeddings = s.embedding_bytes;
  (output_on_gpu ? pic.gpu : pic.ram).output = s.output_bytes;

  // Compute buffers for one micro-batch: attention scores (heads × batch × ctx, f32) and the
  // widest activations; logits (vocab × batch, f32) where the output head runs.
  const int64_t batch = std::min<int64_t>(kMicroBatch, ctx);
  const uint64_t attention = uint64_t(s.heads) * uint64_t(batch) * uint64_t(ctx) * 4;
  const uint64_t activations = uint64_t(batch) * uint64_t(3 * s.embedding + 2 * s.feed_forward) * 4;
  const uint64_t logits = uint64_t(batch) * uint64_t(s.vocab) * 4;
  pic.ram.scratch = (gpu_layers < n ? attention + activations : activations / 2) + (output_on_gpu ? 0 : logits);
  if (gpu_layers > 0) pic.gpu.scratch = attention + activations + (output_on_gpu ? logits : 0);
  return pic;
}

int MemoryEstimator::most_gpu_layers_that_fit(int context_size, const DeviceCapacities& devices) const {
  for (int k = layer_count(); k > 0; --k) {
    if (estimate({context_size, k}, devices).gpu.fits()) return k;
  }
  return 0;
}

}  // namespace hearth::gui

#endif
