// A read-only memory map of a whole file (POSIX mmap / Windows MapViewOfFile). Tensor data is
// read through zero-copy spans into this mapping; pages are only touched when used.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

#include "hearth/base/result.h"

namespace hearth {

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Maps `path` read-only. An empty file maps to an empty span.
  static Result<MappedFile> open(const std::filesystem::path& path);

  std::span<const std::byte> bytes() const { return {data_, size_}; }
  size_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void release() noexcept;

  const std::byte* data_ = nullptr;
  size_t size_ = 0;
  std::filesystem::path path_;
#ifdef _WIN32
  void* mapping_handle_ = nullptr;
#endif
};

}  // namespace hearth
