// Scalar twins of the dot products: plain loops written from the block format definitions
// (hearth/quant/blocks.h). Each block's integer part is summed exactly in int32, then scaled
// in float, so an optimised kernel that sums the same integers differs from these only by
// float rounding. These are the reference every SIMD kernel is tested against.
#include <cstring>

#include "hearth/base/half.h"
#include "vec_dot.h"

namespace hearth::kernels::scalar {

namespace {

// Value j (0..31) of a 4-bit block whose 16 bytes hold element i in the low nibble of byte i
// and element i + 16 in the high nibble (Q4_0, Q4_1, Q5_*, IQ4_NL).
inline int nibble(const uint8_t* qs, int j) { return j < 16 ? (qs[j] & 0x0f) : (qs[j - 16] >> 4); }

// 5th bit of element j of a Q5_0 / Q5_1 block: bit j of the little-endian 32-bit qh.
inline int high_bit(const uint8_t* qh, int j) {
  uint32_t h;
  std::memcpy(&h, qh, sizeof h);
  return (h >> j) & 1;
}

// Element e (0..255) of the 2-bit planes shared by Q2_K and Q3_K: 128 values per 32 bytes,
// value e sits in byte (e / 128) * 32 + e % 32 at bit offset 2 * ((e % 128) / 32).
inline int two_bits(const uint8_t* qs, int e) { return (qs[(e / 128) * 32 + e % 32] >> (2 * ((e % 128) / 32))) & 3; }

}  // namespace

float vec_dot_f32_f32(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const float*>(w);
  const auto* y = static_cast<const float*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n; ++i) sum += x[i] * y[i];
  return sum;
}

float vec_dot_f16_f32(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const uint16_t*>(w);
  const auto* y = static_cast<const float*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n; ++i) sum += f16_to_f32(x[i]) * y[i];
  return sum;
}

float vec_dot_f16_f16(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const uint16_t*>(w);
  const auto* y = static_cast<const uint16_t*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n; ++i) sum += f16_to_f32(x[i]) * f16_to_f32(y[i]);
  return sum;
}

float vec_dot_bf16_f32(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const uint16_t*>(w);
  const auto* y = static_cast<const float*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n; ++i) sum += bf16_to_f32(x[i]) * y[i];
  return sum;
}

// x = d * (q - 8)
float vec_dot_q4_0_q8_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ4_0*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK4_0; ++b) {
    int isum = 0;
    for (int j = 0; j < kQK4_0; ++j) isum += (nibble(x[b].qs, j) - 8) * y[b].qs[j];
    sum += f16_to_f32(x[b].d) * f16_to_f32(y[b].d) * static_cast<float>(isum);
  }
  return sum;
}

// x = d * q + m;  sum(x * y) = d * dy * sum(q * qy) + m * (dy * sum(qy)), the last factor being
// the s field of the Q8_1 block.
float vec_dot_q4_1_q8_1(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ4_1*>(w);
  const auto* y = static_cast<const BlockQ8_1*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK4_1; ++b) {
    int isum = 0;
    for (int j = 0; j < kQK4_1; ++j) isum += nibble(x[b].qs, j) * y[b].qs[j];
    sum += f16_to_f32(x[b].d) * f16_to_f32(y[b].d) * static_cast<float>(isum) + f16_to_f32(x[b].m) * f16_to_f32(y[b].s);
  }
  return sum;
}

// x = d * (q - 16), q = nibble + 16 * high bit
float vec_dot_q5_0_q8_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ5_0*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK5_0; ++b) {
    int isum = 0;
    for (int j = 0; j < kQK5_0; ++j) isum += (nibble(x[b].qs, j) + 16 * high_bit(x[b].qh, j) - 16) * y[b].qs[j];
    sum += f16_to_f32(x[b].d) * f16_to_f32(y[b].d) * static_cast<float>(isum);
  }
  return sum;
}

// x = d * q + m, q = nibble + 16 * high bit
float vec_dot_q5_1_q8_1(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ5_1*>(w);
  const auto* y = static_cast<const BlockQ8_1*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK5_1; ++b) {
    int isum = 0;
    for (int j = 0; j < kQK5_1; ++j) isum += (nibble(x[b].qs, j) + 16 * high_bit(x[b].qh, j)) * y[b].qs[j];
    sum += f16_to_f32(x[b].d) * f16_to_f32(y[b].d) * static_cast<float>(isum) + f16_to_f32(x[b].m) * f16_to_f32(y[b].s);
  }
  return sum;
}

float vec_dot_q8_0_q8_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ8_0*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK8_0; ++b) {
    int isum = 0;
    for (int j = 0; j < kQK8_0; ++j) isum += x[b].qs[j] * y[b].qs[j];
    sum += f16_to_f32(x[b].d) * f16_to_f32(y[b].d) * static_cast<float>(isum);
  }
  return sum;
}

// x = d * table[q]
float vec_dot_iq4_nl_q8_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockIQ4_NL*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK4_NL; ++b) {
    int isum = 0;
    for (int j = 0; j < kQK4_NL; ++j) isum += kIq4nlValues[nibble(x[b].qs, j)] * y[b].qs[j];
    sum += f16_to_f32(x[b].d) * f16_to_f32(y[b].d) * static_cast<float>(isum);
  }
  return sum;
}

// The K types are dotted with Q8_K (float scale dy, int8 values, bsums = sums of each 16 values).
// Each superblock contributes dy * (d * sum_s(scale_s * sum(q * qy)) - dmin * sum_s(min_s * sum(qy))).

// 16 sub-blocks of 16: x = d * (scale & 15) * q - dmin * (scale >> 4), q 2-bit
float vec_dot_q2_k_q8_k(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ2_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    int scaled = 0, mins = 0;
    for (int s = 0; s < 16; ++s) {
      int isum = 0;
      for (int l = 0; l < 16; ++l) isum += two_bits(x[b].qs, 16 * s + l) * y[b].qs[16 * s + l];
      scaled += (x[b].scales[s] & 0x0f) * isum;
      mins += (x[b].scales[s] >> 4) * y[b].bsums[s];
    }
    sum += y[b].d * (f16_to_f32(x[b].d) * static_cast<float>(scaled) - f16_to_f32(x[b].dmin) * static_cast<float>(mins));
  }
  return sum;
}

// 16 sub-blocks of 16: x = d * scale * q, q = 2 low bits - (high bit set ? 0 : 4), scale signed 6-bit
float vec_dot_q3_k_q8_k(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ3_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    int8_t scales[16];
    unpack_q3_k_scales(x[b].scales, scales);
    int scaled = 0;
    for (int s = 0; s < 16; ++s) {
      int isum = 0;
      for (int l = 0; l < 16; ++l) {
        const int e = 16 * s + l;
        const int high = (x[b].hmask[e % 32] >> (e / 32)) & 1;
        isum += (two_bits(x[b].qs, e) - (high ? 0 : 4)) * y[b].qs[e];
      }
      scaled += scales[s] * isum;
    }
    sum += y[b].d * f16_to_f32(x[b].d) * static_cast<float>(scaled);
  }
  return sum;
}

// 8 sub-blocks of 32: x = d * scale * q - dmin * min, q 4-bit. Bytes 32c..32c+31 hold
// elements 64c.. (low nibbles) and 64c+32.. (high nibbles).
float vec_dot_q4_k_q8_k(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ4_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    int scaled = 0, mins = 0;
    for (int s = 0; s < 8; ++s) {
      int scale, min;
      unpack_k4_scale_min(x[b].scales, s, scale, min);
      int isum = 0;
      for (int l = 0; l < 32; ++l) {
        const uint8_t byte = x[b].qs[32 * (s / 2) + l];
        isum += ((s % 2) ? (byte >> 4) : (byte & 0x0f)) * y[b].qs[32 * s + l];
      }
      scaled += scale * isum;
      mins += min * (y[b].bsums[2 * s] + y[b].bsums[2 * s + 1]);
    }
    sum += y[b].d * (f16_to_f32(x[b].d) * static_cast<float>(scaled) - f16_to_f32(x[b].dmin) * static_cast<float>(mins));
  }
  return sum;
}

// As Q4_K with a 5th bit: element e's high bit is bit e / 32 of qh[e % 32].
float vec_dot_q5_k_q8_k(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ5_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    int scaled = 0, mins = 0;
    for (int s = 0; s < 8; ++s) {
      int scale, min;
      unpack_k4_scale_min(x[b].scales, s, scale, min);
      int isum = 0;
      for (int l = 0; l < 32; ++l) {
        const int e = 32 * s + l;
        const uint8_t byte = x[b].qs[32 * (s / 2) + l];
        const int low = (s % 2) ? (byte >> 4) : (byte & 0x0f);
        const int high = (x[b].qh[e % 32] >> (e / 32)) & 1;
        isum += (low + 16 * high) * y[b].qs[e];
      }
      scaled += scale * isum;
      mins += min * (y[b].bsums[2 * s] + y[b].bsums[2 * s + 1]);
    }
    sum += y[b].d * (f16_to_f32(x[b].d) * static_cast<float>(scaled) - f16_to_f32(x[b].dmin) * static_cast<float>(mins));
  }
  return sum;
}

// 16 sub-blocks of 16: x = d * scale * (q - 32), q 6-bit. Per 128 values (chunk c): ql bytes
// 64c + l / 64c + 32 + l give the low nibbles of elements 128c + l, +32 (low nibbles) and
// +64, +96 (high nibbles); qh byte 32c + l gives their 2 high bits at shifts 0, 2, 4, 6.
float vec_dot_q6_k_q8_k(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ6_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  float sum = 0.0f;
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    int scaled = 0;
    for (int s = 0; s < 16; ++s) {
      int isum = 0;
      for (int l = 0; l < 16; ++l) {
        const int e = 16 * s + l;
        const int c = e / 128, quarter = (e % 128) / 32, i = e % 32;
        const uint8_t lowbyte = x[b].ql[64 * c + 32 * (quarter % 2) + i];
        const int low = quarter < 2 ? (lowbyte & 0x0f) : (lowbyte >> 4);
        const int high = (x[b].qh[32 * c + i] >> (2 * quarter)) & 3;
        isum += (low + 16 * high - 32) * y[b].qs[e];
      }
      scaled += x[b].scales[s] * isum;
    }
    sum += y[b].d * f16_to_f32(x[b].d) * static_cast<float>(scaled);
  }
  return sum;
}

}  // namespace hearth::kernels::scalar
