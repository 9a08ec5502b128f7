// The interleaved weight layouts (one table row each), packing, and their scalar twins.
//
// Byte layout of one block column of a group of 8 rows (see PackedField):
//   Q4_0: d[8] (f16)             | qs  [4][8][4]     144 bytes
//   Q4_1: d[8] | m[8]            | qs  [4][8][4]     160 bytes
//   Q5_0: d[8] | qh[8][4]        | qs  [4][8][4]     176 bytes (qh bits permuted, see below)
//   Q5_1: d[8] | m[8] | qh[8][4] | qs  [4][8][4]     192 bytes (qh bits permuted)
//   IQ4_NL: as Q4_0                                  144 bytes
//   Q8_0: d[8] (f16)             | qs  [8][8][4]     272 bytes
//   Q2_K: d[8] | dmin[8] | scales [4][8][4] | qs [16][8][4]                  672 bytes
//   Q3_K: d[8] | scales [3][8][4] | hmask [8][8][4] | qs [16][8][4]           880 bytes
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

namespace {
constexpr int kMaxBlockBytes = sizeof(BlockQ6_K);

// Q5_0 / Q5_1: the 32 fifth bits (bit j of qh = element j) are permuted so that the bits of
// the values one packed vector holds sit at one bit position of each byte: element
// 16h + 4k + i (chunk k, half h, value i of the 4) moves to bit 8i + 2k + h. The kernel then
// needs one shift and one mask per half-chunk.
inline int q5_bit_position(int j) { return 8 * (j % 4) + 2 * ((j % 16) / 4) + j / 16; }
void permute_q5_bits(uint8_t* qh) {
  uint32_t in, out = 0;
  std::memcpy(&in, qh, 4);
  for (int j = 0; j < 32; ++j) out |= ((in >> j) & 1u) << q5_bit_position(j);
  std::memcpy(qh, &out, 4);
}
void unpermute_q5_bits(uint8_t* qh) {
  uint32_t in, out = 0;
  std::memcpy(&in, qh, 4);
  for (int j = 0; j < 32; ++j) out |= ((in >> q5_bit_position(j)) & 1u) << j;
  std::memcpy(qh, &out, 4);
}
void transform_q5_0(uint8_t* block) { permute_q5_bits(block + offsetof(BlockQ5_0, qh)); }
void untransform_q5_0(uint8_t* block) { unpermute_q5_bits(block + offsetof(BlockQ5_0, qh)); }
void transform_q5_1(uint8_t* block) { permute_q5_bits(block + offsetof(BlockQ5_1, qh)); }
void untransform_q5_1(uint8_t* block) { unpermute_q5_bits(block + offsetof(BlockQ5_1, qh)); }
}  // namespace

void pack_block_column(const PackedFormat& f, const uint8_t* const rows_in[kPackRows], int n_valid, uint8_t* column) {
  uint8_t transformed[kPackRows][kMaxBlockBytes];
  const uint8_t* rows[kPackRows] = {};
  for (int r = 0; r < n_valid; ++r) {
    rows[r] = rows_in[r];
    if (f.transform) {
      std::memcpy(transformed[r], rows_in[r], static_cast<size_t>(f.block_bytes));
      f.transform(transformed[r]);
      rows[r] = transformed[r];
    }
  }
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
  if (f.untransform)
    for (int r = 0; r < kPackRows; ++r) f.untransform(blocks + r * f.block_bytes);
}

namespace {

// One field of a full group's block column: [n_pieces][8 rows][Piece] from the 8 rows'
// blocks. Piece is a compile-time size so each move is a single load and store.
template <int Piece>
inline uint8_t* pack_field(const uint8_t* block0, int64_t row_stride, int offset, int n_pieces, uint8_t* out) {
  const uint8_t* src = block0 + offset;
  for (int p = 0; p < n_pieces; ++p, src += Piece)
    for (int r = 0; r < kPackRows; ++r, out += Piece) std::memcpy(out, src + r * row_stride, Piece);
  return out;
}

}  // namespace

void pack_group(const PackedFormat& f, const uint8_t* rows, int64_t row_stride, int n_valid, int64_t n_blocks,
                uint8_t* group) {
  if (n_valid < kPackRows || f.transform) {  // the last group of a matrix, or Q5 bit permutation
    const uint8_t* ptrs[kPackRows] = {};
    for (int r = 0; r < n_valid; ++r) ptrs[r] = rows + r * row_stride;
    for (int64_t b = 0; b < n_blocks; ++b) {
      pack_block_column(f, ptrs, n_valid, group + b * f.group_block_bytes);
      for (int r = 0; r < n_valid; ++r) ptrs[r] += f.block_bytes;
    }
    return;
  }
  uint8_t* out = group;
  const uint8_t* block0 = rows;
  for (int64_t b = 0; b < n_blocks; ++b, block0 += f.block_bytes) {
    for (int fi = 0; fi < f.n_fields; ++fi) {
      const PackedField& field = f.fields[fi];
      const int n_pieces = field.len / field.piece;
      switch (field.piece) {
        case 2: out = pack_field<2>(block0, row_stride, field.offset, n_pieces, out); break;
        case 4: out = pack_field<4>(block0, row_stride, field.offset, n_pieces, out); break;
        default:
          for (int p = 0; p < n_pieces; ++p)
            for (int r = 0; r < kPackRows; ++r, out += field.piece)
              std::memcpy(out, block0 + r * row_stride + field.offset + p * field.piece, size_t(field.piece));
      }
    }
  }
}

namespace {

// Scalar twin: unpack, convert the private activation block back to its GGUF block, dot.
template <TensorType kType, ActKind kAct, VecDotFn kDot>
void gemm_scalar(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                 float* out, int64_t out_stride) {
  const PackedFormat& f = *packed_format(kType);
  uint8_t blocks[kPackRows * kMaxBlockBytes];
  for (int t = 0; t < n_tokens; ++t) {
    float sum[kPackRows] = {};
    for (int64_t b = 0; b < n_blocks; ++b) {
      unpack_block_column(f, group + b * f.group_block_bytes, blocks);
      if constexpr (is_float_act(kAct)) {
        const float* a = reinterpret_cast<const float*>(act + t * act_row_bytes) + b * f.block_size;
        for (int r = 0; r < kPackRows; ++r) sum[r] += kDot(f.block_size, blocks + r * f.block_bytes, a);
      } else if constexpr (kAct == ActKind::Q8x32) {
        // As a Q8_1 block, which starts like a Q8_0 block's d: Q8_0 dots read d and qs only.
        const ActQ8x32& a = reinterpret_cast<const ActQ8x32*>(act + t * act_row_bytes)[b];
        BlockQ8_0 y0;
        BlockQ8_1 y1;
        y0.d = y1.d = f32_to_f16(a.d);  // exact: d and s came from f16 values
        y1.s = f32_to_f16(a.s);
        std::memcpy(y0.qs, a.qs, sizeof y0.qs);
        std::memcpy(y1.qs, a.qs, sizeof y1.qs);
        const bool q8_1 = f.type == TensorType::Q4_1 || f.type == TensorType::Q5_1;
        for (int r = 0; r < kPackRows; ++r)
          sum[r] += kDot(f.block_size, blocks + r * f.block_bytes, q8_1 ? static_cast<const void*>(&y1) : &y0);
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

constexpr int kQ4_0Bytes = sizeof(BlockQ4_0), kQ8_0Bytes = sizeof(BlockQ8_0), kQ4_1Bytes = sizeof(BlockQ4_1);
constexpr int kQ5_0Bytes = sizeof(BlockQ5_0), kQ5_1Bytes = sizeof(BlockQ5_1), kIq4nlBytes = sizeof(BlockIQ4_NL);
constexpr int kQ2_KBytes = sizeof(BlockQ2_K), kQ3_KBytes = sizeof(BlockQ3_K);
constexpr int kQ4_KBytes = sizeof(BlockQ4_K), kQ5_KBytes = sizeof(BlockQ5_K), kQ6_KBytes = sizeof(BlockQ6_K);

const PackedFormat kFormats[] = {
    {TensorType::F32, 8, 32, 8 * 32, ActKind::F32, {{0, 32, 4}}, 1,
     {gemm_scalar<TensorType::F32, ActKind::F32, scalar::vec_dot_f32_f32>, avx2::gemm_f32_x8}},
    {TensorType::F16, 8, 16, 8 * 16, ActKind::F16Values, {{0, 16, 2}}, 1,
     {gemm_scalar<TensorType::F16, ActKind::F16Values, scalar::vec_dot_f16_f32>, avx2::gemm_f16_x8}},
    {TensorType::BF16, 8, 16, 8 * 16, ActKind::BF16Values, {{0, 16, 2}}, 1,
     {gemm_scalar<TensorType::BF16, ActKind::BF16Values, scalar::vec_dot_bf16_f32>, avx2::gemm_bf16_x8}},
    {TensorType::Q4_0, kQK4_0, kQ4_0Bytes, 8 * kQ4_0Bytes, ActKind::Q8x32,
     {{offsetof(BlockQ4_0, d), 2, 2}, {offsetof(BlockQ4_0, qs), 16, 4}}, 2,
     {gemm_scalar<TensorType::Q4_0, ActKind::Q8x32, scalar::vec_dot_q4_0_q8_0>, avx2::gemm_q4_0_x8}},
    {TensorType::Q4_1, kQK4_1, kQ4_1Bytes, 8 * kQ4_1Bytes, ActKind::Q8x32,
     {{offsetof(BlockQ4_1, d), 2, 2}, {offsetof(BlockQ4_1, m), 2, 2}, {offsetof(BlockQ4_1, qs), 16, 4}}, 3,
     {gemm_scalar<TensorType::Q4_1, ActKind::Q8x32, scalar::vec_dot_q4_1_q8_1>, avx2::gemm_q4_1_x8}},
    {TensorType::Q5_0, kQK5_0, kQ5_0Bytes, 8 * kQ5_0Bytes, ActKind::Q8x32,
     {{offsetof(BlockQ5_0, d), 2, 2}, {offsetof(BlockQ5_0, qh), 4, 4}, {offsetof(BlockQ5_0, qs), 16, 4}}, 3,
     {gemm_scalar<TensorType::Q5_0, ActKind::Q8x32, scalar::vec_dot_q5_0_q8_0>, avx2::gemm_q5_0_x8},
     transform_q5_0, untransform_q5_0},
    {TensorType::Q5_1, kQK5_1, kQ5_1Bytes, 8 * kQ5_1Bytes, ActKind::Q8x32,
     {{offsetof(BlockQ5_1, d), 2, 2}, {offsetof(BlockQ5_1, m), 2, 2}, {offsetof(BlockQ5_1, qh), 4, 4},
      {offsetof(BlockQ5_1, qs), 16, 4}},
     4,
     {gemm_scalar<TensorType::Q5_1, ActKind::Q8x32, scalar::vec_dot_q5_1_q8_1>, avx2::gemm_q5_1_x8},
     transform_q5_1, untransform_q5_1},
    {TensorType::IQ4_NL, kQK4_NL, kIq4nlBytes, 8 * kIq4nlBytes, ActKind::Q8x32,
     {{offsetof(BlockIQ4_NL, d), 2, 2}, {offsetof(BlockIQ4_NL, qs), 16, 4}}, 2,
     {gemm_scalar<TensorType::IQ4_NL, ActKind::Q8x32, scalar::vec_dot_iq4_nl_q8_0>, avx2::gemm_iq4_nl_x8}},
    {TensorType::Q8_0, kQK8_0, kQ8_0Bytes, 8 * kQ8_0Bytes, ActKind::Q8x32,
     {{offsetof(BlockQ8_0, d), 2, 2}, {offsetof(BlockQ8_0, qs), 32, 4}}, 2,
     {gemm_scalar<TensorType::Q8_0, ActKind::Q8x32, scalar::vec_dot_q8_0_q8_0>, avx2::gemm_q8_0_x8}},
    {TensorType::Q2_K, kQK_K, kQ2_KBytes, 8 * kQ2_KBytes, ActKind::Q8K,
     {{offsetof(BlockQ2_K, d), 2, 2}, {offsetof(BlockQ2_K, dmin), 2, 2}, {offsetof(BlockQ2_K, scales), 16, 4},
      {offsetof(BlockQ2_K, qs), 64, 4}},
     4,
     {gemm_scalar<TensorType::Q2_K, ActKind::Q8K, scalar::vec_dot_q2_k_q8_k>, avx2::gemm_q2_k_x8}},
    {TensorType::Q3_K, kQK_K, kQ3_KBytes, 8 * kQ3_KBytes, ActKind::Q8K,
     {{offsetof(BlockQ3_K, d), 2, 2}, {offsetof(BlockQ3_K, scales), 12, 4}, {offsetof(BlockQ3_K, hmask), 32, 4},
      {offsetof(BlockQ3_K, qs), 64, 4}},
     4,
     {gemm_scalar<TensorType::Q3_K, ActKind::Q8K, scalar::vec_dot_q3_k_q8_k>, avx2::gemm_q3_k_x8}},
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
