// Adapter between the offload panel and the engine's memory estimate: given a model file, a
// context size and a GPU-layer count, how many bytes land on each device. The panel draws what
// this returns and "Auto" searches it for the most layers that fit.
#pragma once

#include <QList>
#include <QString>
#include <cstdint>
#include <memory>

#include "engine/engine_types.h"
#include "offload/memory_picture.h"

namespace hearth::gui {

struct DeviceCapacities {
  uint64_t gpu_total = 0;
  uint64_t gpu_margin = 0;
  uint64_t ram_total = 0;
  uint64_t ram_margin = 0;
  bool gpu_backend_available = false;
};

// A GPU the engine can run layers on (a Vulkan device; CPU implementations such as lavapipe
// only with HEARTH_VULKAN_ALLOW_CPU=1).
struct GpuDeviceInfo {
  int index = 0;        // DeviceId::index of the engine (hearth-cli devices)
  QString name;
  uint64_t total = 0;   // device-local memory
  uint64_t free = 0;    // free now (VK_EXT_memory_budget), at most `total`
};
// The devices, looked up once per run of the app (listing opens the Vulkan loader).
const QList<GpuDeviceInfo>& engine_gpu_devices();
// Why the list is empty ("no Vulkan loader", "only a CPU device"…); empty when it is not.
QString engine_gpu_unavailable_reason();

// Whether the engine can run layers on a GPU of this machine. When it cannot, the panel still
// draws the estimate for a GPU of the size the user types in, and says it is a plan only.
bool engine_has_gpu_backend();

// The free margin a GPU keeps for its driver and the desktop: 5 %, at least 256 MiB.
uint64_t default_gpu_margin(uint64_t gpu_total);

class MemoryEstimator {
 public:
  struct ModelShape;  // what the estimate needs from the file (defined in the .cpp)

  // Reads what the estimate needs from the GGUF header; `error` is set when it cannot.
  static std::shared_ptr<const MemoryEstimator> for_model(const QString& path, QString* error);
  ~MemoryEstimator();

  int layer_count() const;
  int trained_context() const;

  MemoryPicture estimate(const LoadSettings& load, const DeviceCapacities& devices) const;
  // The largest GPU-layer count whose plan fits the GPU (0 when not even one layer does).
  int most_gpu_layers_that_fit(int context_size, const DeviceCapacities& devices) const;

 private:
  explicit MemoryEstimator(std::unique_ptr<ModelShape> shape);
  std::unique_ptr<ModelShape> shape_;
};

}  // namespace hearth::gui
