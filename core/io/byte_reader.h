// Bounds-checked little-endian reading of an untrusted byte span. Every read names the field it
// is reading so that an error says what was wrong and where: "model.gguf: truncated file while
// reading tensor 3 name length at byte 1234 (file is 1200 bytes)".
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "hearth/base/result.h"

namespace hearth {

class ByteReader {
 public:
  ByteReader(std::span<const std::byte> bytes, const std::string& source_name)
      : bytes_(bytes), source_(source_name) {}

  uint64_t position() const { return pos_; }
  uint64_t remaining() const { return bytes_.size() - pos_; }
  uint64_t size() const { return bytes_.size(); }

  template <class T>
  T read(std::string_view field) {
    require(sizeof(T), field);
    T value;
    std::memcpy(&value, bytes_.data() + pos_, sizeof(T));  // GGUF and safetensors are little-endian
    pos_ += sizeof(T);
    return value;
  }

  // A GGUF string: u64 length + bytes (not NUL-terminated).
  std::string read_string(std::string_view field) {
    const uint64_t at = pos_;
    const uint64_t length = read<uint64_t>(field);
    if (length > remaining()) {
      fail_at(at, "length " + std::to_string(length) + " of " + std::string(field) + " runs past the end of the file");
    }
    std::string s(reinterpret_cast<const char*>(bytes_.data() + pos_), static_cast<size_t>(length));
    pos_ += length;
    return s;
  }

  void skip(uint64_t n, std::string_view field) {
    require(n, field);
    pos_ += n;
  }

  [[noreturn]] void fail_at(uint64_t offset, const std::string& problem) const {
    fail(ErrorCode::Format, source_ + ": " + problem + " (at byte " + std::to_string(offset) + ")");
  }

 private:
  void require(uint64_t n, std::string_view field) const {
    if (n > remaining()) {
      fail(ErrorCode::Format, source_ + ": truncated file while reading " + std::string(field) + " (at byte " +
                                  std::to_string(pos_) + ", file is " + std::to_string(bytes_.size()) + " bytes)");
    }
  }

  std::span<const std::byte> bytes_;
  const std::string& source_;
  uint64_t pos_ = 0;
};

}  // namespace hearth
