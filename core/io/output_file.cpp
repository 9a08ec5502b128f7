#include "hearth/io/output_file.h"
#include "hearth/base/utf8_path.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace hearth {

namespace {

std::string temp_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* digits = "0123456789abcdef";
  std::string s = ".part-";
  for (int i = 0; i < 8; ++i) s += digits[rng() & 15];
  return s;
}

[[noreturn]] void fail_io(const std::filesystem::path& path, const char* what) {
#ifdef _WIN32
  const DWORD err = GetLastError();
  const bool full = err == ERROR_DISK_FULL || err == ERROR_HANDLE_DISK_FULL;
  fail(full ? ErrorCode::DiskFull : ErrorCode::Io,
       hearth::path_utf8(path) + ": " + what + (full ? " (the disk is full)" : " (Windows error " + std::to_string(err) + ")"));
#else
  const int err = errno;
  const bool full = err == ENOSPC || err == EDQUOT;
  fail(full ? ErrorCode::DiskFull : ErrorCode::Io,
       hearth::path_utf8(path) + ": " + what + " (" + std::strerror(err) + (full ? ": the disk is full" : "") + ")");
#endif
}

}  // namespace

// A process that dies before commit() (killed, crashed, power cut) must not leave its partial
// output on disk: a few crashed 4 GB jobs would fill a laptop's disk invisibly. So the
// operating system owns the partial file until commit():
//  - Linux: an unnamed file (O_TMPFILE) in the target folder, given its hidden name only at
//    commit() by linkat() through /proc/self/fd, then renamed over the target. File systems
//    without O_TMPFILE (or no /proc) get the named hidden file directly.
//  - Windows: the hidden file is marked delete-on-close while it is written, and unmarked at
//    commit() just before the rename.
AtomicOutputFile::AtomicOutputFile(std::filesystem::path target, size_t buffer_bytes)
    : target_(std::move(target)), buffer_(buffer_bytes ? buffer_bytes : 1) {
  std::filesystem::path folder = target_.parent_path();
  if (folder.empty()) folder = ".";
  // Hidden temporary name in the same folder, so the final rename never crosses file systems.
  std::string temp_name = hearth::path_utf8(target_.filename());
  temp_name.insert(temp_name.begin(), '.');
  temp_name += temp_suffix();
  temp_ = folder / temp_name;
#ifdef _WIN32
  handle_ = CreateFileW(temp_.c_str(), GENERIC_WRITE | DELETE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (handle_ == INVALID_HANDLE_VALUE) {
    handle_ = nullptr;
    fail_io(target_, "cannot create a temporary file in the target folder");
  }
  FILE_DISPOSITION_INFO dispose{TRUE};
  SetFileInformationByHandle(static_cast<HANDLE>(handle_), FileDispositionInfo, &dispose, sizeof dispose);
#else
#ifdef O_TMPFILE
  if (::access("/proc/self/fd", X_OK) == 0) {
    fd_ = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    unnamed_ = fd_ >= 0;
  }
#endif
  if (fd_ < 0) fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) fail_io(target_, "cannot create a temporary file in the target folder");
#endif
  open_ = true;
}

AtomicOutputFile::~AtomicOutputFile() { discard(); }

void AtomicOutputFile::write(std::span<const std::byte> bytes) {
  if (!open_) fail(ErrorCode::Internal, hearth::path_utf8(target_) + ": write after commit/discard");
  while (!bytes.empty()) {
    if (buffered_ == 0 && bytes.size() >= buffer_.size()) {
      // Large writes bypass the buffer.
      const size_t n = bytes.size() - bytes.size() % buffer_.size();
      const std::byte* p = bytes.data();
      size_t left = n;
      while (left > 0) {
#ifdef _WIN32
        const DWORD chunk = static_cast<DWORD>(std::min<size_t>(left, size_t(1) << 30));
        DWORD done = 0;
        if (!WriteFile(static_cast<HANDLE>(handle_), p, chunk, &done, nullptr) || done == 0)
          fail_io(target_, "write failed");
#else
        const ssize_t done = ::write(fd_, p, std::min<size_t>(left, size_t(1) << 30));
        if (done < 0 && errno == EINTR) continue;
        if (done <= 0) fail_io(target_, "write failed");
#endif
        p += done;
        left -= static_cast<size_t>(done);
      }
      written_ += n;
      bytes = bytes.subspan(n);
      continue;
    }
    const size_t n = std::min(bytes.size(), buffer_.size() - buffered_);
    std::memcpy(buffer_.data() + buffered_, bytes.data(), n);
    buffered_ += n;
    written_ += n;
    bytes = bytes.subspan(n);
    if (buffered_ == buffer_.size()) flush_buffer();
  }
}

void AtomicOutputFile::write_zeros(size_t count) {
  static const std::byte zeros[4096] = {};
  while (count > 0) {
    const size_t n = std::min(count, sizeof zeros);
    write({zeros, n});
    count -= n;
  }
}

void AtomicOutputFile::flush_buffer() {
  const std::byte* p = buffer_.data();
  size_t left = buffered_;
  while (left > 0) {
#ifdef _WIN32
    DWORD done = 0;
    if (!WriteFile(static_cast<HANDLE>(handle_), p, static_cast<DWORD>(left), &done, nullptr) || done == 0)
      fail_io(target_, "write failed");
#else
    const ssize_t done = ::write(fd_, p, left);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) fail_io(target_, "write failed");
#endif
    p += done;
    left -= static_cast<size_t>(done);
  }
  buffered_ = 0;
}

void AtomicOutputFile::commit() {
  if (!open_) fail(ErrorCode::Internal, hearth::path_utf8(target_) + ": commit after commit/discard");
  flush_buffer();
#ifdef _WIN32
  if (!FlushFileBuffers(static_cast<HANDLE>(handle_))) fail_io(target_, "cannot flush to disk");
  FILE_DISPOSITION_INFO keep{FALSE};
  if (!SetFileInformationByHandle(static_cast<HANDLE>(handle_), FileDispositionInfo, &keep, sizeof keep))
    fail_io(target_, "cannot keep the finished file");
  CloseHandle(static_cast<HANDLE>(handle_));
  handle_ = nullptr;
  open_ = false;
  if (!MoveFileExW(temp_.c_str(), target_.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    open_ = true;  // so discard() removes the temporary file
    fail_io(target_, "cannot rename the finished file into place");
  }
#else
  if (::fsync(fd_) != 0) fail_io(target_, "cannot flush to disk");
  if (unnamed_) {
    const std::string self = "/proc/self/fd/" + std::to_string(fd_);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temp_.c_str(), AT_SYMLINK_FOLLOW) != 0)
      fail_io(target_, "cannot name the finished file");
    unnamed_ = false;  // from here on discard() must unlink the name
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    fail_io(target_, "cannot close");
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail_io(target_, "cannot rename the finished file into place");
  open_ = false;
  // Make the rename itself durable.
  std::filesystem::path folder = target_.parent_path();
  if (folder.empty()) folder = ".";
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
#endif
}

void AtomicOutputFile::discard() noexcept {
#ifdef _WIN32
  if (handle_) CloseHandle(static_cast<HANDLE>(handle_));
  handle_ = nullptr;
  if (open_) DeleteFileW(temp_.c_str());
#else
  if (fd_ >= 0) ::close(fd_);  // an unnamed file is gone with its last descriptor
  fd_ = -1;
  if (open_ && !unnamed_) ::unlink(temp_.c_str());
#endif
  open_ = false;
}

}  // namespace hearth
