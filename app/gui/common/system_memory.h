// Physical memory of this computer, for the offload picture's "System RAM" bar.
#pragma once

#include <cstdint>

namespace hearth::gui {

struct SystemMemory {
  uint64_t total = 0;      // bytes of physical RAM
  uint64_t available = 0;  // bytes the OS could give a new program now
};

SystemMemory query_system_memory();

}  // namespace hearth::gui
