// Writing files safely. AtomicOutputFile writes to a temporary file in the target's folder and
// renames it over the target only on commit(), so the target path always holds either nothing,
// the previous complete file, or the new complete file — never a partial one, even if the
// process is killed mid-write. Nor does a killed process leave its partial file behind: until
// commit() the file has no name (Linux, O_TMPFILE) or is deleted when its handle closes
// (Windows). Writes are buffered; a full disk is reported as DiskFull.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "hearth/base/result.h"

namespace hearth {

class AtomicOutputFile {
 public:
  // Creates the temporary file next to `target` (throws hearth::Exception on failure).
  explicit AtomicOutputFile(std::filesystem::path target, size_t buffer_bytes = size_t(4) << 20);
  ~AtomicOutputFile();  // discards (deletes) the temporary file unless commit() succeeded
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  void write(std::span<const std::byte> bytes);
  void write(const void* data, size_t size) { write({static_cast<const std::byte*>(data), size}); }
  void write_zeros(size_t count);
  uint64_t bytes_written() const { return written_; }

  // Flushes, syncs to disk and renames over the target. After this the object is inert.
  void commit();
  // Deletes the temporary file now (also what the destructor does when not committed).
  void discard() noexcept;

  const std::filesystem::path& target() const { return target_; }
  // The hidden name the file has (Linux: takes at commit()) before its rename over the target.
  const std::filesystem::path& temp_path() const { return temp_; }

 private:
  void flush_buffer();

  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::vector<std::byte> buffer_;
  size_t buffered_ = 0;
  uint64_t written_ = 0;
  bool open_ = false;
#ifdef _WIN32
  void* handle_ = nullptr;
#else
  int fd_ = -1;
  bool unnamed_ = false;  // O_TMPFILE: no name in the folder until commit()
#endif
};

}  // namespace hearth
