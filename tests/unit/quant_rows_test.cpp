// The generic entry points: the per-type table, argument checks, and multi-row, multi-threaded
// quantization (which must give the same bytes as one row at a time).
#include <gtest/gtest.h>

#include <vector>

#include "hearth/base/result.h"
#include "hearth/quant/quantize.h"
#include "quant_test_inputs.h"

namespace hearth {
namespace {

// The storage types Hearth writes (plus the activation types), each with both directions.
constexpr TensorType kConvertible[] = {
    TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1, TensorType::Q5_0,
    TensorType::Q5_1, TensorType::Q8_0, TensorType::Q8_1, TensorType::Q2_K, TensorType::Q3_K, TensorType::Q4_K,
    TensorType::Q5_K, TensorType::Q6_K, TensorType::Q8_K, TensorType::IQ4_NL};

ErrorCode error_code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Exception& e) {
    EXPECT_FALSE(e.error().message.empty());
    return e.code();
  }
  ADD_FAILURE() << "no exception";
  return ErrorCode::Internal;
}

TEST(QuantRows, EveryStorageTypeHasBothConversions) {
  for (TensorType type : kConvertible) {
    EXPECT_NE(row_conversion(type).quantize, nullptr) << tensor_type_name(type);
    EXPECT_NE(row_conversion(type).dequantize, nullptr) << tensor_type_name(type);
  }
}

TEST(QuantRows, UnsupportedTypesAndBadLengthsAreClearErrors) {
  std::vector<float> x(512, 1.0f);
  std::vector<uint8_t> q(4096);
  EXPECT_EQ(error_code_of([&] { quantize_row(TensorType::IQ2_XXS, x.data(), q.data(), 256); }), ErrorCode::Unsupported);
  EXPECT_EQ(error_code_of([&] { dequantize_row(TensorType::IQ2_XXS, q.data(), x.data(), 256); }), ErrorCode::Unsupported);
  EXPECT_EQ(error_code_of([&] { quantize_row(static_cast<TensorType>(200), x.data(), q.data(), 32); }),
            ErrorCode::Unsupported);
  EXPECT_EQ(error_code_of([&] { quantize_row(TensorType::Q4_K, x.data(), q.data(), 255); }), ErrorCode::InvalidArgument);
  EXPECT_EQ(error_code_of([&] { quantize_row(TensorType::Q4_0, x.data(), q.data(), 33); }), ErrorCode::InvalidArgument);
  EXPECT_EQ(error_code_of([&] { dequantize_row(TensorType::Q6_K, q.data(), x.data(), -256); }),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(error_code_of([&] { quantize_rows(TensorType::Q8_0, x.data(), q.data(), 2, 100); }),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(error_code_of([&] { quantize_rows(TensorType::Q8_0, x.data(), q.data(), -1, 32); }),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(error_code_of([&] { quantize_rows(TensorType::Q8_0, x.data(), q.data(), int64_t(1) << 40, int64_t(1) << 40); }),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(quantize_rows(TensorType::Q8_0, x.data(), q.data(), 0, 32), 0u);
}

TEST(QuantRows, ThreadCountDoesNotChangeTheBytes) {
  // 37 rows of 2048: uneven chunks, and enough values for up to 4 threads (quantize_rows gives
  // each thread at least 16384 values).
  const int64_t nrows = 37, n_per_row = 2048;
  std::vector<float> x;
  for (int64_t r = 0; r < nrows; ++r) {
    const auto row = test::make_row(test::InputKind::Outliers, n_per_row, static_cast<int>(r));
    x.insert(x.end(), row.begin(), row.end());
  }
  for (TensorType type : kConvertible) {
    const uint64_t row_bytes = *tensor_row_bytes(type, n_per_row);
    std::vector<uint8_t> one_by_one(row_bytes * nrows);
    for (int64_t r = 0; r < nrows; ++r)
      quantize_row(type, x.data() + r * n_per_row, one_by_one.data() + r * row_bytes, n_per_row);
    for (int threads : {1, 2, 3, 8, 0}) {
      std::vector<uint8_t> many(row_bytes * nrows, 0xAB);
      EXPECT_EQ(quantize_rows(type, x.data(), many.data(), nrows, n_per_row, threads), row_bytes * nrows);
      EXPECT_EQ(many, one_by_one) << tensor_type_name(type) << " with " << threads << " threads";
    }
  }
}

TEST(QuantRows, FindsNonFiniteValues) {
  std::vector<float> x(100, 1.0f);
  EXPECT_FALSE(first_non_finite(x.data(), 100).has_value());
  x[57] = std::numeric_limits<float>::infinity();
  x[80] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(first_non_finite(x.data(), 100), 57);
  EXPECT_EQ(first_non_finite(x.data() + 58, 42), 22);
}

}  // namespace
}  // namespace hearth
