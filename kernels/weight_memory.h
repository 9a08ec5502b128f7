// Private: memory for packed weights. Large blocks are 2 MiB aligned and, on Linux, marked for
// transparent huge pages: matrix x vector streams hundreds of MiB per token, and with 4 KiB
// pages the hardware prefetchers stop at every page boundary and the TLB misses every 4 KiB.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hearth::kernels {

uint8_t* allocate_weight_memory(size_t bytes);  // never null: throws hearth::Exception(OutOfMemory)
void free_weight_memory(uint8_t* p);

}  // namespace hearth::kernels
