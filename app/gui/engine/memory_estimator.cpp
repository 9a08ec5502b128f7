// The offload panel's numbers come from the engine's estimate_memory() — the function the
// session allocates with — for the placement the sliders describe: the last k blocks on the
// GPU (and the output head too once every block is there, as llama.cpp's -ngl n_layer + 1).
// estimate_memory() plans for a GPU device even before a GPU backend exists, so the picture
// is real for the GPU size the user types in.
#include "engine/memory_estimator.h"

#include <algorithm>

#include "hearth/backend/backend.h"
#include "hearth/backend/vulkan.h"
#include "hearth/io/gguf.h"
#include "hearth/model/hparams.h"
#include "hearth/quant/tensor_type.h"
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

namespace {
struct GpuList {
  QList<GpuDeviceInfo> devices;
  QString why_none;
};
const GpuList& gpu_list() {
  static const GpuList list = [] {
    GpuList l;
    auto found = list_vulkan_devices();
    if (!found) {
      l.why_none = QString::fromStdString(found.error().message);
      return l;
    }
    for (const VulkanDeviceInfo& d : found.value())
      l.devices << GpuDeviceInfo{d.index, QString::fromStdString(d.name), d.device_local_bytes,
                                 std::min(d.free_bytes, d.device_local_bytes)};
    return l;
  }();
  return list;
}
}  // namespace

const QList<GpuDeviceInfo>& engine_gpu_devices() { return gpu_list().devices; }
QString engine_gpu_unavailable_reason() { return gpu_list().why_none; }
bool engine_has_gpu_backend() { return !engine_gpu_devices().isEmpty(); }

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
  auto hparams = read_hparams(*shape->file);
  if (!hparams.ok()) {
    if (error) *error = QString::fromStdString(hparams.error().message);
    return nullptr;
  }
  // One estimate up front: it checks that the engine knows the architecture and the tensors.
  MemoryRequest probe;
  probe.n_ctx = 512;
  auto est = estimate_memory(*shape->file, probe);
  if (!est.ok()) {
    if (error) *error = QString::fromStdString(est.error().message);
    return nullptr;
  }
  shape->layer_count = int(hparams->n_layer);
  shape->trained_context = int(std::max<int64_t>(1, hparams->n_ctx_train));
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
  // As EngineBackend::load(): the context is clamped to the trained maximum.
  request.n_ctx = std::clamp(load.context_size, 1, shape_->trained_context);
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
