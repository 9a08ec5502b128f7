// IQ4_NL: blocks of 32 values, x = d * kIq4nlValues[index] with a 4-bit index per value (packed
// like Q4_0) and an f16 d per block. The codebook is non-linear (denser near zero), which is why
// a 4-bit K type falls back to it when a row is not a multiple of 256.
//
// This is the quantizer that llama-quantize runs for IQ4_NL without an importance matrix (a scale
// search over 15 candidates, error weighted by x^2). Note that the ggml library also has a cheaper
// "quantize_row_iq4_nl_ref" that skips the search; files never contain its output, so Hearth
// matches the searching one.
#include <cmath>

#include "hearth/base/half.h"
#include "hearth/quant/quantize.h"
#include "scale_search.h"

namespace hearth {

namespace {

constexpr int kSearchSteps = 7;  // candidates (kIq4nlValues[0] + k) / max for k = -7 .. 7

// Index of the codebook value nearest to x (the upper one on a tie), by bisection.
int nearest_codebook_index(float x) {
  constexpr int kN = 16;
  if (x <= kIq4nlValues[0]) return 0;
  if (x >= kIq4nlValues[kN - 1]) return kN - 1;
  int lo = 0, hi = kN - 1;
  while (hi - lo > 1) {
    const int mid = (lo + hi) / 2;
    if (x < kIq4nlValues[mid])
      hi = mid;
    else
      lo = mid;
  }
  return x - kIq4nlValues[hi - 1] < kIq4nlValues[hi] - x ? hi - 1 : hi;
}

// Weighted least-squares fit of x ≈ d * value[index(x * id)]: sum w*q*x and sum w*q*q.
struct CodebookFit {
  float sumqx = 0.0f;
  float sumq2 = 0.0f;
};
CodebookFit fit_codebook(const float* x, const float* weight, float id) {
  CodebookFit f;
  for (int j = 0; j < kQK4_NL; ++j) {
    const float q = kIq4nlValues[nearest_codebook_index(id * x[j])];
    f.sumqx += weight[j] * q * x[j];
    f.sumq2 += weight[j] * q * q;
  }
  return f;
}

// The block's scale: 0 for an all-zero block.
float search_block_scale(const float* x) {
  float weight[kQK4_NL];
  float amax = 0, max = 0;
  for (int j = 0; j < kQK4_NL; ++j) {
    weight[j] = x[j] * x[j];
    const float ax = std::fabs(x[j]);
    if (ax > amax) {
      amax = ax;
      max = x[j];
    }
  }
  if (amax < quant_detail::kGroupMaxEps) return 0.0f;

  // Start with the signed extreme on the codebook's most negative value.
  const float d0 = -max / static_cast<float>(kIq4nlValues[0]);
  CodebookFit f = fit_codebook(x, weight, 1 / d0);
  float d = f.sumqx / f.sumq2;
  float best = d * f.sumqx;
  for (int k = -kSearchSteps; k <= kSearchSteps; ++k) {
    const float id = static_cast<float>(k + kIq4nlValues[0]) / max;
    f = fit_codebook(x, weight, id);
    if (f.sumq2 > 0 && f.sumqx * f.sumqx > best * f.sumq2) {
      d = f.sumqx / f.sumq2;
      best = d * f.sumqx;
    }
  }
  return d;
}

}  // namespace

void quantize_row_iq4_nl_ref(const float* x, BlockIQ4_NL* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK4_NL; ++b, x += kQK4_NL) {
    const float d = search_block_scale(x);
    y[b].d = f32_to_f16(d);
    // Indices against the float scale found (not its f16 rounding), as the reference does.
    const float id = d != 0.0f ? 1 / d : 0.0f;
    uint8_t index[kQK4_NL];
    for (int j = 0; j < kQK4_NL; ++j) index[j] = static_cast<uint8_t>(nearest_codebook_index(id * x[j]));
    for (int j = 0; j < kQK4_NL / 2; ++j) y[b].qs[j] = uint8_t(index[j] | (index[j + kQK4_NL / 2] << 4));
  }
}

void dequantize_row_iq4_nl(const BlockIQ4_NL* x, float* y, int64_t n) {
  for (int64_t b = 0; b < n / kQK4_NL; ++b) {
    const float d = f16_to_f32(x[b].d);
    for (int j = 0; j < kQK4_NL; ++j) {
      const uint8_t byte = x[b].qs[j % (kQK4_NL / 2)];
      *y++ = d * static_cast<float>(kIq4nlValues[j < kQK4_NL / 2 ? (byte & 0xF) : (byte >> 4)]);
    }
  }
}

}  // namespace hearth
