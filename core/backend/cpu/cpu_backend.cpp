// The CPU backend: the Backend ops on the kernels of kernels/ (matmul with activation
// quantization, RMSNorm, RoPE, GLUs, attention over the F16 cache), run on one thread pool per
// session. Weight matrices are repacked into the kernels' interleaved layout at load
// (CpuDeviceWeights, below) or, with repacking off, read in place from the mapped file.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "hearth/backend/backend.h"
#include "hearth/kernels/attention.h"
#include "hearth/kernels/cpu.h"
#include "hearth/kernels/matmul.h"
#include "hearth/kernels/ops.h"
#include "hearth/kernels/thread_pool.h"
#include "hearth/kernels/type_traits.h"
#include "hearth/quant/quantize.h"

namespace hearth {

namespace {

constexpr size_t kAlignment = 64;

// Buffers come from calloc, aligned by hand: the C library takes large blocks straight from the
// OS as fresh zero pages without writing them, so only what the ops touch becomes resident (a
// KV cache costs memory as the context fills, the n_batch-row scratch only the rows a pass
// uses) and creating a session does not wait for megabytes of memset. The byte before the
// aligned address holds its distance from the block calloc returned (1..64).
struct AlignedFree {
  void operator()(std::byte* p) const { std::free(p - size_t(std::to_integer<uint8_t>(p[-1]))); }
};
using AlignedBytes = std::unique_ptr<std::byte, AlignedFree>;

AlignedBytes aligned_zeroed(uint64_t bytes) {
  const size_t n = size_t(std::max<uint64_t>((bytes + kAlignment - 1) / kAlignment * kAlignment, kAlignment));
  auto* raw = static_cast<std::byte*>(std::calloc(n + kAlignment, 1));
  if (!raw) throw std::bad_alloc();
  const size_t shift = kAlignment - reinterpret_cast<uintptr_t>(raw) % kAlignment;  // 1 … kAlignment
  std::byte* p = raw + shift;
  p[-1] = std::byte(uint8_t(shift));
  return AlignedBytes(p);
}

kernels::RopeParams kernel_rope(const RopeParams& p) {
  kernels::RopeParams k;
  k.n_dims = p.n_rot;
  k.freq_base = p.freq_base;
  k.freq_scale = p.freq_scale;
  k.order = p.ordering == RopeOrdering::Normal ? kernels::RopeOrder::Normal : kernels::RopeOrder::NeoX;
  k.freq_factors = p.freq_factors;
  return k;
}

int64_t f32_stride(const Tensor& t) { return int64_t(t.row_stride / sizeof(float)); }

// Rows per parallel chunk of the row-wise ops: enough work per chunk to pay for the hand-off.
int64_t row_grain(int64_t cols) { return std::max<int64_t>(1, 16384 / std::max<int64_t>(cols, 1)); }

class CpuBackend final : public Backend {
 public:
  explicit CpuBackend(int n_threads) : pool_(n_threads) {}

  DeviceId device() const override { return kCpuDevice; }
  std::string description() const override {
    return "CPU (" + std::string(kernels::isa_name(kernels::active_isa())) + ", " + std::to_string(pool_.size()) +
           " thread" + (pool_.size() == 1 ? "" : "s") + ")";
  }

  Tensor allocate(TensorType type, int64_t cols, int64_t rows) override {
    const auto row_bytes = tensor_row_bytes(type, uint64_t(cols));
    if (!row_bytes) fail(ErrorCode::Internal, "allocate: a row of " + std::to_string(cols) + " values is not whole blocks");
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
    work_bytes_ = backend_work_bytes(kCpuDevice, plan_);
    positions_.resize(size_t(std::max(plan.n_batch, 1)));
    // A Q8_0 cache is expanded to F32, one layer at a time, for the attention kernel.
    if (plan.kv_type == TensorType::Q8_0) kv_f32_ = aligned_zeroed(uint64_t(plan.n_ctx) * uint64_t(plan.kv_cols) * 4);
    kv_len_.resize(size_t(std::max(plan.n_batch, 1)));
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
    for_rows(in, [&](int64_t r) { kernels::rms_norm(in.f32_row(r), weight.f32_row(0), out.f32_row(r), in.cols, eps); });
  }

  void matmul(std::span<const MatmulJob> jobs, const Tensor& in) override {
    views_.clear();
    views_.reserve(jobs.size());  // stable addresses for the outputs below
    outputs_.clear();
    for (const MatmulJob& j : jobs) {
      const kernels::CpuWeights* w = static_cast<const kernels::CpuWeights*>(j.weight.prepared);
      if (!w) {
        views_.push_back(kernels::CpuWeights::view(j.weight.type, j.weight.data, j.weight.rows, j.weight.cols,
                                                   int64_t(j.weight.row_stride)));
        w = &views_.back();
      }
      outputs_.push_back({w, j.out.f32_row(0), f32_stride(j.out), j.bias.empty() ? nullptr : j.bias.f32_row(0)});
    }
    kernels::matmul_many(outputs_, in.f32_row(0), in.rows, f32_stride(in), pool_);
  }

  void add(Tensor out, const Tensor& a, const Tensor& b) override {
    for_rows(out, [&](int64_t r) { kernels::add(a.f32_row(r), b.f32_row(r), out.f32_row(r), out.cols); });
  }

  void scale(Tensor x, float factor) override {
    for_rows(x, [&](int64_t r) { kernels::scale(x.f32_row(r), factor, x.f32_row(r), x.cols); });
  }

  void rope(Tensor x, int head_dim, int pos0, const RopeParams& params) override {
    for (int64_t t = 0; t < x.rows; ++t) positions_[size_t(t)] = int32_t(pos0 + t);
    const kernels::RopeParams kp = kernel_rope(params);
    pool_.parallel_for(x.rows, std::max<int64_t>(1, 2048 / x.cols), [&](int64_t t0, int64_t t1, int) {
      kernels::rope(x.f32_row(t0), t1 - t0, x.cols / head_dim, head_dim, f32_stride(x), &positions_[size_t(t0)], kp);
    });
  }

  void glu(Tensor out, const Tensor& gate, const Tensor& up, GluKind kind) override {
    for_rows(out, [&](int64_t r) {
      if (kind == GluKind::SiLU) {
        kernels::swiglu(gate.f32_row(r), up.f32_row(r), out.f32_row(r), out.cols);
      } else {
        kernels::geglu(gate.f32_row(r), up.f32_row(r), out.f32_row(r), out.cols);
      }
    });
  }

  void kv_store(KvLayer& cache, const Tensor& k, const Tensor& v, int pos0) override {
    for (int64_t t = 0; t < k.rows; ++t) {
      store_row(cache.k, pos0 + t, k.f32_row(t));
      store_row(cache.v, pos0 + t, v.f32_row(t));
    }
  }

  void attention(Tensor out, const Tensor& q, const KvLayer& cache, int pos0, const AttentionShape& s) override {
    for (int64_t t = 0; t < q.rows; ++t) kv_len_[size_t(t)] = int32_t(pos0 + t + 1);
    KvLayer kv = cache;
    if (cache.k.type == TensorType::Q8_0) kv = expand_q8_0(cache, int(pos0 + q.rows));
    const size_t elem = tensor_type_layout(kv.k.type).block_bytes;
    kernels::AttentionArgs a;
    a.n_tokens = q.rows;
    a.n_head = s.n_head;
    a.n_head_kv = s.n_head_kv;
    a.head_dim = s.head_dim_k;
    a.head_dim_v = s.head_dim_v;
    a.scale = s.scale;
    a.kv_type = kv.k.type;
    a.q = q.f32_row(0);
    a.q_token_stride = f32_stride(q);
    a.k = kv.k.data;
    a.k_row_stride = int64_t(kv.k.row_stride / elem);
    a.k_head_stride = s.head_dim_k;
    a.v = kv.v.data;
    a.v_row_stride = int64_t(kv.v.row_stride / elem);
    a.v_head_stride = s.head_dim_v;
    a.kv_len = kv_len_.data();
    a.out = out.f32_row(0);
    a.out_token_stride = f32_stride(out);
    kernels::attention(a, pool_);
  }

  void kv_shift(KvLayer& cache, int first, int count, int delta, int head_dim_k, const RopeParams& rope) override {
    std::vector<float> row(static_cast<size_t>(cache.k.cols));
    const int32_t pos = delta;
    const kernels::RopeParams kp = kernel_rope(rope);
    for (int r = first; r < first + count; ++r) {
      dequantize_row(cache.k.type, cache.k.row(r), row.data(), cache.k.cols);
      kernels::rope(row.data(), 1, cache.k.cols / head_dim_k, head_dim_k, cache.k.cols, &pos, kp);
      quantize_row(cache.k.type, row.data(), cache.k.row(r + delta), cache.k.cols);
      std::memmove(cache.v.row(r + delta), cache.v.row(r), cache.v.row_stride);
    }
  }

 private:
  // Runs fn(r) for every row of t: inline for one token, split across the pool for batches.
  template <class Fn>
  void for_rows(const Tensor& t, Fn&& fn) {
    if (t.rows == 1) {
      fn(0);
      return;
    }
    pool_.parallel_for(t.rows, row_grain(t.cols), [&](int64_t r0, int64_t r1, int) {
      for (int64_t r = r0; r < r1; ++r) fn(r);
    });
  }

  static void store_row(const Tensor& cache, int64_t row, const float* x) {
    if (cache.type == TensorType::F16) {
      kernels::f32_to_f16_row(x, reinterpret_cast<uint16_t*>(cache.row(row)), cache.cols);
    } else {
      quantize_row(cache.type, x, cache.row(row), cache.cols);  // Q8_0: the reference quantizer
    }
  }

  // Rows [0, n) of a Q8_0 cache layer as F32 (K then V in one work buffer).
  KvLayer expand_q8_0(const KvLayer& cache, int n) {
    KvLayer f;
    f.k = {kv_f32_.get(), TensorType::F32, cache.k.cols, n, size_t(cache.k.cols) * 4, nullptr};
    f.v = {kv_f32_.get() + size_t(n) * f.k.row_stride, TensorType::F32, cache.v.cols, n, size_t(cache.v.cols) * 4, nullptr};
    pool_.parallel_for(n, 64, [&](int64_t r0, int64_t r1, int) {
      for (int64_t r = r0; r < r1; ++r) {
        dequantize_row(TensorType::Q8_0, cache.k.row(r), f.k.f32_row(r), cache.k.cols);
        dequantize_row(TensorType::Q8_0, cache.v.row(r), f.v.f32_row(r), cache.v.cols);
      }
    });
    return f;
  }

  kernels::ThreadPool pool_;
  AlignedBytes kv_f32_;  // [n_ctx × (K + V width)] F32, for a Q8_0 cache
  std::vector<AlignedBytes> buffers_;
  uint64_t allocated_ = 0;
  WorkPlan plan_;
  uint64_t work_bytes_ = 0;
  std::vector<int32_t> positions_;  // [n_batch] positions of the tokens of a pass
  std::vector<int32_t> kv_len_;     // [n_batch] cache rows each token attends to
  std::vector<kernels::CpuWeights> views_;  // unprepared matrices of the current matmul
  std::vector<kernels::MatmulOutput> outputs_;
};

// Matrices repacked into the kernels' interleaved layout, made once at load.
class CpuDeviceWeights final : public DeviceWeights {
 public:
  explicit CpuDeviceWeights(bool repack) : repack_(repack) {}

  Tensor prepare(const Tensor& m) override {
    if (!repack_) return m;
    auto w = std::make_unique<kernels::CpuWeights>(kernels::CpuWeights::prepare(
        m.type, m.data, m.rows, m.cols, int64_t(m.row_stride), &pool_, &arena_));
    if (!w->packed()) return m;  // no interleaved layout on this CPU: use the rows in place
    owned_ += w->owned_bytes();
    Tensor t = m;
    t.prepared = w.get();
    packed_.push_back(std::move(w));
    return t;
  }
  uint64_t owned_bytes() const override { return owned_; }

 private:
  bool repack_;
  kernels::ThreadPool pool_;  // packs the rows of one matrix in parallel
  kernels::WeightArena arena_;  // memory of every packed matrix (declared before them: outlives them)
  std::vector<std::unique_ptr<kernels::CpuWeights>> packed_;
  uint64_t owned_ = 0;
};

}  // namespace

std::unique_ptr<DeviceWeights> make_cpu_device_weights(bool repack) { return std::make_unique<CpuDeviceWeights>(repack); }

uint64_t cpu_matrix_bytes(bool repack, TensorType type, int64_t cols, int64_t rows) {
  return repack ? kernels::CpuWeights::prepared_bytes(type, rows, cols) : 0;
}

std::unique_ptr<Backend> make_cpu_backend(int n_threads) { return std::make_unique<CpuBackend>(n_threads); }

// The kernels keep their own scratch: the matmul's converted activations (one row of at most
// ~1.14 bytes per value per token, Q8_K being the widest integer format) and the attention's
// score rows (n_ctx floats per thread). Counted here so the estimate covers them.
uint64_t cpu_backend_work_bytes(const WorkPlan& plan) {
  const uint64_t act_row = (uint64_t(plan.max_in_cols) * 292 / 256 + 63) / 64 * 64;
  const uint64_t activations = act_row * uint64_t(std::max(plan.n_batch, 1)) + 64;
  const uint64_t scores = uint64_t(std::max(plan.n_threads, 1)) * uint64_t(plan.n_ctx) * sizeof(float);
  const uint64_t kv_f32 = plan.kv_type == TensorType::Q8_0
                              ? std::max<uint64_t>((uint64_t(plan.n_ctx) * uint64_t(plan.kv_cols) * 4 + 63) / 64 * 64, 64)
                              : 0;
  return activations + scores + kv_f32;
}

bool cpu_backend_supports_kv(TensorType type) {
  return type == TensorType::F16 || type == TensorType::F32 || type == TensorType::Q8_0;
}

bool cpu_backend_supports(TensorType type) {
  return kernels::cpu_type_traits(type) != nullptr && kernels::cpu_type_traits(type)->vec_dot != nullptr &&
         row_conversion(type).dequantize != nullptr;
}

}  // namespace hearth
