// Our own Vulkan dispatch table: the loader library is opened at run time (dlopen /
// LoadLibrary) and every entry point is resolved through vkGetInstanceProcAddr /
// vkGetDeviceProcAddr, so nothing links against libvulkan and a machine without it still runs.
#pragma once

#include <string>

#include <vulkan/vulkan.h>

namespace hearth::vk {

#define HEARTH_VK_GLOBAL_FNS(X) \
  X(vkCreateInstance)           \
  X(vkEnumerateInstanceVersion)
#define HEARTH_VK_INSTANCE_FNS(X)            \
  X(vkDestroyInstance)                       \
  X(vkEnumeratePhysicalDevices)              \
  X(vkGetPhysicalDeviceProperties)           \
  X(vkGetPhysicalDeviceProperties2)          \
  X(vkGetPhysicalDeviceFeatures2)            \
  X(vkGetPhysicalDeviceMemoryProperties)     \
  X(vkGetPhysicalDeviceMemoryProperties2)    \
  X(vkGetPhysicalDeviceQueueFamilyProperties) \
  X(vkEnumerateDeviceExtensionProperties)    \
  X(vkCreateDevice)                          \
  X(vkGetDeviceProcAddr)
#define HEARTH_VK_DEVICE_FNS(X)         \
  X(vkDestroyDevice)                    \
  X(vkGetDeviceQueue)                   \
  X(vkCreateBuffer)                     \
  X(vkDestroyBuffer)                    \
  X(vkGetBufferMemoryRequirements)      \
  X(vkAllocateMemory)                   \
  X(vkFreeMemory)                       \
  X(vkBindBufferMemory)                 \
  X(vkMapMemory)                        \
  X(vkUnmapMemory)                      \
  X(vkCreateShaderModule)               \
  X(vkDestroyShaderModule)              \
  X(vkCreateDescriptorSetLayout)        \
  X(vkDestroyDescriptorSetLayout)       \
  X(vkCreatePipelineLayout)             \
  X(vkDestroyPipelineLayout)            \
  X(vkCreatePipelineCache)              \
  X(vkDestroyPipelineCache)             \
  X(vkGetPipelineCacheData)             \
  X(vkCreateComputePipelines)           \
  X(vkDestroyPipeline)                  \
  X(vkCreateDescriptorPool)             \
  X(vkDestroyDescriptorPool)            \
  X(vkAllocateDescriptorSets)           \
  X(vkUpdateDescriptorSets)             \
  X(vkCreateCommandPool)                \
  X(vkDestroyCommandPool)               \
  X(vkAllocateCommandBuffers)           \
  X(vkBeginCommandBuffer)               \
  X(vkEndCommandBuffer)                 \
  X(vkResetCommandBuffer)               \
  X(vkCmdBindPipeline)                  \
  X(vkCmdBindDescriptorSets)            \
  X(vkCmdPushConstants)                 \
  X(vkCmdDispatch)                      \
  X(vkCmdPipelineBarrier)               \
  X(vkCmdCopyBuffer)                    \
  X(vkCmdFillBuffer)                    \
  X(vkQueueSubmit)                      \
  X(vkCreateFence)                      \
  X(vkDestroyFence)                     \
  X(vkWaitForFences)                    \
  X(vkResetFences)

struct Api {
#define HEARTH_VK_MEMBER(name) PFN_##name name = nullptr;
  HEARTH_VK_GLOBAL_FNS(HEARTH_VK_MEMBER)
  HEARTH_VK_INSTANCE_FNS(HEARTH_VK_MEMBER)
  HEARTH_VK_DEVICE_FNS(HEARTH_VK_MEMBER)
#undef HEARTH_VK_MEMBER
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr = nullptr;
};

// Opens the loader (HEARTH_VULKAN_LOADER overrides the library name: tests point it at nothing)
// and resolves the global functions. False with `why` set when there is no loader.
bool load_loader(Api& api, std::string& why);
void load_instance_functions(Api& api, VkInstance instance);
void load_device_functions(Api& api, VkDevice device);

// "VK_ERROR_OUT_OF_DEVICE_MEMORY" and friends.
const char* result_name(VkResult r);
// Throws hearth::Exception naming `what` when r is not VK_SUCCESS.
void check(VkResult r, const char* what);

}  // namespace hearth::vk
