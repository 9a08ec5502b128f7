// Scale searches of the K-quant reference quantizers (see scale_search.h). Every expression keeps
// the reference's evaluation order and float precision: that is what makes the output bit-exact.
#include "scale_search.h"

#include <algorithm>
#include <cmath>

#include "rounding.h"

namespace hearth::quant_detail {

namespace {

// Level of x at inverse scale `iscale`, clamped to the symmetric range [-nmax, nmax).
int symmetric_level(float iscale, float x, int nmax) {
  return std::max(-nmax, std::min(nmax - 1, round_to_nearest_int(iscale * x)));
}

// Largest magnitude of the group and the signed value that has it (the first one on ties).
struct SignedExtreme {
  float value = 0.0f;
  float magnitude = 0.0f;
};
SignedExtreme signed_extreme(int n, const float* x) {
  SignedExtreme e;
  for (int i = 0; i < n; ++i) {
    const float ax = std::fabs(x[i]);
    if (ax > e.magnitude) {
      e.magnitude = ax;
      e.value = x[i];
    }
  }
  return e;
}

// Weighted sums of a symmetric candidate: sum w*x*l and sum w*l*l.
struct FitSums {
  float sumlx = 0.0f;
  float suml2 = 0.0f;
};

}  // namespace

float search_symmetric_scale(int n, int nmax, const float* x, const float* weights, int8_t* levels) {
  const SignedExtreme extreme = signed_extreme(n, x);
  if (extreme.magnitude < kGroupMaxEps) {
    std::fill(levels, levels + n, int8_t{0});
    return 0.0f;
  }
  auto weight = [&](int i) { return weights ? weights[i] : x[i] * x[i]; };
  auto fit = [&](float iscale) {
    FitSums s;
    for (int i = 0; i < n; ++i) {
      const int l = symmetric_level(iscale, x[i], nmax);
      const float w = weight(i);
      s.sumlx += w * x[i] * static_cast<float>(l);
      s.suml2 += w * static_cast<float>(l) * static_cast<float>(l);
    }
    return s;
  };
  auto store_levels = [&](float iscale) {
    for (int i = 0; i < n; ++i) levels[i] = static_cast<int8_t>(nmax + symmetric_level(iscale, x[i], nmax));
  };

  // Start: the signed extreme maps to exactly -nmax.
  float iscale = static_cast<float>(-nmax) / extreme.value;
  store_levels(iscale);
  FitSums s = fit(iscale);
  float scale = s.suml2 != 0.0f ? s.sumlx / s.suml2 : 0.0f;
  float best = scale * s.sumlx;  // = sumlx^2 / suml2: the error reduction this fit achieves

  for (int k = -9; k <= 9; ++k) {
    if (k == 0) continue;
    iscale = -(static_cast<float>(nmax) + 0.1f * static_cast<float>(k)) / extreme.value;
    s = fit(iscale);
    // sumlx^2 / suml2 > best, without dividing.
    if (s.suml2 > 0 && s.sumlx * s.sumlx > best * s.suml2) {
      store_levels(iscale);
      scale = s.sumlx / s.suml2;
      best = scale * s.sumlx;
    }
  }
  return scale;
}

float search_symmetric_scale_refined(int n, int nmax, const float* x, int8_t* levels) {
  const SignedExtreme extreme = signed_extreme(n, x);
  if (extreme.magnitude < kGroupMaxEps) {
    std::fill(levels, levels + n, int8_t{0});
    return 0.0f;
  }
  const float iscale = static_cast<float>(-nmax) / extreme.value;
  // `levels` hold the signed levels during the refinement and are offset by nmax at the end.
  float sumlx = 0.0f;
  float suml2 = 0.0f;
  for (int i = 0; i < n; ++i) {
    const int l = symmetric_level(iscale, x[i], nmax);
    levels[i] = static_cast<int8_t>(l);
    const float w = x[i] * x[i];
    sumlx += w * x[i] * static_cast<float>(l);
    suml2 += w * static_cast<float>(l) * static_cast<float>(l);
  }
  for (int sweep = 0; sweep < 5; ++sweep) {
    int changed = 0;
    for (int i = 0; i < n; ++i) {
      const float w = x[i] * x[i];
      const float li = static_cast<float>(levels[i]);
      // The sums without element i; its best level given the others is x * sl2 / slx.
      float slx = sumlx - w * x[i] * li;
      if (slx > 0) {
        float sl2 = suml2 - w * li * li;
        int new_l = round_to_nearest_int(x[i] * sl2 / slx);
        new_l = std::max(-nmax, std::min(nmax - 1, new_l));
        if (new_l != levels[i]) {
          const float nl = static_cast<float>(new_l);
          slx += w * x[i] * nl;
          sl2 += w * nl * nl;
          // Keep the move when it raises sumlx^2 / suml2 (i.e. lowers the error).
          if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
            levels[i] = static_cast<int8_t>(new_l);
            sumlx = slx;
            suml2 = sl2;
            ++changed;
          }
        }
      }
    }
    if (changed == 0) break;
  }
  for (int i = 0; i < n; ++i) levels[i] = static_cast<int8_t>(levels[i] + nmax);
  return sumlx / suml2;
}

float search_scale_and_min(int n, int nmax, const float* x, const float* weights, ScaleSweep sweep, ErrorNorm norm,
                           uint8_t* levels, uint8_t* scratch, float* neg_min) {
  float min = x[0];
  float max = x[0];
  float sum_w = weights[0];
  float sum_x = sum_w * x[0];
  for (int i = 1; i < n; ++i) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
    const float w = weights[i];
    sum_w += w;
    sum_x += w * x[i];
  }
  if (min > 0) min = 0;  // the min is subtracted as a non-negative offset
  if (max == min) {
    std::fill(levels, levels + n, uint8_t{0});
    *neg_min = -min;
    return 0.0f;
  }
  auto level = [&](float iscale, float xi) {
    return std::max(0, std::min(nmax, round_to_nearest_int(iscale * (xi - min))));
  };
  auto error = [&](float scale, float m, const uint8_t* l) {
    float total = 0.0f;
    for (int i = 0; i < n; ++i) {
      float diff = scale * static_cast<float>(l[i]) + m - x[i];
      diff = norm == ErrorNorm::Absolute ? std::fabs(diff) : diff * diff;
      total += weights[i] * diff;
    }
    return total;
  };

  // Start: min .. max spread over the full level range.
  float iscale = static_cast<float>(nmax) / (max - min);
  float scale = 1 / iscale;
  for (int i = 0; i < n; ++i) levels[i] = static_cast<uint8_t>(level(iscale, x[i]));
  float best_error = error(scale, min, levels);
  if (sweep.steps < 1) {
    *neg_min = -min;
    return scale;
  }

  for (int k = 0; k <= sweep.steps; ++k) {
    iscale = (sweep.first + sweep.step * static_cast<float>(k) + static_cast<float>(nmax)) / (max - min);
    float sum_l = 0.0f, sum_l2 = 0.0f, sum_xl = 0.0f;
    for (int i = 0; i < n; ++i) {
      const int l = level(iscale, x[i]);
      scratch[i] = static_cast<uint8_t>(l);
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
      const float this_error = error(this_scale, this_min, scratch);
      if (this_error < best_error) {
        std::copy(scratch, scratch + n, levels);
        best_error = this_error;
        scale = this_scale;
        min = this_min;
      }
    }
  }
  *neg_min = -min;
  return scale;
}

}  // namespace hearth::quant_detail
