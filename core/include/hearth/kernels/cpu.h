// What the CPU can do, and which kernel family (ISA level) Hearth runs on it.
//
// Every kernel exists as a scalar twin (plain C++, runs anywhere, the reference the tests
// compare against) and as optimised variants. The active level is picked once, at first use,
// from cpuid + the OS's saved-register state (xgetbv): an AVX2 CPU under an OS that does not
// save the YMM registers must not run AVX2 code. Override it with the environment variable
//   HEARTH_CPU_ISA=scalar|avx2   (an unsupported request falls back to the best supported)
// or with set_active_isa() (tests, benchmarks). Wider levels (AVX-512, VNNI) slot in as new
// enum values behind the same tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hearth::kernels {

struct CpuFeatures {
  std::string vendor;  // "GenuineIntel", "AuthenticAMD", ...
  std::string brand;   // e.g. "AMD Ryzen 7 5800U with Radeon Graphics"
  bool sse3 = false, ssse3 = false, sse41 = false, sse42 = false;
  bool avx = false, avx2 = false, fma = false, f16c = false, bmi2 = false;
  bool avx_vnni = false;                                        // VEX-encoded VNNI (Alder Lake+)
  bool avx512f = false, avx512bw = false, avx512vl = false, avx512vnni = false;
  bool os_saves_ymm = false;  // XCR0 has SSE+AVX state: 256-bit registers survive context switches
  bool os_saves_zmm = false;  // XCR0 has the AVX-512 opmask/ZMM state
};

// Detected once (thread-safe), then cached.
const CpuFeatures& cpu_features();

// Kernel families, in increasing order of capability.
enum class Isa : int {
  Scalar = 0,  // portable C++: the reference twins
  Avx2 = 1,    // AVX2 + FMA + F16C (+ BMI2): Haswell / Zen 1 and newer
};
inline constexpr int kIsaCount = 2;

std::string_view isa_name(Isa isa);
// "scalar" / "avx2" (case-insensitive; "none" and "generic" mean scalar), as HEARTH_CPU_ISA takes.
std::optional<Isa> isa_from_name(std::string_view name);
bool isa_supported(Isa isa);  // the CPU and OS can run this family
Isa best_supported_isa();

// The family the kernels dispatch to: best_supported_isa() unless HEARTH_CPU_ISA or
// set_active_isa() asked for a lower one.
Isa active_isa();
// Switches the dispatch (all kernels, immediately). Asking for an unsupported family throws
// hearth::Exception(Unsupported). Not meant to be called while kernels run on other threads.
void set_active_isa(Isa isa);

// Logical CPUs this process may run on, and physical cores among them (SMT siblings counted
// once). The default thread count of the CPU backend is physical_core_count(): a second
// hyper-thread on a core adds nothing to memory-bound matvec and slows compute-bound matmul.
int logical_cpu_count();
int physical_core_count();

// One line for logs and `hearth-cli bench`: "AMD EPYC (avx2 fma f16c bmi2), kernels: avx2".
std::string cpu_summary();

}  // namespace hearth::kernels
