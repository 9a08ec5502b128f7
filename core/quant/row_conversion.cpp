// The per-type table of row conversions (one row per TensorType that Hearth can convert).
#include <algorithm>
#include <array>
#include <string>

#include "hearth/base/result.h"
#include "hearth/quant/quantize.h"
#include "row_checks.h"

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
  set(TensorType::Q4_0, quantize_as<BlockQ4_0, quantize_row_q4_0_ref>, dequantize_as<BlockQ4_0, dequantize_row_q4_0>);
  set(TensorType::Q4_1, quantize_as<BlockQ4_1, quantize_row_q4_1_ref>, dequantize_as<BlockQ4_1, dequantize_row_q4_1>);
  set(TensorType::Q5_0, quantize_as<BlockQ5_0, quantize_row_q5_0_ref>, dequantize_as<BlockQ5_0, dequantize_row_q5_0>);
  set(TensorType::Q5_1, quantize_as<BlockQ5_1, quantize_row_q5_1_ref>, dequantize_as<BlockQ5_1, dequantize_row_q5_1>);
  set(TensorType::Q8_0, quantize_as<BlockQ8_0, quantize_row_q8_0_ref>, dequantize_as<BlockQ8_0, dequantize_row_q8_0>);
  set(TensorType::Q8_1, quantize_as<BlockQ8_1, quantize_row_q8_1_ref>, dequantize_as<BlockQ8_1, dequantize_row_q8_1>);
  set(TensorType::Q2_K, quantize_as<BlockQ2_K, quantize_row_q2_k_ref>, dequantize_as<BlockQ2_K, dequantize_row_q2_k>);
  set(TensorType::Q3_K, quantize_as<BlockQ3_K, quantize_row_q3_k_ref>, dequantize_as<BlockQ3_K, dequantize_row_q3_k>);
  set(TensorType::Q4_K, quantize_as<BlockQ4_K, quantize_row_q4_k_ref>, dequantize_as<BlockQ4_K, dequantize_row_q4_k>);
  set(TensorType::Q5_K, quantize_as<BlockQ5_K, quantize_row_q5_k_ref>, dequantize_as<BlockQ5_K, dequantize_row_q5_k>);
  set(TensorType::Q6_K, quantize_as<BlockQ6_K, quantize_row_q6_k_ref>, dequantize_as<BlockQ6_K, dequantize_row_q6_k>);
  set(TensorType::Q8_K, quantize_as<BlockQ8_K, quantize_row_q8_k_ref>, dequantize_as<BlockQ8_K, dequantize_row_q8_k>);
  set(TensorType::IQ4_NL, quantize_as<BlockIQ4_NL, quantize_row_iq4_nl_ref>,
      dequantize_as<BlockIQ4_NL, dequantize_row_iq4_nl>);
  return t;
}

// The type's name for messages, safe for ids that are no type at all.
std::string type_label(TensorType type) {
  const auto id = static_cast<uint32_t>(type);
  if (const TensorTypeLayout* layout = tensor_type_layout(id)) return std::string(layout->name);
  return "tensor type id " + std::to_string(id);
}

const std::array<RowConversion, kTensorTypeIdLimit>& table() {
  static const auto t = build_table();
  return t;
}

}  // namespace

const RowConversion& row_conversion(TensorType type) {
  static const RowConversion kNone{};
  const auto id = static_cast<uint32_t>(type);
  return id < kTensorTypeIdLimit ? table()[id] : kNone;
}

namespace quant_detail {

QuantizeRowFn require_quantizer(TensorType type) {
  const auto fn = row_conversion(type).quantize;
  if (!fn) fail(ErrorCode::Unsupported, "cannot quantize to " + type_label(type));
  return fn;
}

DequantizeRowFn require_dequantizer(TensorType type) {
  const auto fn = row_conversion(type).dequantize;
  if (!fn) fail(ErrorCode::Unsupported, "cannot dequantize " + type_label(type));
  return fn;
}

void check_row_length(TensorType type, int64_t n) {
  const auto block = static_cast<int64_t>(tensor_type_layout(type).block_size);
  if (n < 0 || n % block != 0)
    fail(ErrorCode::InvalidArgument, "a row of " + std::to_string(n) + " values cannot be stored as " +
                                         std::string(tensor_type_name(type)) + ": it needs a multiple of " +
                                         std::to_string(block));
}

}  // namespace quant_detail

void quantize_row(TensorType type, const float* x, void* y, int64_t n) {
  const auto fn = quant_detail::require_quantizer(type);
  quant_detail::check_row_length(type, n);
  fn(x, y, n);
}

void dequantize_row(TensorType type, const void* x, float* y, int64_t n) {
  const auto fn = quant_detail::require_dequantizer(type);
  quant_detail::check_row_length(type, n);
  fn(x, y, n);
}

}  // namespace hearth
