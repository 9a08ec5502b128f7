// Where each part of a model runs: the layer placement (block i -> device). The CPU backend runs
// everything today; the Vulkan backend will run a chosen set of layers. The same placement is
// given to the memory estimate (what the GUI's VRAM split view shows) and to Model::load (what
// the engine allocates), so the two always agree.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hearth {

enum class DeviceKind : uint8_t { Cpu, Vulkan };

struct DeviceId {
  DeviceKind kind = DeviceKind::Cpu;
  int index = 0;  // which GPU, for DeviceKind::Vulkan; 0 for the CPU
  bool operator==(const DeviceId&) const = default;
  std::string name() const;  // "CPU", "Vulkan0"
};

inline constexpr DeviceId kCpuDevice{DeviceKind::Cpu, 0};

// Device of every part of the model. Activations move between devices only where consecutive
// layers sit on different devices (one hidden-state row per token each time).
struct LayerPlacement {
  std::vector<DeviceId> layers;  // layers[i]: weights, KV cache and compute of block i
  DeviceId input = kCpuDevice;   // token-embedding lookup (reads rows of the mapped file)
  DeviceId output = kCpuDevice;  // final norm + LM head (output projection)

  // Everything on one device.
  static LayerPlacement all_on(DeviceId device, int n_layer);
  // Like llama.cpp's -ngl N: the last N blocks on `gpu`, the rest on the CPU; N > n_layer also
  // puts the output (final norm + LM head) on the GPU. N <= 0 is all-CPU.
  static LayerPlacement offload_last(int n_layer, int n_gpu_layers, DeviceId gpu);

  // The distinct devices in use, CPU first.
  std::vector<DeviceId> devices() const;
  int layer_count() const { return int(layers.size()); }
  int layers_on(DeviceId device) const;
};

}  // namespace hearth
