#include "common/system_memory.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <QFile>
#include <QRegularExpression>
#include <unistd.h>
#endif

namespace hearth::gui {

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
  QFile meminfo(QStringLiteral("/proc/meminfo"));
  if (meminfo.open(QIODevice::ReadOnly)) {
    static const QRegularExpression re(QStringLiteral("^MemAvailable:\\s+(\\d+)\\s+kB"), QRegularExpression::MultilineOption);
    const auto match = re.match(QString::fromLatin1(meminfo.readAll()));
    if (match.hasMatch()) m.available = match.captured(1).toULongLong() * 1024;
  }
#endif
  return m;
}

}  // namespace hearth::gui
