// On-disk block layouts of the quantized GGUF types (the public ggml block formats). A tensor
// row of n values of type T is n / block_size consecutive blocks. `d` / `dmin` are IEEE half
// floats stored as raw uint16_t bits (see hearth/base/half.h).
#pragma once

#include <cstdint>

namespace hearth {

inline constexpr int kQK4_0 = 32;
inline constexpr int kQK4_1 = 32;
inline constexpr int kQK5_0 = 32;
inline constexpr int kQK5_1 = 32;
inline constexpr int kQK8_0 = 32;
inline constexpr int kQK8_1 = 32;
inline constexpr int kQK4_NL = 32;
inline constexpr int kQK_K = 256;      // super-block of the K types
inline constexpr int kKScaleBytes = 12;  // packed 6-bit scales/mins of Q4_K / Q5_K

// x = d * (q - 8), q 4-bit; qs[i] holds element i (low nibble) and i+16 (high nibble)
struct BlockQ4_0 {
  uint16_t d;
  uint8_t qs[kQK4_0 / 2];
};
// x = d * q + m
struct BlockQ4_1 {
  uint16_t d;
  uint16_t m;
  uint8_t qs[kQK4_1 / 2];
};
// x = d * (q - 16), q 5-bit: low 4 bits in qs as Q4_0, 5th bit of element j in bit j of qh
struct BlockQ5_0 {
  uint16_t d;
  uint8_t qh[4];
  uint8_t qs[kQK5_0 / 2];
};
struct BlockQ5_1 {
  uint16_t d;
  uint16_t m;
  uint8_t qh[4];
  uint8_t qs[kQK5_1 / 2];
};
// x = d * q, q int8
struct BlockQ8_0 {
  uint16_t d;
  int8_t qs[kQK8_0];
};
// Q8_0 plus s = d * sum(qs), the activation type paired with Q4_1 / Q5_1
struct BlockQ8_1 {
  uint16_t d;
  uint16_t s;
  int8_t qs[kQK8_1];
};
// 16 sub-blocks of 16: x = d * scale * q - dmin * min, 4-bit scale/min pairs, 2-bit q
struct BlockQ2_K {
  uint8_t scales[kQK_K / 16];
  uint8_t qs[kQK_K / 4];
  uint16_t d;
  uint16_t dmin;
};
// 16 sub-blocks of 16: 3-bit q (2 low bits in qs, high bit in hmask), 6-bit scales packed in 12 bytes
struct BlockQ3_K {
  uint8_t hmask[kQK_K / 8];
  uint8_t qs[kQK_K / 4];
  uint8_t scales[12];
  uint16_t d;
};
// 8 sub-blocks of 32: x = d * scale * q - dmin * min, 6-bit scales/mins packed in 12 bytes
struct BlockQ4_K {
  uint16_t d;
  uint16_t dmin;
  uint8_t scales[kKScaleBytes];
  uint8_t qs[kQK_K / 2];
};
struct BlockQ5_K {
  uint16_t d;
  uint16_t dmin;
  uint8_t scales[kKScaleBytes];
  uint8_t qh[kQK_K / 8];
  uint8_t qs[kQK_K / 2];
};
// 16 sub-blocks of 16: x = d * scale * (q - 32), 6-bit q (4 low bits in ql, 2 high in qh), int8 scales
struct BlockQ6_K {
  uint8_t ql[kQK_K / 2];
  uint8_t qh[kQK_K / 4];
  int8_t scales[kQK_K / 16];
  uint16_t d;
};
// Activation type of the K dot products: float scale, int8 values, sums of each 16 values
struct BlockQ8_K {
  float d;
  int8_t qs[kQK_K];
  int16_t bsums[kQK_K / 16];
};
// Like Q4_0 but the 4-bit index selects from a fixed non-linear table of 16 values:
// x = d * kIq4nlValues[index]
struct BlockIQ4_NL {
  uint16_t d;
  uint8_t qs[kQK4_NL / 2];
};
// The IQ4_NL codebook (public format constant), ascending.
inline constexpr int8_t kIq4nlValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

static_assert(sizeof(BlockQ4_0) == 18 && sizeof(BlockQ4_1) == 20 && sizeof(BlockQ5_0) == 22 &&
              sizeof(BlockQ5_1) == 24 && sizeof(BlockQ8_0) == 34 && sizeof(BlockQ8_1) == 36);
static_assert(sizeof(BlockQ2_K) == 84 && sizeof(BlockQ3_K) == 110 && sizeof(BlockQ4_K) == 144 &&
              sizeof(BlockQ5_K) == 176 && sizeof(BlockQ6_K) == 210 && sizeof(BlockQ8_K) == 292);
static_assert(sizeof(BlockIQ4_NL) == 18);

}  // namespace hearth
