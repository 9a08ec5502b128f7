// IEEE half (F16) and bfloat16 (BF16) conversions, bit-exact with the GGUF/llama.cpp reference:
// F32 -> F16 rounds to nearest even, F32 -> BF16 rounds to nearest even and quiets NaNs.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace hearth {

inline float f16_to_f32(uint16_t h) {
  // Exact conversion through the exponent-rebias trick (no table, no branches on the hot path
  // other than the subnormal case).
  const uint32_t sign = uint32_t(h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);  // inf / nan
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign;
  } else {
    // subnormal half: normalise
    int e = -1;
    do {
      ++e;
      mant <<= 1;
    } while ((mant & 0x400u) == 0);
    bits = sign | (uint32_t(112 - e) << 23) | ((mant & 0x3ffu) << 13);
  }
  return std::bit_cast<float>(bits);
}

inline uint16_t f32_to_f16(float f) {
  // Round-to-nearest-even, same result as the hardware F16C instruction and as ggml's
  // portable fp32_to_fp16 (which uses the same scale-by-powers-of-two method).
  const float scale_to_inf = std::bit_cast<float>(uint32_t(0x77800000));
  const float scale_to_zero = std::bit_cast<float>(uint32_t(0x08800000));
  float base = (f < 0 ? -f : f) * scale_to_inf * scale_to_zero;
  const uint32_t w = std::bit_cast<uint32_t>(f);
  const uint32_t shl1_w = w + w;
  const uint32_t sign = w & 0x80000000u;
  uint32_t bias = shl1_w & 0xff000000u;
  if (bias < 0x71000000u) bias = 0x71000000u;
  base = std::bit_cast<float>((bias >> 1) + 0x07800000u) + base;
  const uint32_t bits = std::bit_cast<uint32_t>(base);
  const uint32_t exp_bits = (bits >> 13) & 0x00007c00u;
  const uint32_t mantissa_bits = bits & 0x00000fffu;
  const uint32_t nonsign = exp_bits + mantissa_bits;
  return uint16_t((sign >> 16) | (shl1_w > 0xff000000u ? 0x7e00u : nonsign));
}

inline float bf16_to_f32(uint16_t h) { return std::bit_cast<float>(uint32_t(h) << 16); }

inline uint16_t f32_to_bf16(float f) {
  uint32_t u = std::bit_cast<uint32_t>(f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return uint16_t((u >> 16) | 64);  // NaN: force quiet
  return uint16_t((u + (0x7fffu + ((u >> 16) & 1))) >> 16);              // round to nearest even
}

}  // namespace hearth
