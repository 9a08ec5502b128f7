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

namespace hearth {

bool vulkan_supports_weight_type(TensorType) { return false; }
bool vulkan_supports_kv_type(TensorType) { return false; }
uint64_t vulkan_work_bytes(const WorkPlan&) { return 0; }
std::unique_ptr<DeviceWeights> make_vulkan_device_weights(std::shared_ptr<VulkanBackend>) {
  fail(ErrorCode::Unsupported, not_built().message);
}
std::unique_ptr<Backend> make_vulkan_session_backend(std::shared_ptr<VulkanBackend>) {
  fail(ErrorCode::Unsupported, not_built().message);
}

}  // namespace hearth
