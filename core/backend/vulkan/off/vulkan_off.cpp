// HEARTH_VULKAN=OFF: the Vulkan entry points say the build has no GPU backend.
#include "hearth/backend/vulkan.h"

namespace hearth {

namespace {
Error not_built() {
  return {ErrorCode::Unsupported, "this build of Hearth has no Vulkan backend (built with HEARTH_VULKAN=OFF)"};
}
}  // namespace

Result<std::vector<VulkanDeviceInfo>> list_vulkan_devices(const VulkanOptions&) { return not_built(); }
Result<std::unique_ptr<VulkanBackend>> make_vulkan_backend(const std::string&, const VulkanOptions&) {
  return not_built();
}

}  // namespace hearth
