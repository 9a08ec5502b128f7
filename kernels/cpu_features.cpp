// CPU feature detection (cpuid + xgetbv), the active kernel family, and core counting.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <cctype>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "hearth/base/result.h"
#include "hearth/kernels/cpu.h"

#if defined(_MSC_VER)
#include <intrin.h>
#elif defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#if defined(_WIN32)
#include <windows.h>
#elif defined(__linux__)
#include <sched.h>
#endif

namespace hearth::kernels {

namespace {

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)
#define HEARTH_X86 1
struct CpuidRegs {
  uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

CpuidRegs cpuid(uint32_t leaf, uint32_t subleaf = 0) {
  CpuidRegs r;
#if defined(_MSC_VER)
  int regs[4];
  __cpuidex(regs, static_cast<int>(leaf), static_cast<int>(subleaf));
  r = {uint32_t(regs[0]), uint32_t(regs[1]), uint32_t(regs[2]), uint32_t(regs[3])};
#else
  __cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
#endif
  return r;
}

// XCR0: which register states the OS saves on a context switch. Only valid when
// cpuid.1:ecx.OSXSAVE is set.
uint64_t read_xcr0() {
#if defined(_MSC_VER)
  return _xgetbv(0);
#else
  uint32_t lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (uint64_t(hi) << 32) | lo;
#endif
}

bool bit(uint32_t reg, int b) { return (reg >> b) & 1u; }

CpuFeatures detect() {
  CpuFeatures f;
  const CpuidRegs l0 = cpuid(0);
  const uint32_t max_leaf = l0.eax;
  char vendor[13] = {};
  std::memcpy(vendor + 0, &l0.ebx, 4);
  std::memcpy(vendor + 4, &l0.edx, 4);
  std::memcpy(vendor + 8, &l0.ecx, 4);
  f.vendor = vendor;

  if (cpuid(0x80000000u).eax >= 0x80000004u) {
    char brand[49] = {};
    for (uint32_t i = 0; i < 3; ++i) {
      const CpuidRegs r = cpuid(0x80000002u + i);
      std::memcpy(brand + 16 * i + 0, &r.eax, 4);
      std::memcpy(brand + 16 * i + 4, &r.ebx, 4);
      std::memcpy(brand + 16 * i + 8, &r.ecx, 4);
      std::memcpy(brand + 16 * i + 12, &r.edx, 4);
    }
    std::string s = brand;
    s.erase(0, s.find_first_not_of(' '));
    while (!s.empty() && s.back() == ' ') s.pop_back();
    f.brand = s;
  }
  if (max_leaf < 1) return f;

  const CpuidRegs l1 = cpuid(1);
  f.sse3 = bit(l1.ecx, 0);
  f.ssse3 = bit(l1.ecx, 9);
  f.fma = bit(l1.ecx, 12);
  f.sse41 = bit(l1.ecx, 19);
  f.sse42 = bit(l1.ecx, 20);
  const bool osxsave = bit(l1.ecx, 27);
  f.avx = bit(l1.ecx, 28);
  f.f16c = bit(l1.ecx, 29);
  if (osxsave) {
    const uint64_t xcr0 = read_xcr0();
    f.os_saves_ymm = (xcr0 & 0x6) == 0x6;     // SSE (bit 1) + AVX (bit 2)
    f.os_saves_zmm = (xcr0 & 0xe6) == 0xe6;   // + opmask, ZMM_Hi256, Hi16_ZMM (bits 5-7)
  }
  if (max_leaf >= 7) {
    const CpuidRegs l7 = cpuid(7, 0);
    f.avx2 = bit(l7.ebx, 5);
    f.bmi2 = bit(l7.ebx, 8);
    f.avx512f = bit(l7.ebx, 16);
    f.avx512bw = bit(l7.ebx, 30);
    f.avx512vl = bit(l7.ebx, 31);
    f.avx512vnni = bit(l7.ecx, 11);
    if (l7.eax >= 1) f.avx_vnni = bit(cpuid(7, 1).eax, 4);
  }
  return f;
}
#else
CpuFeatures detect() { return {}; }
#endif

}  // namespace

std::optional<Isa> isa_from_name(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "scalar" || lower == "none" || lower == "generic") return Isa::Scalar;
  if (lower == "avx2") return Isa::Avx2;
  return std::nullopt;
}

namespace {

Isa initial_isa() {
  Isa isa = best_supported_isa();
  if (const char* env = std::getenv("HEARTH_CPU_ISA"); env && *env) {
    if (auto asked = isa_from_name(env); asked && isa_supported(*asked)) isa = std::min(isa, *asked);
  }
  return isa;
}

std::atomic<int>& active_isa_slot() {
  static std::atomic<int> slot{static_cast<int>(initial_isa())};
  return slot;
}

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = detect();
  return features;
}

std::string_view isa_name(Isa isa) {
  switch (isa) {
    case Isa::Scalar: return "scalar";
    case Isa::Avx2: return "avx2";
  }
  return "?";
}

bool isa_supported(Isa isa) {
  const CpuFeatures& f = cpu_features();
  switch (isa) {
    case Isa::Scalar: return true;
    case Isa::Avx2: return f.avx && f.avx2 && f.fma && f.f16c && f.bmi2 && f.os_saves_ymm;
  }
  return false;
}

Isa best_supported_isa() {
  for (int i = kIsaCount - 1; i > 0; --i)
    if (isa_supported(static_cast<Isa>(i))) return static_cast<Isa>(i);
  return Isa::Scalar;
}

Isa active_isa() { return static_cast<Isa>(active_isa_slot().load(std::memory_order_relaxed)); }

void set_active_isa(Isa isa) {
  if (!isa_supported(isa))
    fail(ErrorCode::Unsupported, "this CPU cannot run the " + std::string(isa_name(isa)) + " kernels");
  active_isa_slot().store(static_cast<int>(isa), std::memory_order_relaxed);
}

int logical_cpu_count() {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
#endif
  return std::max(1u, std::thread::hardware_concurrency());
}

int physical_core_count() {
#if defined(_WIN32)
  // One RelationProcessorCore record per physical core (over all processor groups).
  DWORD len = 0;
  GetLogicalProcessorInformationEx(RelationProcessorCore, nullptr, &len);
  if (len > 0) {
    std::string buf(len, '\0');
    auto* info = reinterpret_cast<SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(buf.data());
    if (GetLogicalProcessorInformationEx(RelationProcessorCore, info, &len)) {
      int cores = 0;
      for (DWORD off = 0; off < len;) {
        auto* rec = reinterpret_cast<SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(buf.data() + off);
        if (rec->Relationship == RelationProcessorCore) ++cores;
        off += rec->Size;
      }
      if (cores > 0) return cores;
    }
  }
  return logical_cpu_count();
#elif defined(__linux__)
  // Count distinct (package, core) pairs among the CPUs this process may use.
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return logical_cpu_count();
  std::set<std::pair<long, long>> cores;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &set)) continue;
    const std::string base = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
    long package = -1, core = -1;
    std::ifstream(base + "physical_package_id") >> package;
    std::ifstream(base + "core_id") >> core;
    if (package < 0 || core < 0) return logical_cpu_count();  // no topology: assume no SMT
    cores.emplace(package, core);
  }
  return cores.empty() ? logical_cpu_count() : static_cast<int>(cores.size());
#else
  return logical_cpu_count();
#endif
}

std::string cpu_summary() {
  const CpuFeatures& f = cpu_features();
  std::string s = f.brand.empty() ? f.vendor : f.brand;
  std::string flags;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!flags.empty()) flags += ' ';
    flags += name;
  };
  add(f.avx2, "avx2");
  add(f.fma, "fma");
  add(f.f16c, "f16c");
  add(f.bmi2, "bmi2");
  add(f.avx_vnni, "avx-vnni");
  add(f.avx512f, "avx512f");
  add(f.avx512vnni, "avx512-vnni");
  if (f.avx2 && !f.os_saves_ymm) add(true, "(os: no ymm state)");
  s += " (" + flags + "), " + std::to_string(physical_core_count()) + " cores, kernels: " +
       std::string(isa_name(active_isa()));
  return s;
}

}  // namespace hearth::kernels
