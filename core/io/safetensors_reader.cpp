// safetensors reader: validates the JSON header of an untrusted file against the file's size
// before any tensor bytes are touched.
#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "hearth/base/checked_math.h"
#include "hearth/base/utf8_path.h"
#include "hearth/base/text.h"
#include "hearth/io/safetensors.h"

namespace hearth {

namespace {

struct DtypeRow {
  SafetensorsDtype dtype;
  std::string_view name;
  uint32_t bytes;
};

constexpr std::array kDtypes = {
    DtypeRow{SafetensorsDtype::BOOL, "BOOL", 1},       DtypeRow{SafetensorsDtype::U8, "U8", 1},
    DtypeRow{SafetensorsDtype::I8, "I8", 1},           DtypeRow{SafetensorsDtype::I16, "I16", 2},
    DtypeRow{SafetensorsDtype::U16, "U16", 2},         DtypeRow{SafetensorsDtype::F16, "F16", 2},
    DtypeRow{SafetensorsDtype::BF16, "BF16", 2},       DtypeRow{SafetensorsDtype::I32, "I32", 4},
    DtypeRow{SafetensorsDtype::U32, "U32", 4},         DtypeRow{SafetensorsDtype::F32, "F32", 4},
    DtypeRow{SafetensorsDtype::F64, "F64", 8},         DtypeRow{SafetensorsDtype::I64, "I64", 8},
    DtypeRow{SafetensorsDtype::U64, "U64", 8},         DtypeRow{SafetensorsDtype::F8_E4M3, "F8_E4M3", 1},
    DtypeRow{SafetensorsDtype::F8_E5M2, "F8_E5M2", 1},
};

// The safetensors spec caps the header at 100 MB; real headers are a few hundred KB.
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;
constexpr int kMaxJsonNesting = 16;

// Rejects pathologically nested JSON before handing it to the parser (bounds recursion).
bool nesting_within(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > limit) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

}  // namespace

std::string_view safetensors_dtype_name(SafetensorsDtype dtype) {
  for (const auto& r : kDtypes)
    if (r.dtype == dtype) return r.name;
  return "?";
}

std::optional<SafetensorsDtype> safetensors_dtype_from_name(std::string_view name) {
  for (const auto& r : kDtypes)
    if (r.name == name) return r.dtype;
  return std::nullopt;
}

uint32_t safetensors_dtype_bytes(SafetensorsDtype dtype) {
  for (const auto& r : kDtypes)
    if (r.dtype == dtype) return r.bytes;
  return 0;
}

int64_t SafetensorsTensor::element_count() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

Result<SafetensorsFile> SafetensorsFile::parse(std::span<const std::byte> bytes, std::string name) {
  return capture_errors([&]() -> SafetensorsFile {
    SafetensorsFile f;
    f.bytes_ = bytes;
    f.name_ = std::move(name);
    const std::string& file = f.name_;
    auto bad = [&](const std::string& what) { fail(ErrorCode::Format, file + ": " + what); };

    if (bytes.size() < 8) bad("truncated file: " + std::to_string(bytes.size()) + " bytes, too short for the header length");
    uint64_t header_len;
    std::memcpy(&header_len, bytes.data(), 8);
    if (header_len > bytes.size() - 8) {
      bad("header length " + std::to_string(header_len) + " (at byte 0) runs past the end of the file (" +
          std::to_string(bytes.size()) + " bytes)");
    }
    if (header_len > kMaxHeaderBytes) bad("header length " + std::to_string(header_len) + " exceeds the 100 MB limit");
    if (header_len < 2) bad("header length " + std::to_string(header_len) + " is too small for a JSON object");
    f.data_offset_ = 8 + header_len;
    const uint64_t data_size = bytes.size() - f.data_offset_;

    const std::string_view text(reinterpret_cast<const char*>(bytes.data()) + 8, static_cast<size_t>(header_len));
    if (!nesting_within(text, kMaxJsonNesting)) bad("header JSON is nested too deeply");
    nlohmann::json header;
    try {
      header = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      bad("header is not valid JSON (at header byte " + std::to_string(e.byte) + ")");
    }
    if (!header.is_object()) bad("header JSON is not an object");

    for (auto it = header.begin(); it != header.end(); ++it) {
      const std::string& key = it.key();
      const nlohmann::json& entry = it.value();
      if (key == "__metadata__") {
        if (!entry.is_object()) bad("__metadata__ is not an object");
        for (auto m = entry.begin(); m != entry.end(); ++m)
          f.metadata_[m.key()] = m.value().is_string() ? m.value().get<std::string>() : m.value().dump();
        continue;
      }
      const std::string what = "tensor " + quoted_name(key);
      if (!entry.is_object()) bad(what + " entry is not an object");
      const auto dtype_it = entry.find("dtype");
      const auto shape_it = entry.find("shape");
      const auto offsets_it = entry.find("data_offsets");
      if (dtype_it == entry.end() || !dtype_it->is_string()) bad(what + " has no dtype");
      if (shape_it == entry.end() || !shape_it->is_array()) bad(what + " has no shape");
      if (offsets_it == entry.end() || !offsets_it->is_array() || offsets_it->size() != 2) {
        bad(what + " has no data_offsets pair");
      }
      SafetensorsTensor t;
      t.name = key;
      const std::string dtype_name = dtype_it->get<std::string>();
      const auto dtype = safetensors_dtype_from_name(dtype_name);
      if (!dtype) fail(ErrorCode::Unsupported, file + ": " + what + " has unknown dtype " + quoted_name(dtype_name));
      t.dtype = *dtype;
      uint64_t elements = 1;
      for (const auto& d : *shape_it) {
        if (!d.is_number_unsigned()) bad(what + " shape has a value that is not a non-negative integer");
        const uint64_t dim = d.get<uint64_t>();
        const auto product = checked_mul(elements, dim);
        if (!product || *product > uint64_t(INT64_MAX)) bad(what + " shape is impossibly large");
        elements = *product;
        t.shape.push_back(static_cast<int64_t>(dim));
      }
      for (const auto& o : *offsets_it)
        if (!o.is_number_unsigned()) bad(what + " data_offsets are not non-negative integers");
      t.data_begin = (*offsets_it)[0].get<uint64_t>();
      t.data_end = (*offsets_it)[1].get<uint64_t>();
      if (t.data_begin > t.data_end) bad(what + " data_offsets end before they begin");
      if (t.data_end > data_size) {
        bad(what + " data [" + std::to_string(t.data_begin) + ", " + std::to_string(t.data_end) +
            ") runs past the end of the file (" + std::to_string(data_size) + " data bytes)");
      }
      const auto expected = checked_mul(elements, safetensors_dtype_bytes(t.dtype));
      if (!expected || *expected != t.size_bytes()) {
        bad(what + " shape and dtype need " + (expected ? std::to_string(*expected) : std::string("too many")) +
            " bytes but data_offsets give " + std::to_string(t.size_bytes()));
      }
      f.tensors_.push_back(std::move(t));
    }
    std::sort(f.tensors_.begin(), f.tensors_.end(),
              [](const auto& a, const auto& b) { return a.data_begin < b.data_begin; });
    for (size_t i = 1; i < f.tensors_.size(); ++i) {
      const auto& prev = f.tensors_[i - 1];
      const auto& cur = f.tensors_[i];
      if (cur.data_begin < prev.data_end) bad("tensor " + quoted_name(cur.name) + " overlaps tensor " + quoted_name(prev.name));
    }
    for (size_t i = 0; i < f.tensors_.size(); ++i) f.index_.emplace(f.tensors_[i].name, i);
    return f;
  });
}

Result<SafetensorsFile> SafetensorsFile::open(const std::filesystem::path& path) {
  auto map = MappedFile::open(path);
  if (!map) return map.error();
  auto parsed = parse(map->bytes(), hearth::path_utf8(path));
  if (!parsed) return parsed.error();
  SafetensorsFile f = std::move(parsed.value());
  f.map_ = std::move(map.value());
  return f;
}

const SafetensorsTensor* SafetensorsFile::find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &tensors_[it->second];
}

std::span<const std::byte> SafetensorsFile::tensor_data(const SafetensorsTensor& t) const {
  return bytes_.subspan(static_cast<size_t>(data_offset_ + t.data_begin), static_cast<size_t>(t.size_bytes()));
}

}  // namespace hearth
