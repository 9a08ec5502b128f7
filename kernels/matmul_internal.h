// Private plumbing of the matmul driver: the activation formats rows are converted to, and the
// interleaved ("packed") weight layouts with their kernels.
#pragma once

#include <cstdint>

#include "hearth/kernels/cpu.h"
#include "hearth/kernels/type_traits.h"
#include "hearth/quant/blocks.h"

namespace hearth::kernels {

// ---- activation formats -------------------------------------------------------------------
// Plain weights use the GGUF activation types of the traits table. The packed kernels use two
// private variants that carry the extra sums they need, with the scale already in float:
//   ActQ8x32: a Q8_0 block (same int8 values, d = the Q8_0 block's f16 scale as float) plus
//             the sum of its 32 values (Q4_0's "-8" offset is applied through it) and the
//             Q8_1 s field (d * sum rounded to f16, as float) for the min term of Q4_1 / Q5_1.
//   ActQ8K:   a Q8_K block plus the sums of its eight 32-value groups, stored in the order
//             0,2,1,3,4,6,5,7 (so two groups' sums load as one int32 pair for a madd).
struct ActQ8x32 {
  float d;
  float s;
  int16_t sum;
  int16_t unused;
  int8_t qs[32];
};
struct ActQ8K {
  float d;
  int16_t bsums[16];  // sums of each 16 values
  int16_t sums32[8];  // sums of each 32 values, order 0,2,1,3,4,6,5,7
  int8_t qs[256];
};
static_assert(sizeof(ActQ8x32) == 44 && sizeof(ActQ8K) == 308);

// F16Values / BF16Values: F32 rows whose values are rounded to f16 / bf16 precision, the
// activations of F16 / BF16 weights. llama.cpp multiplies those weights with a half-precision copy
// of the activations; rounding ours the same way keeps generations token-identical with it on
// files whose odd-width tensors stay F16 (the K-quant mixes of small models).
enum class ActKind : uint8_t { F32, Q8_0, Q8_1, Q8_K, Q8x32, Q8K, F16Values, BF16Values, Count };

// Activations the kernels read as floats (F32 rows, possibly rounded).
constexpr bool is_float_act(ActKind k) { return k == ActKind::F32 || k == ActKind::F16Values || k == ActKind::BF16Values; }

struct ActFormat {
  ActKind kind;
  int block_size;   // values per block
  int block_bytes;  // bytes per block (float kinds: 4 per value, block_size 1)
  FromFloatFn from_float[kIsaCount];  // nullptr for F32 (used in place)
};
// An ActQ8K block from a Q8_K block (the same values plus the per-32 sums the packed K
// kernels read); shared by the scalar and AVX2 converters.
void act_q8k_from_block(const BlockQ8_K& blk, ActQ8K& out);

const ActFormat& act_format(ActKind kind);
ActKind act_kind_of(TensorType act_type);
// The activations the matmul prepares for a weight type: its act_type, except the rounded float
// rows for F16 / BF16 weights.
ActKind matmul_act_kind(const CpuTypeTraits& weight);

namespace scalar {
void quantize_act_q8x32(const float* x, void* y, int64_t n);
void quantize_act_q8k(const float* x, void* y, int64_t n);
void round_act_f16(const float* x, void* y, int64_t n);
void round_act_bf16(const float* x, void* y, int64_t n);
}  // namespace scalar
namespace avx2 {
void quantize_act_q8x32(const float* x, void* y, int64_t n);
void quantize_act_q8k(const float* x, void* y, int64_t n);
void round_act_f16(const float* x, void* y, int64_t n);
void round_act_bf16(const float* x, void* y, int64_t n);
}  // namespace avx2

// ---- packed weights -----------------------------------------------------------------------
// A group is 8 consecutive rows (zero-padded at the end of the matrix) stored block column by
// block column; each format documents its byte layout next to its pack function.
inline constexpr int kPackRows = 8;

// out[t * out_stride + r] = dot(row r of the group, activation row t) for r < 8, t < n_tokens.
// `act` points at token 0's activation row, consecutive rows act_row_bytes apart.
using PackedGemmFn = void (*)(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes,
                              int n_tokens, float* out, int64_t out_stride);

// A group's block column is the 8 rows' blocks re-laid field by field: a field of `len`
// bytes at `offset` in the block is cut into pieces of `piece` bytes, and the pieces are
// stored piece index major, row minor: [len / piece][8 rows][piece]. With piece = 4 this
// puts the same 4 quant bytes of all 8 rows into one 32-byte vector (one int32 lane per
// row); with piece = len (scales) the 8 rows' fields lie side by side.
struct PackedField {
  int offset, len, piece;
};

// Optional per-block bit permutation applied before packing (and undone after unpacking).
using BlockTransform = void (*)(uint8_t* block);

struct PackedFormat {
  TensorType type;
  int block_size;             // values per block of the weight type
  int block_bytes;            // bytes per block of the weight type
  int64_t group_block_bytes;  // bytes of one block column of a group (8 x block_bytes)
  ActKind act;
  PackedField fields[5];
  int n_fields;
  PackedGemmFn gemm[kIsaCount];
  BlockTransform transform = nullptr;  // applied to each block before packing
  BlockTransform untransform = nullptr;
};

// Pack / unpack one block column (8 rows; rows at or beyond n_valid are zeros when packing).
void pack_block_column(const PackedFormat& f, const uint8_t* const rows[kPackRows], int n_valid, uint8_t* column);
void unpack_block_column(const PackedFormat& f, const uint8_t* column, uint8_t* blocks /* [8][block_bytes] */);
// Packs one whole group: n_blocks block columns of the n_valid rows starting at `rows`
// (row r at rows + r * row_stride) into group[n_blocks * group_block_bytes]. Produces exactly
// the bytes of pack_block_column applied column by column; a full group without a transform
// takes a fast path (fixed-size moves, no per-piece calls) since this runs over every weight
// byte at model load.
void pack_group(const PackedFormat& f, const uint8_t* rows, int64_t row_stride, int n_valid, int64_t n_blocks,
                uint8_t* group);

// The interleaved layout for a type, or nullptr.
const PackedFormat* packed_format(TensorType type);

namespace avx2 {
void gemm_f32_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                 float* out, int64_t out_stride);
void gemm_f16_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                 float* out, int64_t out_stride);
void gemm_bf16_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
void gemm_q4_1_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
void gemm_q5_0_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
void gemm_q5_1_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
void gemm_iq4_nl_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                    float* out, int64_t out_stride);
void gemm_q4_0_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
void gemm_q8_0_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
void gemm_q2_k_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
void gemm_q3_k_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
void gemm_q4_k_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
void gemm_q5_k_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
void gemm_q6_k_x8(int64_t n_blocks, const uint8_t* group, const uint8_t* act, int64_t act_row_bytes, int n_tokens,
                  float* out, int64_t out_stride);
}  // namespace avx2

}  // namespace hearth::kernels
