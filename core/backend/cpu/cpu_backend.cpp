// The CPU backend: runs each op to completion on a pool of threads, splitting it into tasks
// (rows of a matmul, heads × tokens of attention, tokens of the element-wise ops).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "backend/cpu/cpu_math_temp.h"
#include "backend/cpu/thread_pool_temp.h"
#include "hearth/backend/backend.h"
#include "hearth/base/half.h"
#include "hearth/quant/quantize.h"

namespace hearth {

namespace {

constexpr size_t kAlignment = 64;

struct AlignedFree {
  void operator()(std::byte* p) const { std::free(p); }
};
using AlignedBytes = std::unique_ptr<std::byte, AlignedFree>;

AlignedBytes aligned_zeroed(size_t bytes) {
  const size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  auto* p = static_cast<std::byte*>(std::aligned_alloc(kAlignment, rounded == 0 ? kAlignment : rounded));
  if (!p) throw std::bad_alloc();
  std::memset(p, 0, rounded == 0 ? kAlignment : rounded);
  return AlignedBytes(p);
}

uint64_t round_up(uint64_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment; }

// Floats of per-thread work space: attention scores over n_ctx positions, and rows of up to
// max_in_cols values (a dequantized weight row, a head's query and accumulator).
uint64_t per_thread_floats(const WorkPlan& plan) { return uint64_t(plan.n_ctx) + 3 * uint64_t(plan.max_in_cols); }

class CpuBackend final : public Backend {
 public:
  explicit CpuBackend(int n_threads) : pool_(n_threads) {}

  DeviceId device() const override { return kCpuDevice; }
  std::string description() const override {
    return "CPU (" + std::to_string(pool_.size()) + " thread" + (pool_.size() == 1 ? "" : "s") + ")";
  }

  Tensor allocate(TensorType type, int64_t cols, int64_t rows) override {
    const auto row_bytes = tensor_row_bytes(type, uint64_t(cols));
    if (!row_bytes) fail(ErrorCode::Internal, "allocate: row of " + std::to_string(cols) + " values is not whole blocks");
    Tensor t;
    t.type = type;
    t.cols = cols;
    t.rows = rows;
    t.row_stride = size_t(*row_bytes);
    buffers_.push_back(aligned_zeroed(t.bytes()));
    allocated_ += backend_buffer_bytes(type, cols, rows);
    t.data = buffers_.back().get();
    return t;
  }

  void prepare(const WorkPlan& plan) override {
    plan_ = plan;
    plan_.n_threads = pool_.size();
    const uint64_t bytes = backend_work_bytes(kCpuDevice, plan_);
    work_ = aligned_zeroed(bytes);
    work_bytes_ = bytes;
  }

  uint64_t allocated_bytes() const override { return allocated_ + work_bytes_; }

  void upload(Tensor dst, const float* src) override {
    for (int64_t r = 0; r < dst.rows; ++r) std::memcpy(dst.row(r), src + r * dst.cols, size_t(dst.cols) * 4);
  }
  void download(float* dst, const Tensor& src) override {
    for (int64_t r = 0; r < src.rows; ++r) std::memcpy(dst + r * src.cols, src.row(r), size_t(src.cols) * 4);
  }

  void get_rows(Tensor out, const Tensor& table, std::span<const TokenId> ids) override {
    for (size_t t = 0; t < ids.size(); ++t) {
      if (ids[t] < 0 || ids[t] >= table.rows)
        fail(ErrorCode::InvalidArgument, "token id " + std::to_string(ids[t]) + " is outside the vocabulary (0…" +
                                             std::to_string(table.rows - 1) + ")");
      dequantize_row(table.type, table.row(ids[t]), out.f32_row(int64_t(t)), table.cols);
    }
  }

  void rms_norm(Tensor out, const Tensor& in, const Tensor& weight, float eps) override {
    const float* w = weight.f32_row(0);
    for_each_row(in.rows, [&](int64_t r) { cpu::temp::rms_norm_row(out.f32_row(r), in.f32_row(r), w, in.cols, eps); });
  }

  void matmul(std::span<const MatmulJob> jobs, const Tensor& in) override {
    // Tasks: chunks of output rows of every job, so q/k/v (or gate/up) share one dispatch.
    constexpr int64_t kRowsPerTask = 16;
    std::vector<int64_t> first_task(jobs.size() + 1, 0);
    for (size_t j = 0; j < jobs.size(); ++j)
      first_task[j + 1] = first_task[j] + (jobs[j].weight.rows + kRowsPerTask - 1) / kRowsPerTask;
    pool_.run(first_task.back(), [&](int64_t task, int thread) {
      const size_t j = size_t(std::upper_bound(first_task.begin(), first_task.end(), task) - first_task.begin() - 1);
      const MatmulJob& job = jobs[j];
      const int64_t r0 = (task - first_task[j]) * kRowsPerTask;
      const int64_t r1 = std::min(job.weight.rows, r0 + kRowsPerTask);
      float* wrow = thread_floats(thread);
      const float* bias = job.bias.empty() ? nullptr : job.bias.f32_row(0);
      for (int64_t r = r0; r < r1; ++r) {
        dequantize_row(job.weight.type, job.weight.row(r), wrow, job.weight.cols);
        for (int64_t t = 0; t < in.rows; ++t) {
          const float v = cpu::temp::dot_f32(wrow, in.f32_row(t), in.cols);
          job.out.f32_row(t)[r] = bias ? v + bias[r] : v;
        }
      }
    });
  }

  void add(Tensor out, const Tensor& a, const Tensor& b) override {
    for_each_row(out.rows, [&](int64_t r) {
      float* o = out.f32_row(r);
      const float* x = a.f32_row(r);
      const float* y = b.f32_row(r);
      for (int64_t i = 0; i < out.cols; ++i) o[i] = x[i] + y[i];
    });
  }

  void scale(Tensor x, float factor) override {
    for_each_row(x.rows, [&](int64_t r) {
      float* v = x.f32_row(r);
      for (int64_t i = 0; i < x.cols; ++i) v[i] *= factor;
    });
  }

  void rope(Tensor x, int head_dim, int pos0, const RopeParams& params) override {
    for_each_row(x.rows, [&](int64_t r) { cpu::temp::rope_row(x.f32_row(r), x.cols, head_dim, double(pos0 + r), params); });
  }

  void glu(Tensor out, const Tensor& gate, const Tensor& up, GluKind kind) override {
    for_each_row(out.rows, [&](int64_t r) {
      if (kind == GluKind::SiLU) {
        cpu::temp::silu_mul(out.f32_row(r), gate.f32_row(r), up.f32_row(r), out.cols);
      } else {
        cpu::temp::gelu_tanh_mul(out.f32_row(r), gate.f32_row(r), up.f32_row(r), out.cols);
      }
    });
  }

  void kv_store(KvLayer& cache, const Tensor& k, const Tensor& v, int pos0) override {
    for (int64_t t = 0; t < k.rows; ++t) {
      quantize_row(cache.k.type, k.f32_row(t), cache.k.row(pos0 + t), k.cols);
      quantize_row(cache.v.type, v.f32_row(t), cache.v.row(pos0 + t), v.cols);
    }
  }

  void attention(Tensor out, const Tensor& q, const KvLayer& cache, int pos0, const AttentionShape& s) override {
    const int group = s.n_head / s.n_head_kv;
    pool_.run(q.rows * s.n_head, [&](int64_t task, int thread) {
      const int64_t t = task / s.n_head;
      const int h = int(task % s.n_head);
      const int kvh = h / group;
      const int n_kv = pos0 + int(t) + 1;  // causal: positions 0 … pos0 + t
      float* scores = thread_floats(thread);
      float* qh = scores + plan_.n_ctx;
      float* row = qh + plan_.max_in_cols;
      float* acc = row + plan_.max_in_cols;

      // Like llama.cpp with an F16 cache, the query is rounded to F16 before the dot products
      // and the probabilities before they weight V (its matmuls convert the F32 operand).
      std::memcpy(qh, q.f32_row(t) + int64_t(h) * s.head_dim_k, size_t(s.head_dim_k) * 4);
      if (cache.k.type == TensorType::F16) round_to_f16(qh, s.head_dim_k);
      for (int j = 0; j < n_kv; ++j) {
        dequantize_head(cache.k, j, kvh, s.head_dim_k, row);
        scores[j] = cpu::temp::dot_f32(qh, row, s.head_dim_k) * s.scale;
      }
      cpu::temp::softmax(scores, n_kv);
      if (cache.v.type == TensorType::F16) round_to_f16(scores, n_kv);
      std::fill(acc, acc + s.head_dim_v, 0.0f);
      for (int j = 0; j < n_kv; ++j) {
        dequantize_head(cache.v, j, kvh, s.head_dim_v, row);
        for (int d = 0; d < s.head_dim_v; ++d) acc[d] += scores[j] * row[d];
      }
      std::memcpy(out.f32_row(t) + int64_t(h) * s.head_dim_v, acc, size_t(s.head_dim_v) * 4);
    });
  }

  void kv_shift(KvLayer& cache, int first, int count, int delta, int head_dim_k, const RopeParams& rope) override {
    float* row = thread_floats(0);
    for (int r = first; r < first + count; ++r) {
      dequantize_row(cache.k.type, cache.k.row(r), row, cache.k.cols);
      cpu::temp::rope_row(row, cache.k.cols, head_dim_k, double(delta), rope);
      quantize_row(cache.k.type, row, cache.k.row(r + delta), cache.k.cols);
      std::memmove(cache.v.row(r + delta), cache.v.row(r), cache.v.row_stride);
    }
  }

 private:
  template <class Fn>
  void for_each_row(int64_t rows, Fn&& fn) {
    if (rows == 1) {
      fn(0);
      return;
    }
    pool_.run(rows, [&](int64_t r, int) { fn(r); });
  }

  float* thread_floats(int thread) const {
    return reinterpret_cast<float*>(work_.get()) + size_t(thread) * round_up(per_thread_floats(plan_) * 4) / 4;
  }

  static void round_to_f16(float* x, int64_t n) {
    for (int64_t i = 0; i < n; ++i) x[i] = f16_to_f32(f32_to_f16(x[i]));
  }

  // Values of KV head `head` at cache row `pos`.
  static void dequantize_head(const Tensor& cache, int pos, int head, int head_dim, float* out) {
    const auto& layout = tensor_type_layout(cache.type);
    const std::byte* src = cache.row(pos) + size_t(head) * size_t(head_dim) / layout.block_size * layout.block_bytes;
    dequantize_row(cache.type, src, out, head_dim);
  }

  cpu::TempThreadPool pool_;
  std::vector<AlignedBytes> buffers_;
  uint64_t allocated_ = 0;
  WorkPlan plan_;
  AlignedBytes work_;
  uint64_t work_bytes_ = 0;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(int n_threads) { return std::make_unique<CpuBackend>(n_threads); }

uint64_t cpu_backend_work_bytes(const WorkPlan& plan) {
  return uint64_t(std::max(plan.n_threads, 1)) * round_up(per_thread_floats(plan) * 4);
}

bool cpu_backend_supports(TensorType type) { return row_conversion(type).dequantize != nullptr; }

}  // namespace hearth
