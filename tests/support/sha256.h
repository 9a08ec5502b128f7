// SHA-256 of a file, for comparing our outputs with reference digests recorded from tools
// outside the project (e.g. `sha256sum` of a llama-quantize output) without storing the files.
// The hash itself is core's (tested against the FIPS 180-4 examples in tokenizer_internals_test).
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "hearth/base/sha256.h"

namespace hearth::test {

inline std::string sha256_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  Sha256 h;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(buf.data(), static_cast<size_t>(in.gcount()));
  }
  return h.finish_hex();
}

}  // namespace hearth::test
