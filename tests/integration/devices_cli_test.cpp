// hearth-cli devices: the Vulkan device list, and a clean "no GPU" (exit 0, one reason) when the
// Vulkan loader is missing (simulated by pointing HEARTH_VULKAN_LOADER at nothing).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "hearth/backend/vulkan.h"
#include "child_process.h"
#include "scoped_env.h"

namespace hearth {
using test::run_cli;
namespace {

TEST(DevicesCli, MissingLoaderIsNoGpuNotACrash) {
  test::ProcessResult r, text;
  {
    test::ScopedEnv no_loader("HEARTH_VULKAN_LOADER", "/nonexistent/libvulkan.so.1");
    r = run_cli({"devices", "--json", "--allow-cpu-device"});
    text = run_cli({"devices"});
  }
  ASSERT_FALSE(r.signaled) << r.err;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["devices"].empty());
  const std::string reason = j["no_gpu_reason"].get<std::string>();
#ifdef HEARTH_HAVE_VULKAN
  EXPECT_NE(reason.find("no Vulkan loader"), std::string::npos) << reason;
#endif
  ASSERT_FALSE(text.signaled);
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("Everything runs on the CPU"), std::string::npos) << text.out;
}

TEST(DevicesCli, JsonListsTheIssueFields) {
  VulkanOptions o;
  o.allow_cpu_device = true;
  const auto devices = list_vulkan_devices(o);
  if (!devices) GTEST_SKIP() << "SKIPPED: no Vulkan device: " << devices.error().message;
  const auto r = run_cli({"devices", "--json", "--allow-cpu-device"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["devices"].size(), devices->size()) << r.out;
  for (size_t i = 0; i < devices->size(); ++i) {
    const auto& d = j["devices"][i];
    for (const char* field : {"index", "name", "type", "vendor_id", "driver_name", "driver_version", "api_version",
                              "device_local_bytes", "free_bytes", "uma", "subgroup_size", "subgroup_size_min",
                              "subgroup_size_max", "fp16", "storage_8bit", "storage_16bit", "max_storage_buffer_range",
                              "max_allocation_bytes", "shared_memory_bytes"})
      EXPECT_TRUE(d.contains(field)) << field;
    EXPECT_EQ(d["index"].get<int>(), int(i));
    EXPECT_EQ(d["name"].get<std::string>(), (*devices)[i].name);
    EXPECT_LE(d["free_bytes"].get<uint64_t>(), d["device_local_bytes"].get<uint64_t>());
  }
}

}  // namespace
}  // namespace hearth
