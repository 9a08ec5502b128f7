// Rounding and float -> integer helpers shared by the reference quantizers.
//
// Bit-exactness with the GGUF ecosystem's reference quantizer depends on rounding exactly the way
// it does: the K / IQ types use round_to_nearest_int (ties to even), the legacy types truncate
// (x + 0.5) or call roundf (ties away from zero) and then narrow with a C cast. These helpers
// reproduce those results for every finite in-range input and stay free of undefined behaviour
// for all others (NaN, infinities, huge values), where a plain C++ cast would be UB.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace hearth {

// Round to nearest, ties to even, exact for |x| <= 2^22 - 1: adding 1.5 * 2^23 puts the integer
// part in the low mantissa bits (the FPU rounds the addition in the default ties-to-even mode).
// Outside that range the result is meaningless but deterministic, as in the reference (which
// only asserts the range in debug builds), so search loops that stray there still pick the same
// candidates. Pure bit manipulation: no undefined behaviour for any input.
inline int round_to_nearest_int(float x) {
  const float shifted = x + 12582912.0f;
  int32_t bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  return (bits & 0x007fffff) - 0x00400000;
}

// float -> int32 truncating toward zero, as x86's cvttss2si does: NaN and values outside the
// int32 range give INT32_MIN (the "integer indefinite" value) instead of undefined behaviour.
inline int32_t truncate_to_int32(float x) {
  if (!(x > -2147483904.0f && x < 2147483648.0f)) return INT32_MIN;  // also catches NaN
  return static_cast<int32_t>(x);
}

// What the reference's `(int8_t)f` / `(uint8_t)f` casts produce on x86-64 (truncate to int32,
// keep the low byte): identical for in-range values, and defined for all others.
inline int8_t truncate_to_int8(float x) { return static_cast<int8_t>(truncate_to_int32(x)); }
inline uint8_t truncate_to_uint8(float x) { return static_cast<uint8_t>(truncate_to_int32(x)); }

// roundf (ties away from zero) narrowed to int8 the same way, for the Q8 quantizers.
inline int8_t round_away_to_int8(float x) { return truncate_to_int8(std::round(x)); }

}  // namespace hearth
