// Whole-tensor quantization: many rows, optionally on several threads.
//
// Quantizing is offline work done once per tensor (the `quantize` command, the GUI wizard), so a
// few short-lived threads per call are fine here; no pool is needed. Every block of every type is
// quantized independently of its neighbours, so splitting the rows cannot change the bytes.
#include <algorithm>
#include <cmath>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "hearth/base/checked_math.h"
#include "hearth/base/result.h"
#include "hearth/quant/quantize.h"
#include "row_checks.h"

namespace hearth {

namespace {

// Below this many values per thread, starting a thread costs more than it saves.
constexpr int64_t kMinValuesPerThread = 1 << 14;

int choose_thread_count(int requested, int64_t nrows, int64_t n_per_row) {
  int64_t threads = requested > 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
  const int64_t values = nrows * n_per_row;
  threads = std::min({threads, nrows, std::max<int64_t>(1, values / kMinValuesPerThread)});
  return static_cast<int>(std::max<int64_t>(1, threads));
}

}  // namespace

size_t quantize_rows(TensorType type, const float* src, void* dst, int64_t nrows, int64_t n_per_row, int n_threads) {
  const QuantizeRowFn fn = quant_detail::require_quantizer(type);
  if (nrows < 0) fail(ErrorCode::InvalidArgument, "negative row count " + std::to_string(nrows));
  quant_detail::check_row_length(type, n_per_row);
  const uint64_t row_bytes = *tensor_row_bytes(type, static_cast<uint64_t>(n_per_row));
  const auto total_bytes = checked_mul(row_bytes, static_cast<uint64_t>(nrows));
  const auto total_values = checked_mul(static_cast<uint64_t>(n_per_row), static_cast<uint64_t>(nrows));
  if (!total_bytes || !total_values || *total_values > uint64_t(INT64_MAX))
    fail(ErrorCode::InvalidArgument, "tensor too large to quantize: " + std::to_string(nrows) + " rows of " +
                                         std::to_string(n_per_row) + " values");
  if (nrows == 0 || n_per_row == 0) return 0;

  auto* out = static_cast<unsigned char*>(dst);
  // Rows [first, last) of the tensor: consecutive rows are one long row for a block-wise type.
  auto run = [&](int64_t first, int64_t last) {
    fn(src + first * n_per_row, out + static_cast<uint64_t>(first) * row_bytes, (last - first) * n_per_row);
  };

  const int threads = choose_thread_count(n_threads, nrows, n_per_row);
  if (threads <= 1) {
    run(0, nrows);
    return static_cast<size_t>(*total_bytes);
  }
  // Chunk t starts at row t * (nrows / threads) + min(t, nrows % threads): sizes differ by <= 1.
  auto chunk_begin = [&](int t) { return nrows / threads * t + std::min<int64_t>(t, nrows % threads); };
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(threads - 1));
  int started = 1;  // chunk 0 runs on the calling thread
  try {
    for (; started < threads; ++started)
      workers.emplace_back(run, chunk_begin(started), chunk_begin(started + 1));
  } catch (const std::system_error&) {
    // The system refused another thread: the calling thread does the chunks not handed out.
  }
  run(chunk_begin(0), chunk_begin(1));
  for (int t = started; t < threads; ++t) run(chunk_begin(t), chunk_begin(t + 1));
  for (auto& w : workers) w.join();
  return static_cast<size_t>(*total_bytes);
}

std::optional<int64_t> first_non_finite(const float* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    if (!std::isfinite(x[i])) return i;
  return std::nullopt;
}

}  // namespace hearth
