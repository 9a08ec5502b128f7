// Physical memory of this computer: what the offload picture's "System RAM" bar and -ngl auto
// measure the CPU's share against.
#pragma once

#include <cstdint>

namespace hearth {

struct SystemMemory {
  uint64_t total = 0;      // bytes of physical RAM
  uint64_t available = 0;  // bytes the OS could give a new program now
};

SystemMemory query_system_memory();

}  // namespace hearth
