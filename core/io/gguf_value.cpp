// GgufValue / GgufArray / GgufMetadata: the in-memory metadata model.
#include <limits>

#include "hearth/io/gguf.h"

namespace hearth {

std::string_view gguf_type_name(GgufType type) {
  static constexpr std::string_view kNames[kGgufTypeCount] = {"u8",  "i8",  "u16",    "i16",   "u32", "i32", "f32",
                                                              "bool", "string", "array", "u64", "i64", "f64"};
  const auto i = static_cast<uint32_t>(type);
  return i < kGgufTypeCount ? kNames[i] : "unknown";
}

size_t GgufArray::size() const {
  return std::visit([](const auto& v) { return v.size(); }, items);
}

std::span<const std::string> GgufArray::strings() const {
  if (auto* v = std::get_if<std::vector<std::string>>(&items)) return *v;
  return {};
}
std::span<const float> GgufArray::f32s() const {
  if (auto* v = std::get_if<std::vector<float>>(&items)) return *v;
  return {};
}
std::span<const int32_t> GgufArray::i32s() const {
  if (auto* v = std::get_if<std::vector<int32_t>>(&items)) return *v;
  return {};
}
std::span<const uint32_t> GgufArray::u32s() const {
  if (auto* v = std::get_if<std::vector<uint32_t>>(&items)) return *v;
  return {};
}

std::optional<int64_t> GgufArray::integer_at(size_t i) const {
  return std::visit(
      [i](const auto& v) -> std::optional<int64_t> {
        using E = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_integral_v<E>) {
          if (i >= v.size()) return std::nullopt;
          if constexpr (std::is_same_v<E, uint64_t>) {
            if (v[i] > uint64_t(std::numeric_limits<int64_t>::max())) return std::nullopt;
          }
          return static_cast<int64_t>(v[i]);
        } else {
          return std::nullopt;
        }
      },
      items);
}

std::optional<int64_t> GgufValue::as_int() const {
  return std::visit(
      [](const auto& v) -> std::optional<int64_t> {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>) {
          return std::nullopt;
        } else if constexpr (std::is_same_v<V, uint64_t>) {
          if (v > uint64_t(std::numeric_limits<int64_t>::max())) return std::nullopt;
          return static_cast<int64_t>(v);
        } else if constexpr (std::is_integral_v<V>) {
          return static_cast<int64_t>(v);
        } else {
          return std::nullopt;
        }
      },
      v_);
}

std::optional<uint64_t> GgufValue::as_uint() const {
  if (auto* u = std::get_if<uint64_t>(&v_)) return *u;
  auto i = as_int();
  if (!i || *i < 0) return std::nullopt;
  return static_cast<uint64_t>(*i);
}

std::optional<double> GgufValue::as_double() const {
  if (auto* f = std::get_if<float>(&v_)) return *f;
  if (auto* d = std::get_if<double>(&v_)) return *d;
  if (auto* u = std::get_if<uint64_t>(&v_)) return static_cast<double>(*u);
  if (auto i = as_int()) return static_cast<double>(*i);
  return std::nullopt;
}

std::optional<bool> GgufValue::as_bool() const {
  if (auto* b = std::get_if<bool>(&v_)) return *b;
  return std::nullopt;
}

const GgufValue* GgufMetadata::find(std::string_view key) const {
  auto it = index_.find(std::string(key));
  return it == index_.end() ? nullptr : &entries_[it->second].second;
}

void GgufMetadata::set(std::string key, GgufValue value) {
  auto it = index_.find(key);
  if (it != index_.end()) {
    entries_[it->second].second = std::move(value);
    return;
  }
  index_.emplace(key, entries_.size());
  entries_.emplace_back(std::move(key), std::move(value));
}

bool GgufMetadata::erase(std::string_view key) {
  auto it = index_.find(std::string(key));
  if (it == index_.end()) return false;
  entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(it->second));
  index_.clear();
  for (size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].first, i);
  return true;
}

std::optional<std::string> GgufMetadata::get_string(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v || !v->as_string()) return std::nullopt;
  return *v->as_string();
}
std::optional<int64_t> GgufMetadata::get_int(std::string_view key) const {
  const GgufValue* v = find(key);
  return v ? v->as_int() : std::nullopt;
}
std::optional<uint64_t> GgufMetadata::get_uint(std::string_view key) const {
  const GgufValue* v = find(key);
  return v ? v->as_uint() : std::nullopt;
}
std::optional<double> GgufMetadata::get_double(std::string_view key) const {
  const GgufValue* v = find(key);
  return v ? v->as_double() : std::nullopt;
}
std::optional<bool> GgufMetadata::get_bool(std::string_view key) const {
  const GgufValue* v = find(key);
  return v ? v->as_bool() : std::nullopt;
}
const GgufArray* GgufMetadata::get_array(std::string_view key) const {
  const GgufValue* v = find(key);
  return v ? v->as_array() : nullptr;
}

int64_t GgufTensorInfo::element_count() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

int64_t GgufTensorInfo::row_count() const {
  int64_t n = 1;
  for (size_t i = 1; i < shape.size(); ++i) n *= shape[i];
  return n;
}

}  // namespace hearth
