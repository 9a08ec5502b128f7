// How a model and its sessions share one Vulkan device: the model's weight store (VRAM copies
// of the weights of the parts placed on the GPU) and each session's view of the device (its
// KV cache and activations, counted and freed on their own). See hearth/backend/vulkan.h.
#include <algorithm>
#include <vector>

#include "hearth/backend/vulkan.h"
#include "hearth/base/result.h"

namespace hearth {

namespace {

// Weights in VRAM, uploaded once at load from the mapped file (the staging ring streams them:
// no second copy of the model in RAM).
class VulkanDeviceWeights final : public DeviceWeights {
 public:
  explicit VulkanDeviceWeights(std::shared_ptr<VulkanBackend> device) : device_(std::move(device)) {}
  ~VulkanDeviceWeights() override {
    for (const Tensor& t : held_) device_->release(t);
  }

  Tensor prepare(const Tensor& host) override {
    if (!vulkan_supports_weight_type(host.type))
      fail(ErrorCode::Unsupported, "the Vulkan backend cannot multiply by " + std::string(tensor_type_name(host.type)) +
                                       " weights: keep this layer on the CPU");
    Tensor t = device_->allocate(host.type, host.cols, host.rows);
    held_.push_back(t);
    bytes_ += backend_buffer_bytes(host.type, host.cols, host.rows);
    if (host.row_stride == t.row_stride) {
      device_->write(t, host.data);
    } else {
      for (int64_t r = 0; r < host.rows; ++r) device_->write(t.row_range(r, 1), host.row(r));
    }
    device_->synchronize();  // the upload is done when load() returns
    t.prepared = device_.get();  // marks "the device holds its own copy"
    return t;
  }
  uint64_t owned_bytes() const override { return bytes_; }

 private:
  std::shared_ptr<VulkanBackend> device_;
  std::vector<Tensor> held_;
  uint64_t bytes_ = 0;
};

// A session's Backend on the shared device: ops go straight through; memory is the session's.
class VulkanSessionBackend final : public Backend {
 public:
  explicit VulkanSessionBackend(std::shared_ptr<VulkanBackend> device) : d_(std::move(device)) {}
  ~VulkanSessionBackend() override {
    for (const Tensor& t : held_) d_->release(t);
  }

  DeviceId device() const override { return d_->device(); }
  std::string description() const override { return d_->description(); }
  Tensor allocate(TensorType type, int64_t cols, int64_t rows) override {
    Tensor t = d_->allocate(type, cols, rows);
    held_.push_back(t);
    bytes_ += backend_buffer_bytes(type, cols, rows);
    return t;
  }
  // The work buffers are the device's, shared by its sessions and grown to the largest plan;
  // a session counts what its own plan needs.
  void prepare(const WorkPlan& plan) override {
    d_->prepare(plan);
    bytes_ += vulkan_work_bytes(plan);
  }
  uint64_t allocated_bytes() const override { return bytes_; }
  void upload(Tensor dst, const float* src) override { d_->upload(dst, src); }
  void download(float* dst, const Tensor& src) override { d_->download(dst, src); }
  void synchronize() override { d_->synchronize(); }

  void get_rows(Tensor out, const Tensor& table, std::span<const TokenId> ids) override { d_->get_rows(out, table, ids); }
  void rms_norm(Tensor out, const Tensor& in, const Tensor& weight, float eps) override {
    d_->rms_norm(out, in, weight, eps);
  }
  void matmul(std::span<const MatmulJob> jobs, const Tensor& in) override { d_->matmul(jobs, in); }
  void add(Tensor out, const Tensor& a, const Tensor& b) override { d_->add(out, a, b); }
  void scale(Tensor x, float factor) override { d_->scale(x, factor); }
  void rope(Tensor x, int head_dim, int pos0, const RopeParams& params) override { d_->rope(x, head_dim, pos0, params); }
  void glu(Tensor out, const Tensor& gate, const Tensor& up, GluKind kind) override { d_->glu(out, gate, up, kind); }
  void kv_store(KvLayer& cache, const Tensor& k, const Tensor& v, int pos0) override { d_->kv_store(cache, k, v, pos0); }
  void attention(Tensor out, const Tensor& q, const KvLayer& cache, int pos0, const AttentionShape& shape) override {
    d_->attention(out, q, cache, pos0, shape);
  }
  void kv_shift(KvLayer& cache, int first, int count, int delta, int head_dim_k, const RopeParams& rope) override {
    d_->kv_shift(cache, first, count, delta, head_dim_k, rope);
  }

 private:
  std::shared_ptr<VulkanBackend> d_;
  std::vector<Tensor> held_;
  uint64_t bytes_ = 0;
};

}  // namespace

std::unique_ptr<DeviceWeights> make_vulkan_device_weights(std::shared_ptr<VulkanBackend> device) {
  return std::make_unique<VulkanDeviceWeights>(std::move(device));
}

std::unique_ptr<Backend> make_vulkan_session_backend(std::shared_ptr<VulkanBackend> device) {
  return std::make_unique<VulkanSessionBackend>(std::move(device));
}

}  // namespace hearth
