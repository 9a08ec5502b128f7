// The interleaved weight layouts (one table row each), packing, and their scalar twins.
//
// Byte layout of one block column of a group of 8 rows (see PackedField):
//   Q4_0: d[8] (f16)             | qs  [4][8][4]     144 bytes
//   Q8_0: d[8] (f16)             | qs  [8][8][4]     272 bytes
//   Q4_K: d[8] | dmin[8] (f16)   | scales [3][8][4] (the 12 packed scale bytes as 3 words)
//                                | qs  [32][8][4]    1152 bytes
//   Q5_K: as Q4_K with qh [8][8][4] between the scales and qs   1408 bytes
//   Q6_K: d[8] (f16)             | scales [8][8][2] (int8 pairs) | ql [32][8][4] | qh [16][8][4]
//                                                    1680 bytes
//   F16, BF16, F32: blocks of 8 values: [8 values][8 rows] (one vector = one column of 8 rows)
//                                                    128 / 128 / 256 bytes
// The packed size equals the original size: packing costs no extra memory bandwidth.
//
// The scalar twin of every packed kernel unpacks each block column back into 8 ordinary
// blocks and calls the scalar vec_dot block by block, accumulating exactly as the row-major
// scalar path does, so packed and plain scalar results are identical.
#include <cstddef>
#include <cstring>

#include "hearth/base/half.h"
#include "matmul_internal.h"
#include "vec_dot.h"

namespace hearth::kernels {

void pack_block_column(const PackedFormat& f, const uint8_t* const rows[kPackRows], int n_valid, uint8_t* column) {
  uint8_t* out = column;
  for (int fi = 0; fi < f.n_fields; ++fi) {
    const PackedField& field = f.fields[fi];
    for (int piece = 0; piece < field.len / field.piece; ++piece)
      for (int r = 0; r < kPackRows; ++r, out += field.piece) {
        if (r < n_valid)
          std::memcpy(out, rows[r] + field.offset + piece * field.piece, static_cast<size_t>(field.piece));
        else
          std::memset(out, 0, static_cast<size_t>(field.piece));
      }
  }
}

void unpack_block_column(const PackedFormat& f, const uint8_t* column, uint8_t* blocks) {
  const uint8_t* in = column;
  for (int fi = 0; fi < f.n_fields; ++fi) {
    const PackedField& field = f.fields[fi];
    for (int piece = 0; piece < field.len / field.piece; ++piece)
      for (int r = 0; r < kPackRows; ++r, in += field.piece)
        std::memcpy(blocks + r * f.block_bytes + field.offset + piece * field.piece, in, static_cast<size_t>(field.piece));
  }
}

namespace {

// Scalar twin: unpack, convert the private activation block back to its GGUF block, dot.
template <TensorType kType, ActKind kAct, VecDotFn kDot>
void gemm_scalar(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                 float* out, int64_t out_stride) {
  const PackedFormat& f = *packed_format(kType);
  uint8_t blocks[kPackRows * sizeof(BlockQ6_K)];
  for (int t = 0; t < n_tokens; ++t) {
    float sum[kPackRows] = {};
    for (int64_t b = 0; b < n_blocks; ++b) {
      unpack_block_column(f, group + b * f.group_block_bytes, blocks);
      if constexpr (kAct == ActKind::F32) {
        const float* a = reinterpret_cast<const float*>(act + t * act_row_bytes) + b * f.block_size;
        for (int r = 0; r < kPackRows; ++r) sum[r] += kDot(f.block_size, blocks + r * f.block_bytes, a);
      } else if constexpr (kAct == ActKind::Q8x32) {
        const ActQ8x32& a = reinterpret_cast<const ActQ8x32*>(act + t * act_row_bytes)[b];
        BlockQ8_0 y;
        y.d = f32_to_f16(a.d);  // exact: d came from an f16
        std::memcpy(y.qs, a.qs, sizeof y.qs);
        for (int r = 0; r < kPackRows; ++r) sum[r] += kDot(f.block_size, blocks + r * f.block_bytes, &y);
      } else {
        const ActQ8K& a = reinterpret_cast<const ActQ8K*>(act + t * act_row_bytes)[b];
        BlockQ8_K y;
        y.d = a.d;
        std::memcpy(y.qs, a.qs, sizeof y.qs);
        std::memcpy(y.bsums, a.bsums, sizeof y.bsums);
        for (int r = 0; r < kPackRows; ++r) sum[r] += kDot(f.block_size, blocks + r * f.block_bytes, &y);
      }
    }
    for (int r = 0; r < kPackRows; ++r) out[t * out_stride + r] = sum[r];
  }
}

constexpr int kQ4_0Bytes = sizeof(BlockQ4_0), kQ8_0Bytes = sizeof(BlockQ8_0);
constexpr int kQ4_KBytes = sizeof(BlockQ4_K), kQ5_KBytes = sizeof(BlockQ5_K), kQ6_KBytes = sizeof(BlockQ6_K);

const PackedFormat kFormats[] = {
    {TensorType::F32, 8, 32, 8 * 32, ActKind::F32, {{0, 32, 4}}, 1,
     {gemm_scalar<TensorType::F32, ActKind::F32, scalar::vec_dot_f32_f32>, avx2::gemm_f32_x8}},
    {TensorType::F16, 8, 16, 8 * 16, ActKind::F32, {{0, 16, 2}}, 1,
     {gemm_scalar<TensorType::F16, ActKind::F32, scalar::vec_dot_f16_f32>, avx2::gemm_f16_x8}},
    {TensorType::BF16, 8, 16, 8 * 16, ActKind::F32, {{0, 16, 2}}, 1,
     {gemm_scalar<TensorType::BF16, ActKind::F32, scalar::vec_dot_bf16_f32>, avx2::gemm_bf16_x8}},
    {TensorType::Q4_0, kQK4_0, kQ4_0Bytes, 8 * kQ4_0Bytes, ActKind::Q8x32,
     {{offsetof(BlockQ4_0, d), 2, 2}, {offsetof(BlockQ4_0, qs), 16, 4}}, 2,
     {gemm_scalar<TensorType::Q4_0, ActKind::Q8x32, scalar::vec_dot_q4_0_q8_0>, avx2::gemm_q4_0_x8}},
    {TensorType::Q8_0, kQK8_0, kQ8_0Bytes, 8 * kQ8_0Bytes, ActKind::Q8x32,
     {{offsetof(BlockQ8_0, d), 2, 2}, {offsetof(BlockQ8_0, qs), 32, 4}}, 2,
     {gemm_scalar<TensorType::Q8_0, ActKind::Q8x32, scalar::vec_dot_q8_0_q8_0>, avx2::gemm_q8_0_x8}},
    {TensorType::Q4_K, kQK_K, kQ4_KBytes, 8 * kQ4_KBytes, ActKind::Q8K,
     {{offsetof(BlockQ4_K, d), 2, 2}, {offsetof(BlockQ4_K, dmin), 2, 2}, {offsetof(BlockQ4_K, scales), 12, 4},
      {offsetof(BlockQ4_K, qs), 128, 4}},
     4,
     {gemm_scalar<TensorType::Q4_K, ActKind::Q8K, scalar::vec_dot_q4_k_q8_k>, avx2::gemm_q4_k_x8}},
    {TensorType::Q5_K, kQK_K, kQ5_KBytes, 8 * kQ5_KBytes, ActKind::Q8K,
     {{offsetof(BlockQ5_K, d), 2, 2}, {offsetof(BlockQ5_K, dmin), 2, 2}, {offsetof(BlockQ5_K, scales), 12, 4},
      {offsetof(BlockQ5_K, qh), 32, 4}, {offsetof(BlockQ5_K, qs), 128, 4}},
     5,
     {gemm_scalar<TensorType::Q5_K, ActKind::Q8K, scalar::vec_dot_q5_k_q8_k>, avx2::gemm_q5_k_x8}},
    {TensorType::Q6_K, kQK_K, kQ6_KBytes, 8 * kQ6_KBytes, ActKind::Q8K,
     {{offsetof(BlockQ6_K, d), 2, 2}, {offsetof(BlockQ6_K, scales), 16, 2}, {offsetof(BlockQ6_K, ql), 128, 4},
      {offsetof(BlockQ6_K, qh), 64, 4}},
     4,
     {gemm_scalar<TensorType::Q6_K, ActKind::Q8K, scalar::vec_dot_q6_k_q8_k>, avx2::gemm_q6_k_x8}},
};

}  // namespace

const PackedFormat* packed_format(TensorType type) {
  for (const PackedFormat& f : kFormats)
    if (f.type == type) return &f;
  return nullptr;
}

}  // namespace hearth::kernels
