#include "model/tensor_binder.h"

#include <cstring>

#include "hearth/quant/quantize.h"

namespace hearth {

TensorBinder::TensorBinder(const GgufFile& file, MatrixHook hook) : file_(file), hook_(std::move(hook)) {}

std::string TensorBinder::layer_name(int il, std::string_view suffix) {
  return "blk." + std::to_string(il) + "." + std::string(suffix);
}

const GgufTensorInfo& TensorBinder::find(std::string_view name) const {
  const GgufTensorInfo* info = file_.find_tensor(name);
  if (!info) fail(ErrorCode::Format, file_.name() + ": tensor " + std::string(name) + " is missing");
  return *info;
}

static std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

Tensor TensorBinder::view(const GgufTensorInfo& info, int64_t cols, int64_t rows) {
  const bool vector_ok = rows == 1 && info.shape.size() == 1 && info.shape[0] == cols;
  const bool matrix_ok = info.shape.size() == 2 && info.shape[0] == cols && info.shape[1] == rows;
  if (!vector_ok && !matrix_ok) {
    const std::vector<int64_t> want = rows == 1 ? std::vector<int64_t>{cols} : std::vector<int64_t>{cols, rows};
    fail(ErrorCode::Format, file_.name() + ": tensor " + info.name + " has shape " + shape_text(info.shape) +
                                ", expected " + shape_text(want) + " from the model's hyperparameters");
  }
  const auto row_bytes = tensor_row_bytes(info.type, uint64_t(cols));
  if (!row_bytes) fail(ErrorCode::Format, file_.name() + ": tensor " + info.name + " rows do not fill whole blocks");
  const auto bytes = file_.tensor_data(info);
  Tensor t;
  t.data = const_cast<std::byte*>(bytes.data());  // the mapping is read-only; weights are never written
  t.type = info.type;
  t.cols = cols;
  t.rows = rows;
  t.row_stride = size_t(*row_bytes);
  parameters_ += uint64_t(info.element_count());
  bound_.push_back({info.name, part_, t, false, false, info.size_bytes});
  return t;
}

void TensorBinder::check_matmul_type(const GgufTensorInfo& info) const {
  if (!backend_supports_weight_type(kCpuDevice, info.type))
    fail(ErrorCode::Unsupported, file_.name() + ": tensor " + info.name + " has type " +
                                     std::string(tensor_type_name(info.type)) + ", which Hearth cannot run yet");
}

Tensor TensorBinder::matrix(std::string_view name, int64_t cols, int64_t rows) {
  const GgufTensorInfo& info = find(name);
  check_matmul_type(info);
  Tensor t = view(info, cols, rows);
  bound_.back().matmul = true;
  if (hook_) bound_.back().tensor = t = hook_(t, part_, true);
  return t;
}

Tensor TensorBinder::table(std::string_view name, int64_t cols, int64_t rows) {
  const GgufTensorInfo& info = find(name);
  if (!row_conversion(info.type).dequantize)
    fail(ErrorCode::Unsupported, file_.name() + ": tensor " + info.name + " has type " +
                                     std::string(tensor_type_name(info.type)) + ", which Hearth cannot read");
  return view(info, cols, rows);
}

Tensor TensorBinder::reuse_as_matrix(const Tensor& table, std::string_view name) {
  check_matmul_type(find(name));
  bound_.push_back({std::string(name), part_, table, true, false, 0});
  Tensor t = table;
  if (hook_) bound_.back().tensor = t = hook_(table, part_, true);
  return t;
}

Tensor TensorBinder::f32_vector(std::string_view name, int64_t cols) {
  const GgufTensorInfo& info = find(name);
  Tensor t = view(info, cols, 1);
  if (info.type != TensorType::F32) {
    const auto& conv = row_conversion(info.type);
    if (!conv.dequantize)
      fail(ErrorCode::Unsupported, file_.name() + ": tensor " + info.name + " has type " +
                                       std::string(tensor_type_name(info.type)) + ", which Hearth cannot read");
    auto copy = std::make_unique<float[]>(size_t(cols));
    conv.dequantize(t.data, copy.get(), cols);
    t.data = reinterpret_cast<std::byte*>(copy.get());
    t.type = TensorType::F32;
    t.row_stride = size_t(cols) * sizeof(float);
    converted_.push_back(std::move(copy));
  }
  bound_.back().tensor = t;
  return t;
}

Tensor TensorBinder::vector(std::string_view name, int64_t cols) {
  Tensor t = f32_vector(name, cols);
  bound_.back().vector = true;
  if (hook_) bound_.back().tensor = t = hook_(t, part_, false);
  return t;
}

Tensor TensorBinder::optional_host_vector(std::string_view name, int64_t cols) {
  return has(name) ? f32_vector(name, cols) : Tensor{};
}

Tensor TensorBinder::optional_matrix(std::string_view name, int64_t cols, int64_t rows) {
  return has(name) ? matrix(name, cols, rows) : Tensor{};
}

Tensor TensorBinder::optional_vector(std::string_view name, int64_t cols) {
  return has(name) ? vector(name, cols) : Tensor{};
}

}  // namespace hearth
