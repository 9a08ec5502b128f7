// Q8_0, Q8_1 and Q8_K: one scale per block, int8 values.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "hearth/base/half.h"
#include "hearth/quant/quantize.h"
#include "rounding.h"

namespace hearth {

namespace {

// Largest |x| of a block. Written as the reference's MAX(a, b) = a > b ? a : b so that even a
// NaN input gives the same scale.
float block_absmax(const float* x, int n) {
  float amax = 0.0f;
  for (int j = 0; j < n; ++j) {
    const float ax = std::fabs(x[j]);
    amax = amax > ax ? amax : ax;
  }
  return amax;
}

}  // namespace

void quantize_row_q8_0_ref(const float* x, BlockQ8_0* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK8_0; ++b, x += kQK8_0) {
    const float d = block_absmax(x, kQK8_0) / 127.0f;
    const float inv_d = d != 0.0f ? 1.0f / d : 0.0f;
    y[b].d = f32_to_f16(d);
    for (int j = 0; j < kQK8_0; ++j) y[b].qs[j] = round_away_to_int8(x[j] * inv_d);
  }
}

void quantize_row_q8_1_ref(const float* x, BlockQ8_1* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK8_1; ++b, x += kQK8_1) {
    const float d = block_absmax(x, kQK8_1) / 127.0f;
    const float inv_d = d != 0.0f ? 1.0f / d : 0.0f;
    y[b].d = f32_to_f16(d);
    int sum = 0;
    for (int j = 0; j < kQK8_1; ++j) {
      y[b].qs[j] = round_away_to_int8(x[j] * inv_d);
      sum += y[b].qs[j];
    }
    // s = d * sum(q), with the unrounded d: what the Q4_1/Q5_1 dot products need for the min term.
    y[b].s = f32_to_f16(static_cast<float>(sum) * d);
  }
}

void quantize_row_q8_k_ref(const float* x, BlockQ8_K* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK_K; ++b, x += kQK_K) {
    // The scale comes from the value of largest magnitude, keeping its sign, so that value maps
    // to exactly -127 and nothing exceeds 127 in magnitude.
    float max = 0.0f, amax = 0.0f;
    for (int j = 0; j < kQK_K; ++j) {
      const float ax = std::fabs(x[j]);
      if (ax > amax) {
        amax = ax;
        max = x[j];
      }
    }
    if (amax == 0.0f) {
      // (The reference leaves bsums unwritten here; zero is what they sum to.)
      y[b].d = 0.0f;
      std::memset(y[b].qs, 0, sizeof y[b].qs);
      std::memset(y[b].bsums, 0, sizeof y[b].bsums);
      continue;
    }
    const float iscale = -127.0f / max;
    for (int j = 0; j < kQK_K; ++j) y[b].qs[j] = static_cast<int8_t>(std::min(127, round_to_nearest_int(iscale * x[j])));
    for (int g = 0; g < kQK_K / 16; ++g) {
      int sum = 0;
      for (int j = 0; j < 16; ++j) sum += y[b].qs[g * 16 + j];
      y[b].bsums[g] = static_cast<int16_t>(sum);
    }
    y[b].d = 1.0f / iscale;
  }
}

void dequantize_row_q8_0(const BlockQ8_0* x, float* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK8_0; ++b) {
    const float d = f16_to_f32(x[b].d);
    for (int j = 0; j < kQK8_0; ++j) *y++ = static_cast<float>(x[b].qs[j]) * d;
  }
}

void dequantize_row_q8_1(const BlockQ8_1* x, float* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK8_1; ++b) {
    const float d = f16_to_f32(x[b].d);
    for (int j = 0; j < kQK8_1; ++j) *y++ = static_cast<float>(x[b].qs[j]) * d;
  }
}

void dequantize_row_q8_k(const BlockQ8_K* x, float* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK_K; ++b)
    for (int j = 0; j < kQK_K; ++j) *y++ = x[b].d * static_cast<float>(x[b].qs[j]);
}

}  // namespace hearth
