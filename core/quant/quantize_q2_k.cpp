// Q2_K: 16 sub-blocks of 16 values, x = d * sc * q - dmin * m with q in 0..3 and 4-bit sc / m
// per sub-block (low / high nibble of scales[j]), f16 d and dmin per super-block.
#include <cmath>

#include "hearth/base/half.h"
#include "hearth/quant/quantize.h"
#include "k_quant_common.h"
#include "scale_search.h"

namespace hearth {

using namespace quant_detail;

namespace {

constexpr int kSub = 16;                  // values per sub-block
constexpr int kSubBlocks = kQK_K / kSub;  // 16
constexpr int kLevelMax = 3;              // 2-bit levels
constexpr float kScaleMax = 15.0f;        // 4-bit sub-block scales and mins

// Quantizes the sub-block scales (or mins), all >= 0, to 4 bits against their maximum; returns
// the f16 super-scale. A zero maximum gives zero everywhere.
uint16_t quantize_nibbles(const float (&values)[kSubBlocks], float max_value, int shift, uint8_t* packed) {
  if (!(max_value > 0)) return f32_to_f16(0.0f);
  const float iscale = kScaleMax / max_value;
  for (int j = 0; j < kSubBlocks; ++j) {
    const int l = round_to_nearest_int(iscale * values[j]);
    packed[j] = uint8_t(packed[j] | (uint32_t(l) << shift));
  }
  return f32_to_f16(max_value / kScaleMax);
}

}  // namespace

void quantize_row_q2_k_ref(const float* x, BlockQ2_K* y, int64_t n) {
  uint8_t levels[kQK_K];
  float weights[kSub];
  float scales[kSubBlocks];
  float mins[kSubBlocks];

  for (int64_t b = 0; b < n / kQK_K; ++b, x += kQK_K) {
    float max_scale = 0;  // scales are non-negative as the min is subtracted
    float max_min = 0;
    for (int j = 0; j < kSubBlocks; ++j) {
      const float* xs = x + kSub * j;
      for (int l = 0; l < kSub; ++l) weights[l] = std::fabs(xs[l]);
      scales[j] = search_scale_and_min<kSub, kLevelMax, ErrorNorm::Absolute>(xs, weights, ScaleSweep{-0.5f, 0.1f, 15},
                                                                             levels + kSub * j, &mins[j]);
      if (scales[j] > max_scale) max_scale = scales[j];
      if (mins[j] > max_min) max_min = mins[j];
    }

    for (int j = 0; j < kSubBlocks; ++j) y[b].scales[j] = 0;
    y[b].d = quantize_nibbles(scales, max_scale, 0, y[b].scales);
    y[b].dmin = quantize_nibbles(mins, max_min, 4, y[b].scales);

    const float d_all = f16_to_f32(y[b].d);
    const float dmin_all = f16_to_f32(y[b].dmin);
    for (int j = 0; j < kSubBlocks; ++j) {
      const float d = d_all * static_cast<float>(y[b].scales[j] & 0xF);
      if (d == 0.0f) continue;
      const float dm = dmin_all * static_cast<float>(y[b].scales[j] >> 4);
      requantize_with_min(x + kSub * j, kSub, d, dm, kLevelMax, levels + kSub * j);
    }
    pack_2bit_planes(levels, y[b].qs);
  }
}

void dequantize_row_q2_k(const BlockQ2_K* x, float* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    const float d = f16_to_f32(x[b].d);
    const float min = f16_to_f32(x[b].dmin);
    for (int e = 0; e < kQK_K; ++e) {
      const uint8_t sc = x[b].scales[e / kSub];
      const float dl = d * static_cast<float>(sc & 0xF);
      const float ml = min * static_cast<float>(sc >> 4);
      *y++ = dl * static_cast<float>(unpack_2bit_plane(x[b].qs, e)) - ml;
    }
  }
}

}  // namespace hearth
