// libFuzzer target: the GGUF parser must return an error or a consistent file for any bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "hearth/io/gguf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto f = hearth::GgufFile::parse({reinterpret_cast<const std::byte*>(data), size}, "fuzz.gguf");
  if (!f.ok()) {
    if (f.error().message.empty()) std::abort();
    return 0;
  }
  for (const auto& t : f->tensors()) {
    const auto bytes = f->tensor_data(t);
    if (bytes.data() < reinterpret_cast<const std::byte*>(data) ||
        bytes.data() + bytes.size() > reinterpret_cast<const std::byte*>(data) + size) {
      std::abort();
    }
    if (!bytes.empty()) {
      volatile std::byte last = bytes[bytes.size() - 1];
      (void)last;
    }
  }
  return 0;
}
