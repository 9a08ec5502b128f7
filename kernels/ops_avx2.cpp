// AVX2 + FMA element-wise ops. exp is computed as 2^n * e^r with n = round(x / ln 2),
// |r| <= ln(2) / 2, e^r by a degree-7 Taylor polynomial (truncation error < 6e-9) in Horner
// form with FMA; 2^n is applied as two factors so results down to the denormals are right.
// Its error against the exactly rounded exp is bounded in kernels_ops_test (<= 2 ulp).
#include <cmath>

#include "ops_impl.h"
#include "simd_avx2.h"
#include "vec_dot.h"

namespace hearth::kernels::avx2 {

namespace {

inline __m256 exp_ps(__m256 x) {
  const __m256 hi = _mm256_set1_ps(88.7228394f);  // ln(FLT_MAX): above it, e^x is +inf
  const __m256 lo = _mm256_set1_ps(-104.0f);      // below it, e^x rounds to 0
  // max/min return their second operand when one is NaN: NaN inputs stay NaN.
  const __m256 xc = _mm256_min_ps(hi, _mm256_max_ps(lo, x));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(xc, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), xc);  // Cody-Waite: ln2 = hi + lo
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.0f / 5040.0f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  // 2^n = 2^n1 * 2^n2 with n1 = n / 2 (both factors normal for n in [-150, 128]).
  const __m256i ni = _mm256_cvtps_epi32(n);
  const __m256i n1 = _mm256_srai_epi32(ni, 1);
  const __m256i n2 = _mm256_sub_epi32(ni, n1);
  const __m256i bias = _mm256_set1_epi32(127);
  const __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, bias), 23));
  const __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, bias), 23));
  const __m256 result = _mm256_mul_ps(_mm256_mul_ps(p, s1), s2);
  return _mm256_blendv_ps(result, _mm256_set1_ps(INFINITY), _mm256_cmp_ps(x, hi, _CMP_GT_OQ));
}

inline __m256 silu_ps(__m256 x) {
  const __m256 e = exp_ps(_mm256_sub_ps(_mm256_setzero_ps(), x));
  return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), e));
}

inline __m256 gelu_ps(__m256 x) {
  const __m256 x2 = _mm256_mul_ps(x, x);
  const __m256 inner = _mm256_fmadd_ps(_mm256_set1_ps(0.044715f), x2, _mm256_set1_ps(1.0f));
  const __m256 z = _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.7978845608028654f), x), inner);
  // tanh(z) = 1 - 2 / (e^(2z) + 1): exact limits -1 and 1 when e^(2z) is 0 or inf.
  const __m256 e = exp_ps(_mm256_add_ps(z, z));
  const __m256 t = _mm256_sub_ps(_mm256_set1_ps(1.0f), _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, _mm256_set1_ps(1.0f))));
  return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), x), _mm256_add_ps(_mm256_set1_ps(1.0f), t));
}

// Applies f to whole vectors, and to the tail through a zero-padded vector.
template <class F>
inline void map1(const float* x, float* y, int64_t n, F f) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i)));
  if (i < n) {
    alignas(32) float buf[8] = {};
    for (int64_t j = i; j < n; ++j) buf[j - i] = x[j];
    _mm256_store_ps(buf, f(_mm256_load_ps(buf)));
    for (int64_t j = i; j < n; ++j) y[j] = buf[j - i];
  }
}
template <class F>
inline void map2(const float* a, const float* b, float* y, int64_t n, F f) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  if (i < n) {
    alignas(32) float ba[8] = {}, bb[8] = {};
    for (int64_t j = i; j < n; ++j) {
      ba[j - i] = a[j];
      bb[j - i] = b[j];
    }
    _mm256_store_ps(ba, f(_mm256_load_ps(ba), _mm256_load_ps(bb)));
    for (int64_t j = i; j < n; ++j) y[j] = ba[j - i];
  }
}

void rms_norm(const float* x, const float* weight, float* y, int64_t n, float eps) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256 a = _mm256_loadu_ps(x + i), b = _mm256_loadu_ps(x + i + 8);
    acc0 = _mm256_fmadd_ps(a, a, acc0);
    acc1 = _mm256_fmadd_ps(b, b, acc1);
  }
  for (; i + 8 <= n; i += 8) {
    const __m256 a = _mm256_loadu_ps(x + i);
    acc0 = _mm256_fmadd_ps(a, a, acc0);
  }
  double sum = hsum(_mm256_add_ps(acc0, acc1));
  for (; i < n; ++i) sum += static_cast<double>(x[i]) * x[i];
  const float inv = 1.0f / std::sqrt(static_cast<float>(sum / static_cast<double>(n)) + eps);
  const __m256 vinv = _mm256_set1_ps(inv);
  if (weight)
    map2(x, weight, y, n, [&](__m256 a, __m256 w) { return _mm256_mul_ps(_mm256_mul_ps(a, vinv), w); });
  else
    map1(x, y, n, [&](__m256 a) { return _mm256_mul_ps(a, vinv); });
}

void softmax(float* x, int64_t n, float scale) {
  if (n <= 0) return;
  const __m256 vs = _mm256_set1_ps(scale);
  __m256 vmax = _mm256_set1_ps(-INFINITY);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) vmax = _mm256_max_ps(vmax, _mm256_mul_ps(vs, _mm256_loadu_ps(x + i)));
  float max = hmax(vmax);
  for (; i < n; ++i) max = std::fmax(max, scale * x[i]);
  const __m256 vm = _mm256_set1_ps(max);
  __m256 vsum = _mm256_setzero_ps();
  i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 e = exp_ps(_mm256_fmsub_ps(vs, _mm256_loadu_ps(x + i), vm));
    _mm256_storeu_ps(x + i, e);
    vsum = _mm256_add_ps(vsum, e);
  }
  double sum = hsum(vsum);
  if (i < n) {
    const int64_t rest = n - i;
    map1(x + i, x + i, rest, [&](__m256 v) { return exp_ps(_mm256_fmsub_ps(vs, v, vm)); });
    for (int64_t j = i; j < n; ++j) sum += x[j];
  }
  const __m256 inv = _mm256_set1_ps(static_cast<float>(1.0 / sum));
  map1(x, x, n, [&](__m256 v) { return _mm256_mul_ps(v, inv); });
}

void silu(const float* x, float* y, int64_t n) { map1(x, y, n, silu_ps); }
void gelu(const float* x, float* y, int64_t n) { map1(x, y, n, gelu_ps); }
void swiglu(const float* g, const float* u, float* y, int64_t n) {
  map2(g, u, y, n, [](__m256 a, __m256 b) { return _mm256_mul_ps(silu_ps(a), b); });
}
void geglu(const float* g, const float* u, float* y, int64_t n) {
  map2(g, u, y, n, [](__m256 a, __m256 b) { return _mm256_mul_ps(gelu_ps(a), b); });
}
void add(const float* a, const float* b, float* y, int64_t n) { map2(a, b, y, n, _mm256_add_ps); }
void mul(const float* a, const float* b, float* y, int64_t n) { map2(a, b, y, n, _mm256_mul_ps); }
void scale(const float* x, float s, float* y, int64_t n) {
  const __m256 vs = _mm256_set1_ps(s);
  map1(x, y, n, [&](__m256 v) { return _mm256_mul_ps(v, vs); });
}

void rope_head(float* x, const float* c, const float* s, int n_dims, RopeOrder order) {
  const int half = n_dims / 2;
  int i = 0;
  if (order == RopeOrder::Normal) {
    // 4 pairs per vector: even lanes a*c - b*s, odd lanes b*c + a*s (fmaddsub), with c and s
    // duplicated over each pair.
    const __m256i dup = _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3);
    for (; i + 4 <= half; i += 4) {
      const __m256 v = _mm256_loadu_ps(x + 2 * i);
      const __m256 vc = _mm256_permutevar8x32_ps(_mm256_castps128_ps256(_mm_loadu_ps(c + i)), dup);
      const __m256 vsn = _mm256_permutevar8x32_ps(_mm256_castps128_ps256(_mm_loadu_ps(s + i)), dup);
      const __m256 swapped = _mm256_permute_ps(v, 0xb1);  // (b, a) in each pair
      _mm256_storeu_ps(x + 2 * i, _mm256_fmaddsub_ps(v, vc, _mm256_mul_ps(swapped, vsn)));
    }
    for (; i < half; ++i) {
      const float a = x[2 * i], b = x[2 * i + 1];
      x[2 * i] = a * c[i] - b * s[i];
      x[2 * i + 1] = a * s[i] + b * c[i];
    }
  } else {
    for (; i + 8 <= half; i += 8) {
      const __m256 a = _mm256_loadu_ps(x + i), b = _mm256_loadu_ps(x + i + half);
      const __m256 vc = _mm256_loadu_ps(c + i), vsn = _mm256_loadu_ps(s + i);
      _mm256_storeu_ps(x + i, _mm256_fmsub_ps(a, vc, _mm256_mul_ps(b, vsn)));
      _mm256_storeu_ps(x + i + half, _mm256_fmadd_ps(a, vsn, _mm256_mul_ps(b, vc)));
    }
    for (; i < half; ++i) {
      const float a = x[i], b = x[i + half];
      x[i] = a * c[i] - b * s[i];
      x[i + half] = a * s[i] + b * c[i];
    }
  }
}

void axpy_f16(float a, const uint16_t* x, float* y, int64_t n) {
  const __m256 va = _mm256_set1_ps(a);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, load_f16x8(x + i), _mm256_loadu_ps(y + i)));
  for (; i < n; ++i) y[i] += a * half_to_float(x[i]);
}

void axpy_f32(float a, const float* x, float* y, int64_t n) {
  const __m256 va = _mm256_set1_ps(a);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
  for (; i < n; ++i) y[i] += a * x[i];
}

void to_f16(const float* x, uint16_t* y, int64_t n) { quantize_act_f16(x, y, n); }
void from_f16(const uint16_t* x, float* y, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, load_f16x8(x + i));
  for (; i < n; ++i) y[i] = half_to_float(x[i]);
}

void exp_row(const float* x, float* y, int64_t n) { map1(x, y, n, exp_ps); }

}  // namespace

const OpsKernels kOps = {rms_norm, softmax, silu, gelu, swiglu, geglu, add, mul, scale, rope_head,
                         vec_dot_f16_f32, axpy_f16, axpy_f32, to_f16, from_f16, exp_row};

}  // namespace hearth::kernels::avx2
