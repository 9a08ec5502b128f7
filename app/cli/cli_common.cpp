#include "cli_common.h"

#include <algorithm>
#include <cstdio>
#include <vector>

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

}  // namespace hearth::cli
