// Q4_K and Q5_K: 8 sub-blocks of 32 values, x = d * sc * q - dmin * m with 6-bit sc / m per
// sub-block (packed in 12 bytes, see k_scales.h) and f16 d / dmin per super-block. Q4_K stores q
// (0..15) as nibbles; Q5_K adds a fifth bit per value in qh. The two differ only in the level
// range, the candidate scales searched, and that fifth bit.
#include <cmath>
#include <cstring>
#include <type_traits>

#include "hearth/base/half.h"
#include "hearth/quant/k_scales.h"
#include "hearth/quant/quantize.h"
#include "k_quant_common.h"
#include "scale_search.h"

namespace hearth {

using namespace quant_detail;

namespace {

constexpr int kSub = 32;
constexpr int kSubBlocks = kQK_K / kSub;  // 8
constexpr float kScaleMax = 63.0f;        // 6-bit sub-block scales and mins

template <class Block>
struct ScaleMinType;
template <>
struct ScaleMinType<BlockQ4_K> {
  static constexpr int kLevelMax = 15;
  static constexpr ScaleSweep kSweep{-1.0f, 0.1f, 20};
};
template <>
struct ScaleMinType<BlockQ5_K> {
  static constexpr int kLevelMax = 31;
  static constexpr ScaleSweep kSweep{-0.5f, 0.1f, 15};
};

// Levels in element order. Within each 64-value chunk c, byte l of qs[32c ..] holds elements
// 64c + l (low nibble) and 64c + 32 + l (high nibble); Q5_K's fifth bits go to bits 2c and 2c+1
// of qh[l].
template <class Block>
void store_levels(const uint8_t* levels, Block& block) {
  uint8_t* ql = block.qs;
  if constexpr (std::is_same_v<Block, BlockQ5_K>) std::memset(block.qh, 0, sizeof block.qh);
  for (int c = 0; c < kQK_K / 64; ++c, ql += 32) {
    for (int l = 0; l < 32; ++l) {
      int lo = levels[64 * c + l];
      int hi = levels[64 * c + 32 + l];
      if constexpr (std::is_same_v<Block, BlockQ5_K>) {
        if (lo > 15) {
          lo -= 16;
          block.qh[l] = uint8_t(block.qh[l] | (1u << (2 * c)));
        }
        if (hi > 15) {
          hi -= 16;
          block.qh[l] = uint8_t(block.qh[l] | (2u << (2 * c)));
        }
      }
      ql[l] = uint8_t(lo | (hi << 4));
    }
  }
}

template <class Block>
int load_level(const Block& block, int e) {
  const int c = e / 64, r = e % 64;
  const uint8_t byte = block.qs[32 * c + r % 32];
  int q = r < 32 ? (byte & 0xF) : (byte >> 4);
  if constexpr (std::is_same_v<Block, BlockQ5_K>) q += ((block.qh[r % 32] >> (2 * c + r / 32)) & 1) << 4;
  return q;
}

template <class Block>
void quantize_scale_min_row(const float* x, Block* y, int64_t n) {
  using Type = ScaleMinType<Block>;
  uint8_t levels[kQK_K];
  float weights[kSub];
  float scales[kSubBlocks];
  float mins[kSubBlocks];

  for (int64_t b = 0; b < n / kQK_K; ++b, x += kQK_K) {
    float max_scale = 0;  // scales are non-negative as the min is subtracted
    float max_min = 0;
    for (int j = 0; j < kSubBlocks; ++j) {
      const float* xs = x + kSub * j;
      // Error weights: the sub-block's RMS plus each value's magnitude, favouring large values.
      float sum_x2 = 0;
      for (int l = 0; l < kSub; ++l) sum_x2 += xs[l] * xs[l];
      const float av_x = std::sqrt(sum_x2 / static_cast<float>(kSub));
      for (int l = 0; l < kSub; ++l) weights[l] = av_x + std::fabs(xs[l]);
      scales[j] = search_scale_and_min<kSub, Type::kLevelMax, ErrorNorm::Squared>(xs, weights, Type::kSweep,
                                                                                 levels + kSub * j, &mins[j]);
      if (scales[j] > max_scale) max_scale = scales[j];
      if (mins[j] > max_min) max_min = mins[j];
    }

    const float inv_scale = max_scale > 0 ? kScaleMax / max_scale : 0.0f;
    const float inv_min = max_min > 0 ? kScaleMax / max_min : 0.0f;
    uint8_t ls[kSubBlocks], lm[kSubBlocks];
    for (int j = 0; j < kSubBlocks; ++j) {
      // Narrowed to uint8 before clamping, as in the reference.
      ls[j] = std::min<uint8_t>(63, static_cast<uint8_t>(round_to_nearest_int(inv_scale * scales[j])));
      lm[j] = std::min<uint8_t>(63, static_cast<uint8_t>(round_to_nearest_int(inv_min * mins[j])));
    }
    pack_q4k_scales_mins(ls, lm, y[b].scales);
    y[b].d = f32_to_f16(max_scale / kScaleMax);
    y[b].dmin = f32_to_f16(max_min / kScaleMax);

    const float d_all = f16_to_f32(y[b].d);
    const float dmin_all = f16_to_f32(y[b].dmin);
    for (int j = 0; j < kSubBlocks; ++j) {
      const ScaleMin sm = unpack_q4k_scale_min(j, y[b].scales);
      const float d = d_all * static_cast<float>(sm.scale);
      if (d == 0.0f) continue;
      const float dm = dmin_all * static_cast<float>(sm.min);
      requantize_with_min(x + kSub * j, kSub, d, dm, Type::kLevelMax, levels + kSub * j);
    }
    store_levels(levels, y[b]);
  }
}

template <class Block>
void dequantize_scale_min_row(const Block* x, float* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK_K; ++b) {
    const float d = f16_to_f32(x[b].d);
    const float min = f16_to_f32(x[b].dmin);
    for (int j = 0; j < kSubBlocks; ++j) {
      const ScaleMin sm = unpack_q4k_scale_min(j, x[b].scales);
      const float dl = d * static_cast<float>(sm.scale);
      const float ml = min * static_cast<float>(sm.min);
      for (int l = 0; l < kSub; ++l) *y++ = dl * static_cast<float>(load_level(x[b], kSub * j + l)) - ml;
    }
  }
}

}  // namespace

void quantize_row_q4_k_ref(const float* x, BlockQ4_K* y, int64_t n) { quantize_scale_min_row(x, y, n); }
void quantize_row_q5_k_ref(const float* x, BlockQ5_K* y, int64_t n) { quantize_scale_min_row(x, y, n); }
void dequantize_row_q4_k(const BlockQ4_K* x, float* y, int64_t n) { dequantize_scale_min_row(x, y, n); }
void dequantize_row_q5_k(const BlockQ5_K* x, float* y, int64_t n) { dequantize_scale_min_row(x, y, n); }

}  // namespace hearth
