// safetensors files and Hugging Face model folders (the converter's input).
// Format: u64 little-endian header length N | N bytes of JSON | tensor data.
// The JSON maps tensor names to {"dtype", "shape", "data_offsets": [begin, end)} relative to
// the data section, plus an optional "__metadata__" object of string → string.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/io/mapped_file.h"

namespace hearth {

enum class SafetensorsDtype { BOOL, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64, F8_E4M3, F8_E5M2 };

std::string_view safetensors_dtype_name(SafetensorsDtype dtype);
std::optional<SafetensorsDtype> safetensors_dtype_from_name(std::string_view name);
uint32_t safetensors_dtype_bytes(SafetensorsDtype dtype);

struct SafetensorsTensor {
  std::string name;
  SafetensorsDtype dtype = SafetensorsDtype::F32;
  std::vector<int64_t> shape;  // PyTorch order: shape[0] is the OUTERMOST dimension (rows)
  uint64_t data_begin = 0;     // relative to the data section
  uint64_t data_end = 0;
  uint64_t size_bytes() const { return data_end - data_begin; }
  int64_t element_count() const;
};

class SafetensorsFile {
 public:
  static Result<SafetensorsFile> open(const std::filesystem::path& path);
  static Result<SafetensorsFile> parse(std::span<const std::byte> bytes, std::string name);

  const std::vector<SafetensorsTensor>& tensors() const { return tensors_; }
  const SafetensorsTensor* find(std::string_view name) const;
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  std::span<const std::byte> tensor_data(const SafetensorsTensor& t) const;
  const std::string& name() const { return name_; }
  uint64_t file_size() const { return bytes_.size(); }

 private:
  MappedFile map_;
  std::span<const std::byte> bytes_;
  std::string name_;
  uint64_t data_offset_ = 0;
  std::vector<SafetensorsTensor> tensors_;  // sorted by data_begin (file order)
  std::unordered_map<std::string, size_t> index_;
  std::map<std::string, std::string> metadata_;
};

}  // namespace hearth
