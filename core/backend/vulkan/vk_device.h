// Vulkan instance and physical devices: enumeration, de-duplication by UUID, ordering
// (discrete, integrated, virtual, cpu), the facts `hearth-cli devices` shows, and selection.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backend/vulkan/vk_api.h"
#include "hearth/backend/vulkan.h"

namespace hearth::vk {

struct PhysicalDevice {
  VkPhysicalDevice handle = VK_NULL_HANDLE;
  VulkanDeviceInfo info;
  bool has_memory_budget = false;
};

// The instance and its usable devices. Throws hearth::Exception (Unsupported) with one clear
// reason when there is no loader, no instance or no device.
struct Instance {
  Api api;
  VkInstance handle = VK_NULL_HANDLE;
  std::vector<PhysicalDevice> devices;
  ~Instance();
};
std::unique_ptr<Instance> open_instance(const VulkanOptions& options);

// Index or name fragment; throws InvalidArgument listing the devices when nothing matches.
const PhysicalDevice& select_device(const Instance& instance, const std::string& selector);

bool allow_cpu_device(const VulkanOptions& options);

}  // namespace hearth::vk
