// Scale searches of the K-quant reference quantizers.
//
// A K-quant stores each small group of values (16 or 32) as integer levels times a per-group
// scale (and, for the "scale + min" types, minus a per-group min). Picking the scale as
// max|x| / nmax is rarely optimal; these routines search a few candidate scales and keep the one
// with the smallest weighted squared (or absolute) error. They must match the GGUF ecosystem's
// reference quantizer bit for bit, so every floating-point operation below happens in the same
// order and precision as there (float, never double); do not "simplify" the arithmetic.
//
// All functions take a group `x[0..N)` and write its integer levels to `levels[0..N)`.
#pragma once

#include <cstdint>

namespace hearth::quant_detail {

// Groups whose largest magnitude is below this are treated as all zero.
inline constexpr float kGroupMaxEps = 1e-15f;

// The group size N and level range NMax are template parameters: the handful of configurations
// the K types use are instantiated in scale_search.cpp, and fixed trip counts let the compiler
// unroll the inner loops (the float sums still run in the reference's order).

// Symmetric levels l in [-NMax, NMax) with x ≈ scale * l, stored as l + NMax (0 .. 2*NMax-1).
// The error weight of element i is weights[i], or x[i]^2 when `weights` is null. Starts from
// scale = -max/NMax (the signed extreme maps to -NMax exactly), then tries the 18 nearby
// candidates NMax ± 0.1k, keeping the best least-squares fit. Returns the scale (0 and all-zero
// levels for an all-zero group). Used by Q6_K (N = 16, NMax = 32).
template <int N, int NMax>
float search_symmetric_scale(const float* x, const float* weights, int8_t* levels);

// Symmetric levels like search_symmetric_scale, weighted by x[i]^2, refined by coordinate
// descent: up to 5 sweeps move single levels to their best value given all the others. Returns
// the least-squares scale for the final levels. Used by Q3_K (N = 16, NMax = 4).
template <int N, int NMax>
float search_symmetric_scale_refined(const float* x, int8_t* levels);

// How search_scale_and_min measures the error of a candidate.
enum class ErrorNorm { Squared, Absolute };

// Candidate scales tried by search_scale_and_min: (NMax + first + step * k) / (max - min) for
// k = 0 .. steps.
struct ScaleSweep {
  float first;
  float step;
  int steps;
};

// Asymmetric levels l in [0, NMax] with x ≈ scale * l - neg_min, where the min is never positive
// (so the group's zero stays representable). Weighted least squares over the candidates of
// `sweep`, solving jointly for scale and min at each. Returns the scale and writes the
// (non-negative) amount subtracted to *neg_min. Used by Q2_K (16, 3, Absolute), Q4_K (32, 15,
// Squared) and Q5_K (32, 31, Squared).
template <int N, int NMax, ErrorNorm Norm>
float search_scale_and_min(const float* x, const float* weights, ScaleSweep sweep, uint8_t* levels, float* neg_min);

}  // namespace hearth::quant_detail
