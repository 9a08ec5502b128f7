// Element type of the attention KV cache.
#pragma once

#include <optional>
#include <string_view>

#include "hearth/quant/tensor_type.h"

namespace hearth {

enum class KvCacheType {
  F16,   // default: exact enough for every model, half the size of F32
  Q8_0,  // half of F16 again; needs head sizes that are multiples of 32
  F32,   // for reference checks
};

TensorType kv_cache_tensor_type(KvCacheType type);
std::string_view kv_cache_type_name(KvCacheType type);  // "f16", "q8_0", "f32"
std::optional<KvCacheType> kv_cache_type_from_name(std::string_view name);

}  // namespace hearth
