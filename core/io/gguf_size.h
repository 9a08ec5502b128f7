// Exact size of a GGUF file before it is written (metadata + tensor table + aligned data), for
// progress totals and the size estimates the quantization wizard shows.
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>
#include <variant>

#include "hearth/base/checked_math.h"
#include "hearth/io/gguf.h"

namespace hearth::io {

inline uint64_t gguf_array_bytes(const GgufArray& a) {
  uint64_t n = 4 + 8;  // element type, count
  std::visit(
      [&](const auto& items) {
        using E = typename std::decay_t<decltype(items)>::value_type;
        if constexpr (std::is_same_v<E, std::string>) {
          for (const auto& s : items) n += 8 + s.size();
        } else if constexpr (std::is_same_v<E, GgufArray>) {
          for (const auto& sub : items) n += gguf_array_bytes(sub);
        } else {
          n += items.size() * sizeof(E);
        }
      },
      a.items);
  return n;
}

inline uint64_t gguf_value_bytes(const GgufValue& v) {
  if (const auto* s = v.as_string()) return 8 + s->size();
  if (const auto* a = v.as_array()) return gguf_array_bytes(*a);
  return std::visit(
      [](const auto& x) -> uint64_t {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, bool>) return 1;
        else if constexpr (std::is_same_v<X, std::string> || std::is_same_v<X, GgufArray>) return 0;
        else return sizeof(X);
      },
      v.storage());
}

// One tensor as it will be written: its table entry (name, shape) and its data size.
struct PlannedTensorSize {
  const GgufTensorInfo* info;
  uint64_t data_bytes;
};

inline uint64_t gguf_file_bytes(const GgufMetadata& md, std::span<const PlannedTensorSize> tensors,
                                uint32_t alignment = kGgufDefaultAlignment) {
  uint64_t n = 4 + 4 + 8 + 8;  // magic, version, tensor count, kv count
  for (const auto& [key, value] : md.entries()) n += 8 + key.size() + 4 + gguf_value_bytes(value);
  uint64_t data = 0;
  for (const auto& t : tensors) {
    n += 8 + t.info->name.size() + 4 + 8 * t.info->shape.size() + 4 + 8;
    data = align_up(data + t.data_bytes, alignment);
  }
  if (!tensors.empty()) n = align_up(n, alignment);
  return n + data;
}

}  // namespace hearth::io
