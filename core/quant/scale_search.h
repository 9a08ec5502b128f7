// Scale searches of the K-quant reference quantizers.
//
// A K-quant stores each small group of values (16 or 32) as integer levels times a per-group
// scale (and, for the "scale + min" types, minus a per-group min). Picking the scale as
// max|x| / nmax is rarely optimal; these routines search a few candidate scales and keep the one
// with the smallest weighted squared (or absolute) error. They must match the GGUF ecosystem's
// reference quantizer bit for bit, so every floating-point operation below happens in the same
// order and precision as there (float, never double); do not "simplify" the arithmetic.
//
// All functions take a group `x[0..n)` and write its integer levels to `levels[0..n)`.
#pragma once

#include <cstdint>

namespace hearth::quant_detail {

// Groups whose largest magnitude is below this are treated as all zero.
inline constexpr float kGroupMaxEps = 1e-15f;

// Symmetric levels l in [-nmax, nmax) with x ≈ scale * l, stored as l + nmax (0 .. 2*nmax-1).
// The error weight of element i is weights[i], or x[i]^2 when `weights` is null. Starts from
// scale = -max/nmax (the signed extreme maps to -nmax exactly), then tries the 18 nearby
// candidates nmax ± 0.1k, keeping the best least-squares fit. Returns the scale (0 and all-zero
// levels for an all-zero group). Used by Q6_K (n = 16, nmax = 32).
float search_symmetric_scale(int n, int nmax, const float* x, const float* weights, int8_t* levels);

// Symmetric levels like search_symmetric_scale, weighted by x[i]^2, refined by coordinate
// descent: up to 5 sweeps move single levels to their best value given all the others. Returns
// the least-squares scale for the final levels. Used by Q3_K (n = 16, nmax = 4).
float search_symmetric_scale_refined(int n, int nmax, const float* x, int8_t* levels);

// How search_scale_and_min measures the error of a candidate.
enum class ErrorNorm { Squared, Absolute };

// Candidate scales tried by search_scale_and_min: (nmax + first + step * k) / (max - min) for
// k = 0 .. steps.
struct ScaleSweep {
  float first;
  float step;
  int steps;
};

// Asymmetric levels l in [0, nmax] with x ≈ scale * l - neg_min, where the min is never positive
// (so the group's zero stays representable). Weighted least squares over the candidates of
// `sweep`, solving jointly for scale and min at each. `scratch` holds n levels. Returns the scale
// and writes the (non-negative) amount subtracted to *neg_min. Used by Q2_K, Q4_K and Q5_K.
float search_scale_and_min(int n, int nmax, const float* x, const float* weights, ScaleSweep sweep, ErrorNorm norm,
                           uint8_t* levels, uint8_t* scratch, float* neg_min);

}  // namespace hearth::quant_detail
