// Dequantization of one weight type, chosen with -DWEIGHT_<TYPE>, shared by get_rows, the
// matrix-vector and the tiled matmul shaders: the one place the shaders decode a block.
// The including shader declares `uint weight_words[]` (the weights as 32-bit words).
//   BLOCK_VALUES / BLOCK_BYTES   the type's block (from blocks.glsl)
//   dequant(b, i)                value i of the block starting at byte b
//   dequant_row(r, e)            value e of the row starting at byte r
#include "blocks.glsl"

#define WB(off) BYTE_AT(weight_words, off)
#define WF16(off) F16_AT(weight_words, off)

#if defined(WEIGHT_F32)
const uint BLOCK_VALUES = F32_BLOCK_VALUES, BLOCK_BYTES = F32_BLOCK_BYTES;
float dequant(uint b, uint i) { return uintBitsToFloat(weight_words[b >> 2]); }
#elif defined(WEIGHT_F16)
const uint BLOCK_VALUES = F16_BLOCK_VALUES, BLOCK_BYTES = F16_BLOCK_BYTES;
float dequant(uint b, uint i) { return WF16(b); }
#elif defined(WEIGHT_BF16)
const uint BLOCK_VALUES = BF16_BLOCK_VALUES, BLOCK_BYTES = BF16_BLOCK_BYTES;
float dequant(uint b, uint i) { return uintBitsToFloat(U16_AT(weight_words, b) << 16); }
#elif defined(WEIGHT_Q4_0)
const uint BLOCK_VALUES = Q4_0_BLOCK_VALUES, BLOCK_BYTES = Q4_0_BLOCK_BYTES;
// d f16, qs[16]: value i in the low nibble of qs[i] (i < 16) or the high nibble of qs[i - 16]
float dequant(uint b, uint i) {
  const uint q = (WB(b + 2u + (i & 15u)) >> ((i >> 4) * 4u)) & 15u;
  return (float(q) - 8.0) * WF16(b);
}
#elif defined(WEIGHT_Q4_1)
const uint BLOCK_VALUES = Q4_1_BLOCK_VALUES, BLOCK_BYTES = Q4_1_BLOCK_BYTES;
// d f16, m f16, qs[16]
float dequant(uint b, uint i) {
  const uint q = (WB(b + 4u + (i & 15u)) >> ((i >> 4) * 4u)) & 15u;
  return float(q) * WF16(b) + WF16(b + 2u);
}
#elif defined(WEIGHT_Q5_0)
const uint BLOCK_VALUES = Q5_0_BLOCK_VALUES, BLOCK_BYTES = Q5_0_BLOCK_BYTES;
// d f16, qh[4] (5th bit of value i in bit i), qs[16]
float dequant(uint b, uint i) {
  uint q = (WB(b + 6u + (i & 15u)) >> ((i >> 4) * 4u)) & 15u;
  q |= ((WB(b + 2u + (i >> 3)) >> (i & 7u)) & 1u) << 4;
  return (float(q) - 16.0) * WF16(b);
}
#elif defined(WEIGHT_Q5_1)
const uint BLOCK_VALUES = Q5_1_BLOCK_VALUES, BLOCK_BYTES = Q5_1_BLOCK_BYTES;
// d f16, m f16, qh[4], qs[16]
float dequant(uint b, uint i) {
  uint q = (WB(b + 8u + (i & 15u)) >> ((i >> 4) * 4u)) & 15u;
  q |= ((WB(b + 4u + (i >> 3)) >> (i & 7u)) & 1u) << 4;
  return float(q) * WF16(b) + WF16(b + 2u);
}
#elif defined(WEIGHT_Q8_0)
const uint BLOCK_VALUES = Q8_0_BLOCK_VALUES, BLOCK_BYTES = Q8_0_BLOCK_BYTES;
// d f16, qs[32] int8
float dequant(uint b, uint i) { return float(I8_AT(weight_words, b + 2u + i)) * WF16(b); }
#elif defined(WEIGHT_IQ4_NL)
const uint BLOCK_VALUES = IQ4_NL_BLOCK_VALUES, BLOCK_BYTES = IQ4_NL_BLOCK_BYTES;
// d f16, qs[16] as Q4_0, each nibble indexes the fixed codebook
const float kIq4nlValues[16] = float[16](-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113);
float dequant(uint b, uint i) {
  const uint q = (WB(b + 2u + (i & 15u)) >> ((i >> 4) * 4u)) & 15u;
  return kIq4nlValues[q] * WF16(b);
}
#elif defined(WEIGHT_Q2_K)
const uint BLOCK_VALUES = Q2_K_BLOCK_VALUES, BLOCK_BYTES = Q2_K_BLOCK_BYTES;
// scales[16] (4-bit scale | 4-bit min << 4), qs[64] 2-bit planes, d f16, dmin f16
// 2-bit planes: in each half (128 values) byte l holds values l, l+32, l+64, l+96.
uint plane2(uint qs, uint i) { return (WB(qs + (i >> 7) * 32u + (i & 31u)) >> (2u * ((i & 127u) >> 5))) & 3u; }
float dequant(uint b, uint i) {
  const uint sc = WB(b + (i >> 4));
  return WF16(b + 80u) * float(sc & 15u) * float(plane2(b + 16u, i)) - WF16(b + 82u) * float(sc >> 4);
}
#elif defined(WEIGHT_Q3_K)
const uint BLOCK_VALUES = Q3_K_BLOCK_VALUES, BLOCK_BYTES = Q3_K_BLOCK_BYTES;
// hmask[32], qs[64] 2-bit planes, scales[12] (sixteen 6-bit scales biased by 32), d f16
uint plane2(uint qs, uint i) { return (WB(qs + (i >> 7) * 32u + (i & 31u)) >> (2u * ((i & 127u) >> 5))) & 3u; }
float dequant(uint b, uint i) {
  const uint j = i >> 4;
  const uint low = j < 8u ? (WB(b + 96u + j) & 15u) : (WB(b + 88u + j) >> 4);
  const uint high = (WB(b + 104u + (j & 3u)) >> (2u * (j >> 2))) & 3u;
  const int scale = int(low | (high << 4)) - 32;
  const int hi = int((WB(b + (i & 31u)) >> (i >> 5)) & 1u);
  const int q = int(plane2(b + 32u, i)) - (hi == 1 ? 0 : 4);
  return WF16(b + 108u) * float(scale) * float(q);
}
#elif defined(WEIGHT_Q4_K) || defined(WEIGHT_Q5_K)
#if defined(WEIGHT_Q4_K)
const uint BLOCK_VALUES = Q4_K_BLOCK_VALUES, BLOCK_BYTES = Q4_K_BLOCK_BYTES;
const uint QS = 16u;  // d f16, dmin f16, scales[12], qs[128]
#else
const uint BLOCK_VALUES = Q5_K_BLOCK_VALUES, BLOCK_BYTES = Q5_K_BLOCK_BYTES;
const uint QS = 48u;  // d f16, dmin f16, scales[12], qh[32], qs[128]
#endif
// Eight 6-bit scale/min pairs in 12 bytes (see core/include/hearth/quant/k_scales.h).
float dequant(uint b, uint i) {
  const uint j = i >> 5;
  const uint s = b + 4u;
  uint sc, mn;
  if (j < 4u) {
    sc = WB(s + j) & 63u;
    mn = WB(s + j + 4u) & 63u;
  } else {
    sc = (WB(s + j + 4u) & 15u) | ((WB(s + j - 4u) >> 6) << 4);
    mn = (WB(s + j + 4u) >> 4) | ((WB(s + j) >> 6) << 4);
  }
  const uint c = i >> 6, r = i & 63u;
  uint q = (WB(b + QS + 32u * c + (r & 31u)) >> ((r >> 5) * 4u)) & 15u;
#if defined(WEIGHT_Q5_K)
  q |= ((WB(b + 16u + (r & 31u)) >> (2u * c + (r >> 5))) & 1u) << 4;
#endif
  return WF16(b) * float(sc) * float(q) - WF16(b + 2u) * float(mn);
}
#elif defined(WEIGHT_Q6_K)
const uint BLOCK_VALUES = Q6_K_BLOCK_VALUES, BLOCK_BYTES = Q6_K_BLOCK_BYTES;
// ql[128] low 4 bits, qh[64] high 2 bits, scales[16] int8, d f16
float dequant(uint b, uint i) {
  const uint h = i >> 7, k = (i & 127u) >> 5, l = i & 31u;
  const uint low = WB(b + 64u * h + l + 32u * (k & 1u));
  const uint low4 = k < 2u ? (low & 15u) : (low >> 4);
  const uint high2 = (WB(b + 128u + 32u * h + l) >> (2u * k)) & 3u;
  const int q = int(low4 | (high2 << 4)) - 32;
  return WF16(b + 208u) * float(I8_AT(weight_words, b + 192u + (i >> 4))) * float(q);
}
#else
#error "define one WEIGHT_<TYPE>"
#endif

float dequant_row(uint row, uint e) { return dequant(row + (e / BLOCK_VALUES) * BLOCK_BYTES, e % BLOCK_VALUES); }
