// The per-type table of row conversions (one row per TensorType that Hearth can convert).
#include <array>
#include <string>

#include "hearth/base/result.h"
#include "hearth/quant/quantize.h"

namespace hearth {

namespace {

// Adapts a typed function (const float*, Block*, n) to the table's untyped signature.
template <class Block, void (*Fn)(const float*, Block*, int64_t)>
void quantize_as(const float* x, void* y, int64_t n) {
  Fn(x, static_cast<Block*>(y), n);
}
template <class Block, void (*Fn)(const Block*, float*, int64_t)>
void dequantize_as(const void* x, float* y, int64_t n) {
  Fn(static_cast<const Block*>(x), y, n);
}

void copy_f32(const float* x, void* y, int64_t n) { std::copy(x, x + n, static_cast<float*>(y)); }
void copy_f32_back(const void* x, float* y, int64_t n) {
  const auto* f = static_cast<const float*>(x);
  std::copy(f, f + n, y);
}

std::array<RowConversion, kTensorTypeIdLimit> build_table() {
  std::array<RowConversion, kTensorTypeIdLimit> t{};
  auto set = [&](TensorType type, QuantizeRowFn q, DequantizeRowFn d) { t[static_cast<uint32_t>(type)] = {q, d}; };
  set(TensorType::F32, copy_f32, copy_f32_back);
  set(TensorType::F16, quantize_as<uint16_t, convert_row_f32_to_f16>, dequantize_as<uint16_t, convert_row_f16_to_f32>);
  set(TensorType::BF16, quantize_as<uint16_t, convert_row_f32_to_bf16>, dequantize_as<uint16_t, convert_row_bf16_to_f32>);
  set(TensorType::Q8_0, quantize_as<BlockQ8_0, quantize_row_q8_0_ref>, dequantize_as<BlockQ8_0, dequantize_row_q8_0>);
  set(TensorType::Q8_1, quantize_as<BlockQ8_1, quantize_row_q8_1_ref>, nullptr);
  set(TensorType::Q8_K, quantize_as<BlockQ8_K, quantize_row_q8_k_ref>, dequantize_as<BlockQ8_K, dequantize_row_q8_k>);
  return t;
}

const std::array<RowConversion, kTensorTypeIdLimit>& table() {
  static const auto t = build_table();
  return t;
}

}  // namespace

const RowConversion& row_conversion(TensorType type) { return table()[static_cast<uint32_t>(type)]; }

void quantize_row(TensorType type, const float* x, void* y, int64_t n) {
  const auto fn = row_conversion(type).quantize;
  if (!fn) fail(ErrorCode::Unsupported, "cannot quantize to " + std::string(tensor_type_name(type)));
  fn(x, y, n);
}

void dequantize_row(TensorType type, const void* x, float* y, int64_t n) {
  const auto fn = row_conversion(type).dequantize;
  if (!fn) fail(ErrorCode::Unsupported, "cannot dequantize " + std::string(tensor_type_name(type)));
  fn(x, y, n);
}

}  // namespace hearth
