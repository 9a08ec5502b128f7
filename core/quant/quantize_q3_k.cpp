// Q3_K: 16 sub-blocks of 16 values, x = d * sc * (q - 4) with 3-bit q (low 2 bits in the 2-bit
// planes of qs, high bit in hmask) and signed 6-bit sc per sub-block, f16 d per super-block.
#include <cmath>
#include <cstring>

#include "hearth/base/half.h"
#include "hearth/quant/k_scales.h"
#include "hearth/quant/quantize.h"
#include "k_quant_common.h"
#include "scale_search.h"

namespace hearth {

using namespace quant_detail;

namespace {

constexpr int kSub = 16;
constexpr int kSubBlocks = kQK_K / kSub;
constexpr int kLevelHalf = 4;   // levels -4 .. 3, stored + 4
constexpr int kScaleHalf = 32;  // sub-block scales -32 .. 31, stored + 32

// Element e's third bit lives in bit e / 32 of hmask[e % 32].
bool high_bit(const BlockQ3_K& block, int e) { return (block.hmask[e % 32] >> (e / 32)) & 1; }

}  // namespace

void quantize_row_q3_k_ref(const float* x, BlockQ3_K* y, int64_t n) {
  int8_t levels[kQK_K];
  float scales[kSubBlocks];

  for (int64_t b = 0; b < n / kQK_K; ++b, x += kQK_K) {
    // The signed sub-block scale of largest magnitude sets the super-scale.
    float max_scale = 0;
    float amax = 0;
    for (int j = 0; j < kSubBlocks; ++j) {
      scales[j] = search_symmetric_scale_refined<kSub, kLevelHalf>(x + kSub * j, levels + kSub * j);
      const float scale = std::fabs(scales[j]);
      if (scale > amax) {
        amax = scale;
        max_scale = scales[j];
      }
    }

    if (max_scale != 0.0f) {
      const float iscale = static_cast<float>(-kScaleHalf) / max_scale;
      uint8_t biased[kSubBlocks];
      for (int j = 0; j < kSubBlocks; ++j) {
        const int8_t l = static_cast<int8_t>(round_to_nearest_int(iscale * scales[j]));  // int8 as in the reference
        biased[j] = static_cast<uint8_t>(std::max(-kScaleHalf, std::min(kScaleHalf - 1, int(l))) + kScaleHalf);
      }
      pack_q3k_scales(biased, y[b].scales);
      y[b].d = f32_to_f16(1 / iscale);
    } else {
      std::memset(y[b].scales, 0, sizeof y[b].scales);
      y[b].d = f32_to_f16(0.0f);
    }

    const float d_all = f16_to_f32(y[b].d);
    for (int j = 0; j < kSubBlocks; ++j) {
      const float d = d_all * static_cast<float>(unpack_q3k_scale(j, y[b].scales));
      if (d == 0.0f) continue;
      requantize_symmetric(x + kSub * j, kSub, d, kLevelHalf, levels + kSub * j);
    }

    // Split each level 0..7 into its high bit (hmask) and low two bits (qs planes).
    std::memset(y[b].hmask, 0, sizeof y[b].hmask);
    for (int e = 0; e < kQK_K; ++e) {
      y[b].hmask[e % 32] = uint8_t(y[b].hmask[e % 32] | ((levels[e] >> 2) << (e / 32)));
      levels[e] = static_cast<int8_t>(levels[e] & 3);
    }
    pack_2bit_planes(levels, y[b].qs);
  }
}

void dequantize_row_q3_k(const BlockQ3_K* x, float* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    const float d_all = f16_to_f32(x[b].d);
    for (int e = 0; e < kQK_K; ++e) {
      const float dl = d_all * static_cast<float>(unpack_q3k_scale(e / kSub, x[b].scales));
      const int q = unpack_2bit_plane(x[b].qs, e) - (high_bit(x[b], e) ? 0 : 4);
      *y++ = dl * static_cast<float>(q);
    }
  }
}

}  // namespace hearth
