// A minimal GGUF walker written directly from the spec, independent of hearth's reader. Tests
// use it as a second opinion (inspect output) and to find the byte positions of every field
// (hostile-input mutations). It trusts its input: use it only on well-formed files.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace hearth::test {

struct WalkedTensor {
  std::string name;
  uint32_t type = 0;
  std::vector<uint64_t> shape;
  uint64_t offset = 0;
};

// Byte position and width of one field.
struct FieldPos {
  uint64_t at;
  uint32_t width;  // bytes
  enum Kind { Count, Length, Type, Dim, Offset, Value } kind;
};

struct WalkedGguf {
  std::vector<std::pair<std::string, uint32_t>> keys;  // key, value type, in file order
  std::vector<WalkedTensor> tensors;
  std::vector<uint64_t> boundaries;  // end of header, of each kv, of each tensor info
  std::vector<FieldPos> fields;      // every count, length, type, dim and offset field
  uint64_t infos_end = 0;            // end of the tensor table (before padding)
};

inline WalkedGguf walk_gguf(const std::byte* b) {
  WalkedGguf f;
  uint64_t p = 0;
  auto mark = [&](uint32_t w, FieldPos::Kind k) { f.fields.push_back({p, w, k}); };
  auto u32 = [&](FieldPos::Kind k) { mark(4, k); uint32_t v; std::memcpy(&v, b + p, 4); p += 4; return v; };
  auto u64 = [&](FieldPos::Kind k) { mark(8, k); uint64_t v; std::memcpy(&v, b + p, 8); p += 8; return v; };
  auto str = [&] {
    const uint64_t n = u64(FieldPos::Length);
    std::string s(reinterpret_cast<const char*>(b + p), n);
    p += n;
    return s;
  };
  const uint32_t scalar_size[] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
  std::function<void(uint32_t)> skip = [&](uint32_t t) {
    if (t == 8) {
      str();
    } else if (t == 9) {
      const uint32_t et = u32(FieldPos::Type);
      const uint64_t n = u64(FieldPos::Count);
      for (uint64_t i = 0; i < n; ++i) skip(et);
    } else {
      mark(scalar_size[t], FieldPos::Value);
      p += scalar_size[t];
    }
  };
  p = 4;
  u32(FieldPos::Value);  // version
  const uint64_t nt = u64(FieldPos::Count), nkv = u64(FieldPos::Count);
  f.boundaries.push_back(p);
  for (uint64_t i = 0; i < nkv; ++i) {
    std::string k = str();
    const uint32_t t = u32(FieldPos::Type);
    skip(t);
    f.keys.emplace_back(std::move(k), t);
    f.boundaries.push_back(p);
  }
  for (uint64_t i = 0; i < nt; ++i) {
    WalkedTensor t;
    t.name = str();
    const uint32_t nd = u32(FieldPos::Count);
    for (uint32_t d = 0; d < nd; ++d) t.shape.push_back(u64(FieldPos::Dim));
    t.type = u32(FieldPos::Type);
    t.offset = u64(FieldPos::Offset);
    f.tensors.push_back(std::move(t));
    f.boundaries.push_back(p);
  }
  f.infos_end = p;
  return f;
}

}  // namespace hearth::test
