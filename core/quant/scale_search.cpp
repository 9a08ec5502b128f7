// Scale searches of the K-quant reference quantizers (see scale_search.h). Every expression keeps
// the reference's evaluation order and float precision: that is what makes the output bit-exact.
// Levels are built in local arrays and copied out at the end: a store through the caller's int8
// pointer could alias the input floats, which would stop the compiler from keeping them in
// registers.
#include "scale_search.h"

#include <algorithm>
#include <cmath>

#include "rounding.h"

namespace hearth::quant_detail {

namespace {

// Level of x at inverse scale `iscale`, clamped to the symmetric range [-nmax, nmax).
template <int NMax>
int symmetric_level(float iscale, float x) {
  return std::max(-NMax, std::min(NMax - 1, round_to_nearest_int(iscale * x)));
}

// The signed value of largest magnitude (the first one on ties) and that magnitude.
struct SignedExtreme {
  float value = 0.0f;
  float magnitude = 0.0f;
};
template <int N>
SignedExtreme signed_extreme(const float* x) {
  SignedExtreme e;
  for (int i = 0; i < N; ++i) {
    const float ax = std::fabs(x[i]);
    if (ax > e.magnitude) {
      e.magnitude = ax;
      e.value = x[i];
    }
  }
  return e;
}

// search_symmetric_scale with the weights known to be given (Weighted) or x^2.
template <int N, int NMax, bool Weighted>
float symmetric_search(const float* x, const float* weights, int8_t* out_levels) {
  const SignedExtreme extreme = signed_extreme<N>(x);
  if (extreme.magnitude < kGroupMaxEps) {
    std::fill(out_levels, out_levels + N, int8_t{0});
    return 0.0f;
  }
  float w[N];
  for (int i = 0; i < N; ++i) w[i] = Weighted ? weights[i] : x[i] * x[i];
  // sum w*x*l and sum w*l*l of the candidate with inverse scale `iscale`.
  struct Sums {
    float lx = 0.0f, l2 = 0.0f;
  };
  auto fit = [&](float iscale) {
    Sums s;
    for (int i = 0; i < N; ++i) {
      const float l = static_cast<float>(symmetric_level<NMax>(iscale, x[i]));
      s.lx += w[i] * x[i] * l;
      s.l2 += w[i] * l * l;
    }
    return s;
  };
  int8_t levels[N];
  auto store_levels = [&](float iscale) {
    for (int i = 0; i < N; ++i) levels[i] = static_cast<int8_t>(NMax + symmetric_level<NMax>(iscale, x[i]));
  };

  // Start: the signed extreme maps to exactly -NMax.
  float iscale = static_cast<float>(-NMax) / extreme.value;
  store_levels(iscale);
  Sums s = fit(iscale);
  float scale = s.l2 != 0.0f ? s.lx / s.l2 : 0.0f;
  float best = scale * s.lx;  // = lx^2 / l2: how much this fit reduces the squared error

  for (int k = -9; k <= 9; ++k) {
    if (k == 0) continue;
    iscale = -(static_cast<float>(NMax) + 0.1f * static_cast<float>(k)) / extreme.value;
    s = fit(iscale);
    if (s.l2 > 0 && s.lx * s.lx > best * s.l2) {  // lx^2 / l2 > best, without dividing
      store_levels(iscale);
      scale = s.lx / s.l2;
      best = scale * s.lx;
    }
  }
  std::copy(levels, levels + N, out_levels);
  return scale;
}

}  // namespace

template <int N, int NMax>
float search_symmetric_scale(const float* x, const float* weights, int8_t* levels) {
  return weights ? symmetric_search<N, NMax, true>(x, weights, levels)
                 : symmetric_search<N, NMax, false>(x, nullptr, levels);
}

template <int N, int NMax>
float search_symmetric_scale_refined(const float* x, int8_t* out_levels) {
  const SignedExtreme extreme = signed_extreme<N>(x);
  if (extreme.magnitude < kGroupMaxEps) {
    std::fill(out_levels, out_levels + N, int8_t{0});
    return 0.0f;
  }
  const float iscale = static_cast<float>(-NMax) / extreme.value;
  int levels[N];  // signed during the refinement, offset by NMax at the end
  float sumlx = 0.0f;
  float suml2 = 0.0f;
  for (int i = 0; i < N; ++i) {
    const int l = symmetric_level<NMax>(iscale, x[i]);
    levels[i] = l;
    const float w = x[i] * x[i];
    sumlx += w * x[i] * static_cast<float>(l);
    suml2 += w * static_cast<float>(l) * static_cast<float>(l);
  }
  for (int sweep = 0; sweep < 5; ++sweep) {
    int changed = 0;
    for (int i = 0; i < N; ++i) {
      const float w = x[i] * x[i];
      const float li = static_cast<float>(levels[i]);
      // The sums without element i; its best level given the others is x * sl2 / slx.
      float slx = sumlx - w * x[i] * li;
      if (slx > 0) {
        float sl2 = suml2 - w * li * li;
        const int new_l = std::max(-NMax, std::min(NMax - 1, round_to_nearest_int(x[i] * sl2 / slx)));
        if (new_l != levels[i]) {
          const float nl = static_cast<float>(new_l);
          slx += w * x[i] * nl;
          sl2 += w * nl * nl;
          // Keep the move when it raises sumlx^2 / suml2 (i.e. lowers the error).
          if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
            levels[i] = new_l;
            sumlx = slx;
            suml2 = sl2;
            ++changed;
          }
        }
      }
    }
    if (changed == 0) break;
  }
  for (int i = 0; i < N; ++i) out_levels[i] = static_cast<int8_t>(levels[i] + NMax);
  return sumlx / suml2;
}

template <int N, int NMax, ErrorNorm Norm>
float search_scale_and_min(const float* x, const float* weights, ScaleSweep sweep, uint8_t* out_levels,
                           float* neg_min) {
  float min = x[0];
  float max = x[0];
  float sum_w = weights[0];
  float sum_x = sum_w * x[0];
  for (int i = 1; i < N; ++i) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
    const float w = weights[i];
    sum_w += w;
    sum_x += w * x[i];
  }
  if (min > 0) min = 0;  // the min is subtracted as a non-negative offset
  if (max == min) {
    std::fill(out_levels, out_levels + N, uint8_t{0});
    *neg_min = -min;
    return 0.0f;
  }
  auto level = [&](float iscale, float xi, float m) {
    return std::max(0, std::min(NMax, round_to_nearest_int(iscale * (xi - m))));
  };
  auto error = [&](float scale, float m, const uint8_t* l) {
    float total = 0.0f;
    for (int i = 0; i < N; ++i) {
      float diff = scale * static_cast<float>(l[i]) + m - x[i];
      diff = Norm == ErrorNorm::Absolute ? std::fabs(diff) : diff * diff;
      total += weights[i] * diff;
    }
    return total;
  };

  // Start: min .. max spread over the full level range.
  uint8_t levels[N];
  uint8_t candidate[N];
  float iscale = static_cast<float>(NMax) / (max - min);
  float scale = 1 / iscale;
  for (int i = 0; i < N; ++i) levels[i] = static_cast<uint8_t>(level(iscale, x[i], min));
  float best_error = error(scale, min, levels);
  if (sweep.steps < 1) {
    std::copy(levels, levels + N, out_levels);
    *neg_min = -min;
    return scale;
  }

  for (int k = 0; k <= sweep.steps; ++k) {
    iscale = (sweep.first + sweep.step * static_cast<float>(k) + static_cast<float>(NMax)) / (max - min);
    float sum_l = 0.0f, sum_l2 = 0.0f, sum_xl = 0.0f;
    for (int i = 0; i < N; ++i) {
      const int l = level(iscale, x[i], min);
      candidate[i] = static_cast<uint8_t>(l);
      const float w = weights[i];
      const float lf = static_cast<float>(l);
      sum_l += w * lf;
      sum_l2 += w * lf * lf;
      sum_xl += w * lf * x[i];
    }
    // Weighted least squares for x ≈ scale * l + m: the 2x2 normal equations' determinant.
    const float det = sum_w * sum_l2 - sum_l * sum_l;
    if (det > 0) {
      float this_scale = (sum_w * sum_xl - sum_x * sum_l) / det;
      float this_min = (sum_l2 * sum_x - sum_l * sum_xl) / det;
      if (this_min > 0) {  // a positive min is not representable: refit the scale alone
        this_min = 0;
        this_scale = sum_xl / sum_l2;
      }
      const float this_error = error(this_scale, this_min, candidate);
      if (this_error < best_error) {
        std::copy(candidate, candidate + N, levels);
        best_error = this_error;
        scale = this_scale;
        min = this_min;
      }
    }
  }
  std::copy(levels, levels + N, out_levels);
  *neg_min = -min;
  return scale;
}

// The configurations of the K types.
template float search_symmetric_scale<16, 32>(const float*, const float*, int8_t*);              // Q6_K
template float search_symmetric_scale_refined<16, 4>(const float*, int8_t*);                    // Q3_K
template float search_scale_and_min<16, 3, ErrorNorm::Absolute>(const float*, const float*,     // Q2_K
                                                                 ScaleSweep, uint8_t*, float*);
template float search_scale_and_min<32, 15, ErrorNorm::Squared>(const float*, const float*,     // Q4_K
                                                                ScaleSweep, uint8_t*, float*);
template float search_scale_and_min<32, 31, ErrorNorm::Squared>(const float*, const float*,     // Q5_K
                                                                ScaleSweep, uint8_t*, float*);

}  // namespace hearth::quant_detail
