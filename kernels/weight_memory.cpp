// Aligned (and, where the OS allows, huge-page backed) memory for packed weights.
#include "weight_memory.h"

#include <cstdlib>
#include <string>

#include "hearth/base/result.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(_WIN32)
#include <malloc.h>
#endif

namespace hearth::kernels {

namespace {
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kPage = 4096;
}  // namespace

uint8_t* allocate_weight_memory(size_t bytes) {
  const size_t align = bytes >= kHugePage ? kHugePage : 64;
  const size_t size = (bytes + kPage - 1) / kPage * kPage;
#if defined(_WIN32)
  void* p = _aligned_malloc(size, align);
#else
  void* p = std::aligned_alloc(align, size);
#endif
  if (!p) fail(ErrorCode::OutOfMemory, "out of memory for " + std::to_string(bytes >> 20) + " MiB of CPU weights");
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Only whole 2 MiB pages inside the block can be huge; advice is best effort.
  if (size >= kHugePage) madvise(p, size / kHugePage * kHugePage, MADV_HUGEPAGE);
#endif
  return static_cast<uint8_t*>(p);
}

void free_weight_memory(uint8_t* p) {
#if defined(_WIN32)
  _aligned_free(p);
#else
  std::free(p);
#endif
}

}  // namespace hearth::kernels
