#include "hearth/base/system_memory.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#endif

namespace hearth {

SystemMemory query_system_memory() {
  SystemMemory m;
#if defined(_WIN32)
  MEMORYSTATUSEX status{};
  status.dwLength = sizeof status;
  if (GlobalMemoryStatusEx(&status)) {
    m.total = status.ullTotalPhys;
    m.available = status.ullAvailPhys;
  }
#else
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0) m.total = uint64_t(pages) * uint64_t(page_size);
  m.available = m.total;
  // Linux: MemAvailable counts reclaimable page cache, which is what a new model can use.
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    if (line.rfind("MemAvailable:", 0) != 0) continue;
    std::istringstream fields(line.substr(13));
    uint64_t kib = 0;
    if (fields >> kib) m.available = kib * 1024;
    break;
  }
#endif
  return m;
}

}  // namespace hearth
