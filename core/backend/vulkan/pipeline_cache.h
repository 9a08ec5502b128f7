// The Vulkan pipeline cache on disk: compiled pipelines of one device and driver, so the second
// start of the app does not compile every shader variant again (seconds on some drivers).
// One file per (vendor, device, driver version) under the user's cache folder:
//   Linux:   $XDG_CACHE_HOME/hearth/vulkan (default ~/.cache/hearth/vulkan)
//   Windows: %LOCALAPPDATA%\Hearth\cache\vulkan
// HEARTH_CACHE_DIR overrides the folder (tests); HEARTH_VULKAN_PIPELINE_CACHE=0 turns it off.
// The driver checks the header of what it is given and ignores data of another device or
// driver, so a stale or damaged file costs a recompile, never a crash.
#pragma once

#include <filesystem>
#include <vector>

#include "hearth/backend/vulkan.h"

namespace hearth::vk {

// Empty when the cache is off or there is no cache folder.
std::filesystem::path pipeline_cache_path(const VulkanDeviceInfo& device);
// The file's bytes; empty when missing, unreadable, larger than 256 MiB, or when its header
// (VkPipelineCacheHeaderVersionOne) is not this device's — drivers are only required to
// check what they are given, not to survive anything, so a damaged file never reaches them.
std::vector<char> read_pipeline_cache(const std::filesystem::path& path, const VulkanDeviceInfo& device);
// Written to a temporary file and renamed over the old one; failures are ignored (a cache).
void write_pipeline_cache(const std::filesystem::path& path, const std::vector<char>& data);

}  // namespace hearth::vk
