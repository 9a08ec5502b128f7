// Packed sub-block scales of the K types, shared by the quantizers, the dequantizers and the
// kernels (the public GGUF layouts; see blocks.h for the blocks themselves).
#pragma once

#include <cstdint>

#include "hearth/quant/blocks.h"

namespace hearth {

// Q4_K / Q5_K: eight 6-bit scales and eight 6-bit mins in 12 bytes.
//   bytes 0..3:  low 6 bits = scale j (j < 4),   top 2 bits = high bits of scale j+4
//   bytes 4..7:  low 6 bits = min j   (j < 4),   top 2 bits = high bits of min j+4
//   bytes 8..11: low nibble = low 4 bits of scale j+4, high nibble = low 4 bits of min j+4
struct ScaleMin {
  uint8_t scale;
  uint8_t min;
};
inline ScaleMin unpack_q4k_scale_min(int j, const uint8_t* packed) {
  if (j < 4) return {uint8_t(packed[j] & 63), uint8_t(packed[j + 4] & 63)};
  return {uint8_t((packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4)),
          uint8_t((packed[j + 4] >> 4) | ((packed[j] >> 6) << 4))};
}
// Inverse of unpack_q4k_scale_min for all eight pairs (each value < 64).
inline void pack_q4k_scales_mins(const uint8_t scales[8], const uint8_t mins[8], uint8_t packed[kKScaleBytes]) {
  for (int j = 0; j < 4; ++j) {
    packed[j] = uint8_t(scales[j] | ((scales[j + 4] >> 4) << 6));
    packed[j + 4] = uint8_t(mins[j] | ((mins[j + 4] >> 4) << 6));
    packed[j + 8] = uint8_t((scales[j + 4] & 0xF) | ((mins[j + 4] & 0xF) << 4));
  }
}

// Q3_K: sixteen 6-bit scales, stored biased by 32, in 12 bytes.
//   bytes 0..7:  low nibble = low 4 bits of scale j, high nibble = low 4 bits of scale j+8
//   bytes 8..11: bits 2k..2k+1 of byte 8+i hold the high 2 bits of scale 4k+i
inline int unpack_q3k_scale(int j, const uint8_t* packed) {
  const int low = j < 8 ? packed[j] & 0xF : packed[j - 8] >> 4;
  const int high = (packed[8 + j % 4] >> (2 * (j / 4))) & 3;
  return (low | (high << 4)) - 32;
}
// Inverse of unpack_q3k_scale for all sixteen biased values (each < 64).
inline void pack_q3k_scales(const uint8_t biased[16], uint8_t packed[12]) {
  for (int j = 0; j < 12; ++j) packed[j] = 0;
  for (int j = 0; j < 16; ++j) {
    const uint8_t low = biased[j] & 0xF;
    packed[j % 8] = uint8_t(packed[j % 8] | (j < 8 ? low : low << 4));
    packed[8 + j % 4] = uint8_t(packed[8 + j % 4] | ((biased[j] >> 4) << (2 * (j / 4))));
  }
}

}  // namespace hearth
