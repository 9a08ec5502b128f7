// MappedFile on a file larger than 4 GiB: the size and offsets past 2^32 must survive every
// 32-bit boundary (Windows' split DWORD sizes in CreateFileMappingW/MapViewOfFile, off_t on
// POSIX). The file is sparse, so the test costs no disk space and almost no time.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#ifdef _WIN32
#include <windows.h>
#include <winioctl.h>
#endif

#include "hearth/io/mapped_file.h"
#include "test_data.h"

namespace {

namespace fs = std::filesystem;

constexpr uint64_t kSize = (uint64_t{4} << 30) + 8192;  // 4 GiB + 2 pages
constexpr uint64_t kFarOffset = (uint64_t{4} << 30) + 4097;
constexpr char kHead[] = "head of the file";
constexpr char kTail[] = "past the 4 GiB mark";

// Writes `kHead` at 0 and `kTail` at kFarOffset into a sparse file of kSize bytes.
bool write_sparse_file(const fs::path& path) {
#ifdef _WIN32
  HANDLE f = CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL,
                         nullptr);
  if (f == INVALID_HANDLE_VALUE) return false;
  DWORD ignored = 0;
  // Without the sparse flag NTFS would write 4 GiB of zeros; a file system without sparse
  // files refuses, and the test then still works, only slower.
  DeviceIoControl(f, FSCTL_SET_SPARSE, nullptr, 0, nullptr, 0, &ignored, nullptr);
  auto write_at = [&](uint64_t offset, const void* data, DWORD size) {
    LARGE_INTEGER at;
    at.QuadPart = LONGLONG(offset);
    DWORD done = 0;
    return SetFilePointerEx(f, at, nullptr, FILE_BEGIN) && WriteFile(f, data, size, &done, nullptr) && done == size;
  };
  LARGE_INTEGER end;
  end.QuadPart = LONGLONG(kSize);
  const bool ok = write_at(0, kHead, sizeof kHead) && write_at(kFarOffset, kTail, sizeof kTail) &&
                  SetFilePointerEx(f, end, nullptr, FILE_BEGIN) && SetEndOfFile(f);
  CloseHandle(f);
  return ok;
#else
  {
    std::ofstream out(path, std::ios::binary);
    out.write(kHead, sizeof kHead);
    if (!out) return false;
  }
  std::error_code ec;
  fs::resize_file(path, kSize, ec);  // a hole, not 4 GiB of written zeros
  if (ec) return false;
  std::fstream io(path, std::ios::binary | std::ios::in | std::ios::out);
  io.seekp(std::streamoff(kFarOffset));
  io.write(kTail, sizeof kTail);
  return bool(io);
#endif
}

TEST(MappedFileLarge, MapsAFileOver4GiB) {
  static_assert(sizeof(size_t) == 8, "a 64-bit build maps files over 4 GiB");
  hearth::test::TempDir tmp;
  const fs::path path = tmp / "sparse-4g.bin";
  if (!write_sparse_file(path)) GTEST_SKIP() << "cannot create a 4 GiB sparse file in " << tmp.path();
  ASSERT_EQ(fs::file_size(path), kSize);

  auto mapped = hearth::MappedFile::open(path);
  ASSERT_TRUE(mapped) << mapped.error().message;
  ASSERT_EQ(mapped->size(), kSize);
  const auto bytes = mapped->bytes();
  EXPECT_EQ(std::memcmp(bytes.data(), kHead, sizeof kHead), 0);
  EXPECT_EQ(std::memcmp(bytes.data() + kFarOffset, kTail, sizeof kTail), 0);
  // The hole reads as zeros, just before the tail and at the very end.
  EXPECT_EQ(bytes[kFarOffset - 1], std::byte{0});
  EXPECT_EQ(bytes[kSize - 1], std::byte{0});
  EXPECT_EQ(bytes[uint64_t{1} << 32], std::byte{0});
}

}  // namespace
