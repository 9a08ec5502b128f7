// The Vulkan backend's private class: device, memory, pipelines and command recording live in
// vulkan_backend.cpp; the ops in one file per family (ops_rows.cpp, ops_matmul.cpp,
// ops_attention.cpp).
//
// Addresses. Tensor::data of a Vulkan tensor is an address in a range no host memory uses
// (kAddressBase upward): each allocation's chunks sit back to back there, and find() maps an
// address to (VkBuffer, byte offset). Shaders bind whole chunks and get offsets as push
// constants, so the descriptor sets depend only on which buffers an op touches and are made
// once and reused for every token.
//
// Large tensors. No chunk exceeds maxStorageBufferRange or maxMemoryAllocationSize: a tensor
// bigger than that is split by whole rows across chunks, and matmul/get_rows run per chunk.
//
// Recording. Ops are recorded into one command buffer and submitted by synchronize() (or when
// an op needs the host to see results). A barrier is recorded only when an op reads or writes
// bytes an earlier op since the last barrier wrote (or writes bytes it read).
#pragma once

#include <array>
#include <filesystem>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "backend/vulkan/vk_api.h"
#include "backend/vulkan/vk_device.h"
#include "hearth/backend/vulkan.h"

namespace hearth::vk {

inline constexpr int kBindings = 5;           // storage buffers of the one descriptor-set layout
inline constexpr uint32_t kPushBytes = 128;   // push-constant block of every shader
inline constexpr int kMatvecMaxTokens = 8;    // matvec.comp MAX_TOKENS
inline constexpr uint32_t kAttentionMaxHeadDim = 256;  // attention.comp MAX_HEAD_DIM

struct Chunk {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  uint64_t bytes = 0;
  void* mapped = nullptr;  // host-visible memory (UMA / CPU devices), else nullptr
};

// Where a tensor's first byte is.
struct Ref {
  VkBuffer buffer = VK_NULL_HANDLE;
  uint64_t offset = 0;     // bytes into the chunk
  uint64_t remaining = 0;  // bytes from offset to the chunk's end
  const Chunk* chunk = nullptr;
};

// One buffer an op binds, and the bytes it reads or writes there.
struct Binding {
  VkBuffer buffer = VK_NULL_HANDLE;
  uint64_t lo = 0, hi = 0;
  bool write = false;
};

class Backend final : public VulkanBackend {
 public:
  Backend(std::unique_ptr<Instance> instance, const PhysicalDevice& device, const VulkanOptions& options);
  ~Backend() override;

  DeviceId device() const override { return {DeviceKind::Vulkan, info_.index}; }
  std::string description() const override;
  const VulkanDeviceInfo& info() const override { return info_; }
  bool uses_subgroup_reduction() const override { return subgroup_; }
  uint64_t pipeline_cache_bytes_loaded() const override { return cache_bytes_loaded_; }

  hearth::Tensor allocate(TensorType type, int64_t cols, int64_t rows) override;
  void prepare(const WorkPlan& plan) override;
  uint64_t allocated_bytes() const override { return allocated_; }
  void upload(hearth::Tensor dst, const float* src) override;
  void download(float* dst, const hearth::Tensor& src) override;
  void write(const hearth::Tensor& dst, const void* src) override;
  void read(void* dst, const hearth::Tensor& src) override;
  void release(const hearth::Tensor& t) override;
  void synchronize() override;

  void get_rows(hearth::Tensor out, const hearth::Tensor& table, std::span<const TokenId> ids) override;
  void rms_norm(hearth::Tensor out, const hearth::Tensor& in, const hearth::Tensor& weight, float eps) override;
  void matmul(std::span<const MatmulJob> jobs, const hearth::Tensor& in) override;
  void add(hearth::Tensor out, const hearth::Tensor& a, const hearth::Tensor& b) override;
  void scale(hearth::Tensor x, float factor) override;
  void rope(hearth::Tensor x, int head_dim, int pos0, const RopeParams& params) override;
  void glu(hearth::Tensor out, const hearth::Tensor& gate, const hearth::Tensor& up, GluKind kind) override;
  void kv_store(KvLayer& cache, const hearth::Tensor& k, const hearth::Tensor& v, int pos0) override;
  void attention(hearth::Tensor out, const hearth::Tensor& q, const KvLayer& cache, int pos0,
                 const AttentionShape& shape) override;
  void kv_shift(KvLayer& cache, int first, int count, int delta, int head_dim_k, const RopeParams& rope) override;

 private:
  void init(const PhysicalDevice& pd, const VulkanOptions& options);
  void destroy() noexcept;  // frees everything made so far (also after a failed init)

  // ---- memory (vulkan_backend.cpp) ----
  Chunk make_chunk(uint64_t bytes, bool host_staging);
  hearth::Tensor allocate_bytes(TensorType type, int64_t cols, int64_t rows);
  Ref find(const std::byte* address) const;
  Ref find_f32(const hearth::Tensor& t, const char* what) const;  // checks F32, 4-byte alignment, one chunk
  // Copies `bytes` host bytes into the staging ring for this submission; returns (buffer, offset).
  Ref stage(const void* data, uint64_t bytes);

  // ---- recording ----
  void begin();
  void barrier_if_needed(std::span<const Binding> bindings);
  void dispatch(const std::string& pipeline, std::array<Binding, kBindings> bindings, std::span<const uint32_t> push,
                uint32_t gx, uint32_t gy = 1, uint32_t gz = 1);
  void copy(VkBuffer src, uint64_t src_off, VkBuffer dst, uint64_t dst_off, uint64_t bytes);
  VkPipeline pipeline(const std::string& name);
  VkDescriptorSet descriptor_set(const std::array<VkBuffer, kBindings>& buffers);
  std::string reduction_suffix() const { return subgroup_ ? "_sg" : ""; }
  Binding f32_binding(const hearth::Tensor& t, bool write) const;  // rows × cols floats at the tensor
  Binding none() const { return {dummy_.buffer, 0, 4, false}; }
  void ensure_work(Chunk& c, uint64_t bytes);
  // Windows resets a GPU whose one submission runs about 2 s (TDR). Multiply-adds recorded since
  // the last submission are counted, and a long batch is submitted (and waited for) between ops
  // once they pass kSubmitWork: about 0.3 s on a small iGPU, one layer of a 1B model's pp512.
  static constexpr double kSubmitWork = 16e9;
  void count_work(double multiply_adds) { recorded_work_ += multiply_adds; }
  void submit_if_long() {
    if (recorded_work_ > kSubmitWork) synchronize();
  }
  double recorded_work_ = 0;
  bool lost_ = false;         // VK_ERROR_DEVICE_LOST seen: every later op fails the same way

  // ---- ops helpers ----
  void elementwise(const char* op, const hearth::Tensor& out, const hearth::Tensor& a, const hearth::Tensor* b, float s);
  void rope_rows(const Ref& x, uint32_t x_off, uint32_t x_stride, uint32_t n_tokens, uint32_t n_heads, int head_dim,
                 int pos0, int pos_step, const RopeParams& params, uint64_t lo, uint64_t hi);
  void store_rows(const hearth::Tensor& cache, int64_t first_row, const Binding& in, uint32_t in_off, uint32_t in_stride,
                  uint32_t n_rows);

  std::unique_ptr<Instance> instance_;
  const Api& api_;
  VulkanDeviceInfo info_;
  VkPhysicalDeviceMemoryProperties memory_props_{};
  uint64_t max_chunk_ = 0;
  bool subgroup_ = false;
  bool force_staging_ = false;  // VulkanOptions::force_staging
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  uint32_t queue_family_ = 0;

  std::map<uintptr_t, Chunk> chunks_;  // by fake base address
  uintptr_t next_address_;
  uint64_t allocated_ = 0;
  Chunk dummy_, ring_, act_, parts_, shift_;  // unused bindings, staging, rounded activations, attention splits, kv_shift
  uint64_t ring_used_ = 0;

  VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
  VkPipelineLayout pipeline_layout_ = VK_NULL_HANDLE;
  VkPipelineCache pipeline_cache_ = VK_NULL_HANDLE;
  std::filesystem::path cache_path_;  // pipeline cache on disk (empty: none)
  uint64_t cache_bytes_loaded_ = 0;
  int pipelines_created_ = 0;
  std::unordered_map<std::string, VkPipeline> pipelines_;
  std::vector<VkDescriptorPool> pools_;
  uint32_t sets_in_pool_ = 0;
  std::map<std::array<VkBuffer, kBindings>, VkDescriptorSet> sets_;

  VkCommandPool command_pool_ = VK_NULL_HANDLE;
  VkCommandBuffer cmd_ = VK_NULL_HANDLE;
  VkFence fence_ = VK_NULL_HANDLE;
  bool recording_ = false;
  std::vector<Binding> pending_;  // accesses since the last barrier
};

}  // namespace hearth::vk
