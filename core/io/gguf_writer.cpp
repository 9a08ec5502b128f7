#include "hearth/io/gguf_writer.h"
#include "hearth/base/utf8_path.h"

#include "hearth/base/checked_math.h"

namespace hearth {

namespace {

// Serialises metadata values in the on-disk encoding.
class ValueWriter {
 public:
  explicit ValueWriter(AtomicOutputFile& out) : out_(out) {}

  template <class T>
  void pod(T v) {
    out_.write(&v, sizeof v);
  }
  void string(const std::string& s) {
    pod<uint64_t>(s.size());
    out_.write(s.data(), s.size());
  }
  void value(const GgufValue& v) {
    std::visit(
        [this](const auto& x) {
          using X = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<X, std::string>) {
            string(x);
          } else if constexpr (std::is_same_v<X, GgufArray>) {
            array(x);
          } else if constexpr (std::is_same_v<X, bool>) {
            pod<uint8_t>(x ? 1 : 0);
          } else {
            pod(x);
          }
        },
        v.storage());
  }
  void array(const GgufArray& a) {
    pod<uint32_t>(static_cast<uint32_t>(a.element_type()));
    pod<uint64_t>(a.size());
    std::visit(
        [this](const auto& items) {
          using E = typename std::decay_t<decltype(items)>::value_type;
          if constexpr (std::is_same_v<E, std::string>) {
            for (const auto& s : items) string(s);
          } else if constexpr (std::is_same_v<E, GgufArray>) {
            for (const auto& sub : items) array(sub);
          } else {
            out_.write(items.data(), items.size() * sizeof(E));
          }
        },
        a.items);
  }

 private:
  AtomicOutputFile& out_;
};

}  // namespace

GgufWriter::GgufWriter(std::filesystem::path target) : target_(std::move(target)) {}

uint32_t GgufWriter::alignment() const {
  if (const GgufValue* v = metadata_.find(kGgufAlignmentKey)) {
    const auto* a = std::get_if<uint32_t>(&v->storage());
    if (!a || !is_power_of_two(*a)) {
      fail(ErrorCode::InvalidArgument, hearth::path_utf8(target_) + ": general.alignment must be a u32 power of two");
    }
    return *a;
  }
  return kGgufDefaultAlignment;
}

void GgufWriter::add_tensor(std::string name, TensorType type, std::vector<int64_t> shape) {
  if (header_written_) fail(ErrorCode::Internal, "GgufWriter: add_tensor after write_header");
  if (shape.size() > kGgufMaxDims) fail(ErrorCode::InvalidArgument, "tensor " + name + ": more than 4 dimensions");
  for (const auto& t : tensors_)
    if (t.name == name) fail(ErrorCode::InvalidArgument, "duplicate tensor name " + name);
  GgufTensorInfo t;
  t.name = std::move(name);
  t.type = type;
  t.shape = std::move(shape);
  const auto& layout = tensor_type_layout(type);
  const int64_t n = t.element_count();
  if (t.row_length() % layout.block_size != 0) {
    fail(ErrorCode::InvalidArgument, "tensor " + t.name + ": row length " + std::to_string(t.row_length()) +
                                         " is not a multiple of the " + std::string(layout.name) + " block size");
  }
  t.size_bytes = uint64_t(n) / layout.block_size * layout.block_bytes;
  tensors_.push_back(std::move(t));
}

uint64_t GgufWriter::planned_file_size() const {
  uint64_t data = 0;
  for (const auto& t : tensors_) data = align_up(data + t.size_bytes, alignment());
  return header_bytes_ + data;
}

uint64_t GgufWriter::bytes_written() const { return out_ ? out_->bytes_written() : 0; }

void GgufWriter::write_header() {
  if (header_written_) fail(ErrorCode::Internal, "GgufWriter: header written twice");
  const uint32_t align = alignment();
  // Assign data offsets: each tensor starts aligned, in declaration order.
  uint64_t offset = 0;
  for (auto& t : tensors_) {
    t.offset = offset;
    offset = align_up(offset + t.size_bytes, align);
  }
  out_ = std::make_unique<AtomicOutputFile>(target_);
  ValueWriter w(*out_);
  out_->write("GGUF", 4);
  w.pod<uint32_t>(3);
  w.pod<uint64_t>(tensors_.size());
  w.pod<uint64_t>(metadata_.size());
  for (const auto& [key, value] : metadata_.entries()) {
    w.string(key);
    w.pod<uint32_t>(static_cast<uint32_t>(value.type()));
    w.value(value);
  }
  for (const auto& t : tensors_) {
    w.string(t.name);
    w.pod<uint32_t>(static_cast<uint32_t>(t.shape.size()));
    for (int64_t d : t.shape) w.pod<uint64_t>(static_cast<uint64_t>(d));
    w.pod<uint32_t>(static_cast<uint32_t>(t.type));
    w.pod<uint64_t>(t.offset);
  }
  // Files without tensors end right after the header (as llama.cpp's Python writer leaves
  // vocabulary-only files); otherwise the data section starts aligned.
  if (!tensors_.empty()) out_->write_zeros(align_up(out_->bytes_written(), align) - out_->bytes_written());
  header_bytes_ = out_->bytes_written();
  header_written_ = true;
  current_tensor_ = 0;
  current_written_ = 0;
}

void GgufWriter::write_tensor_data(std::span<const std::byte> bytes) {
  if (!header_written_) fail(ErrorCode::Internal, "GgufWriter: tensor data before header");
  while (!bytes.empty()) {
    if (current_tensor_ >= tensors_.size()) {
      fail(ErrorCode::Internal, hearth::path_utf8(target_) + ": more tensor data written than declared");
    }
    const auto& t = tensors_[current_tensor_];
    const uint64_t take = std::min<uint64_t>(bytes.size(), t.size_bytes - current_written_);
    out_->write(bytes.first(static_cast<size_t>(take)));
    current_written_ += take;
    bytes = bytes.subspan(static_cast<size_t>(take));
    if (current_written_ == t.size_bytes) {
      out_->write_zeros(align_up(t.size_bytes, alignment()) - t.size_bytes);
      ++current_tensor_;
      current_written_ = 0;
    }
  }
  // Zero-sized tensors complete without data.
  while (current_tensor_ < tensors_.size() && tensors_[current_tensor_].size_bytes == 0 && current_written_ == 0) {
    ++current_tensor_;
  }
}

void GgufWriter::commit() {
  if (!header_written_) write_header();
  write_tensor_data({});
  if (current_tensor_ != tensors_.size()) {
    fail(ErrorCode::Internal, hearth::path_utf8(target_) + ": tensor \"" + tensors_[current_tensor_].name +
                                  "\" was not written completely");
  }
  out_->commit();
}

void GgufWriter::discard() noexcept {
  if (out_) out_->discard();
}

Status write_gguf_copy(const GgufFile& file, const std::filesystem::path& target) {
  return capture_errors([&] {
    GgufWriter w(target);
    for (const auto& [key, value] : file.metadata().entries()) w.metadata().set(key, value);
    for (const auto& t : file.tensors()) w.add_tensor(t.name, t.type, t.shape);
    w.write_header();
    for (const auto& t : file.tensors()) w.write_tensor_data(file.tensor_data(t));
    w.commit();
  });
}

}  // namespace hearth
