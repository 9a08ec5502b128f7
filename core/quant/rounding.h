// Rounding helpers shared by the reference quantizers.
#pragma once

#include <cstdint>
#include <cstring>

namespace hearth {

// Round to nearest, ties to even, for |x| < 2^22: adding 1.5 * 2^23 puts the integer part in
// the low mantissa bits (the FPU rounds the addition in the default ties-to-even mode). The
// K-quant reference quantizers are defined with exactly this rounding, so bit-exact output
// depends on using it rather than std::round (ties away from zero).
inline int round_to_nearest_int(float x) {
  const float shifted = x + 12582912.0f;
  int32_t bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  return (bits & 0x007fffff) - 0x00400000;
}

}  // namespace hearth
