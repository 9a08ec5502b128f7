// Device dispatch of the backend-level facts (work sizes, supported weight types).
#include "hearth/backend/backend.h"
#include "hearth/backend/vulkan.h"

namespace hearth {

uint64_t cpu_backend_work_bytes(const WorkPlan& plan);  // backend/cpu/cpu_backend.cpp
bool cpu_backend_supports(TensorType type);
bool cpu_backend_supports_kv(TensorType type);
uint64_t cpu_matrix_bytes(bool repack, TensorType type, int64_t cols, int64_t rows);

uint64_t backend_work_bytes(DeviceId device, const WorkPlan& plan) {
  switch (device.kind) {
    case DeviceKind::Cpu: return cpu_backend_work_bytes(plan);
    case DeviceKind::Vulkan: return vulkan_work_bytes(plan);
  }
  return 0;
}

uint64_t device_matrix_bytes(DeviceId device, bool repack, TensorType type, int64_t cols, int64_t rows) {
  switch (device.kind) {
    case DeviceKind::Cpu: return cpu_matrix_bytes(repack, type, cols, rows);
    case DeviceKind::Vulkan: return backend_buffer_bytes(type, cols, rows);  // a VRAM copy, as allocate() counts it
  }
  return 0;
}

bool backend_supports_weight_type(DeviceId device, TensorType type) {
  switch (device.kind) {
    case DeviceKind::Cpu: return cpu_backend_supports(type);
    case DeviceKind::Vulkan: return vulkan_supports_weight_type(type);
  }
  return false;
}

}  // namespace hearth

namespace hearth {

bool backend_supports_kv_type(DeviceId device, TensorType type) {
  switch (device.kind) {
    case DeviceKind::Cpu: return cpu_backend_supports_kv(type);
    case DeviceKind::Vulkan: return vulkan_supports_kv_type(type);
  }
  return false;
}

}  // namespace hearth
