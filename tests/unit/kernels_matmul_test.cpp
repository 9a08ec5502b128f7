// Matrix x vector and matrix x matrix: every weight type, plain and packed layouts, every
// kernel family, 1..3 threads, awkward shapes (1 row, odd rows, 257 rows, wide rows, token
// counts that are not multiples of any tile). The reference for every output is the scalar
// twin vec_dot of that weight row with that token's reference-quantized activation row; the
// tolerance is the summation bound of kernels_test_util.h for that row and token.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "hearth/base/half.h"
#include "hearth/base/result.h"
#include "hearth/kernels/matmul.h"
#include "hearth/kernels/type_traits.h"
#include "kernels/matmul_internal.h"
#include "kernels_test_util.h"

namespace hearth {
namespace {

using kernels::CpuWeights;
using kernels::Isa;
using kernels::ThreadPool;
using test::Rng;

struct Shape {
  int64_t rows, cols, tokens;
};

struct Problem {
  TensorType type;
  Shape shape;
  std::vector<uint8_t> weights;  // [rows x row_bytes]
  int64_t row_bytes;
  std::vector<float> x;          // [tokens x cols]
  std::vector<double> expected;  // [tokens x rows]
  std::vector<double> tolerance; // [tokens x rows]
};

Problem make_problem(TensorType type, Shape s, uint64_t seed) {
  Problem p{type, s, {}, 0, {}, {}, {}};
  Rng rng(seed);
  p.row_bytes = static_cast<int64_t>(*tensor_row_bytes(type, s.cols));
  std::vector<test::Decoded> rows;
  for (int64_t r = 0; r < s.rows; ++r) {
    const auto row = test::random_weight_row(rng, type, s.cols);
    p.weights.insert(p.weights.end(), row.begin(), row.end());
    rows.push_back(test::decode_row(type, row.data(), s.cols));
  }
  p.x = test::random_floats(rng, s.cols * s.tokens);
  const auto& t = *kernels::cpu_type_traits(type, Isa::Scalar);
  std::vector<uint8_t> act(static_cast<size_t>(t.act_row_bytes(s.cols)));
  for (int64_t tok = 0; tok < s.tokens; ++tok) {
    // The matmul multiplies F16 / BF16 weights with activations rounded to that precision (as
    // llama.cpp does), so the expected dot uses the rounded row.
    std::vector<float> rounded(p.x.begin() + tok * s.cols, p.x.begin() + (tok + 1) * s.cols);
    for (float& v : rounded) {
      if (type == TensorType::F16) v = f16_to_f32(f32_to_f16(v));
      if (type == TensorType::BF16) v = bf16_to_f32(f32_to_bf16(v));
    }
    const float* xt = rounded.data();
    if (t.act_type == TensorType::F32)
      std::memcpy(act.data(), xt, act.size());
    else
      kernels::cpu_type_traits(t.act_type, Isa::Scalar)->from_float(xt, act.data(), s.cols);
    const auto da = test::decode_row(t.act_type, act.data(), s.cols);
    for (int64_t r = 0; r < s.rows; ++r) {
      p.expected.push_back(t.vec_dot(s.cols, p.weights.data() + r * p.row_bytes, act.data()));
      const auto ref = test::reference_dot(rows[static_cast<size_t>(r)], da);
      p.tolerance.push_back(test::dot_tolerance(s.cols / t.block_size, ref.magnitude));
    }
  }
  return p;
}

void check(const Problem& p, const CpuWeights& w, ThreadPool& pool, const std::string& what) {
  const Shape s = p.shape;
  // Outputs with a stride wider than the row count, pre-filled with a canary.
  const int64_t y_stride = s.rows + 3;
  std::vector<float> y(static_cast<size_t>(y_stride * s.tokens), -12345.0f);
  kernels::matmul(w, p.x.data(), s.tokens, s.cols, y.data(), y_stride, pool);
  for (int64_t t = 0; t < s.tokens; ++t) {
    for (int64_t r = 0; r < s.rows; ++r) {
      const size_t i = static_cast<size_t>(t * s.rows + r);
      ASSERT_NEAR(y[static_cast<size_t>(t * y_stride + r)], p.expected[i], p.tolerance[i])
          << what << " row " << r << " token " << t;
    }
    for (int64_t r = s.rows; r < y_stride; ++r) ASSERT_EQ(y[static_cast<size_t>(t * y_stride + r)], -12345.0f) << what;
  }
}

class MatmulTest : public testing::TestWithParam<TensorType> {};

TEST_P(MatmulTest, AllFamiliesLayoutsAndThreadCountsMatchTheScalarTwin) {
  const TensorType type = GetParam();
  const auto& t = *kernels::cpu_type_traits(type, Isa::Scalar);
  const int64_t step = std::max(t.block_size, t.act_block_size);
  std::vector<Shape> shapes = {{1, step, 1}, {7, 256, 1}, {257, 256, 3}, {17, 2048, 37}, {9, 4096, 5}, {3, 11008, 2}};
  if (step == 32) shapes.push_back({33, 32 * 5, 9});  // width not a multiple of 256
  if (step == 1) shapes.push_back({5, 35, 4});        // width not a multiple of 8
  ThreadPool pool1(1), pool2(2), pool3(3);
  uint64_t seed = 5000 + 100 * static_cast<uint64_t>(type);
  for (const Shape& s : shapes) {
    if (s.cols % step) continue;
    const Problem p = make_problem(type, s, ++seed);
    const std::string shape = std::to_string(s.rows) + "x" + std::to_string(s.cols) + " tokens " + std::to_string(s.tokens);
    // Packed under the best family (the scalar one keeps rows), then run by every family:
    // the scalar twins of the packed kernels are exercised too.
    const CpuWeights plain = CpuWeights::view(type, p.weights.data(), s.rows, s.cols);
    const CpuWeights packed = CpuWeights::prepare(type, p.weights.data(), s.rows, s.cols, 0, &pool2);
    for (Isa isa : {Isa::Scalar, Isa::Avx2}) {
      if (!kernels::isa_supported(isa)) continue;
      test::ScopedIsa scoped(isa);
      for (ThreadPool* pool : {&pool1, &pool2, &pool3}) {
        const std::string what = std::string(kernels::isa_name(isa)) + " " + shape + " threads " + std::to_string(pool->size());
        check(p, plain, *pool, what + " plain");
        check(p, packed, *pool, what + (packed.packed() ? " packed" : " (no packed layout)"));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllTypes, MatmulTest, testing::ValuesIn(test::cpu_weight_types()), test::type_param_name);

TEST(Matmul, RowStrideLargerThanTheRow) {
  Rng rng(77);
  const int64_t rows = 5, cols = 512, stride = 400;  // Q4_0 row is 288 bytes
  std::vector<uint8_t> w(static_cast<size_t>(rows * stride), 0xcd);
  for (int64_t r = 0; r < rows; ++r) {
    const auto row = test::random_weight_row(rng, TensorType::Q4_0, cols);
    std::copy(row.begin(), row.end(), w.begin() + r * stride);
  }
  const auto x = test::random_floats(rng, cols);
  ThreadPool pool(2);
  std::vector<float> y_strided(rows), y_dense(rows);
  std::vector<uint8_t> dense;
  for (int64_t r = 0; r < rows; ++r) dense.insert(dense.end(), w.begin() + r * stride, w.begin() + r * stride + 288);
  kernels::matmul(CpuWeights::view(TensorType::Q4_0, w.data(), rows, cols, stride), x.data(), 1, cols, y_strided.data(), rows, pool);
  kernels::matmul(CpuWeights::view(TensorType::Q4_0, dense.data(), rows, cols), x.data(), 1, cols, y_dense.data(), rows, pool);
  EXPECT_EQ(y_strided, y_dense);
  EXPECT_THROW(CpuWeights::view(TensorType::Q4_0, w.data(), rows, cols, 100), Exception);
}

TEST(Matmul, AddsTheBias) {
  Rng rng(55);
  const int64_t rows = 19, cols = 256, tokens = 3;
  for (TensorType type : {TensorType::Q4_K, TensorType::F32}) {
    std::vector<uint8_t> w;
    for (int64_t r = 0; r < rows; ++r) {
      const auto row = test::random_weight_row(rng, type, cols);
      w.insert(w.end(), row.begin(), row.end());
    }
    const auto x = test::random_floats(rng, cols * tokens);
    const auto bias = test::random_floats(rng, rows);
    ThreadPool pool(2);
    const auto cw = CpuWeights::prepare(type, w.data(), rows, cols);
    std::vector<float> plain(rows * tokens), biased(rows * tokens);
    kernels::matmul(cw, x.data(), tokens, cols, plain.data(), rows, pool);
    kernels::matmul(cw, x.data(), tokens, cols, biased.data(), rows, pool, bias.data());
    for (int64_t t = 0; t < tokens; ++t)
      for (int64_t r = 0; r < rows; ++r) EXPECT_EQ(biased[t * rows + r], plain[t * rows + r] + bias[r]);
  }
}

TEST(Matmul, ScalarFamilyKeepsTheFileLayout) {
  std::vector<uint8_t> w(static_cast<size_t>(*tensor_row_bytes(TensorType::Q4_0, 256) * 16));
  test::ScopedIsa scalar(Isa::Scalar);
  EXPECT_FALSE(CpuWeights::prepare(TensorType::Q4_0, w.data(), 16, 256).packed());
  EXPECT_EQ(CpuWeights::prepared_bytes(TensorType::Q4_0, 16, 256), 0u);
}

TEST(Matmul, PreparedBytesMatchTheAllocation) {
  HEARTH_REQUIRE_AVX2();
  test::ScopedIsa avx2(Isa::Avx2);
  for (TensorType type : {TensorType::F16, TensorType::Q4_0, TensorType::Q8_0, TensorType::Q4_K, TensorType::Q6_K,
                          TensorType::Q5_K}) {
    for (int64_t rows : {int64_t{1}, int64_t{8}, int64_t{13}}) {
      const auto row_bytes = static_cast<size_t>(*tensor_row_bytes(type, 512));
      std::vector<uint8_t> w(row_bytes * static_cast<size_t>(rows));
      const auto cw = CpuWeights::prepare(type, w.data(), rows, 512);
      EXPECT_EQ(cw.owned_bytes(), CpuWeights::prepared_bytes(type, rows, 512)) << tensor_type_name(type);
      // packing costs no memory beyond the zero rows padding the last group
      if (cw.packed()) {
        EXPECT_EQ(cw.owned_bytes(), row_bytes * static_cast<size_t>((rows + 7) / 8 * 8));
      }
    }
  }
}

TEST(Matmul, RejectsUnsupportedShapes) {
  std::vector<uint8_t> w(1 << 12);
  EXPECT_THROW(CpuWeights::view(TensorType::Q4_K, w.data(), 1, 100), Exception);   // not a multiple of 256
  EXPECT_THROW(CpuWeights::view(TensorType::IQ2_XXS, w.data(), 1, 256), Exception);  // no CPU kernel
  EXPECT_THROW(CpuWeights::view(TensorType::Q4_0, w.data(), 1, 48), Exception);    // not a multiple of 32
}

TEST(Matmul, ManyOutputsShareOneActivation) {
  Rng rng(99);
  const int64_t cols = 2048, tokens = 3;
  const std::vector<std::pair<TensorType, int64_t>> mats = {
      {TensorType::Q4_K, 64}, {TensorType::Q6_K, 24}, {TensorType::Q4_0, 40}, {TensorType::F16, 8}, {TensorType::Q8_0, 9}};
  std::vector<std::vector<uint8_t>> storage;
  std::vector<CpuWeights> weights;
  ThreadPool pool(2);
  for (auto [type, rows] : mats) {
    std::vector<uint8_t> bytes;
    for (int64_t r = 0; r < rows; ++r) {
      const auto row = test::random_weight_row(rng, type, cols);
      bytes.insert(bytes.end(), row.begin(), row.end());
    }
    storage.push_back(std::move(bytes));
    weights.push_back(CpuWeights::prepare(type, storage.back().data(), rows, cols, 0, &pool));
  }
  const auto x = test::random_floats(rng, cols * tokens);
  std::vector<std::vector<float>> together(mats.size()), alone(mats.size());
  std::vector<kernels::MatmulOutput> outs;
  for (size_t i = 0; i < mats.size(); ++i) {
    together[i].assign(static_cast<size_t>(mats[i].second * tokens), 0.0f);
    alone[i].assign(together[i].size(), 0.0f);
    outs.push_back({&weights[i], together[i].data(), mats[i].second});
    kernels::matmul(weights[i], x.data(), tokens, cols, alone[i].data(), mats[i].second, pool);
  }
  kernels::matmul_many(outs, x.data(), tokens, cols, pool);
  for (size_t i = 0; i < mats.size(); ++i) EXPECT_EQ(together[i], alone[i]) << tensor_type_name(mats[i].first);
}

}  // namespace
}  // namespace hearth

namespace hearth {
namespace {

// The interleaved layouts: packing then unpacking gives back every block; rows past the end
// of the matrix are zero.
TEST(PackedLayout, RoundTripsEveryBlock) {
  for (TensorType type : {TensorType::F32, TensorType::F16, TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
                          TensorType::Q5_0, TensorType::Q5_1, TensorType::IQ4_NL, TensorType::Q8_0, TensorType::Q2_K,
                          TensorType::Q3_K, TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K}) {
    const kernels::PackedFormat* f = kernels::packed_format(type);
    ASSERT_NE(f, nullptr) << tensor_type_name(type);
    EXPECT_EQ(f->group_block_bytes, 8 * f->block_bytes);
    int covered = 0;
    for (int i = 0; i < f->n_fields; ++i) covered += f->fields[i].len;
    EXPECT_EQ(covered, f->block_bytes) << "fields must cover the block exactly";
    Rng rng(static_cast<uint64_t>(type));
    for (int n_valid : {8, 5, 1}) {
      std::vector<std::vector<uint8_t>> rows;
      const uint8_t* ptrs[8] = {};
      for (int r = 0; r < n_valid; ++r) {
        rows.push_back(test::random_weight_row(rng, type, f->block_size));
        ASSERT_EQ(rows.back().size(), static_cast<size_t>(f->block_bytes));
        ptrs[r] = rows.back().data();
      }
      std::vector<uint8_t> column(static_cast<size_t>(f->group_block_bytes));
      std::vector<uint8_t> back(column.size(), 0xaa);
      kernels::pack_block_column(*f, ptrs, n_valid, column.data());
      kernels::unpack_block_column(*f, column.data(), back.data());
      for (int r = 0; r < 8; ++r) {
        const std::vector<uint8_t> got(back.begin() + r * f->block_bytes, back.begin() + (r + 1) * f->block_bytes);
        if (r < n_valid)
          EXPECT_EQ(got, rows[static_cast<size_t>(r)]) << tensor_type_name(type) << " row " << r;
        else
          EXPECT_EQ(got, std::vector<uint8_t>(static_cast<size_t>(f->block_bytes), 0)) << tensor_type_name(type);
      }
    }
  }
}

// prepare() packs groups with a fast path and splits them over the pool; its bytes must equal
// the plain per-column packing (pack_block_column, the layout's definition) whatever the
// thread count, on shapes whose row count is not a multiple of 8 (a partial last group), a
// single row, and a row stride wider than the row.
TEST(PackedLayout, PreparedBytesEqualColumnByColumnPackingAtAnyThreadCount) {
  HEARTH_REQUIRE_AVX2();  // only optimised families pack; the layout itself is the same on every CPU
  test::ScopedIsa avx2(Isa::Avx2);
  ThreadPool pool1(1), pool2(2), pool3(3);
  for (TensorType type : test::cpu_weight_types()) {
    const kernels::PackedFormat* f = kernels::packed_format(type);
    ASSERT_NE(f, nullptr) << tensor_type_name(type);
    for (const auto [rows, blocks, pad] : {std::array<int64_t, 3>{1, 1, 0}, {13, 3, 0}, {8, 2, 5}, {257, 7, 0},
                                           {131, 1, 33}, {40, 9, 0}}) {
      const int64_t cols = blocks * f->block_size;
      const int64_t row_bytes = blocks * f->block_bytes + pad;
      Rng rng(static_cast<uint64_t>(rows * 1000 + blocks) ^ static_cast<uint64_t>(type));
      std::vector<uint8_t> w(static_cast<size_t>(rows * row_bytes), 0xcd);
      for (int64_t r = 0; r < rows; ++r) {
        const auto row = test::random_weight_row(rng, type, cols);
        std::copy(row.begin(), row.end(), w.begin() + r * row_bytes);
      }
      // The definition: each block column of each group packed on its own.
      const int64_t n_groups = (rows + 7) / 8;
      std::vector<uint8_t> expected(static_cast<size_t>(n_groups * blocks * f->group_block_bytes));
      for (int64_t g = 0; g < n_groups; ++g) {
        const int n_valid = static_cast<int>(std::min<int64_t>(8, rows - g * 8));
        for (int64_t b = 0; b < blocks; ++b) {
          const uint8_t* ptrs[8] = {};
          for (int r = 0; r < n_valid; ++r) ptrs[r] = w.data() + (g * 8 + r) * row_bytes + b * f->block_bytes;
          kernels::pack_block_column(*f, ptrs, n_valid,
                                     expected.data() + (g * blocks + b) * f->group_block_bytes);
        }
      }
      for (ThreadPool* pool : {static_cast<ThreadPool*>(nullptr), &pool1, &pool2, &pool3}) {
        const auto cw = CpuWeights::prepare(type, w.data(), rows, cols, row_bytes, pool);
        ASSERT_TRUE(cw.packed());
        ASSERT_EQ(cw.owned_bytes(), expected.size());
        const std::vector<uint8_t> got(cw.data(), cw.data() + cw.owned_bytes());
        ASSERT_TRUE(got == expected) << tensor_type_name(type) << " " << rows << "x" << cols << " stride " << row_bytes
                                     << " threads " << (pool ? pool->size() : 0);
      }
    }
  }
}

// Matrices packed into a WeightArena hold the same bytes as ones with their own memory, at
// 64-byte boundaries, without overlapping, across chunk boundaries (a tiny chunk size forces
// new chunks, and matrices larger than a chunk), and still multiply correctly.
TEST(WeightArena, PackedMatricesEqualOwnedOnesAndDoNotOverlap) {
  HEARTH_REQUIRE_AVX2();
  test::ScopedIsa avx2(Isa::Avx2);
  kernels::WeightArena arena(5000);
  ThreadPool pool(2);
  struct Kept {
    std::vector<uint8_t> expected;
    CpuWeights w;
  };
  std::vector<Kept> kept;
  Rng rng(77);
  uint64_t total = 0;
  int i = 0;
  for (TensorType type : {TensorType::Q4_0, TensorType::Q8_0, TensorType::Q4_K, TensorType::F16, TensorType::Q6_K}) {
    for (int64_t rows : {int64_t{1}, int64_t{9}, int64_t{40}}) {
      const int64_t cols = 256 * (1 + i++ % 3);
      std::vector<uint8_t> w;
      for (int64_t r = 0; r < rows; ++r) {
        const auto row = test::random_weight_row(rng, type, cols);
        w.insert(w.end(), row.begin(), row.end());
      }
      const auto own = CpuWeights::prepare(type, w.data(), rows, cols, 0, &pool);
      auto in_arena = CpuWeights::prepare(type, w.data(), rows, cols, 0, &pool, &arena);
      ASSERT_TRUE(in_arena.packed());
      ASSERT_EQ(in_arena.owned_bytes(), own.owned_bytes());
      EXPECT_EQ(reinterpret_cast<uintptr_t>(in_arena.data()) % 64, 0u);
      total += in_arena.owned_bytes();
      // Matmul through the arena copy equals matmul through the owned copy (same bytes, same kernel).
      const auto x = test::random_floats(rng, cols);
      std::vector<float> y1(static_cast<size_t>(rows)), y2(static_cast<size_t>(rows));
      kernels::matmul(own, x.data(), 1, cols, y1.data(), rows, pool);
      kernels::matmul(in_arena, x.data(), 1, cols, y2.data(), rows, pool);
      EXPECT_EQ(y1, y2) << tensor_type_name(type);
      kept.push_back({std::vector<uint8_t>(own.data(), own.data() + own.owned_bytes()), std::move(in_arena)});
    }
  }
  EXPECT_EQ(arena.allocated_bytes(), total);
  // Every copy still holds its own bytes after all the later ones were written.
  for (const Kept& k : kept)
    ASSERT_TRUE(std::equal(k.expected.begin(), k.expected.end(), k.w.data())) << tensor_type_name(k.w.type());
}

// Largest quants against +-127 activations of matching sign: every int16 partial sum of the
// packed kernels is as large as the format allows (see packed_gemm_avx2.cpp); a saturating
// kernel would be off by far more than rounding.
TEST(PackedLayout, WorstCaseMagnitudesDoNotSaturate) {
  HEARTH_REQUIRE_AVX2();
  test::ScopedIsa avx2(Isa::Avx2);
  ThreadPool pool(1);
  for (TensorType type : {TensorType::Q4_0, TensorType::Q4_1, TensorType::Q5_0, TensorType::Q5_1, TensorType::IQ4_NL,
                          TensorType::Q8_0, TensorType::Q2_K, TensorType::Q3_K, TensorType::Q4_K, TensorType::Q5_K,
                          TensorType::Q6_K}) {
    const auto& layout = tensor_type_layout(type);
    const int64_t rows = 8, cols = 1024;
    for (uint8_t fill : {uint8_t{0x00}, uint8_t{0xff}, uint8_t{0x80}, uint8_t{0x7f}}) {
      Rng rng(3);
      std::vector<uint8_t> w;
      for (int64_t r = 0; r < rows; ++r) {
        auto row = test::random_weight_row(rng, type, cols);
        for (int64_t b = 0; b < cols / layout.block_size; ++b) {
          uint8_t* blk = row.data() + b * layout.block_bytes;
          switch (type) {
            case TensorType::Q4_0: std::memset(blk + offsetof(BlockQ4_0, qs), fill, 16); break;
            case TensorType::Q4_1: std::memset(blk + offsetof(BlockQ4_1, qs), fill, 16); break;
            case TensorType::Q5_0: std::memset(blk + offsetof(BlockQ5_0, qh), fill, 20); break;
            case TensorType::Q5_1: std::memset(blk + offsetof(BlockQ5_1, qh), fill, 20); break;
            case TensorType::IQ4_NL: std::memset(blk + offsetof(BlockIQ4_NL, qs), fill, 16); break;
            case TensorType::Q8_0: std::memset(blk + offsetof(BlockQ8_0, qs), fill, 32); break;
            case TensorType::Q2_K: std::memset(blk, fill, offsetof(BlockQ2_K, d)); break;
            case TensorType::Q3_K: std::memset(blk, fill, offsetof(BlockQ3_K, d)); break;
            case TensorType::Q4_K: std::memset(blk + offsetof(BlockQ4_K, scales), fill, 12 + 128); break;
            case TensorType::Q5_K: std::memset(blk + offsetof(BlockQ5_K, scales), fill, 12 + 32 + 128); break;
            default: std::memset(blk, fill, offsetof(BlockQ6_K, d)); break;  // Q6_K: ql, qh, scales
          }
        }
        w.insert(w.end(), row.begin(), row.end());
      }
      // Activations of +-1 with the sign of row 0's values quantize to +-127.
      const auto d0 = test::decode_row(type, w.data(), cols);
      std::vector<float> x(cols);
      for (int64_t i = 0; i < cols; ++i) x[i] = d0.value[i] >= 0 ? 1.0f : -1.0f;
      const auto packed = CpuWeights::prepare(type, w.data(), rows, cols);
      ASSERT_TRUE(packed.packed());
      std::vector<float> y(rows);
      kernels::matmul(packed, x.data(), 1, cols, y.data(), rows, pool);
      const auto& t = *kernels::cpu_type_traits(type, Isa::Scalar);
      std::vector<uint8_t> act(static_cast<size_t>(t.act_row_bytes(cols)));
      kernels::cpu_type_traits(t.act_type, Isa::Scalar)->from_float(x.data(), act.data(), cols);
      const auto da = test::decode_row(t.act_type, act.data(), cols);
      for (int64_t r = 0; r < rows; ++r) {
        const auto dw = test::decode_row(type, w.data() + r * static_cast<int64_t>(*tensor_row_bytes(type, cols)), cols);
        const auto ref = test::reference_dot(dw, da);
        EXPECT_NEAR(y[r], ref.value, test::dot_tolerance(cols / layout.block_size, ref.magnitude) + test::min_term_error(dw, da))
            << tensor_type_name(type) << " fill " << int(fill) << " row " << r;
      }
    }
  }
}

}  // namespace
}  // namespace hearth

namespace hearth {
namespace {

// The rounded-float activations of F16 / BF16 weights: the AVX2 converters equal their scalar
// twins, which equal core's f32 -> half -> f32 round trip (round to nearest even), on awkward
// lengths (vector tails) and on values at the edges: ties, subnormals, overflow, inf, NaN.
TEST(MatmulActivations, HalfPrecisionRoundingMatchesTheScalarTwin) {
  HEARTH_REQUIRE_AVX2();
  using kernels::Isa;
  test::Rng rng(91);
  for (kernels::ActKind kind : {kernels::ActKind::F16Values, kernels::ActKind::BF16Values}) {
    const kernels::ActFormat& f = kernels::act_format(kind);
    const bool bf16 = kind == kernels::ActKind::BF16Values;
    for (int64_t n : {1, 7, 8, 9, 257, 4099}) {
      std::vector<float> x = test::random_floats(rng, n);
      const float edges[] = {65504.0f, 65520.0f, 1e9f, -1e-8f, 6.0e-8f, 1.0f + 1.0f / 2048, 1.0f + 3.0f / 2048,
                             1.0f + 1.0f / 256, INFINITY, -INFINITY, std::nanf(""), 0.0f, -0.0f};
      for (size_t i = 0; i < std::size(edges) && i < x.size(); ++i) x[(i * 7) % x.size()] = edges[i];
      std::vector<float> scalar(x.size()), simd(x.size()), core(x.size());
      f.from_float[static_cast<int>(Isa::Scalar)](x.data(), scalar.data(), n);
      f.from_float[static_cast<int>(Isa::Avx2)](x.data(), simd.data(), n);
      for (int64_t i = 0; i < n; ++i) {
        const size_t k = static_cast<size_t>(i);
        core[k] = bf16 ? bf16_to_f32(f32_to_bf16(x[k])) : f16_to_f32(f32_to_f16(x[k]));
        if (std::isnan(core[k])) {
          EXPECT_TRUE(std::isnan(scalar[k]) && std::isnan(simd[k])) << n << " " << i;
          continue;
        }
        ASSERT_EQ(scalar[k], core[k]) << (bf16 ? "bf16" : "f16") << " n " << n << " i " << i << " x " << x[k];
        ASSERT_EQ(simd[k], core[k]) << (bf16 ? "bf16" : "f16") << " n " << n << " i " << i << " x " << x[k];
      }
    }
  }
}

}  // namespace
}  // namespace hearth
