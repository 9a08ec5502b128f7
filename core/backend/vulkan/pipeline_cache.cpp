#include "backend/vulkan/pipeline_cache.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

namespace hearth::vk {

namespace fs = std::filesystem;

namespace {

fs::path cache_root() {
#ifdef _WIN32
  if (const wchar_t* dir = _wgetenv(L"HEARTH_CACHE_DIR"); dir && *dir) return fs::path(dir);
  if (const wchar_t* local = _wgetenv(L"LOCALAPPDATA"); local && *local) return fs::path(local) / L"Hearth" / L"cache";
#else
  if (const char* dir = std::getenv("HEARTH_CACHE_DIR"); dir && *dir) return fs::path(dir);
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "hearth";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "hearth";
#endif
  return {};
}

}  // namespace

fs::path pipeline_cache_path(const VulkanDeviceInfo& device) {
  if (const char* off = std::getenv("HEARTH_VULKAN_PIPELINE_CACHE"); off && std::strcmp(off, "0") == 0) return {};
  const fs::path root = cache_root();
  if (root.empty()) return {};
  char name[96];
  std::snprintf(name, sizeof name, "pipelines-%04x-%04x-%08x.bin", device.vendor_id, device.device_id,
                device.driver_version);
  return root / "vulkan" / name;
}

std::vector<char> read_pipeline_cache(const fs::path& path, const VulkanDeviceInfo& device) {
  std::vector<char> data;
  if (path.empty()) return data;
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size == 0 || size > (uint64_t(256) << 20)) return data;
  std::ifstream in(path, std::ios::binary);
  data.resize(size_t(size));
  if (!in.read(data.data(), std::streamsize(size))) data.clear();
  // Header: length (>= 32), version 1, vendor id, device id, then the 16-byte cache UUID.
  uint32_t header[4] = {};
  if (data.size() >= 32) std::memcpy(header, data.data(), sizeof header);
  if (data.size() < 32 || header[0] < 32 || header[0] > data.size() || header[1] != 1 || header[2] != device.vendor_id ||
      header[3] != device.device_id)
    data.clear();
  return data;
}

void write_pipeline_cache(const fs::path& path, const std::vector<char>& data) {
  if (path.empty() || data.empty()) return;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return;
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out.write(data.data(), std::streamsize(data.size()))) {
      out.close();
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
}

}  // namespace hearth::vk
