// Q6_K: 16 sub-blocks of 16 values, x = d * sc * (q - 32) with 6-bit q (low 4 bits in ql, high
// 2 in qh), int8 sc per sub-block and f16 d per super-block.
#include <cmath>
#include <cstring>

#include "hearth/base/half.h"
#include "hearth/quant/quantize.h"
#include "k_quant_common.h"
#include "scale_search.h"

namespace hearth {

using namespace quant_detail;

namespace {

constexpr int kSub = 16;
constexpr int kSubBlocks = kQK_K / kSub;
constexpr int kLevelHalf = 32;  // levels -32 .. 31, stored + 32

// Layout of the levels: each half h of the super-block (128 values) owns ql[64h .. 64h+63] and
// qh[32h .. 32h+31]. Value l of its quarter k (32 values each) keeps its low 4 bits in
// ql[64h + 32*(k&1) + l] (low nibble for k < 2, high nibble for k >= 2) and its high 2 bits in
// bits 2k..2k+1 of qh[32h + l].
int load_level(const BlockQ6_K& block, int e) {
  const int h = e / 128, k = (e % 128) / 32, l = e % 32;
  const uint8_t low = block.ql[64 * h + l + 32 * (k & 1)];
  const int low4 = k < 2 ? (low & 0xF) : (low >> 4);
  const int high2 = (block.qh[32 * h + l] >> (2 * k)) & 3;
  return low4 | (high2 << 4);
}

void store_levels(const int8_t* levels, BlockQ6_K& block) {
  for (int h = 0; h < 2; ++h) {
    const int8_t* q = levels + 128 * h;
    uint8_t* ql = block.ql + 64 * h;
    uint8_t* qh = block.qh + 32 * h;
    for (int l = 0; l < 32; ++l) {
      ql[l] = uint8_t((q[l] & 0xF) | ((q[l + 64] & 0xF) << 4));
      ql[l + 32] = uint8_t((q[l + 32] & 0xF) | ((q[l + 96] & 0xF) << 4));
      qh[l] = uint8_t((q[l] >> 4) | ((q[l + 32] >> 4) << 2) | ((q[l + 64] >> 4) << 4) | ((q[l + 96] >> 4) << 6));
    }
  }
}

}  // namespace

void quantize_row_q6_k_ref(const float* x, BlockQ6_K* y, int64_t n) {
  int8_t levels[kQK_K];
  float scales[kSubBlocks];

  for (int64_t b = 0; b < n / kQK_K; ++b, x += kQK_K) {
    float max_scale = 0;
    float max_abs_scale = 0;
    for (int j = 0; j < kSubBlocks; ++j) {
      scales[j] = search_symmetric_scale<kSub, kLevelHalf>(x + kSub * j, nullptr, levels + kSub * j);
      const float abs_scale = std::fabs(scales[j]);
      if (abs_scale > max_abs_scale) {
        max_abs_scale = abs_scale;
        max_scale = scales[j];
      }
    }
    if (max_abs_scale < kGroupMaxEps) {  // an all-zero super-block
      std::memset(&y[b], 0, sizeof y[b]);
      continue;
    }

    // int8 sub-block scales: the largest maps to -128 (then clamped to 127 if positive).
    const float iscale = -128.0f / max_scale;
    y[b].d = f32_to_f16(1 / iscale);
    for (int j = 0; j < kSubBlocks; ++j)
      y[b].scales[j] = static_cast<int8_t>(std::min(127, round_to_nearest_int(iscale * scales[j])));

    const float d_all = f16_to_f32(y[b].d);
    for (int j = 0; j < kSubBlocks; ++j) {
      const float d = d_all * static_cast<float>(y[b].scales[j]);
      if (d == 0.0f) continue;
      requantize_symmetric(x + kSub * j, kSub, d, kLevelHalf, levels + kSub * j);
    }
    store_levels(levels, y[b]);
  }
}

void dequantize_row_q6_k(const BlockQ6_K* x, float* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    const float d = f16_to_f32(x[b].d);
    for (int e = 0; e < kQK_K; ++e)
      *y++ = d * static_cast<float>(x[b].scales[e / kSub]) * static_cast<float>(load_level(x[b], e) - kLevelHalf);
  }
}

}  // namespace hearth
