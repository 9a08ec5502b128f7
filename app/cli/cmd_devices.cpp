// hearth-cli devices [--json] [--allow-cpu-device]
// Lists the Vulkan devices Hearth can use, best first (discrete, integrated, virtual, CPU), with
// the facts that decide what fits and how it runs. Without a Vulkan loader or device it says
// why, once, and exits 0: the CPU is always there.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "hearth/backend/vulkan.h"

namespace hearth::cli {

namespace {

struct DevicesOptions {
  bool json = false;
  bool allow_cpu = false;
};

std::string hex4(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04x", v);
  return buf;
}

int devices(const DevicesOptions& opt) {
  VulkanOptions vo;
  vo.allow_cpu_device = opt.allow_cpu;
  const auto list = list_vulkan_devices(vo);
  if (opt.json) {
    nlohmann::ordered_json j;
    j["devices"] = nlohmann::ordered_json::array();
    if (!list) j["no_gpu_reason"] = list.error().message;
    for (const VulkanDeviceInfo& d : list ? *list : std::vector<VulkanDeviceInfo>{}) {
      j["devices"].push_back({{"index", d.index},
                              {"name", d.name},
                              {"type", d.type},
                              {"vendor_id", hex4(d.vendor_id)},
                              {"device_id", hex4(d.device_id)},
                              {"driver_name", d.driver_name},
                              {"driver_info", d.driver_info},
                              {"driver_version", d.driver_version},
                              {"api_version", d.api_version},
                              {"device_local_bytes", d.device_local_bytes},
                              {"free_bytes", d.free_bytes},
                              {"budget_reported", d.budget_reported},
                              {"uma", d.uma},
                              {"subgroup_size", d.subgroup_size},
                              {"subgroup_size_min", d.subgroup_min},
                              {"subgroup_size_max", d.subgroup_max},
                              {"subgroup_arithmetic", d.subgroup_arithmetic},
                              {"fp16", d.fp16},
                              {"storage_8bit", d.storage_8bit},
                              {"storage_16bit", d.storage_16bit},
                              {"max_storage_buffer_range", d.max_storage_buffer_range},
                              {"max_allocation_bytes", d.max_allocation_bytes},
                              {"shared_memory_bytes", d.shared_memory_bytes}});
    }
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (!list) {
    std::printf("Hearth will not use a GPU: %s. Everything runs on the CPU.\n", list.error().message.c_str());
    return 0;
  }
  for (const VulkanDeviceInfo& d : *list) {
    std::printf("%d: %s (%s, vendor %s device %s)\n", d.index, d.name.c_str(), d.type.c_str(), hex4(d.vendor_id).c_str(),
                hex4(d.device_id).c_str());
    std::printf("   driver        %s %s (version %u), Vulkan %s\n", d.driver_name.c_str(), d.driver_info.c_str(),
                d.driver_version, d.api_version.c_str());
    std::printf("   memory        %s device-local, %s free%s%s\n", human_bytes(d.device_local_bytes).c_str(),
                human_bytes(d.free_bytes).c_str(), d.budget_reported ? " (VK_EXT_memory_budget)" : " (no budget reported)",
                d.uma ? ", shared with the host (UMA)" : "");
    std::printf("   subgroups     %u (%u…%u), arithmetic %s\n", d.subgroup_size, d.subgroup_min, d.subgroup_max,
                d.subgroup_arithmetic ? "yes" : "no");
    std::printf("   features      fp16 %s, 8-bit storage %s, 16-bit storage %s\n", d.fp16 ? "yes" : "no",
                d.storage_8bit ? "yes" : "no", d.storage_16bit ? "yes" : "no");
    std::printf("   limits        maxStorageBufferRange %s, maxMemoryAllocationSize %s, shared memory %s\n",
                human_bytes(d.max_storage_buffer_range).c_str(), human_bytes(d.max_allocation_bytes).c_str(),
                human_bytes(d.shared_memory_bytes).c_str());
  }
  return 0;
}

void register_devices(CLI::App& app, CommandFn& run) {
  auto opt = std::make_shared<DevicesOptions>();
  CLI::App* cmd = app.add_subcommand("devices", "List the Vulkan GPUs Hearth can offload layers to");
  cmd->add_flag("--json", opt->json, "Print one JSON document");
  cmd->add_flag("--allow-cpu-device", opt->allow_cpu,
                "Also list CPU implementations of Vulkan (Mesa lavapipe); also HEARTH_VULKAN_ALLOW_CPU=1");
  cmd->callback([&run, opt] { run = [opt] { return devices(*opt); }; });
}

const CommandRegistration kRegistration{"devices", 70, register_devices};

}  // namespace
}  // namespace hearth::cli
