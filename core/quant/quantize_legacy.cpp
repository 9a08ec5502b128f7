// Q4_0, Q4_1, Q5_0 and Q5_1: blocks of 32 values, one scale (and for _1 one min) per block.
//
// The "_0" types are symmetric: d = max / -2^(bits-1), where max is the signed value of largest
// magnitude, so it lands exactly on level 0 and the levels are q = x/d + 2^(bits-1), truncated
// after adding 0.5. The "_1" types spread [min, max] over all 2^bits levels. Element j of a block
// is stored in the low nibble of qs[j] for j < 16 and in the high nibble of qs[j - 16] otherwise;
// the 5-bit types keep each element's fifth bit in bit j of the 32-bit qh.
#include <cfloat>
#include <cstring>

#include "hearth/base/half.h"
#include "hearth/quant/quantize.h"
#include "rounding.h"

namespace hearth {

namespace {

constexpr int kLegacyBlock = 32;  // every legacy type has 32 values per block
static_assert(kQK4_0 == kLegacyBlock && kQK4_1 == kLegacyBlock && kQK5_0 == kLegacyBlock && kQK5_1 == kLegacyBlock);

template <class Block>
constexpr bool kHasHighBits = requires(Block b) { b.qh; };
template <class Block>
constexpr bool kHasMin = requires(Block b) { b.m; };
template <class Block>
constexpr int kBits = kHasHighBits<Block> ? 5 : 4;

// Packs 32 levels (each < 2^bits) into the block's qs (and qh).
// The 4-bit reference ORs the low level in unmasked; levels only exceed 15 for denormal scales
// (where an int8 cast went negative), and then this reproduces its bytes too.
template <class Block>
void store_levels(const uint8_t (&q)[kLegacyBlock], Block& block) {
  constexpr uint8_t kLowMask = kHasHighBits<Block> ? 0x0F : 0xFF;
  for (int j = 0; j < kLegacyBlock / 2; ++j)
    block.qs[j] = uint8_t((q[j] & kLowMask) | ((q[j + kLegacyBlock / 2] & 0xF) << 4));
  if constexpr (kHasHighBits<Block>) {
    uint32_t qh = 0;
    for (int j = 0; j < kLegacyBlock; ++j) qh |= uint32_t((q[j] >> 4) & 1) << j;
    std::memcpy(block.qh, &qh, sizeof qh);  // little-endian, like the rest of GGUF
  }
}

// Level j of a block, 0 .. 2^bits - 1.
template <class Block>
int load_level(const Block& block, int j) {
  const uint8_t byte = block.qs[j % (kLegacyBlock / 2)];
  int q = j < kLegacyBlock / 2 ? (byte & 0xF) : (byte >> 4);
  if constexpr (kHasHighBits<Block>) {
    uint32_t qh;
    std::memcpy(&qh, block.qh, sizeof qh);
    q |= int((qh >> j) & 1) << 4;
  }
  return q;
}

// Q4_0 / Q5_0.
template <class Block>
void quantize_symmetric(const float* x, Block* y, int64_t n) {
  constexpr int kHalf = 1 << (kBits<Block> - 1);  // the level that stands for zero
  constexpr int kTop = (1 << kBits<Block>) - 1;
  for (int64_t b = 0; b < n / kLegacyBlock; ++b, x += kLegacyBlock) {
    float amax = 0.0f, max = 0.0f;
    for (int j = 0; j < kLegacyBlock; ++j) {
      if (amax < std::fabs(x[j])) {
        amax = std::fabs(x[j]);
        max = x[j];
      }
    }
    const float d = max / static_cast<float>(-kHalf);
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    y[b].d = f32_to_f16(d);
    uint8_t q[kLegacyBlock];
    for (int j = 0; j < kLegacyBlock; ++j) {
      const int8_t level = truncate_to_int8(x[j] * id + (static_cast<float>(kHalf) + 0.5f));
      q[j] = static_cast<uint8_t>(level < kTop ? level : kTop);
    }
    store_levels(q, y[b]);
  }
}

// Q4_1 / Q5_1.
template <class Block>
void quantize_with_min(const float* x, Block* y, int64_t n) {
  constexpr int kTop = (1 << kBits<Block>) - 1;
  for (int64_t b = 0; b < n / kLegacyBlock; ++b, x += kLegacyBlock) {
    float min = FLT_MAX, max = -FLT_MAX;
    for (int j = 0; j < kLegacyBlock; ++j) {
      if (x[j] < min) min = x[j];
      if (x[j] > max) max = x[j];
    }
    const float d = (max - min) / static_cast<float>(kTop);
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    y[b].d = f32_to_f16(d);
    y[b].m = f32_to_f16(min);
    uint8_t q[kLegacyBlock];
    for (int j = 0; j < kLegacyBlock; ++j) {
      const float v = (x[j] - min) * id + 0.5f;
      if constexpr (kBits<Block> == 4) {
        // The reference clamps Q4_1 levels to 15 after an int8 cast; Q5_1 casts straight to
        // uint8 (the spread guarantees v < 32 for finite input, so only odd inputs differ).
        const int8_t level = truncate_to_int8(v);
        q[j] = static_cast<uint8_t>(level < kTop ? level : kTop);
      } else {
        q[j] = truncate_to_uint8(v);
      }
    }
    store_levels(q, y[b]);
  }
}

template <class Block>
void dequantize_symmetric(const Block* x, float* y, int64_t n) {
  constexpr int kHalf = 1 << (kBits<Block> - 1);
  for (int64_t b = 0; b < n / kLegacyBlock; ++b) {
    const float d = f16_to_f32(x[b].d);
    for (int j = 0; j < kLegacyBlock; ++j) *y++ = static_cast<float>(load_level(x[b], j) - kHalf) * d;
  }
}

template <class Block>
void dequantize_with_min(const Block* x, float* y, int64_t n) {
  for (int64_t b = 0; b < n / kLegacyBlock; ++b) {
    const float d = f16_to_f32(x[b].d);
    const float m = f16_to_f32(x[b].m);
    for (int j = 0; j < kLegacyBlock; ++j) *y++ = static_cast<float>(load_level(x[b], j)) * d + m;
  }
}

static_assert(!kHasMin<BlockQ4_0> && kHasMin<BlockQ4_1> && kBits<BlockQ5_0> == 5 && kBits<BlockQ4_1> == 4);

}  // namespace

void quantize_row_q4_0_ref(const float* x, BlockQ4_0* y, int64_t n) { quantize_symmetric(x, y, n); }
void quantize_row_q5_0_ref(const float* x, BlockQ5_0* y, int64_t n) { quantize_symmetric(x, y, n); }
void quantize_row_q4_1_ref(const float* x, BlockQ4_1* y, int64_t n) { quantize_with_min(x, y, n); }
void quantize_row_q5_1_ref(const float* x, BlockQ5_1* y, int64_t n) { quantize_with_min(x, y, n); }

void dequantize_row_q4_0(const BlockQ4_0* x, float* y, int64_t n) { dequantize_symmetric(x, y, n); }
void dequantize_row_q5_0(const BlockQ5_0* x, float* y, int64_t n) { dequantize_symmetric(x, y, n); }
void dequantize_row_q4_1(const BlockQ4_1* x, float* y, int64_t n) { dequantize_with_min(x, y, n); }
void dequantize_row_q5_1(const BlockQ5_1* x, float* y, int64_t n) { dequantize_with_min(x, y, n); }

}  // namespace hearth
