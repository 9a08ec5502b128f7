// Physical-device enumeration and the facts of each device (vk_device.h).
#include "backend/vulkan/vk_device.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>

#include "hearth/base/result.h"

namespace hearth::vk {

namespace {

// Order of preference: a discrete GPU has its own fast memory; an integrated one shares RAM;
// virtual and CPU implementations come last.
int type_rank(VkPhysicalDeviceType t) {
  switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 0;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 1;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return 3;
    default: return 4;
  }
}
const char* type_name(VkPhysicalDeviceType t) {
  switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual";
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return "cpu";
    default: return "other";
  }
}
std::string version_text(uint32_t v) {
  return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) + "." +
         std::to_string(VK_API_VERSION_PATCH(v));
}
bool has_extension(const Api& api, VkPhysicalDevice pd, const char* name) {
  uint32_t n = 0;
  api.vkEnumerateDeviceExtensionProperties(pd, nullptr, &n, nullptr);
  std::vector<VkExtensionProperties> ext(n);
  api.vkEnumerateDeviceExtensionProperties(pd, nullptr, &n, ext.data());
  for (const auto& e : ext)
    if (std::strcmp(e.extensionName, name) == 0) return true;
  return false;
}

PhysicalDevice describe(const Api& api, VkPhysicalDevice pd, uint8_t uuid[VK_UUID_SIZE]) {
  PhysicalDevice d;
  d.handle = pd;
  VulkanDeviceInfo& info = d.info;

  // Structures newer than Vulkan 1.1 go into the pNext chains only where the device has them
  // (core version or extension): chaining an unknown structure is invalid usage.
  VkPhysicalDeviceProperties base{};
  api.vkGetPhysicalDeviceProperties(pd, &base);
  const bool v12 = base.apiVersion >= VK_API_VERSION_1_2, v13 = base.apiVersion >= VK_API_VERSION_1_3;
  void* chain = nullptr;
  VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES, nullptr, {}, {}, {}, {}};
  if (v12 || has_extension(api, pd, "VK_KHR_driver_properties")) driver.pNext = chain, chain = &driver;
  VkPhysicalDeviceSubgroupSizeControlProperties size_control{};
  size_control.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_PROPERTIES;
  if (v13 || has_extension(api, pd, "VK_EXT_subgroup_size_control")) size_control.pNext = chain, chain = &size_control;
  VkPhysicalDeviceSubgroupProperties subgroup{};
  subgroup.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES;
  subgroup.pNext = chain;
  VkPhysicalDeviceIDProperties ids{};
  ids.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_ID_PROPERTIES;
  ids.pNext = &subgroup;
  VkPhysicalDeviceMaintenance3Properties maint3{};
  maint3.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES;
  maint3.pNext = &ids;
  VkPhysicalDeviceProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &maint3, {}};
  api.vkGetPhysicalDeviceProperties2(pd, &props);
  const VkPhysicalDeviceProperties& p = props.properties;
  std::memcpy(uuid, ids.deviceUUID, VK_UUID_SIZE);

  info.name = p.deviceName;
  info.type = type_name(p.deviceType);
  info.vendor_id = p.vendorID;
  info.device_id = p.deviceID;
  info.driver_name = driver.driverName;
  info.driver_info = driver.driverInfo;
  info.driver_version = p.driverVersion;
  info.api_version = version_text(p.apiVersion);
  info.uma = p.deviceType == VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU || p.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  info.subgroup_size = subgroup.subgroupSize;
  info.subgroup_min = size_control.minSubgroupSize ? size_control.minSubgroupSize : subgroup.subgroupSize;
  info.subgroup_max = size_control.maxSubgroupSize ? size_control.maxSubgroupSize : subgroup.subgroupSize;
  info.subgroup_arithmetic = (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT) &&
                             (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT);
  info.max_storage_buffer_range = p.limits.maxStorageBufferRange;
  info.max_allocation_bytes = maint3.maxMemoryAllocationSize;
  info.shared_memory_bytes = p.limits.maxComputeSharedMemorySize;

  VkPhysicalDevice16BitStorageFeatures s16{};  // core in 1.1
  s16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES;
  VkPhysicalDevice8BitStorageFeatures s8{};
  s8.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES;
  if (v12 || has_extension(api, pd, "VK_KHR_8bit_storage")) s8.pNext = s16.pNext, s16.pNext = &s8;
  VkPhysicalDeviceShaderFloat16Int8Features f16{};
  f16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES;
  if (v12 || has_extension(api, pd, "VK_KHR_shader_float16_int8")) f16.pNext = s16.pNext, s16.pNext = &f16;
  VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &s16, {}};
  api.vkGetPhysicalDeviceFeatures2(pd, &features);
  info.fp16 = f16.shaderFloat16;
  info.storage_8bit = s8.storageBuffer8BitAccess;
  info.storage_16bit = s16.storageBuffer16BitAccess;

  d.has_memory_budget = has_extension(api, pd, VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
  VkPhysicalDeviceMemoryBudgetPropertiesEXT budget{};
  budget.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_BUDGET_PROPERTIES_EXT;
  VkPhysicalDeviceMemoryProperties2 mem{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_PROPERTIES_2,
                                        d.has_memory_budget ? &budget : nullptr, {}};
  api.vkGetPhysicalDeviceMemoryProperties2(pd, &mem);
  for (uint32_t h = 0; h < mem.memoryProperties.memoryHeapCount; ++h) {
    const VkMemoryHeap& heap = mem.memoryProperties.memoryHeaps[h];
    if (!(heap.flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) || heap.size < info.device_local_bytes) continue;
    info.device_local_bytes = heap.size;
    info.free_bytes = heap.size;
    if (d.has_memory_budget) {
      // Budgets above the heap exist (Intel iGPUs report system RAM): never promise more than the heap.
      const uint64_t b = std::min<uint64_t>(budget.heapBudget[h], heap.size);
      info.free_bytes = b > budget.heapUsage[h] ? b - budget.heapUsage[h] : 0;
      info.budget_reported = true;
    }
  }
  return d;
}

}  // namespace

bool allow_cpu_device(const VulkanOptions& options) {
  const char* env = std::getenv("HEARTH_VULKAN_ALLOW_CPU");
  return options.allow_cpu_device || (env && std::strcmp(env, "1") == 0);
}

Instance::~Instance() {
  if (handle) api.vkDestroyInstance(handle, nullptr);
}

std::unique_ptr<Instance> open_instance(const VulkanOptions& options) {
  auto inst = std::make_unique<Instance>();
  std::string why;
  if (!load_loader(inst->api, why)) fail(ErrorCode::Unsupported, why);
  uint32_t version = VK_API_VERSION_1_0;
  if (inst->api.vkEnumerateInstanceVersion) inst->api.vkEnumerateInstanceVersion(&version);
  if (version < VK_API_VERSION_1_1)
    fail(ErrorCode::Unsupported, "the Vulkan loader is version " + version_text(version) + "; Hearth needs 1.1 or newer");
  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO, nullptr, "Hearth", 1, "Hearth", 1, VK_API_VERSION_1_2};
  VkInstanceCreateInfo ci{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, nullptr, 0, &app, 0, nullptr, 0, nullptr};
  const VkResult r = inst->api.vkCreateInstance(&ci, nullptr, &inst->handle);
  if (r != VK_SUCCESS)
    fail(ErrorCode::Unsupported, std::string("no Vulkan driver answered (vkCreateInstance: ") + result_name(r) + ")");
  load_instance_functions(inst->api, inst->handle);

  uint32_t n = 0;
  inst->api.vkEnumeratePhysicalDevices(inst->handle, &n, nullptr);
  std::vector<VkPhysicalDevice> handles(n);
  inst->api.vkEnumeratePhysicalDevices(inst->handle, &n, handles.data());
  std::vector<std::array<uint8_t, VK_UUID_SIZE>> seen;
  int skipped_cpu = 0;
  std::vector<std::pair<int, PhysicalDevice>> found;
  for (VkPhysicalDevice pd : handles) {
    VkPhysicalDeviceProperties p;
    inst->api.vkGetPhysicalDeviceProperties(pd, &p);
    if (p.apiVersion < VK_API_VERSION_1_1) continue;  // the shaders are SPIR-V for Vulkan 1.1
    std::array<uint8_t, VK_UUID_SIZE> uuid{};
    PhysicalDevice d = describe(inst->api, pd, uuid.data());
    // The same GPU can appear twice (two ICDs for one card): keep the first.
    if (std::find(seen.begin(), seen.end(), uuid) != seen.end()) continue;
    seen.push_back(uuid);
    if (p.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU && !allow_cpu_device(options)) {
      ++skipped_cpu;
      continue;
    }
    found.emplace_back(type_rank(p.deviceType), std::move(d));
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [rank, d] : found) {
    d.info.index = int(inst->devices.size());
    inst->devices.push_back(std::move(d));
  }
  if (inst->devices.empty())
    fail(ErrorCode::Unsupported,
         skipped_cpu ? "no Vulkan GPU (only a CPU implementation, which is used only with --allow-cpu-device or "
                       "HEARTH_VULKAN_ALLOW_CPU=1)"
                     : "no Vulkan device with Vulkan 1.1");
  return inst;
}

const PhysicalDevice& select_device(const Instance& instance, const std::string& selector) {
  if (selector.empty()) return instance.devices.front();
  const bool numeric = std::all_of(selector.begin(), selector.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (numeric) {
    const size_t i = size_t(std::stoul(selector));
    if (i < instance.devices.size()) return instance.devices[i];
  } else {
    auto lower = [](std::string s) {
      for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    for (const auto& d : instance.devices)
      if (lower(d.info.name).find(lower(selector)) != std::string::npos) return d;
  }
  std::string names;
  for (const auto& d : instance.devices) names += (names.empty() ? "" : ", ") + std::to_string(d.info.index) + ": " + d.info.name;
  fail(ErrorCode::InvalidArgument, "no Vulkan device '" + selector + "' (devices: " + names + ")");
}

}  // namespace hearth::vk

namespace hearth {

Result<std::vector<VulkanDeviceInfo>> list_vulkan_devices(const VulkanOptions& options) {
  return capture_errors([&] {
    auto inst = vk::open_instance(options);
    std::vector<VulkanDeviceInfo> out;
    for (const auto& d : inst->devices) out.push_back(d.info);
    return out;
  });
}

}  // namespace hearth
