// Opening the Vulkan loader at run time and filling the dispatch table (vk_api.h).
#include "backend/vulkan/vk_api.h"

#include <cstdlib>
#include <string>

#ifdef _WIN32
#include <windows.h>
#else
#include <dlfcn.h>
#endif

#include "hearth/base/result.h"

namespace hearth::vk {

namespace {

#ifdef _WIN32
constexpr const char* kLoaderName = "vulkan-1.dll";
void* open_library(const char* name) { return reinterpret_cast<void*>(LoadLibraryA(name)); }
void* find_symbol(void* lib, const char* name) {
  return reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(lib), name));
}
#else
constexpr const char* kLoaderName = "libvulkan.so.1";
void* open_library(const char* name) { return dlopen(name, RTLD_NOW | RTLD_LOCAL); }
void* find_symbol(void* lib, const char* name) { return dlsym(lib, name); }
#endif

}  // namespace

bool load_loader(Api& api, std::string& why) {
  // Opened once per process and never closed: drivers keep threads and callbacks into it.
  static void* lib = nullptr;
  static std::string opened_name;
  const char* override_name = std::getenv("HEARTH_VULKAN_LOADER");
  const std::string name = override_name && *override_name ? override_name : kLoaderName;
  if (!lib || opened_name != name) {
    void* l = open_library(name.c_str());
    if (!l) {
      why = "no Vulkan loader (" + name + " not found): install a GPU driver with Vulkan support";
      return false;
    }
    lib = l;
    opened_name = name;
  }
  api.vkGetInstanceProcAddr = reinterpret_cast<PFN_vkGetInstanceProcAddr>(find_symbol(lib, "vkGetInstanceProcAddr"));
  if (!api.vkGetInstanceProcAddr) {
    why = name + " has no vkGetInstanceProcAddr: not a Vulkan loader";
    return false;
  }
#define HEARTH_VK_LOAD(fn) api.fn = reinterpret_cast<PFN_##fn>(api.vkGetInstanceProcAddr(nullptr, #fn));
  HEARTH_VK_GLOBAL_FNS(HEARTH_VK_LOAD)
#undef HEARTH_VK_LOAD
  if (!api.vkCreateInstance) {
    why = name + " does not provide vkCreateInstance";
    return false;
  }
  return true;
}

void load_instance_functions(Api& api, VkInstance instance) {
#define HEARTH_VK_LOAD(fn) api.fn = reinterpret_cast<PFN_##fn>(api.vkGetInstanceProcAddr(instance, #fn));
  HEARTH_VK_INSTANCE_FNS(HEARTH_VK_LOAD)
#undef HEARTH_VK_LOAD
}

void load_device_functions(Api& api, VkDevice device) {
#define HEARTH_VK_LOAD(fn) api.fn = reinterpret_cast<PFN_##fn>(api.vkGetDeviceProcAddr(device, #fn));
  HEARTH_VK_DEVICE_FNS(HEARTH_VK_LOAD)
#undef HEARTH_VK_LOAD
}

const char* result_name(VkResult r) {
  switch (r) {
    case VK_SUCCESS: return "VK_SUCCESS";
    case VK_NOT_READY: return "VK_NOT_READY";
    case VK_TIMEOUT: return "VK_TIMEOUT";
    case VK_ERROR_OUT_OF_HOST_MEMORY: return "VK_ERROR_OUT_OF_HOST_MEMORY";
    case VK_ERROR_OUT_OF_DEVICE_MEMORY: return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
    case VK_ERROR_INITIALIZATION_FAILED: return "VK_ERROR_INITIALIZATION_FAILED";
    case VK_ERROR_DEVICE_LOST: return "VK_ERROR_DEVICE_LOST";
    case VK_ERROR_INCOMPATIBLE_DRIVER: return "VK_ERROR_INCOMPATIBLE_DRIVER";
    case VK_ERROR_TOO_MANY_OBJECTS: return "VK_ERROR_TOO_MANY_OBJECTS";
    case VK_ERROR_FEATURE_NOT_PRESENT: return "VK_ERROR_FEATURE_NOT_PRESENT";
    case VK_ERROR_EXTENSION_NOT_PRESENT: return "VK_ERROR_EXTENSION_NOT_PRESENT";
    default: return "VkResult error";
  }
}

void check(VkResult r, const char* what) {
  if (r == VK_SUCCESS) return;
  if (r == VK_ERROR_DEVICE_LOST)
    fail(ErrorCode::DeviceLost, std::string("the GPU stopped responding (") + what +
                                    ": VK_ERROR_DEVICE_LOST): its driver was reset or it was removed");
  const ErrorCode code = (r == VK_ERROR_OUT_OF_DEVICE_MEMORY || r == VK_ERROR_OUT_OF_HOST_MEMORY)
                             ? ErrorCode::OutOfMemory
                             : ErrorCode::Internal;
  fail(code, std::string("Vulkan: ") + what + " failed: " + result_name(r) + " (" + std::to_string(int(r)) + ")");
}

}  // namespace hearth::vk
