#include "hearth/runtime/placement.h"

#include <algorithm>

namespace hearth {

std::string DeviceId::name() const {
  return kind == DeviceKind::Cpu ? std::string("CPU") : "Vulkan" + std::to_string(index);
}

LayerPlacement LayerPlacement::all_on(DeviceId device, int n_layer) {
  LayerPlacement p;
  p.layers.assign(size_t(std::max(n_layer, 0)), device);
  p.output = device;
  return p;
}

LayerPlacement LayerPlacement::offload_last(int n_layer, int n_gpu_layers, DeviceId gpu) {
  LayerPlacement p = all_on(kCpuDevice, n_layer);
  const int on_gpu = std::clamp(n_gpu_layers, 0, n_layer);
  for (int i = n_layer - on_gpu; i < n_layer; ++i) p.layers[size_t(i)] = gpu;
  if (n_gpu_layers > n_layer) p.output = gpu;
  return p;
}

std::vector<DeviceId> LayerPlacement::devices() const {
  std::vector<DeviceId> out{kCpuDevice};
  auto add = [&](DeviceId d) {
    if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  };
  add(input);
  for (const DeviceId& d : layers) add(d);
  add(output);
  return out;
}

int LayerPlacement::layers_on(DeviceId device) const {
  return int(std::count(layers.begin(), layers.end(), device));
}

}  // namespace hearth
