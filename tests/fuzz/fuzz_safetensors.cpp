// libFuzzer target: the safetensors parser must return an error or a consistent file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "hearth/io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto f = hearth::SafetensorsFile::parse({reinterpret_cast<const std::byte*>(data), size}, "fuzz.safetensors");
  if (!f.ok()) {
    if (f.error().message.empty()) std::abort();
    return 0;
  }
  for (const auto& t : f->tensors()) {
    const auto bytes = f->tensor_data(t);
    if (bytes.data() + bytes.size() > reinterpret_cast<const std::byte*>(data) + size) std::abort();
    if (bytes.size() != uint64_t(t.element_count()) * hearth::safetensors_dtype_bytes(t.dtype)) std::abort();
  }
  return 0;
}
