// The Backend interface: the ops a decoder layer is built from, run on one device. The CPU
// backend (core/backend/cpu/) drives the kernels in kernels/; a Vulkan backend will implement
// the same ops with compute shaders and run the layers the LayerPlacement gives it.
//
// All tensors an op touches live on the backend's device. Activations are F32 matrices of
// [tokens × width]; weights keep their file type; the KV cache has the session's KV type.
// Ops are issued in order; a backend may queue them and must have finished them when
// synchronize() returns (the CPU backend runs each op to completion before returning).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "hearth/model/hparams.h"
#include "hearth/quant/tensor_type.h"
#include "hearth/runtime/placement.h"
#include "hearth/runtime/token.h"

namespace hearth {

// A 2-D view on a device: `rows` rows of `cols` values of `type`, rows `row_stride` bytes apart
// (a row is contiguous). Views of column ranges share the parent's stride (fused QKV outputs).
struct Tensor {
  std::byte* data = nullptr;  // device address; CPU: host memory or the mapped file (read only)
  TensorType type = TensorType::F32;
  int64_t cols = 0;           // values per row (GGUF ne0)
  int64_t rows = 0;           // GGUF ne1 (tokens for activations, positions for the KV cache)
  size_t row_stride = 0;      // bytes
  const void* prepared = nullptr;  // a weight matrix in the device's own form (CPU: packed rows), or nullptr

  bool empty() const { return data == nullptr; }
  std::byte* row(int64_t r) const { return data + size_t(r) * row_stride; }
  float* f32_row(int64_t r) const { return reinterpret_cast<float*>(row(r)); }
  Tensor row_range(int64_t first, int64_t count) const {
    Tensor t = *this;
    t.data = row(first);
    t.rows = count;
    return t;
  }
  Tensor col_range(int64_t first, int64_t count) const;  // plain types only
  uint64_t bytes() const { return uint64_t(rows) * row_stride; }
};

struct RopeParams {
  int n_rot = 0;              // leading dims of each head that rotate (even)
  float freq_base = 10000.0f;
  float freq_scale = 1.0f;    // linear scaling: positions are multiplied by this
  RopeOrdering ordering = RopeOrdering::Normal;
  const float* freq_factors = nullptr;  // optional [n_rot/2] divisors of the frequencies (Llama 3.1 rope_freqs)
};

struct AttentionShape {
  int n_head = 0;
  int n_head_kv = 0;   // query head h reads KV head h / (n_head / n_head_kv)
  int head_dim_k = 0;
  int head_dim_v = 0;
  float scale = 1.0f;  // applied to q·k before the softmax
};

// One layer's cache: row p holds position p, all KV heads side by side.
struct KvLayer {
  Tensor k;  // [n_ctx × n_head_kv*head_dim_k], KV type
  Tensor v;  // [n_ctx × n_head_kv*head_dim_v], KV type
};

// out = in · weightᵀ (+ bias): out [tokens × weight.rows], in [tokens × weight.cols]
struct MatmulJob {
  Tensor out;
  Tensor weight;  // [n_out × n_in] in the file's type
  Tensor bias;    // optional [1 × n_out] F32
};

enum class GluKind {
  SiLU,      // SwiGLU: silu(gate) * up  (llama, qwen)
  GeluTanh,  // GeGLU: gelu_tanh(gate) * up  (gemma)
};

// Sizes that bound a session's forward passes; backends size their work buffers from it.
struct WorkPlan {
  int n_batch = 0;           // most tokens per pass
  int64_t max_in_cols = 0;   // widest matmul input
  int n_ctx = 0;             // most KV positions attention reads
  int n_threads = 1;
  TensorType kv_type = TensorType::F16;
  int64_t kv_cols = 0;       // K + V values of one cache row of one layer
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual DeviceId device() const = 0;
  virtual std::string description() const = 0;  // "CPU (AVX2, 2 threads)"

  // ---- memory -----------------------------------------------------------------------------
  // A zero-filled buffer owned by the backend (freed with it).
  virtual Tensor allocate(TensorType type, int64_t cols, int64_t rows) = 0;
  // Reserves the work buffers the ops need for `plan` (call before the first op).
  virtual void prepare(const WorkPlan& plan) = 0;
  // Every byte allocate() and prepare() took.
  virtual uint64_t allocated_bytes() const = 0;
  // Host <-> device copies of F32 activations (to move the hidden state between devices).
  virtual void upload(Tensor dst, const float* src) = 0;
  virtual void download(float* dst, const Tensor& src) = 0;
  virtual void synchronize() {}

  // ---- ops ----------------------------------------------------------------------------------
  // out[t] = table[ids[t]] as F32 (embedding lookup)
  virtual void get_rows(Tensor out, const Tensor& table, std::span<const TokenId> ids) = 0;
  // out[t] = in[t] / sqrt(mean(in[t]²) + eps) * weight
  virtual void rms_norm(Tensor out, const Tensor& in, const Tensor& weight, float eps) = 0;
  // Several products of the same input (q/k/v, gate/up): the input is prepared once.
  virtual void matmul(std::span<const MatmulJob> jobs, const Tensor& in) = 0;
  // out = a + b (element-wise, same shape; out may alias a)
  virtual void add(Tensor out, const Tensor& a, const Tensor& b) = 0;
  virtual void scale(Tensor x, float factor) = 0;
  // Rotates each head of x ([tokens × n_heads*head_dim]) in place; token t is at pos0 + t.
  virtual void rope(Tensor x, int head_dim, int pos0, const RopeParams& params) = 0;
  // out = act(gate) * up
  virtual void glu(Tensor out, const Tensor& gate, const Tensor& up, GluKind kind) = 0;
  // Writes k, v ([tokens × width]) into cache rows pos0 … pos0 + tokens - 1.
  virtual void kv_store(KvLayer& cache, const Tensor& k, const Tensor& v, int pos0) = 0;
  // Causal attention of q ([tokens × n_head*head_dim_k], token t at pos0 + t) over cache rows
  // 0 … pos0 + t; out [tokens × n_head*head_dim_v].
  virtual void attention(Tensor out, const Tensor& q, const KvLayer& cache, int pos0, const AttentionShape& shape) = 0;
  // Moves cache rows [first, first + count) to first + delta and rotates their keys by delta
  // positions (context shift; delta < 0).
  virtual void kv_shift(KvLayer& cache, int first, int count, int delta, int head_dim_k, const RopeParams& rope) = 0;
};

inline Tensor Tensor::col_range(int64_t first, int64_t count) const {
  Tensor t = *this;
  t.data = data + size_t(first) * tensor_type_layout(type).block_bytes;
  t.cols = count;
  return t;
}

// Bytes a backend takes for an allocate(type, cols, rows): whole rows, rounded up to 64 bytes.
inline uint64_t backend_buffer_bytes(TensorType type, int64_t cols, int64_t rows) {
  const auto row = tensor_row_bytes(type, uint64_t(cols));
  return row ? (*row * uint64_t(rows) + 63) / 64 * 64 : 0;
}

// The weights a device keeps in its own form for the parts of the model placed on it — the CPU
// keeps matrices repacked into the kernels' interleaved layout; a GPU will keep VRAM copies.
// Owned by the Model (made at load, shared by all its sessions).
class DeviceWeights {
 public:
  virtual ~DeviceWeights() = default;
  // Makes a weight matrix ready for matmul() on this device and returns the tensor to use
  // from now on (`data` still points at the file's rows, for get_rows()).
  virtual Tensor prepare(const Tensor& matrix) = 0;
  // Bytes held by this object.
  virtual uint64_t owned_bytes() const = 0;
};

// `repack`: copy matrices into the kernels' interleaved layout (faster matmuls, a copy of the
// weights in memory instead of the mapped file's pages); false: use the mapping as it is.
std::unique_ptr<DeviceWeights> make_cpu_device_weights(bool repack);
// Bytes of the device's own copy of a weight matrix of this shape (what DeviceWeights::prepare
// allocates for it); 0 when the device multiplies by the file's rows in place.
uint64_t device_matrix_bytes(DeviceId device, bool repack, TensorType type, int64_t cols, int64_t rows);

// The CPU backend (kernels/ with the best instruction set the processor has).
std::unique_ptr<Backend> make_cpu_backend(int n_threads);
// Bytes of work buffers the backend on `device` takes for `plan` (what prepare() allocates).
uint64_t backend_work_bytes(DeviceId device, const WorkPlan& plan);
// Whether matmul() and get_rows() on `device` take weights of `type`.
bool backend_supports_weight_type(DeviceId device, TensorType type);
// Whether the KV cache on `device` can hold `type`.
bool backend_supports_kv_type(DeviceId device, TensorType type);

}  // namespace hearth
