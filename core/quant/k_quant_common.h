// Pieces shared by the K-quant reference quantizers and dequantizers (Q2_K .. Q6_K).
//
// Every K quantizer works in two passes per 256-value super-block: a scale search per sub-block
// (scale_search.h) gives each sub-block's float scale; those are quantized to the block's packed
// integer scales times one f16 super-scale; then every value is re-quantized against the scale the
// decoder will actually see (f16 super-scale * integer scale), so the stored levels are the best
// for the stored scales. Sub-blocks whose final scale is zero keep the levels of the search.
#pragma once

#include <algorithm>
#include <cstdint>

#include "hearth/quant/blocks.h"
#include "rounding.h"

namespace hearth::quant_detail {

// Levels l in [0, nmax] of x ≈ d * l - dm.
inline void requantize_with_min(const float* x, int n, float d, float dm, int nmax, uint8_t* levels) {
  for (int i = 0; i < n; ++i)
    levels[i] = static_cast<uint8_t>(std::max(0, std::min(nmax, round_to_nearest_int((x[i] + dm) / d))));
}

// Levels l in [-half, half) of x ≈ d * l, stored as l + half.
template <class Level>
void requantize_symmetric(const float* x, int n, float d, int half, Level* levels) {
  for (int i = 0; i < n; ++i)
    levels[i] = static_cast<Level>(std::max(-half, std::min(half - 1, round_to_nearest_int(x[i] / d))) + half);
}

// The 2-bit planes of Q2_K and Q3_K: in each half of the super-block (128 values), byte l of the
// half's 32 bytes holds elements l, l+32, l+64 and l+96 in bits 0-1, 2-3, 4-5 and 6-7.
template <class Level>
void pack_2bit_planes(const Level* levels, uint8_t* qs) {
  for (int half = 0; half < kQK_K; half += 128)
    for (int l = 0; l < 32; ++l)
      qs[half / 4 + l] = uint8_t(levels[half + l] | (levels[half + l + 32] << 2) | (levels[half + l + 64] << 4) |
                                 (levels[half + l + 96] << 6));
}
inline int unpack_2bit_plane(const uint8_t* qs, int e) {
  return (qs[(e / 128) * 32 + e % 32] >> (2 * ((e % 128) / 32))) & 3;
}

}  // namespace hearth::quant_detail
