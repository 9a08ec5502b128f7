#include "cli_common.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <vector>

#ifdef _WIN32
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif

namespace hearth::cli {

namespace {
struct Entry {
  const char* name;
  int order;
  RegisterFn fn;
};
std::vector<Entry>& registry() {
  static std::vector<Entry> entries;  // function-local: safe during static initialisation
  return entries;
}
}  // namespace

CommandRegistration::CommandRegistration(const char* name, int order, RegisterFn fn) {
  registry().push_back({name, order, fn});
}

void register_all_commands(CLI::App& app, CommandFn& run) {
  auto entries = registry();
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.order < b.order; });
  for (const auto& e : entries) e.fn(app, run);
}

std::string human_count(uint64_t n) {
  const char* units[] = {"", " K", " M", " B", " T"};
  double v = double(n);
  int u = 0;
  while (v >= 1000.0 && u < 4) {
    v /= 1000.0;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f%s" : "%.2f%s", v, units[u]);
  return buf;
}

std::string human_bytes(uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = double(n);
  int u = 0;
  while (v >= 1024.0 && u < 4) {
    v /= 1024.0;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", v, units[u]);
  return buf;
}

ProgressFn tensor_progress_printer(bool quiet) {
  if (quiet) return {};
  const bool tty = isatty(fileno(stderr));
  return [tty](const ProgressInfo& p) {
    if (p.item < p.item_count) {
      std::fprintf(stderr, tty ? "\r[%4" PRIu64 "/%4" PRIu64 "] %-40s %5.1f%%\x1b[K" : "[%4" PRIu64 "/%4" PRIu64 "] %-40s %5.1f%%\n",
                   p.item + 1, p.item_count, p.label.c_str(),
                   p.bytes_total ? 100.0 * double(p.bytes_done) / double(p.bytes_total) : 100.0);
    } else if (tty) {
      std::fprintf(stderr, "\r\x1b[K");
    }
  };
}

}  // namespace hearth::cli
