// Matrix products of the CPU backend: y = W x for one token (matrix x vector, token
// generation) or many (matrix x matrix, prompt processing).
//
// Shapes and strides (all row-major, strides in ELEMENTS unless named *_bytes):
//   W  [n_rows x n_cols]   weights of any CPU-supported type (type_traits.h): one row per
//                          output feature, n_cols = the input width
//   x  [n_tokens x n_cols] F32 activations, token t at x + t * x_stride
//   y  [n_tokens x n_rows] F32 outputs, token t at y + t * y_stride
//   y[t][r] = sum_c W[r][c] * x[t][c]
//
// The activations are converted once per call to the weight type's activation type (Q8_0,
// Q8_1, Q8_K or F32), by all threads together; the rows (and, for batches, token blocks) are
// then split dynamically across the pool.
//
// Weights are described by a CpuWeights: a view onto the rows as they are in the file (e.g.
// a memory-mapped GGUF), or, after prepare(), an owned copy in an interleaved layout where 8
// rows are stored block by block, so one pass over memory feeds 8 dot products and the
// integer kernels need no per-row bookkeeping. prepare() falls back to a view for types
// without such a layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "hearth/kernels/thread_pool.h"
#include "hearth/quant/tensor_type.h"

namespace hearth::kernels {

struct PackedFormat;  // private: an interleaved layout and its kernels

// Memory for the packed copies of many matrices (a model's weights on the CPU): chunks of at
// least `chunk_bytes`, 2 MiB aligned and advised for transparent huge pages, that matrices are
// carved from back to back. Small matrices and the tails of large ones then share 2 MiB pages
// instead of falling back to 4 KiB ones: far fewer page faults at load (a quarter less load
// time for a 1 GB model) and fewer TLB misses per token. A chunk's pages become resident only
// where a matrix is written. Matrices taken from an arena must not outlive it.
class WeightArena {
 public:
  explicit WeightArena(uint64_t chunk_bytes = uint64_t{256} << 20);
  ~WeightArena();
  WeightArena(const WeightArena&) = delete;
  WeightArena& operator=(const WeightArena&) = delete;

  // `bytes` of memory at a 64-byte boundary: after the previous allocation when the current
  // chunk has room, else at the start of a new chunk. Throws hearth::Exception(OutOfMemory).
  uint8_t* allocate(uint64_t bytes);
  uint64_t allocated_bytes() const { return allocated_; }  // sum of the allocations (padding excluded)

 private:
  struct Chunk {
    uint8_t* data;
    uint64_t size, used;
  };
  uint64_t chunk_bytes_;
  std::vector<Chunk> chunks_;
  uint64_t allocated_ = 0;
};

class CpuWeights {
 public:
  CpuWeights() = default;

  // Non-owning view; `data` must outlive the CpuWeights. row_bytes 0 means densely packed
  // rows. Throws hearth::Exception(Unsupported) when the CPU kernels cannot use this type or
  // n_cols is not a multiple of its block size.
  static CpuWeights view(TensorType type, const void* data, int64_t n_rows, int64_t n_cols, int64_t row_bytes = 0);

  // An owned copy in the interleaved layout (every CPU weight type has one; n_cols must be a
  // multiple of the block size, 8 for float types) when the active kernel family is an
  // optimised one, else the same as view(). The
  // copy has the same size as the original rows (prepared_bytes); once it exists the source
  // is not read again (its pages may be dropped). Rows are packed in parallel when a pool is
  // given. The copy lives in `arena` when one is given (which must then outlive the result),
  // else in memory of its own. Call at model load, not per token.
  static CpuWeights prepare(TensorType type, const void* data, int64_t n_rows, int64_t n_cols, int64_t row_bytes = 0,
                            ThreadPool* pool = nullptr, WeightArena* arena = nullptr);
  // The bytes prepare() would allocate for this matrix (0 when it would return a view): for
  // memory estimates before loading.
  static uint64_t prepared_bytes(TensorType type, int64_t n_rows, int64_t n_cols);

  TensorType type() const { return type_; }
  int64_t n_rows() const { return n_rows_; }
  int64_t n_cols() const { return n_cols_; }
  bool packed() const { return format_ != nullptr; }
  // Bytes of the packed copy, whether it lives in its own memory or in an arena (0 for a view).
  size_t owned_bytes() const { return owned_bytes_; }

  // Row-major view: row r at data() + r * row_bytes(). Only when !packed().
  const uint8_t* data() const { return data_; }
  int64_t row_bytes() const { return row_bytes_; }
  const PackedFormat* format() const { return format_; }

 private:
  struct AlignedFree {
    void operator()(uint8_t* p) const;
  };
  TensorType type_ = TensorType::F32;
  int64_t n_rows_ = 0, n_cols_ = 0;
  const uint8_t* data_ = nullptr;  // rows (view) or packed groups (owned)
  int64_t row_bytes_ = 0;          // view: stride between rows; packed: bytes of one 8-row group
  const PackedFormat* format_ = nullptr;
  std::unique_ptr<uint8_t, AlignedFree> storage_;
  size_t owned_bytes_ = 0;
};

// y = W x, see the top of this file for shapes. x and y must not overlap.
void matmul(const CpuWeights& w, const float* x, int64_t n_tokens, int64_t x_stride, float* y, int64_t y_stride,
            ThreadPool& pool, const float* bias = nullptr);

// Several products sharing one input (Q/K/V, or FFN gate/up): the input is converted once per
// activation type and all outputs are computed in one pass over the pool, saving a pool
// round-trip per extra matrix. Every w must have the same n_cols.
struct MatmulOutput {
  const CpuWeights* w = nullptr;
  float* y = nullptr;            // [n_tokens x w->n_rows()]
  int64_t y_stride = 0;          // elements between tokens' output rows
  const float* bias = nullptr;   // optional [w->n_rows()]: y[t][r] += bias[r]
};
void matmul_many(std::span<const MatmulOutput> outputs, const float* x, int64_t n_tokens, int64_t x_stride,
                 ThreadPool& pool);

}  // namespace hearth::kernels
