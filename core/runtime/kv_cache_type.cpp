#include "hearth/runtime/kv_cache_type.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace hearth {

TensorType kv_cache_tensor_type(KvCacheType type) {
  switch (type) {
    case KvCacheType::F16: return TensorType::F16;
    case KvCacheType::Q8_0: return TensorType::Q8_0;
    case KvCacheType::F32: return TensorType::F32;
  }
  return TensorType::F16;
}

std::string_view kv_cache_type_name(KvCacheType type) {
  switch (type) {
    case KvCacheType::F16: return "f16";
    case KvCacheType::Q8_0: return "q8_0";
    case KvCacheType::F32: return "f32";
  }
  return "f16";
}

std::optional<KvCacheType> kv_cache_type_from_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  for (KvCacheType t : {KvCacheType::F16, KvCacheType::Q8_0, KvCacheType::F32})
    if (kv_cache_type_name(t) == lower) return t;
  return std::nullopt;
}

}  // namespace hearth
