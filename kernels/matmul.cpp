// The matmul driver: converts the activations once, then hands out (token block x row chunk)
// tiles to the pool. The per-type arithmetic lives in the vec_dot / packed kernels.
#include <algorithm>
#include <array>
#include <cstring>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/kernels/matmul.h"
#include "hearth/kernels/ops.h"
#include "matmul_internal.h"
#include "weight_memory.h"

namespace hearth::kernels {

// ---- CpuWeights ---------------------------------------------------------------------------

void CpuWeights::AlignedFree::operator()(uint8_t* p) const { free_weight_memory(p); }

CpuWeights CpuWeights::view(TensorType type, const void* data, int64_t n_rows, int64_t n_cols, int64_t row_bytes) {
  if (!cpu_matmul_supported(type, n_cols))
    fail(ErrorCode::Unsupported, "the CPU kernels cannot multiply a " + std::string(tensor_type_name(type)) +
                                     " matrix with rows of " + std::to_string(n_cols) + " values");
  const int64_t dense = static_cast<int64_t>(*tensor_row_bytes(type, static_cast<uint64_t>(n_cols)));
  if (row_bytes == 0) row_bytes = dense;
  if (n_rows < 0 || row_bytes < dense) fail(ErrorCode::InvalidArgument, "bad weight matrix shape or row stride");
  CpuWeights w;
  w.type_ = type;
  w.n_rows_ = n_rows;
  w.n_cols_ = n_cols;
  w.data_ = static_cast<const uint8_t*>(data);
  w.row_bytes_ = row_bytes;
  return w;
}

WeightArena::WeightArena(uint64_t chunk_bytes) : chunk_bytes_(std::max<uint64_t>(chunk_bytes, 64)) {}

WeightArena::~WeightArena() {
  for (const Chunk& c : chunks_) free_weight_memory(c.data);
}

uint8_t* WeightArena::allocate(uint64_t bytes) {
  constexpr uint64_t kAlign = 64;
  const uint64_t padded = (bytes + kAlign - 1) / kAlign * kAlign;
  if (chunks_.empty() || chunks_.back().size - chunks_.back().used < padded) {
    // The rest of the current chunk stays unused (never touched, so never resident).
    const uint64_t size = std::max(chunk_bytes_, padded);
    chunks_.push_back({allocate_weight_memory(static_cast<size_t>(size)), size, 0});
  }
  Chunk& c = chunks_.back();
  uint8_t* p = c.data + c.used;
  c.used += padded;
  allocated_ += bytes;
  return p;
}

CpuWeights CpuWeights::prepare(TensorType type, const void* data, int64_t n_rows, int64_t n_cols, int64_t row_bytes,
                               ThreadPool* pool, WeightArena* arena) {
  CpuWeights w = view(type, data, n_rows, n_cols, row_bytes);
  const size_t total = static_cast<size_t>(prepared_bytes(type, n_rows, n_cols));
  if (total == 0) return w;
  const PackedFormat* format = packed_format(type);
  const int64_t n_blocks = n_cols / format->block_size;
  const int64_t group_bytes = n_blocks * format->group_block_bytes;
  const int64_t n_groups = (n_rows + kPackRows - 1) / kPackRows;
  uint8_t* dst = nullptr;
  if (arena) {
    dst = arena->allocate(total);
  } else {
    w.storage_.reset(allocate_weight_memory(total));
    dst = w.storage_.get();
  }
  const uint8_t* src = w.data_;
  const int64_t src_stride = w.row_bytes_;
  auto pack_range = [&](int64_t g0, int64_t g1, int) {
    for (int64_t g = g0; g < g1; ++g) {
      const int n_valid = static_cast<int>(std::min<int64_t>(kPackRows, n_rows - g * kPackRows));
      pack_group(*format, src + g * kPackRows * src_stride, src_stride, n_valid, n_blocks, dst + g * group_bytes);
    }
  };
  if (pool)
    pool->parallel_for(n_groups, 16, pack_range);
  else
    pack_range(0, n_groups, 0);
  w.data_ = dst;
  w.row_bytes_ = group_bytes;
  w.format_ = format;
  w.owned_bytes_ = total;
  return w;
}

uint64_t CpuWeights::prepared_bytes(TensorType type, int64_t n_rows, int64_t n_cols) {
  const PackedFormat* format = packed_format(type);
  // The scalar family gains nothing from the interleaved layout: keep the file's rows.
  if (!format || active_isa() == Isa::Scalar || n_rows <= 0 || n_cols <= 0 || n_cols % format->block_size != 0) return 0;
  const auto n_groups = static_cast<uint64_t>((n_rows + kPackRows - 1) / kPackRows);
  return n_groups * static_cast<uint64_t>(n_cols / format->block_size) * static_cast<uint64_t>(format->group_block_bytes);
}

// ---- driver -------------------------------------------------------------------------------

namespace {

// Tokens per tile: as many as keep their converted activations within ~192 KiB (they stay in
// L2 while every row chunk streams past), a multiple of the 4-token kernel tile, 4..64.
constexpr int64_t kMaxTokenBlock = 64;
int64_t token_block_for(int64_t act_row_bytes) {
  const int64_t fit = (192 * 1024) / std::max<int64_t>(act_row_bytes, 1) / 4 * 4;
  return std::clamp<int64_t>(fit, 4, kMaxTokenBlock);
}

struct OutputPlan {
  const CpuWeights* w;
  float* y;
  int64_t y_stride;
  const float* bias;
  ActKind act;
  VecDotFn dot;        // plain rows
  PackedGemmFn gemm;   // packed groups
  int64_t chunk_rows;  // rows per work item (a multiple of 8 when packed)
  int64_t n_chunks;
};

struct ActBuffer {
  ActKind kind = ActKind::Count;
  int64_t row_bytes = 0;
  uint8_t* data = nullptr;
};

uint8_t* scratch(size_t bytes) {
  thread_local std::vector<uint8_t> buffer;
  if (buffer.size() < bytes + 64) buffer.resize(bytes + 64);
  const auto addr = reinterpret_cast<uintptr_t>(buffer.data());
  return buffer.data() + ((64 - addr % 64) % 64);
}

}  // namespace

void matmul_many(std::span<const MatmulOutput> outputs, const float* x, int64_t n_tokens, int64_t x_stride,
                 ThreadPool& pool) {
  if (outputs.empty() || n_tokens <= 0) return;
  const Isa isa = active_isa();
  const int64_t n_cols = outputs[0].w->n_cols();

  // Plan each output and collect the distinct activation formats.
  // Reused between calls (no allocation per call). A local reference, because the pool's
  // workers must see the calling thread's vector, not their own thread_local one.
  thread_local std::vector<OutputPlan> plan_storage;
  std::vector<OutputPlan>& plans = plan_storage;
  plans.clear();
  std::array<ActBuffer, static_cast<size_t>(ActKind::Count)> acts{};
  int64_t total_rows = 0;
  for (const MatmulOutput& o : outputs) {
    if (o.w->n_cols() != n_cols) fail(ErrorCode::InvalidArgument, "matmul_many: matrices of different widths");
    OutputPlan p{o.w, o.y, o.y_stride, o.bias, ActKind::F32, nullptr, nullptr, 0, 0};
    if (o.w->packed()) {
      p.act = o.w->format()->act;
      p.gemm = o.w->format()->gemm[static_cast<int>(isa)];
    } else {
      const CpuTypeTraits* t = cpu_type_traits(o.w->type(), isa);
      p.act = matmul_act_kind(*t);
      p.dot = t->vec_dot;
    }
    acts[static_cast<size_t>(p.act)].kind = p.act;
    total_rows += o.w->n_rows();
    plans.push_back(p);
  }

  // Row chunks: about 8 per thread over all outputs, between 8 and 128 rows.
  const int nth = pool.size();
  int64_t chunk = std::clamp<int64_t>(total_rows / (int64_t{nth} * 8), 8, 128);
  chunk = (chunk + kPackRows - 1) / kPackRows * kPackRows;
  int64_t items_per_block = 0;
  for (OutputPlan& p : plans) {
    p.chunk_rows = chunk;
    p.n_chunks = (p.w->n_rows() + chunk - 1) / chunk;
    items_per_block += p.n_chunks;
  }
  // Activation buffers (F32 is used in place).
  size_t scratch_bytes = 0;
  int64_t widest_act_row = 0;
  for (ActBuffer& a : acts) {
    if (a.kind == ActKind::Count || a.kind == ActKind::F32) continue;
    const ActFormat& f = act_format(a.kind);
    a.row_bytes = (n_cols / f.block_size * f.block_bytes + 63) / 64 * 64;
    scratch_bytes += static_cast<size_t>(a.row_bytes * n_tokens);
    widest_act_row = std::max(widest_act_row, a.row_bytes);
  }
  const int64_t token_block = token_block_for(widest_act_row ? widest_act_row : n_cols * static_cast<int64_t>(sizeof(float)));
  const int64_t n_token_blocks = (n_tokens + token_block - 1) / token_block;
  const int64_t n_items = items_per_block * n_token_blocks;
  uint8_t* buf = scratch_bytes ? scratch(scratch_bytes) : nullptr;
  for (ActBuffer& a : acts) {
    if (a.kind == ActKind::F32) {
      a.data = reinterpret_cast<uint8_t*>(const_cast<float*>(x));
      a.row_bytes = x_stride * static_cast<int64_t>(sizeof(float));
    } else if (a.kind != ActKind::Count) {
      a.data = buf;
      buf += a.row_bytes * n_tokens;
    }
  }

  // Phase 1 units: (activation format, token, range of blocks). Whole tokens when there are
  // enough of them; otherwise each row in a few pieces so every thread gets some.
  const ActBuffer* kinds[static_cast<size_t>(ActKind::Count)];
  int n_kinds = 0;
  for (const ActBuffer& a : acts)
    if (a.kind != ActKind::Count && a.kind != ActKind::F32) kinds[n_kinds++] = &a;
  const int64_t pieces_per_row = n_tokens >= 2 * nth ? 1 : 4;
  const int64_t n_units = n_kinds * n_tokens * pieces_per_row;

  std::atomic<int64_t> next_unit{0}, units_done{0}, next_item{0};
  auto task = [&](int) {
    // Phase 1: convert the activations.
    for (int64_t u = next_unit.fetch_add(1, std::memory_order_relaxed); u < n_units;
         u = next_unit.fetch_add(1, std::memory_order_relaxed)) {
      const ActBuffer& a = *kinds[u / (n_tokens * pieces_per_row)];
      const int64_t t = u / pieces_per_row % n_tokens, piece = u % pieces_per_row;
      const ActFormat& f = act_format(a.kind);
      const int64_t nb = n_cols / f.block_size;
      const int64_t b0 = nb * piece / pieces_per_row, b1 = nb * (piece + 1) / pieces_per_row;
      if (b1 > b0)
        f.from_float[static_cast<int>(isa)](x + t * x_stride + b0 * f.block_size,
                                            a.data + t * a.row_bytes + b0 * f.block_bytes, (b1 - b0) * f.block_size);
      units_done.fetch_add(1, std::memory_order_release);
    }
    // Every unit must be finished (not just taken) before any product reads the activations.
    ThreadPool::spin_until([&] { return units_done.load(std::memory_order_acquire) >= n_units; });

    // Phase 2: tiles, token block major so a block's activations stay in cache while the
    // weights stream past.
    for (int64_t item = next_item.fetch_add(1, std::memory_order_relaxed); item < n_items;
         item = next_item.fetch_add(1, std::memory_order_relaxed)) {
      const int64_t tb = item / items_per_block;
      int64_t rest = item % items_per_block;
      size_t o = 0;
      while (rest >= plans[o].n_chunks) rest -= plans[o++].n_chunks;
      const OutputPlan& p = plans[o];
      const ActBuffer& a = acts[static_cast<size_t>(p.act)];
      const int64_t t0 = tb * token_block, t1 = std::min(n_tokens, t0 + token_block);
      const int64_t r0 = rest * p.chunk_rows, r1 = std::min(p.w->n_rows(), r0 + p.chunk_rows);
      const uint8_t* act0 = a.data + t0 * a.row_bytes;
      if (p.gemm) {
        const PackedFormat& f = *p.w->format();
        const int64_t n_blocks = n_cols / f.block_size;
        for (int64_t r = r0; r < r1; r += kPackRows) {
          const uint8_t* group = p.w->data() + (r / kPackRows) * p.w->row_bytes();
          float* out = p.y + t0 * p.y_stride + r;
          if (r + kPackRows <= p.w->n_rows()) {
            p.gemm(n_blocks, group, act0, a.row_bytes, static_cast<int>(t1 - t0), out, p.y_stride);
          } else {  // last, partial group: compute 8 rows into a side buffer, keep the valid ones
            float tmp[kMaxTokenBlock * kPackRows];
            p.gemm(n_blocks, group, act0, a.row_bytes, static_cast<int>(t1 - t0), tmp, kPackRows);
            for (int64_t t = 0; t < t1 - t0; ++t)
              std::memcpy(out + t * p.y_stride, tmp + t * kPackRows, sizeof(float) * static_cast<size_t>(p.w->n_rows() - r));
          }
        }
      } else {
        for (int64_t r = r0; r < r1; ++r) {
          const uint8_t* row = p.w->data() + r * p.w->row_bytes();
          for (int64_t t = t0; t < t1; ++t) p.y[t * p.y_stride + r] = p.dot(n_cols, row, a.data + t * a.row_bytes);
        }
      }
      if (p.bias)
        for (int64_t t = t0; t < t1; ++t) add(p.y + t * p.y_stride + r0, p.bias + r0, p.y + t * p.y_stride + r0, r1 - r0);
    }
  };
  pool.run_cooperative(task);
}

void matmul(const CpuWeights& w, const float* x, int64_t n_tokens, int64_t x_stride, float* y, int64_t y_stride,
            ThreadPool& pool, const float* bias) {
  const MatmulOutput out{&w, y, y_stride, bias};
  matmul_many(std::span<const MatmulOutput>(&out, 1), x, n_tokens, x_stride, pool);
}

}  // namespace hearth::kernels
