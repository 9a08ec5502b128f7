#include "hearth/io/mapped_file.h"
#include "hearth/base/utf8_path.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace hearth {

namespace {
std::string system_error_text() {
#ifdef _WIN32
  return "Windows error " + std::to_string(GetLastError());
#else
  return std::strerror(errno);
#endif
}
}  // namespace

MappedFile::~MappedFile() { release(); }

MappedFile::MappedFile(MappedFile&& other) noexcept { *this = std::move(other); }

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    path_ = std::move(other.path_);
#ifdef _WIN32
    mapping_handle_ = std::exchange(other.mapping_handle_, nullptr);
#endif
  }
  return *this;
}

void MappedFile::release() noexcept {
#ifdef _WIN32
  if (data_) UnmapViewOfFile(data_);
  if (mapping_handle_) CloseHandle(mapping_handle_);
  mapping_handle_ = nullptr;
#else
  if (data_ && size_) munmap(const_cast<std::byte*>(data_), size_);
#endif
  data_ = nullptr;
  size_ = 0;
}

Result<MappedFile> MappedFile::open(const std::filesystem::path& path) {
  MappedFile m;
  m.path_ = path;
  const std::string shown = hearth::path_utf8(path);
#ifdef _WIN32
  const DWORD attributes = GetFileAttributesW(path.c_str());
  if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY))
    return Error{ErrorCode::InvalidArgument, shown + ": is a folder, not a file"};  // as on POSIX
  HANDLE file = CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, nullptr,
                            OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    const DWORD err = GetLastError();
    const bool missing = err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND;
    return Error{missing ? ErrorCode::NotFound : ErrorCode::Io,
                 shown + ": cannot open (" + system_error_text() + ")"};
  }
  LARGE_INTEGER size;
  if (!GetFileSizeEx(file, &size)) {
    CloseHandle(file);
    return Error{ErrorCode::Io, shown + ": cannot read file size (" + system_error_text() + ")"};
  }
  m.size_ = static_cast<size_t>(size.QuadPart);
  if (m.size_ > 0) {
    m.mapping_handle_ = CreateFileMappingW(file, nullptr, PAGE_READONLY, 0, 0, nullptr);
    if (!m.mapping_handle_) {
      CloseHandle(file);
      return Error{ErrorCode::Io, shown + ": cannot map (" + system_error_text() + ")"};
    }
    m.data_ = static_cast<const std::byte*>(MapViewOfFile(m.mapping_handle_, FILE_MAP_READ, 0, 0, 0));
    if (!m.data_) {
      CloseHandle(file);
      return Error{ErrorCode::Io, shown + ": cannot map (" + system_error_text() + ")"};
    }
  }
  CloseHandle(file);
#else
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const bool missing = errno == ENOENT;
    return Error{missing ? ErrorCode::NotFound : ErrorCode::Io,
                 shown + ": cannot open (" + system_error_text() + ")"};
  }
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    ::close(fd);
    return Error{ErrorCode::Io, shown + ": cannot stat (" + system_error_text() + ")"};
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error{ErrorCode::InvalidArgument, shown + ": is a folder, not a file"};
  }
  m.size_ = static_cast<size_t>(st.st_size);
  if (m.size_ > 0) {
    void* p = mmap(nullptr, m.size_, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      m.size_ = 0;
      return Error{ErrorCode::Io, shown + ": cannot map (" + system_error_text() + ")"};
    }
    m.data_ = static_cast<const std::byte*>(p);
  }
  ::close(fd);
#endif
  return m;
}

}  // namespace hearth
