// SHA-256 (FIPS 180-4). Used where llama.cpp's tools hash things and we must match: the
// converter's pre-tokenizer check (a hash of token ids) and tests that compare our files with
// `sha256sum` digests of llama.cpp's outputs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hearth {

class Sha256 {
 public:
  void update(const void* data, size_t n);
  void update(std::string_view data) { update(data.data(), data.size()); }
  // Lowercase hex digest; the object is spent afterwards.
  std::string finish_hex();

 private:
  void compress();
  std::array<uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<uint8_t, 64> block_ = {};  // [64] bytes waiting for compression
  size_t used_ = 0;                     // bytes of block_ in use
  uint64_t total_bytes_ = 0;
};

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace hearth
