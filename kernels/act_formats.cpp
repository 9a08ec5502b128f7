// The activation formats of the matmul driver and their converters. The private packed
// formats are the GGUF activation blocks plus sums; their scalar converters are built on the
// reference quantizers so every family produces identical bytes.
#include <cstring>

#include "hearth/base/half.h"
#include "hearth/base/result.h"
#include "hearth/quant/quantize.h"
#include "matmul_internal.h"
#include "vec_dot.h"

namespace hearth::kernels {

namespace scalar {

void quantize_act_q8x32(const float* x, void* y, int64_t n) {
  auto* out = static_cast<ActQ8x32*>(y);
  for (int64_t b = 0; b < n / 32; ++b) {
    BlockQ8_0 blk;
    quantize_row_q8_0_ref(x + b * 32, &blk, 32);
    int sum = 0;
    for (int j = 0; j < 32; ++j) sum += blk.qs[j];
    out[b].d = f16_to_f32(blk.d);
    // Q8_1's s: d * sum with the unrounded d, rounded to f16 (quantize_row_q8_1_ref)
    BlockQ8_1 b1;
    quantize_row_q8_1_ref(x + b * 32, &b1, 32);
    out[b].s = f16_to_f32(b1.s);
    out[b].sum = static_cast<int16_t>(sum);
    out[b].unused = 0;
    std::memcpy(out[b].qs, blk.qs, 32);
  }
}

void quantize_act_q8k(const float* x, void* y, int64_t n) {
  auto* out = static_cast<ActQ8K*>(y);
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    BlockQ8_K blk;
    quantize_row_q8_k_ref(x + b * kQK_K, &blk, kQK_K);
    act_q8k_from_block(blk, out[b]);
  }
}

void round_act_f16(const float* x, void* y, int64_t n) {
  auto* out = static_cast<float*>(y);
  for (int64_t i = 0; i < n; ++i) out[i] = f16_to_f32(f32_to_f16(x[i]));
}

void round_act_bf16(const float* x, void* y, int64_t n) {
  auto* out = static_cast<float*>(y);
  for (int64_t i = 0; i < n; ++i) out[i] = bf16_to_f32(f32_to_bf16(x[i]));
}

}  // namespace scalar

void act_q8k_from_block(const BlockQ8_K& blk, ActQ8K& out) {
  out.d = blk.d;
  std::memcpy(out.qs, blk.qs, sizeof blk.qs);
  std::memcpy(out.bsums, blk.bsums, sizeof blk.bsums);
  static constexpr int kOrder[8] = {0, 2, 1, 3, 4, 6, 5, 7};
  for (int i = 0; i < 8; ++i)
    out.sums32[i] = static_cast<int16_t>(blk.bsums[2 * kOrder[i]] + blk.bsums[2 * kOrder[i] + 1]);
}

const ActFormat& act_format(ActKind kind) {
  static const ActFormat formats[] = {
      {ActKind::F32, 1, 4, {nullptr, nullptr}},
      {ActKind::Q8_0, 32, sizeof(BlockQ8_0), {scalar::quantize_act_q8_0, avx2::quantize_act_q8_0}},
      {ActKind::Q8_1, 32, sizeof(BlockQ8_1), {scalar::quantize_act_q8_1, avx2::quantize_act_q8_1}},
      {ActKind::Q8_K, 256, sizeof(BlockQ8_K), {scalar::quantize_act_q8_k, avx2::quantize_act_q8_k}},
      {ActKind::Q8x32, 32, sizeof(ActQ8x32), {scalar::quantize_act_q8x32, avx2::quantize_act_q8x32}},
      {ActKind::Q8K, 256, sizeof(ActQ8K), {scalar::quantize_act_q8k, avx2::quantize_act_q8k}},
      {ActKind::F16Values, 1, 4, {scalar::round_act_f16, avx2::round_act_f16}},
      {ActKind::BF16Values, 1, 4, {scalar::round_act_bf16, avx2::round_act_bf16}},
  };
  static_assert(sizeof formats / sizeof formats[0] == static_cast<size_t>(ActKind::Count));
  return formats[static_cast<size_t>(kind)];
}

ActKind matmul_act_kind(const CpuTypeTraits& weight) {
  if (weight.type == TensorType::F16) return ActKind::F16Values;
  if (weight.type == TensorType::BF16) return ActKind::BF16Values;
  return act_kind_of(weight.act_type);
}

ActKind act_kind_of(TensorType act_type) {
  switch (act_type) {
    case TensorType::F32: return ActKind::F32;
    case TensorType::Q8_0: return ActKind::Q8_0;
    case TensorType::Q8_1: return ActKind::Q8_1;
    case TensorType::Q8_K: return ActKind::Q8_K;
    default: fail(ErrorCode::Internal, "no activation format for " + std::string(tensor_type_name(act_type)));
  }
}

}  // namespace hearth::kernels
