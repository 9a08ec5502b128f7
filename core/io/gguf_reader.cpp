// GGUF reader: parses the header, metadata and tensor table of an untrusted file and checks every
// size against the file before using it. Tensor data stays in the memory map.
#include <algorithm>
#include <numeric>

#include "byte_reader.h"
#include "hearth/base/utf8_path.h"
#include "hearth/base/checked_math.h"
#include "hearth/base/text.h"
#include "hearth/io/gguf.h"

namespace hearth {

namespace {

constexpr uint32_t kMaxArrayNesting = 8;  // deeper nesting is never legitimate; bounds recursion
// Smallest on-disk size of one array element of each type, used to reject impossible counts
// before allocating: a u64 count of 2^60 strings in a 1 KB file fails here, not in malloc.
constexpr uint64_t kMinElementBytes[kGgufTypeCount] = {1, 1, 2, 2, 4, 4, 4, 1, 8, 4 + 8, 8, 8, 8};

}  // namespace

class GgufParser {
 public:
  GgufParser(GgufFile& out, std::span<const std::byte> bytes) : out_(out), r_(bytes, out.name_) {}

  void parse() {
    parse_header();
    parse_metadata();
    parse_alignment();
    parse_tensor_infos();
    locate_data();
  }

 private:
  void parse_header() {
    const auto magic = r_.read<uint32_t>("magic");
    if (std::memcmp(&magic, "GGUF", 4) != 0) {
      fail(ErrorCode::Format, out_.name_ + ": not a GGUF file (the first four bytes are not \"GGUF\")");
    }
    const uint64_t at = r_.position();
    const uint32_t version = r_.read<uint32_t>("version");
    if (version == 1) fail(ErrorCode::Unsupported, out_.name_ + ": GGUF version 1 is too old; convert the model again");
    if ((version & 0xffffu) == 0 && (version >> 16) != 0) {
      fail(ErrorCode::Unsupported, out_.name_ + ": big-endian GGUF files are not supported");
    }
    if (version != 2 && version != 3) {
      r_.fail_at(at, "unsupported GGUF version " + std::to_string(version) + " (Hearth reads versions 2 and 3)");
    }
    out_.version_ = version;
    n_tensors_at_ = r_.position();
    n_tensors_ = r_.read<uint64_t>("tensor count");
    n_kv_at_ = r_.position();
    n_kv_ = r_.read<uint64_t>("metadata count");
    // Each metadata entry takes at least 13 bytes (key length, type, 1-byte value); each tensor
    // info at least 24 (name length, n_dims, type, offset).
    if (n_kv_ > r_.remaining() / 13) {
      r_.fail_at(n_kv_at_, "metadata count " + std::to_string(n_kv_) + " is larger than the file can hold");
    }
    if (n_tensors_ > r_.remaining() / 24) {
      r_.fail_at(n_tensors_at_, "tensor count " + std::to_string(n_tensors_) + " is larger than the file can hold");
    }
  }

  void parse_metadata() {
    for (uint64_t i = 0; i < n_kv_; ++i) {
      const uint64_t at = r_.position();
      const std::string field = "metadata entry " + std::to_string(i);
      std::string key = r_.read_string(field + " key");
      if (out_.metadata_.contains(key)) r_.fail_at(at, "duplicate metadata key " + quoted_name(key));
      const uint64_t type_at = r_.position();
      const uint32_t type = r_.read<uint32_t>(field + " value type");
      if (type >= kGgufTypeCount) {
        r_.fail_at(type_at, "metadata key " + quoted_name(key) + " has unknown value type " + std::to_string(type));
      }
      GgufValue value = read_value(static_cast<GgufType>(type), "value of " + quoted_name(key), 0);
      out_.metadata_.set(std::move(key), std::move(value));
    }
  }

  GgufValue read_value(GgufType type, const std::string& field, uint32_t depth) {
    switch (type) {
      case GgufType::U8: return r_.read<uint8_t>(field);
      case GgufType::I8: return r_.read<int8_t>(field);
      case GgufType::U16: return r_.read<uint16_t>(field);
      case GgufType::I16: return r_.read<int16_t>(field);
      case GgufType::U32: return r_.read<uint32_t>(field);
      case GgufType::I32: return r_.read<int32_t>(field);
      case GgufType::F32: return r_.read<float>(field);
      case GgufType::U64: return r_.read<uint64_t>(field);
      case GgufType::I64: return r_.read<int64_t>(field);
      case GgufType::F64: return r_.read<double>(field);
      case GgufType::Bool: {
        const uint64_t at = r_.position();
        const uint8_t b = r_.read<uint8_t>(field);
        if (b > 1) r_.fail_at(at, field + " is a bool with value " + std::to_string(b));
        return b != 0;
      }
      case GgufType::String: return r_.read_string(field);
      case GgufType::Array: return read_array(field, depth + 1);
    }
    fail(ErrorCode::Internal, "unreachable metadata type");
  }

  GgufArray read_array(const std::string& field, uint32_t depth) {
    const uint64_t at = r_.position();
    if (depth > kMaxArrayNesting) r_.fail_at(at, field + ": arrays nested deeper than " + std::to_string(kMaxArrayNesting));
    const uint32_t elem = r_.read<uint32_t>(field + " element type");
    if (elem >= kGgufTypeCount) r_.fail_at(at, field + ": unknown array element type " + std::to_string(elem));
    const uint64_t count_at = r_.position();
    const uint64_t count = r_.read<uint64_t>(field + " element count");
    if (count > r_.remaining() / kMinElementBytes[elem]) {
      r_.fail_at(count_at, field + ": array of " + std::to_string(count) + " elements is larger than the file can hold");
    }
    GgufArray a;
    switch (static_cast<GgufType>(elem)) {
      case GgufType::U8: a.items.emplace<0>(read_pod_vector<uint8_t>(count, field)); break;
      case GgufType::I8: a.items.emplace<1>(read_pod_vector<int8_t>(count, field)); break;
      case GgufType::U16: a.items.emplace<2>(read_pod_vector<uint16_t>(count, field)); break;
      case GgufType::I16: a.items.emplace<3>(read_pod_vector<int16_t>(count, field)); break;
      case GgufType::U32: a.items.emplace<4>(read_pod_vector<uint32_t>(count, field)); break;
      case GgufType::I32: a.items.emplace<5>(read_pod_vector<int32_t>(count, field)); break;
      case GgufType::F32: a.items.emplace<6>(read_pod_vector<float>(count, field)); break;
      case GgufType::Bool: {
        auto v = read_pod_vector<uint8_t>(count, field);
        for (uint8_t b : v)
          if (b > 1) r_.fail_at(count_at, field + ": bool array holds the value " + std::to_string(b));
        a.items.emplace<7>(std::move(v));
        break;
      }
      case GgufType::String: {
        std::vector<std::string> v;
        v.reserve(static_cast<size_t>(count));
        const std::string element = "element of " + field;  // the byte offset in errors locates it
        for (uint64_t i = 0; i < count; ++i) v.push_back(r_.read_string(element));
        a.items.emplace<8>(std::move(v));
        break;
      }
      case GgufType::Array: {
        std::vector<GgufArray> v;
        v.reserve(static_cast<size_t>(count));
        const std::string element = "element of " + field;
        for (uint64_t i = 0; i < count; ++i) v.push_back(read_array(element, depth + 1));
        a.items.emplace<9>(std::move(v));
        break;
      }
      case GgufType::U64: a.items.emplace<10>(read_pod_vector<uint64_t>(count, field)); break;
      case GgufType::I64: a.items.emplace<11>(read_pod_vector<int64_t>(count, field)); break;
      case GgufType::F64: a.items.emplace<12>(read_pod_vector<double>(count, field)); break;
    }
    return a;
  }

  template <class T>
  std::vector<T> read_pod_vector(uint64_t count, const std::string& field) {
    // count * sizeof(T) <= remaining was checked by the caller.
    std::vector<T> v(static_cast<size_t>(count));
    if (count) {
      const uint64_t at = r_.position();
      r_.skip(count * sizeof(T), field);
      std::memcpy(v.data(), bytes_at(at), static_cast<size_t>(count * sizeof(T)));
    }
    return v;
  }

  const std::byte* bytes_at(uint64_t offset) const { return out_.bytes_.data() + offset; }

  void parse_alignment() {
    const GgufValue* v = out_.metadata_.find(kGgufAlignmentKey);
    if (!v) return;
    const auto* a = std::get_if<uint32_t>(&v->storage());
    if (!a) {
      fail(ErrorCode::Format, out_.name_ + ": general.alignment must be a u32, but it is a " +
                                  std::string(gguf_type_name(v->type())));
    }
    if (!is_power_of_two(*a)) {
      fail(ErrorCode::Format, out_.name_ + ": general.alignment " + std::to_string(*a) + " is not a power of two");
    }
    out_.alignment_ = *a;
  }

  void parse_tensor_infos() {
    out_.tensors_.reserve(static_cast<size_t>(n_tensors_));
    for (uint64_t i = 0; i < n_tensors_; ++i) {
      const std::string field = "tensor " + std::to_string(i);
      GgufTensorInfo t;
      const uint64_t name_at = r_.position();
      t.name = r_.read_string(field + " name");
      if (out_.tensor_index_.count(t.name)) r_.fail_at(name_at, "duplicate tensor name " + quoted_name(t.name));
      const std::string what = "tensor " + quoted_name(t.name);
      const uint64_t dims_at = r_.position();
      const uint32_t n_dims = r_.read<uint32_t>(what + " dimension count");
      if (n_dims > kGgufMaxDims) {
        r_.fail_at(dims_at, what + " has " + std::to_string(n_dims) + " dimensions (at most 4 are allowed)");
      }
      uint64_t elements = 1;
      for (uint32_t d = 0; d < n_dims; ++d) {
        const uint64_t at = r_.position();
        const uint64_t dim = r_.read<uint64_t>(what + " shape");
        const auto product = checked_mul(elements, dim);
        if (dim > uint64_t(INT64_MAX) || !product || *product > uint64_t(INT64_MAX)) {
          r_.fail_at(at, what + " has an impossible shape (dimension " + std::to_string(dim) + ")");
        }
        elements = *product;
        t.shape.push_back(static_cast<int64_t>(dim));
      }
      const uint64_t type_at = r_.position();
      const uint32_t type_id = r_.read<uint32_t>(what + " type");
      const TensorTypeLayout* layout = tensor_type_layout(type_id);
      if (!layout) {
        if (tensor_type_id_removed(type_id)) {
          fail(ErrorCode::Unsupported, out_.name_ + ": " + what + " uses tensor type " + std::to_string(type_id) +
                                           ", a repacked layout that was removed from GGUF; re-quantize the model");
        }
        r_.fail_at(type_at, what + " has unknown tensor type id " + std::to_string(type_id));
      }
      t.type = layout->type;
      const uint64_t row = t.shape.empty() ? 1 : uint64_t(t.shape[0]);
      if (row % layout->block_size != 0) {
        r_.fail_at(type_at, what + " has rows of " + std::to_string(row) + " values, not a multiple of the " +
                                std::string(layout->name) + " block size " + std::to_string(layout->block_size));
      }
      const auto bytes = checked_mul(elements / layout->block_size, layout->block_bytes);
      if (!bytes) r_.fail_at(type_at, what + " is too large");
      t.size_bytes = *bytes;
      const uint64_t offset_at = r_.position();
      t.offset = r_.read<uint64_t>(what + " data offset");
      if (t.offset % out_.alignment_ != 0) {
        r_.fail_at(offset_at, what + " data offset " + std::to_string(t.offset) + " is not a multiple of the alignment " +
                                  std::to_string(out_.alignment_));
      }
      offset_positions_.push_back(offset_at);
      out_.tensor_index_.emplace(t.name, out_.tensors_.size());
      out_.tensors_.push_back(std::move(t));
    }
  }

  void locate_data() {
    const auto data = checked_align_up(r_.position(), out_.alignment_);
    if (!data) fail(ErrorCode::Format, out_.name_ + ": header is too large");
    out_.data_offset_ = *data;
    if (out_.tensors_.empty()) return;  // vocabulary-only files may end right after the header
    const uint64_t file_size = out_.bytes_.size();
    if (out_.data_offset_ > file_size) {
      fail(ErrorCode::Format, out_.name_ + ": truncated file: the tensor data section would start at byte " +
                                  std::to_string(out_.data_offset_) + " but the file is " + std::to_string(file_size) +
                                  " bytes");
    }
    const uint64_t data_size = file_size - out_.data_offset_;
    for (size_t i = 0; i < out_.tensors_.size(); ++i) {
      const auto& t = out_.tensors_[i];
      const auto end = checked_add(t.offset, t.size_bytes);
      if (!end || *end > data_size) {
        r_.fail_at(offset_positions_[i], "tensor " + quoted_name(t.name) + " data [" + std::to_string(t.offset) + ", +" +
                                             std::to_string(t.size_bytes) + ") runs past the end of the file (" +
                                             std::to_string(data_size) + " data bytes)");
      }
    }
    // No two tensors may share bytes.
    std::vector<size_t> order(out_.tensors_.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return out_.tensors_[a].offset < out_.tensors_[b].offset; });
    for (size_t k = 1; k < order.size(); ++k) {
      const auto& prev = out_.tensors_[order[k - 1]];
      const auto& cur = out_.tensors_[order[k]];
      if (prev.offset + prev.size_bytes > cur.offset && cur.size_bytes > 0 && prev.size_bytes > 0) {
        r_.fail_at(offset_positions_[order[k]], "tensor " + quoted_name(cur.name) + " overlaps tensor " + quoted_name(prev.name));
      }
    }
  }

  GgufFile& out_;
  ByteReader r_;
  uint64_t n_tensors_ = 0, n_kv_ = 0;
  uint64_t n_tensors_at_ = 0, n_kv_at_ = 0;
  std::vector<uint64_t> offset_positions_;  // file offset of each tensor's offset field, for errors
};

Result<GgufFile> GgufFile::parse(std::span<const std::byte> bytes, std::string name) {
  return capture_errors([&]() -> GgufFile {
    GgufFile f;
    f.bytes_ = bytes;
    f.name_ = std::move(name);
    GgufParser(f, bytes).parse();
    return f;
  });
}

Result<GgufFile> GgufFile::open_single(const std::filesystem::path& path) {
  auto map = MappedFile::open(path);
  if (!map) return map.error();
  auto parsed = parse(map->bytes(), hearth::path_utf8(path));
  if (!parsed) return parsed.error();
  GgufFile f = std::move(parsed.value());
  f.map_ = std::move(map.value());  // the span stays valid: moving a MappedFile keeps the mapping
  f.tensor_shard_.assign(f.tensors_.size(), 0);
  return f;
}

const GgufTensorInfo* GgufFile::find_tensor(std::string_view name) const {
  auto it = tensor_index_.find(std::string(name));
  return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

std::span<const std::byte> GgufFile::tensor_data(const GgufTensorInfo& t) const {
  // A tensor of another shard: its offset is relative to that shard's data section.
  // Callers may hold a copy of the tensor info (a quantization plan does), so a tensor that is not
  // one of ours by address is found by name.
  if (!shards_.empty()) {
    size_t index = size_t(&t - tensors_.data());
    if (&t < tensors_.data() || &t >= tensors_.data() + tensors_.size()) {
      const auto it = std::find_if(tensors_.begin(), tensors_.end(),
                                   [&](const GgufTensorInfo& mine) { return mine.name == t.name; });
      if (it == tensors_.end()) fail(ErrorCode::InvalidArgument, name() + ": no tensor named " + t.name);
      index = size_t(it - tensors_.begin());
    }
    const uint16_t shard = tensor_shard_[index];
    if (shard > 0) {
      const GgufFile& f = *shards_[shard - 1];
      return f.bytes_.subspan(static_cast<size_t>(f.data_offset_ + t.offset), static_cast<size_t>(t.size_bytes));
    }
  }
  return bytes_.subspan(static_cast<size_t>(data_offset_ + t.offset), static_cast<size_t>(t.size_bytes));
}

std::string GgufFile::architecture() const { return metadata_.get_string("general.architecture").value_or(""); }

}  // namespace hearth
