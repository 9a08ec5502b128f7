// Helpers every shader shares: byte access to word buffers (block layouts are not 4-byte
// aligned, and reading bytes out of 32-bit words needs no 8/16-bit storage feature) and the
// F32 -> F16 / BF16 roundings the CPU backend uses (round to nearest even, bit-exact, instead of
// packHalf2x16, whose rounding mode the spec leaves to the driver).

// Byte `off` of a uint[] buffer `buf`.
#define BYTE_AT(buf, off) ((buf[(off) >> 2] >> (((off) & 3u) * 8u)) & 0xFFu)
#define U16_AT(buf, off) (BYTE_AT(buf, off) | (BYTE_AT(buf, (off) + 1u) << 8))
#define I8_AT(buf, off) (int(BYTE_AT(buf, off) << 24) >> 24)
#define F16_AT(buf, off) unpackHalf2x16(U16_AT(buf, off)).x

uint f32_to_f16_bits(float f) {
  const uint x = floatBitsToUint(f);
  const uint sign = (x >> 16) & 0x8000u;
  const uint ax = x & 0x7FFFFFFFu;
  if (ax >= 0x7F800000u) return sign | 0x7C00u | (ax > 0x7F800000u ? 0x200u : 0u);  // inf, NaN
  if (ax >= 0x47800000u) return sign | 0x7C00u;  // >= 65536 overflows
  if (ax < 0x38800000u) {                        // below 2^-14: an F16 subnormal (or zero)
    return sign | uint(roundEven(uintBitsToFloat(ax) * 16777216.0));
  }
  uint h = (((ax >> 23) - 112u) << 10) | ((ax & 0x7FFFFFu) >> 13);
  const uint rest = ax & 0x1FFFu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u) == 1u)) h += 1u;  // carries into the exponent
  return sign | h;
}
float round_to_f16(float f) { return unpackHalf2x16(f32_to_f16_bits(f)).x; }
float round_to_bf16(float f) {
  uint x = floatBitsToUint(f);
  if ((x & 0x7FFFFFFFu) > 0x7F800000u) return f;  // NaN stays NaN
  x += 0x7FFFu + ((x >> 16) & 1u);
  return uintBitsToFloat(x & 0xFFFF0000u);
}
// roundf: halves away from zero (the reference quantizers' rounding)
float round_half_away(float x) { return sign(x) * floor(abs(x) + 0.5); }
