// Micro-benchmarks of the CPU kernels, with a memory-bandwidth roofline.
//
//   build/release/tests/bench/hearth-kernel-bench                       # everything
//   build/release/tests/bench/hearth-kernel-bench --benchmark_filter='Matvec/q4_0'
//   HEARTH_CPU_ISA=scalar build/release/tests/bench/hearth-kernel-bench  # the scalar twins
//
// ReadBandwidth/threads:N   STREAM-style read of a 1 GiB buffer: the memory roofline.
// Matvec/<type>/<rows>x<cols>/threads:N
//                           one token (y = W x). The weights are rotated over enough copies
//                           (>= 512 MiB) that every pass reads DRAM, as in real token
//                           generation, where a model is far larger than the last-level cache.
//                           bytes_per_second counts weight bytes; `roofline` is that rate as a
//                           fraction of ReadBandwidth at the same thread count.
// Matmul/<type>/<rows>x<cols>/tokens:512/threads:N
//                           a prompt batch; FLOP/s counts 2 * rows * cols * tokens.
// PoolRun/threads:N         the cost of one pool dispatch + join of an empty task (all threads);
// PoolRunCooperative/...    the same for a cooperative task (what matmul and attention use).
// Weights use CpuWeights::prepare (the interleaved layout where the type has one), as the
// engine does; Matvec_rowmajor/... measures the same types in their file layout.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "hearth/kernels/cpu.h"
#include "hearth/kernels/matmul.h"
#include "hearth/kernels/ops.h"
#include "hearth/kernels/thread_pool.h"
#include "hearth/kernels/type_traits.h"
#include "kernels/weight_memory.h"
#include "kernels_test_util.h"

namespace hearth::bench {

uint64_t read_sum_avx2(const uint8_t* p, size_t bytes);

namespace {

using kernels::CpuWeights;
using kernels::ThreadPool;

ThreadPool& pool(int n) {
  static std::map<int, std::unique_ptr<ThreadPool>> pools;
  auto& p = pools[n];
  if (!p) p = std::make_unique<ThreadPool>(n);
  return *p;
}

// Allocated like the packed weights (2 MiB aligned, huge pages where the OS allows), so the
// bandwidth probe and the row-major matvecs read memory the same way the packed ones do.
struct AlignedBuffer {
  explicit AlignedBuffer(size_t n) : size(n), data(kernels::allocate_weight_memory(n)) {}
  ~AlignedBuffer() { kernels::free_weight_memory(data); }
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  size_t size;
  uint8_t* data;
};

uint64_t read_sum_scalar(const uint8_t* p, size_t bytes) {
  uint64_t a = 0, b = 0;
  for (size_t i = 0; i + 16 <= bytes; i += 16) {
    uint64_t x, y;
    std::memcpy(&x, p + i, 8);
    std::memcpy(&y, p + i + 8, 8);
    a += x;
    b += y;
  }
  return a + b;
}

// Reads `buf` once with n threads (each a contiguous slice); returns bytes per second.
double read_pass(const AlignedBuffer& buf, ThreadPool& p) {
  const bool avx2 = kernels::isa_supported(kernels::Isa::Avx2);
  std::vector<uint64_t> sink(static_cast<size_t>(p.size()));
  const auto t0 = std::chrono::steady_clock::now();
  p.run([&](int ith, int nth) {
    const size_t slice = buf.size / static_cast<size_t>(nth) / 128 * 128;
    const uint8_t* start = buf.data + slice * static_cast<size_t>(ith);
    sink[static_cast<size_t>(ith)] = avx2 ? read_sum_avx2(start, slice) : read_sum_scalar(start, slice);
  });
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  benchmark::DoNotOptimize(sink.data());
  return static_cast<double>(buf.size / static_cast<size_t>(p.size()) / 128 * 128 * static_cast<size_t>(p.size())) / s;
}

AlignedBuffer& bandwidth_buffer() {
  static AlignedBuffer* buf = [] {
    auto* b = new AlignedBuffer(size_t{1} << 30);  // lives for the process
    for (size_t i = 0; i < b->size; i += 4096) std::memset(b->data + i, static_cast<int>(i >> 12), 4096);
    return b;
  }();
  return *buf;
}

// The roofline of a thread count: the best of several passes (measured once per process).
double measured_bandwidth(int threads) {
  static std::map<int, double> cache;
  if (auto it = cache.find(threads); it != cache.end()) return it->second;
  double best = 0;
  for (int i = 0; i < 5; ++i) best = std::max(best, read_pass(bandwidth_buffer(), pool(threads)));
  return cache[threads] = best;
}

void BM_ReadBandwidth(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  auto& buf = bandwidth_buffer();
  double best = 0;
  for (auto _ : state) best = std::max(best, read_pass(buf, pool(threads)));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(buf.size));
  state.counters["best_GBps"] = best / 1e9;
}

// A random weight matrix of `type` (sane scales), generated row by row.
std::vector<uint8_t> random_matrix(TensorType type, int64_t rows, int64_t cols) {
  test::Rng rng(static_cast<uint64_t>(type) * 7919 + static_cast<uint64_t>(rows));
  const auto row = static_cast<size_t>(*tensor_row_bytes(type, static_cast<uint64_t>(cols)));
  std::vector<uint8_t> m(row * static_cast<size_t>(rows));
  // 16 distinct random rows, repeated: enough variety, and fast to make for big matrices
  std::vector<std::vector<uint8_t>> pool_rows;
  for (int i = 0; i < 16; ++i) pool_rows.push_back(test::random_weight_row(rng, type, cols));
  for (int64_t r = 0; r < rows; ++r) std::memcpy(m.data() + static_cast<size_t>(r) * row, pool_rows[static_cast<size_t>(r % 16)].data(), row);
  return m;
}

void BM_Matvec(benchmark::State& state, TensorType type, int64_t rows, int64_t cols, bool rowmajor) {
  const int threads = static_cast<int>(state.range(0));
  const auto source = random_matrix(type, rows, cols);
  const size_t bytes = source.size();
  const size_t copies = std::max<size_t>(2, ((size_t{512} << 20) + bytes - 1) / bytes);
  std::vector<std::unique_ptr<AlignedBuffer>> storage;
  std::vector<CpuWeights> weights;
  for (size_t i = 0; i < copies; ++i) {
    storage.push_back(std::make_unique<AlignedBuffer>(bytes));
    std::memcpy(storage.back()->data, source.data(), bytes);
    weights.push_back(rowmajor ? CpuWeights::view(type, storage.back()->data, rows, cols)
                               : CpuWeights::prepare(type, storage.back()->data, rows, cols, 0, &pool(threads)));
    if (weights.back().packed()) storage.back().reset();  // the packed copy is what is read
  }
  test::Rng rng(1);
  const auto x = test::random_floats(rng, cols);
  std::vector<float> y(static_cast<size_t>(rows));
  const double bandwidth = measured_bandwidth(threads);
  size_t i = 0;
  double seconds = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    kernels::matmul(weights[i], x.data(), 1, cols, y.data(), rows, pool(threads));
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    i = (i + 1) % copies;
  }
  benchmark::DoNotOptimize(y.data());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
  const double rate = static_cast<double>(bytes) * static_cast<double>(state.iterations()) / seconds;
  state.counters["GBps"] = rate / 1e9;
  state.counters["read_bw_GBps"] = bandwidth / 1e9;
  state.counters["roofline"] = rate / bandwidth;  // fraction of the measured read bandwidth
  state.SetLabel(std::string(kernels::isa_name(kernels::active_isa())) + (weights[0].packed() ? " packed" : " rowmajor"));
}

void BM_Matmul(benchmark::State& state, TensorType type, int64_t rows, int64_t cols, int64_t tokens) {
  const int threads = static_cast<int>(state.range(0));
  const auto source = random_matrix(type, rows, cols);
  const CpuWeights w = CpuWeights::prepare(type, source.data(), rows, cols, 0, &pool(threads));
  test::Rng rng(2);
  const auto x = test::random_floats(rng, cols * tokens);
  std::vector<float> y(static_cast<size_t>(rows * tokens));
  for (auto _ : state) kernels::matmul(w, x.data(), tokens, cols, y.data(), rows, pool(threads));
  benchmark::DoNotOptimize(y.data());
  state.counters["FLOPS"] = benchmark::Counter(2.0 * static_cast<double>(rows * cols * tokens),
                                               benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(std::string(kernels::isa_name(kernels::active_isa())) + (w.packed() ? " packed" : " rowmajor"));
}

void BM_PoolRun(benchmark::State& state) {
  ThreadPool& p = pool(static_cast<int>(state.range(0)));
  int sink = 0;
  for (auto _ : state) p.run([&](int ith, int) { benchmark::DoNotOptimize(sink += ith); });
}

void BM_PoolRunCooperative(benchmark::State& state) {
  ThreadPool& p = pool(static_cast<int>(state.range(0)));
  std::atomic<int> sink{0};
  for (auto _ : state) p.run_cooperative([&](int ith) { sink.fetch_add(ith, std::memory_order_relaxed); });
}

void BM_RmsNorm(benchmark::State& state) {
  const int64_t n = state.range(0);
  test::Rng rng(3);
  const auto x = test::random_floats(rng, n), w = test::random_floats(rng, n);
  std::vector<float> y(static_cast<size_t>(n));
  for (auto _ : state) kernels::rms_norm(x.data(), w.data(), y.data(), n, 1e-5f);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * n * 12);
}

void BM_Swiglu(benchmark::State& state) {
  const int64_t n = state.range(0);
  test::Rng rng(4);
  const auto g = test::random_floats(rng, n), u = test::random_floats(rng, n);
  std::vector<float> y(static_cast<size_t>(n));
  for (auto _ : state) kernels::swiglu(g.data(), u.data(), y.data(), n);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * n);
}

void register_all() {
  benchmark::RegisterBenchmark("ReadBandwidth", BM_ReadBandwidth)
      ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(10);
  benchmark::RegisterBenchmark("PoolRun", BM_PoolRun)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();
  benchmark::RegisterBenchmark("PoolRunCooperative", BM_PoolRunCooperative)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();
  benchmark::RegisterBenchmark("RmsNorm", BM_RmsNorm)->Arg(2048)->Arg(4096);
  benchmark::RegisterBenchmark("Swiglu", BM_Swiglu)->Arg(5632)->Arg(11008);
  const std::pair<int64_t, int64_t> matvec_shapes[] = {{4096, 4096}, {11008, 4096}};
  for (TensorType type : test::cpu_weight_types()) {
    const std::string name(tensor_type_name(type));
    for (auto [rows, cols] : matvec_shapes) {
      const std::string shape = std::to_string(rows) + "x" + std::to_string(cols);
      benchmark::RegisterBenchmark(("Matvec/" + name + "/" + shape).c_str(), BM_Matvec, type, rows, cols, false)
          ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMicrosecond);
    }
  }
  for (TensorType type : {TensorType::Q4_0, TensorType::Q8_0, TensorType::Q4_K, TensorType::Q6_K}) {
    const std::string name(tensor_type_name(type));
    benchmark::RegisterBenchmark(("Matvec_rowmajor/" + name + "/4096x4096").c_str(), BM_Matvec, type, int64_t{4096},
                                 int64_t{4096}, true)
        ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMicrosecond);
  }
  for (TensorType type : test::cpu_weight_types()) {
    const std::string name(tensor_type_name(type));
    for (auto [rows, cols] : matvec_shapes) {
      const std::string shape = std::to_string(rows) + "x" + std::to_string(cols);
      benchmark::RegisterBenchmark(("Matmul/" + name + "/" + shape + "/tokens:512").c_str(), BM_Matmul, type, rows, cols,
                                   int64_t{512})
          ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
    }
  }
}

}  // namespace
}  // namespace hearth::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::AddCustomContext("hearth_cpu", hearth::kernels::cpu_summary());
  hearth::bench::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
