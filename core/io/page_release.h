// Tells the OS that a range of a read-only file mapping will not be read again soon, so
// streaming converters keep their resident memory near one tensor instead of growing with the
// whole input (the pages are clean and are simply re-read from disk if touched again).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace hearth::io {

inline void release_mapped_pages(std::span<const std::byte> range) noexcept {
  if (range.empty()) return;
#ifdef _WIN32
  // Unlocking pages that are not locked drops them from the working set.
  VirtualUnlock(const_cast<std::byte*>(range.data()), range.size());
#else
  static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  // Only whole pages inside the range: neighbours may still be in use.
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(range.data()) + page - 1) & ~(page - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(range.data()) + range.size()) & ~(page - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
#endif
}

}  // namespace hearth::io
