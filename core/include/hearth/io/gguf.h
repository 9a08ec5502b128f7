// GGUF files (versions 2 and 3): the metadata value model, the tensor table, and the reader.
// Spec: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
//
// Layout of a file:
//   "GGUF" | u32 version | u64 n_tensors | u64 n_kv | n_kv × (key, value) |
//   n_tensors × tensor info | zero padding to `general.alignment` | tensor data
// Every count, length and offset read from the file is checked before it is used; errors name
// the file, the field and the byte offset.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/io/mapped_file.h"
#include "hearth/quant/tensor_type.h"

namespace hearth {

// Metadata value types; the values are the on-disk type ids.
enum class GgufType : uint32_t {
  U8 = 0,
  I8 = 1,
  U16 = 2,
  I16 = 3,
  U32 = 4,
  I32 = 5,
  F32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
  U64 = 10,
  I64 = 11,
  F64 = 12,
};
inline constexpr uint32_t kGgufTypeCount = 13;
std::string_view gguf_type_name(GgufType type);

// A homogeneous array. Scalars are stored in typed vectors (a 150k-entry score array is one
// allocation, not 150k); arrays of arrays nest. The variant index equals the element GgufType,
// so a bool array (index 7) is a vector of 0/1 bytes like u8 (index 0).
struct GgufArray {
  using Items = std::variant<std::vector<uint8_t>, std::vector<int8_t>, std::vector<uint16_t>, std::vector<int16_t>,
                             std::vector<uint32_t>, std::vector<int32_t>, std::vector<float>, std::vector<uint8_t>,
                             std::vector<std::string>, std::vector<GgufArray>, std::vector<uint64_t>,
                             std::vector<int64_t>, std::vector<double>>;
  Items items;

  GgufType element_type() const { return static_cast<GgufType>(items.index()); }
  size_t size() const;

  template <class T>
  static GgufArray of(std::vector<T> values) {
    GgufArray a;
    if constexpr (std::is_same_v<T, uint8_t>) {
      a.items.template emplace<0>(std::move(values));  // u8, not bool (both are byte vectors)
    } else {
      a.items = std::move(values);
    }
    return a;
  }
  static GgufArray of_bools(std::vector<uint8_t> values) {
    GgufArray a;
    a.items.template emplace<7>(std::move(values));
    return a;
  }

  // Typed views; empty span when the element type differs.
  std::span<const std::string> strings() const;
  std::span<const float> f32s() const;
  std::span<const int32_t> i32s() const;
  std::span<const uint32_t> u32s() const;
  // Element i as a signed integer when the array holds any integer type.
  std::optional<int64_t> integer_at(size_t i) const;

  bool operator==(const GgufArray&) const = default;
};

// One metadata value. The variant index equals the GgufType id.
class GgufValue {
 public:
  using Storage = std::variant<uint8_t, int8_t, uint16_t, int16_t, uint32_t, int32_t, float, bool, std::string,
                               GgufArray, uint64_t, int64_t, double>;

  GgufValue() : v_(uint8_t{0}) {}
  template <class T>
    requires(!std::is_same_v<std::decay_t<T>, GgufValue> && std::is_constructible_v<Storage, T>)
  GgufValue(T v) : v_(std::move(v)) {}  // NOLINT: implicit from any storable type
  GgufValue(const char* s) : v_(std::string(s)) {}

  GgufType type() const { return static_cast<GgufType>(v_.index()); }
  const Storage& storage() const { return v_; }

  // Loose accessors: any integer type converts when it fits; any number converts to double.
  std::optional<int64_t> as_int() const;
  std::optional<uint64_t> as_uint() const;
  std::optional<double> as_double() const;
  std::optional<bool> as_bool() const;
  const std::string* as_string() const { return std::get_if<std::string>(&v_); }
  const GgufArray* as_array() const { return std::get_if<GgufArray>(&v_); }

  bool operator==(const GgufValue&) const = default;

 private:
  Storage v_;
};

// Ordered key → value map (file order is kept so a file rewrites byte for byte).
class GgufMetadata {
 public:
  const GgufValue* find(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  // Sets (or replaces in place) a key.
  void set(std::string key, GgufValue value);
  bool erase(std::string_view key);

  std::optional<std::string> get_string(std::string_view key) const;
  std::optional<int64_t> get_int(std::string_view key) const;
  std::optional<uint64_t> get_uint(std::string_view key) const;
  std::optional<double> get_double(std::string_view key) const;
  std::optional<bool> get_bool(std::string_view key) const;
  const GgufArray* get_array(std::string_view key) const;

  const std::vector<std::pair<std::string, GgufValue>>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<std::string, GgufValue>> entries_;
  std::unordered_map<std::string, size_t> index_;
};

// One entry of the tensor table.
struct GgufTensorInfo {
  std::string name;
  std::vector<int64_t> shape;  // ggml order: shape[0] is the row length (contiguous), up to 4 dims
  TensorType type = TensorType::F32;
  uint64_t offset = 0;         // of the data, relative to the start of the data section
  uint64_t size_bytes = 0;     // computed from shape and type
  int64_t element_count() const;
  int64_t row_length() const { return shape.empty() ? 1 : shape[0]; }
  int64_t row_count() const;   // product of shape[1..]
};

inline constexpr uint32_t kGgufDefaultAlignment = 32;
inline constexpr uint32_t kGgufMaxDims = 4;
inline constexpr std::string_view kGgufAlignmentKey = "general.alignment";

// A parsed GGUF file with its tensor data memory-mapped.
class GgufFile {
 public:
  // Maps and parses a file. A shard of a split model (llama.cpp's gguf-split: split.count > 1)
  // opens the whole model: the first shard's metadata and every shard's tensors, each shard
  // mapped (see gguf_split.h for the checks).
  static Result<GgufFile> open(const std::filesystem::path& path);
  // Maps and parses exactly this file, never its sibling shards (the split and merge tools).
  static Result<GgufFile> open_single(const std::filesystem::path& path);
  // Parses bytes already in memory (the caller keeps them alive). `name` appears in errors.
  static Result<GgufFile> parse(std::span<const std::byte> bytes, std::string name);

  uint32_t version() const { return version_; }
  const GgufMetadata& metadata() const { return metadata_; }
  const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
  const GgufTensorInfo* find_tensor(std::string_view name) const;
  uint32_t alignment() const { return alignment_; }
  uint64_t data_offset() const { return data_offset_; }  // absolute file offset of the data section
  uint64_t file_size() const { return bytes_.size(); }
  const std::string& name() const { return name_; }
  const std::filesystem::path& path() const { return map_.path(); }

  // Zero-copy view of a tensor's bytes inside the mapping (valid while this object lives).
  std::span<const std::byte> tensor_data(const GgufTensorInfo& tensor) const;

  // Convenience: `general.architecture`, or "" when absent.
  std::string architecture() const;

  // Split models: 1 for a plain file. Paths and sizes of all shards, in split.no order.
  size_t shard_count() const { return 1 + shards_.size(); }
  std::vector<std::filesystem::path> shard_paths() const;
  uint64_t total_file_size() const;  // all shards together

 private:
  // Opens the other shards of the split model this file is shard 0 of, and appends their tensors.
  void attach_shards();  // defined in gguf_split.cpp; throws Exception

  std::vector<std::shared_ptr<const GgufFile>> shards_;  // shards 1 … n-1
  std::vector<uint16_t> tensor_shard_;                   // [tensors_.size()]: 0 = this file, k = shards_[k-1]

  MappedFile map_;
  std::span<const std::byte> bytes_;
  std::string name_;
  uint32_t version_ = 0;
  GgufMetadata metadata_;
  std::vector<GgufTensorInfo> tensors_;
  std::unordered_map<std::string, size_t> tensor_index_;
  uint32_t alignment_ = kGgufDefaultAlignment;
  uint64_t data_offset_ = 0;

  friend class GgufParser;
};

}  // namespace hearth
