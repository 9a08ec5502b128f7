// The Vulkan compute backend: devices, and a Backend that runs the ops with the compute shaders
// of shaders/. The Vulkan loader (libvulkan.so.1 / vulkan-1.dll) is opened at run time; without
// it (or in a build with HEARTH_VULKAN=OFF) these functions return an error that says why, and
// everything runs on the CPU.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hearth/backend/backend.h"
#include "hearth/base/result.h"

namespace hearth {

struct VulkanOptions {
  // CPU implementations of Vulkan (Mesa lavapipe) are skipped unless allowed here or with
  // HEARTH_VULKAN_ALLOW_CPU=1 in the environment (tests and CI).
  bool allow_cpu_device = false;
  // Reduce with shared memory even where the device has subgroup arithmetic (also
  // HEARTH_VULKAN_NO_SUBGROUP=1); tests run both paths.
  bool force_shared_reduction = false;
  // Largest chunk (one buffer, one binding) in bytes; 0 = the device's limits. Tests set a
  // small value so matrices and tables are split across chunks as on a real 128 MiB limit.
  uint64_t max_chunk_bytes = 0;
  // Never map tensor memory, even where the device allows it (UMA, lavapipe): uploads and
  // downloads go through the staging ring and vkCmdCopyBuffer as on a discrete GPU. Tests.
  bool force_staging = false;
};

struct VulkanDeviceInfo {
  int index = 0;                 // position in the ordered list (discrete, integrated, virtual, cpu)
  std::string name;
  std::string type;              // "discrete", "integrated", "virtual", "cpu", "other"
  uint32_t vendor_id = 0, device_id = 0;
  std::string driver_name, driver_info;
  std::string api_version;       // "1.3.239"
  uint32_t driver_version = 0;
  uint64_t device_local_bytes = 0;  // largest device-local heap
  uint64_t free_bytes = 0;          // VK_EXT_memory_budget (clamped to the heap), else the heap size
  bool budget_reported = false;
  bool uma = false;                 // integrated / CPU: device memory is host memory
  uint32_t subgroup_size = 0, subgroup_min = 0, subgroup_max = 0;
  bool subgroup_arithmetic = false;
  bool fp16 = false, storage_8bit = false, storage_16bit = false;
  uint64_t max_storage_buffer_range = 0, max_allocation_bytes = 0;
  uint32_t shared_memory_bytes = 0;
};

// The usable devices, best first. Error (Unsupported) when there is no loader or no device;
// the message says which.
Result<std::vector<VulkanDeviceInfo>> list_vulkan_devices(const VulkanOptions& options = {});

// A Backend on a Vulkan device, plus the byte-level copies tests and weight uploads need.
class VulkanBackend : public Backend {
 public:
  // Raw bytes (any type, whole tensor, rows at row_stride) between host and device.
  virtual void write(const Tensor& dst, const void* src) = 0;
  virtual void read(void* dst, const Tensor& src) = 0;
  virtual const VulkanDeviceInfo& info() const = 0;
  virtual bool uses_subgroup_reduction() const = 0;
  // Bytes of compiled pipelines read from the on-disk cache at start (0: none yet).
  virtual uint64_t pipeline_cache_bytes_loaded() const = 0;
  // Frees the device memory of a tensor allocate() returned (waits for recorded work first).
  virtual void release(const Tensor& t) = 0;
};

// `device`: an index into list_vulkan_devices() or a (case-insensitive) part of a device name;
// empty = the first one.
Result<std::unique_ptr<VulkanBackend>> make_vulkan_backend(const std::string& device = "",
                                                           const VulkanOptions& options = {});

// Whether the shaders of this build multiply by / keep a KV cache of `type` (the embedded
// shader variants are the one list: shaders/variants.cmake).
bool vulkan_supports_weight_type(TensorType type);
bool vulkan_supports_kv_type(TensorType type);
// Bytes of the work buffers VulkanBackend::prepare() takes for `plan`.
uint64_t vulkan_work_bytes(const WorkPlan& plan);

// One Vulkan device serves a model's weights and all its sessions (one VkDevice, so the
// sessions' ops can read the weights). The model keeps the weights in VRAM with this store...
std::unique_ptr<DeviceWeights> make_vulkan_device_weights(std::shared_ptr<VulkanBackend> device);
// ...and each session gets a view of the same device that counts and frees only what the
// session allocated (KV cache, activations). Sessions on one device must be driven from one
// thread at a time (the command buffer is the device's).
std::unique_ptr<Backend> make_vulkan_session_backend(std::shared_ptr<VulkanBackend> device);

}  // namespace hearth
