// What the offload picture draws: for each device (GPU memory, system RAM) how many bytes the
// planned load puts there — weights layer by layer, token embeddings, KV cache, output head,
// scratch buffers — against the device's capacity and the margin that must stay free.
#pragma once

#include <QList>
#include <cstdint>

namespace hearth::gui {

struct LayerSlice {
  int layer = 0;       // block number in the model
  uint64_t bytes = 0;  // its weights
};

struct DeviceBar {
  enum class Kind { Gpu, SystemRam };
  Kind kind = Kind::SystemRam;
  uint64_t capacity = 0;  // bytes the device has
  uint64_t margin = 0;    // bytes that must stay free (driver, desktop, other programs)

  QList<LayerSlice> layers;  // transformer blocks placed on this device
  uint64_t embeddings = 0;   // token embedding table and small tensors outside the blocks
  uint64_t kv_cache = 0;
  uint64_t output = 0;       // output norm + output head (lm_head)
  uint64_t scratch = 0;      // activations and compute buffers

  uint64_t layer_bytes() const {
    uint64_t sum = 0;
    for (const auto& l : layers) sum += l.bytes;
    return sum;
  }
  uint64_t used() const { return layer_bytes() + embeddings + kv_cache + output + scratch; }
  uint64_t usable() const { return capacity > margin ? capacity - margin : 0; }
  bool fits() const { return used() <= usable(); }
};

struct MemoryPicture {
  DeviceBar gpu{DeviceBar::Kind::Gpu};
  DeviceBar ram{DeviceBar::Kind::SystemRam};
  bool gpu_backend_available = false;  // false: the GPU bar is a plan for a GPU the user typed in
  bool fits() const { return gpu.fits() && ram.fits(); }
};

}  // namespace hearth::gui
