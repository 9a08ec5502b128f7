// The Vulkan backend's device, memory, pipelines and command recording (see vulkan_backend.h).
#include "backend/vulkan/vulkan_backend.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "backend/vulkan/pipeline_cache.h"
#include "backend/vulkan/shader_blobs.h"
#include "hearth/base/result.h"

namespace hearth::vk {

namespace {

// Fake device addresses start here: above any x86-64/ARM64 user-space heap or mapping a
// process of ours makes in practice, and far below the 47-bit limit.
constexpr uintptr_t kAddressBase = uintptr_t(1) << 44;
constexpr uint64_t kRingBytes = 8ull << 20;   // staging for uploads, ids and small tables per submission
constexpr uint32_t kSetsPerPool = 1024;

std::string mib(uint64_t bytes) { return std::to_string((bytes + (1 << 19)) >> 20) + " MiB"; }

}  // namespace

Backend::Backend(std::unique_ptr<Instance> instance, const PhysicalDevice& pd, const VulkanOptions& options)
    : instance_(std::move(instance)), api_(instance_->api), info_(pd.info), next_address_(kAddressBase) {
  // A failure half way (no memory for the ring, a driver error) frees what was made so far.
  try {
    init(pd, options);
  } catch (...) {
    destroy();
    throw;
  }
}

void Backend::init(const PhysicalDevice& pd, const VulkanOptions& options) {
  Api& api = instance_->api;
  const char* no_sg = std::getenv("HEARTH_VULKAN_NO_SUBGROUP");
  subgroup_ = info_.subgroup_arithmetic && !options.force_shared_reduction && !(no_sg && std::strcmp(no_sg, "1") == 0);
  force_staging_ = options.force_staging;
  api.vkGetPhysicalDeviceMemoryProperties(pd.handle, &memory_props_);
  max_chunk_ = std::min<uint64_t>(info_.max_storage_buffer_range, info_.max_allocation_bytes ? info_.max_allocation_bytes : ~0ull);
  if (options.max_chunk_bytes) max_chunk_ = std::min(max_chunk_, options.max_chunk_bytes);
  max_chunk_ = std::max<uint64_t>(max_chunk_ / 256 * 256, 256);

  uint32_t nq = 0;
  api.vkGetPhysicalDeviceQueueFamilyProperties(pd.handle, &nq, nullptr);
  std::vector<VkQueueFamilyProperties> families(nq);
  api.vkGetPhysicalDeviceQueueFamilyProperties(pd.handle, &nq, families.data());
  bool found = false;
  for (uint32_t i = 0; i < nq && !found; ++i)
    if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) queue_family_ = i, found = true;
  if (!found) fail(ErrorCode::Unsupported, info_.name + " has no compute queue");
  const float priority = 1.0f;
  VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO, nullptr, 0, queue_family_, 1, &priority};
  VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, nullptr, 0, 1, &qci, 0, nullptr, 0, nullptr, nullptr};
  check(api.vkCreateDevice(pd.handle, &dci, nullptr, &device_), "vkCreateDevice");
  load_device_functions(api, device_);
  api.vkGetDeviceQueue(device_, queue_family_, 0, &queue_);

  VkDescriptorSetLayoutBinding b[kBindings];
  for (int i = 0; i < kBindings; ++i)
    b[i] = {uint32_t(i), VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
  VkDescriptorSetLayoutCreateInfo lci{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO, nullptr, 0, kBindings, b};
  check(api_.vkCreateDescriptorSetLayout(device_, &lci, nullptr, &set_layout_), "vkCreateDescriptorSetLayout");
  VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0, kPushBytes};
  VkPipelineLayoutCreateInfo plci{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO, nullptr, 0, 1, &set_layout_, 1, &range};
  check(api_.vkCreatePipelineLayout(device_, &plci, nullptr, &pipeline_layout_), "vkCreatePipelineLayout");
  // Pipelines compiled by an earlier run on this device and driver (see pipeline_cache.h).
  cache_path_ = pipeline_cache_path(info_);
  const std::vector<char> cached = read_pipeline_cache(cache_path_, info_);
  VkPipelineCacheCreateInfo pcci{VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO, nullptr, 0, cached.size(),
                                 cached.empty() ? nullptr : cached.data()};
  if (api_.vkCreatePipelineCache(device_, &pcci, nullptr, &pipeline_cache_) == VK_SUCCESS) {
    cache_bytes_loaded_ = cached.size();
  } else {  // data the driver refuses: start empty
    pcci.initialDataSize = 0;
    pcci.pInitialData = nullptr;
    check(api_.vkCreatePipelineCache(device_, &pcci, nullptr, &pipeline_cache_), "vkCreatePipelineCache");
  }

  VkCommandPoolCreateInfo cpci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO, nullptr,
                               VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT, queue_family_};
  check(api_.vkCreateCommandPool(device_, &cpci, nullptr, &command_pool_), "vkCreateCommandPool");
  VkCommandBufferAllocateInfo cbai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO, nullptr, command_pool_,
                                   VK_COMMAND_BUFFER_LEVEL_PRIMARY, 1};
  check(api_.vkAllocateCommandBuffers(device_, &cbai, &cmd_), "vkAllocateCommandBuffers");
  VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO, nullptr, 0};
  check(api_.vkCreateFence(device_, &fci, nullptr, &fence_), "vkCreateFence");

  dummy_ = make_chunk(256, false);
  ring_ = make_chunk(kRingBytes, true);
}

Backend::~Backend() { destroy(); }

void Backend::destroy() noexcept {
  if (!device_) return;
  if (recording_) {
    try {
      synchronize();
    } catch (...) {
    }
  }
  auto free_chunk = [&](Chunk& c) {
    if (c.buffer) api_.vkDestroyBuffer(device_, c.buffer, nullptr);
    if (c.memory) api_.vkFreeMemory(device_, c.memory, nullptr);
    c = {};
  };
  for (auto& [addr, c] : chunks_) free_chunk(c);
  for (Chunk* c : {&dummy_, &ring_, &act_, &parts_, &shift_}) free_chunk(*c);
  if (pipelines_created_ > 0 && pipeline_cache_) {  // new pipelines since the cache was read
    try {
      size_t size = 0;
      if (api_.vkGetPipelineCacheData(device_, pipeline_cache_, &size, nullptr) == VK_SUCCESS && size > 0) {
        std::vector<char> data(size);
        if (api_.vkGetPipelineCacheData(device_, pipeline_cache_, &size, data.data()) == VK_SUCCESS) {
          data.resize(size);
          write_pipeline_cache(cache_path_, data);
        }
      }
    } catch (...) {  // a cache: losing it costs a recompile next time
    }
  }
  for (auto& [name, p] : pipelines_) api_.vkDestroyPipeline(device_, p, nullptr);
  for (VkDescriptorPool p : pools_) api_.vkDestroyDescriptorPool(device_, p, nullptr);
  api_.vkDestroyFence(device_, fence_, nullptr);
  api_.vkDestroyCommandPool(device_, command_pool_, nullptr);
  api_.vkDestroyPipelineCache(device_, pipeline_cache_, nullptr);
  api_.vkDestroyPipelineLayout(device_, pipeline_layout_, nullptr);
  api_.vkDestroyDescriptorSetLayout(device_, set_layout_, nullptr);
  api_.vkDestroyDevice(device_, nullptr);
  device_ = VK_NULL_HANDLE;
}

std::string Backend::description() const {
  return "Vulkan" + std::to_string(info_.index) + " (" + info_.name + ", " + info_.type + ", " +
         (subgroup_ ? "subgroup" : "shared-memory") + " reduction)";
}

// ---- memory -------------------------------------------------------------------------------

Chunk Backend::make_chunk(uint64_t bytes, bool host_staging) {
  Chunk c;
  c.bytes = std::max<uint64_t>((bytes + 3) / 4 * 4, 4);
  VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO, nullptr, 0, c.bytes,
                         VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                         VK_SHARING_MODE_EXCLUSIVE, 0, nullptr};
  check(api_.vkCreateBuffer(device_, &bci, nullptr, &c.buffer), "vkCreateBuffer");
  VkMemoryRequirements req;
  api_.vkGetBufferMemoryRequirements(device_, c.buffer, &req);
  // Preferences in order. Staging: host-visible + coherent. Device buffers of a discrete GPU:
  // device-local only, and never host-visible system memory (the silent "shared GPU memory"
  // spill). UMA devices: device-local memory the host can map, so uploads are plain copies.
  const VkMemoryPropertyFlags host = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  const VkMemoryPropertyFlags local = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
  std::vector<std::pair<VkMemoryPropertyFlags, VkMemoryPropertyFlags>> wants;  // (required, avoided)
  if (host_staging) {
    wants = {{host | VK_MEMORY_PROPERTY_HOST_CACHED_BIT, 0}, {host, 0}};
  } else if (info_.uma) {
    wants = {{local | host, 0}, {local, 0}};
  } else {
    wants = {{local, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT}, {local, 0}};
  }
  VkResult r = VK_ERROR_OUT_OF_DEVICE_MEMORY;
  for (const auto& [required, avoided] : wants) {
    for (uint32_t i = 0; i < memory_props_.memoryTypeCount && r != VK_SUCCESS; ++i) {
      const VkMemoryPropertyFlags f = memory_props_.memoryTypes[i].propertyFlags;
      if (!(req.memoryTypeBits & (1u << i)) || (f & required) != required || (f & avoided)) continue;
      VkMemoryAllocateInfo mai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, nullptr, req.size, i};
      r = api_.vkAllocateMemory(device_, &mai, nullptr, &c.memory);
      if (r == VK_SUCCESS && (f & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) && (host_staging || !force_staging_)) {
        check(api_.vkMapMemory(device_, c.memory, 0, VK_WHOLE_SIZE, 0, &c.mapped), "vkMapMemory");
      }
    }
    if (r == VK_SUCCESS) break;
  }
  if (r != VK_SUCCESS) {
    api_.vkDestroyBuffer(device_, c.buffer, nullptr);
    fail(ErrorCode::OutOfMemory, "Vulkan: could not allocate " + mib(req.size) + " on " + info_.name + " (" +
                                     result_name(r) + "; " + mib(allocated_) + " allocated by Hearth, about " +
                                     mib(info_.free_bytes) + " was free at start)");
  }
  check(api_.vkBindBufferMemory(device_, c.buffer, c.memory, 0), "vkBindBufferMemory");
  return c;
}

hearth::Tensor Backend::allocate(TensorType type, int64_t cols, int64_t rows) { return allocate_bytes(type, cols, rows); }

hearth::Tensor Backend::allocate_bytes(TensorType type, int64_t cols, int64_t rows) {
  const auto row_bytes = tensor_row_bytes(type, uint64_t(cols));
  if (!row_bytes || cols <= 0 || rows <= 0)
    fail(ErrorCode::InvalidArgument, "Vulkan allocate: " + std::to_string(rows) + " rows of " + std::to_string(cols) +
                                         " " + std::string(tensor_type_name(type)) + " values");
  if (*row_bytes > max_chunk_)
    fail(ErrorCode::Unsupported, "Vulkan allocate: one row of " + mib(*row_bytes) + " exceeds the device's largest binding");
  const int64_t rows_per_chunk = int64_t(max_chunk_ / *row_bytes);
  hearth::Tensor t;
  t.type = type;
  t.cols = cols;
  t.rows = rows;
  t.row_stride = size_t(*row_bytes);
  t.data = reinterpret_cast<std::byte*>(next_address_);
  for (int64_t r = 0; r < rows; r += rows_per_chunk) {
    const uint64_t bytes = uint64_t(std::min(rows_per_chunk, rows - r)) * *row_bytes;
    Chunk c = make_chunk(bytes, false);
    // Zero-filled, as Backend::allocate promises.
    if (c.mapped) {
      std::memset(c.mapped, 0, c.bytes);
    } else {
      begin();
      api_.vkCmdFillBuffer(cmd_, c.buffer, 0, VK_WHOLE_SIZE, 0);
      pending_.push_back({c.buffer, 0, c.bytes, true});
    }
    allocated_ += c.bytes;
    chunks_.emplace(next_address_, c);
    next_address_ += bytes;  // back to back: Tensor::row() is data + r * row_stride across chunks
  }
  // A gap (and a 256-byte aligned start for the next tensor): an address past a tensor's end
  // never finds its neighbour.
  next_address_ = (next_address_ + 4096 + 255) / 256 * 256;
  return t;
}

void Backend::release(const hearth::Tensor& t) {
  if (t.empty()) return;
  synchronize();  // recorded work may still read it
  const uintptr_t lo = reinterpret_cast<uintptr_t>(t.data);
  const uintptr_t hi = lo + t.bytes();
  for (auto it = chunks_.lower_bound(lo); it != chunks_.end() && it->first < hi;) {
    allocated_ -= it->second.bytes;
    api_.vkDestroyBuffer(device_, it->second.buffer, nullptr);
    api_.vkFreeMemory(device_, it->second.memory, nullptr);
    it = chunks_.erase(it);
  }
  sets_.clear();  // a new buffer may get a freed one's handle: cached sets naming it are stale
}

Ref Backend::find(const std::byte* address) const {
  const uintptr_t a = reinterpret_cast<uintptr_t>(address);
  auto it = chunks_.upper_bound(a);
  if (it == chunks_.begin()) fail(ErrorCode::Internal, "Vulkan: a tensor that is not in this backend's memory");
  --it;
  if (a >= it->first + it->second.bytes) fail(ErrorCode::Internal, "Vulkan: a tensor that is not in this backend's memory");
  return {it->second.buffer, a - it->first, it->second.bytes - (a - it->first), &it->second};
}

Ref Backend::find_f32(const hearth::Tensor& t, const char* what) const {
  if (t.type != TensorType::F32) fail(ErrorCode::InvalidArgument, std::string("Vulkan ") + what + ": wants F32 rows");
  const Ref r = find(t.data);
  if (r.offset % 4 || t.row_stride % 4) fail(ErrorCode::Internal, std::string("Vulkan ") + what + ": unaligned F32 tensor");
  if (t.rows > 0 && (uint64_t(t.rows - 1) * t.row_stride + uint64_t(t.cols) * 4 > r.remaining))
    fail(ErrorCode::Internal, std::string("Vulkan ") + what + ": F32 tensor spans chunks");
  return r;
}

Binding Backend::f32_binding(const hearth::Tensor& t, bool write) const {
  const Ref r = find_f32(t, "op");
  return {r.buffer, r.offset, r.offset + (t.rows ? uint64_t(t.rows - 1) * t.row_stride : 0) + uint64_t(t.cols) * 4, write};
}

void Backend::ensure_work(Chunk& c, uint64_t bytes) {
  if (c.bytes >= bytes) return;
  if (c.buffer) {
    synchronize();  // the old buffer may still be read by recorded work
    allocated_ -= c.bytes;
    api_.vkDestroyBuffer(device_, c.buffer, nullptr);
    api_.vkFreeMemory(device_, c.memory, nullptr);
    sets_.clear();  // sets naming the old buffer are stale (their pool memory is reused on reset)
  }
  c = make_chunk(bytes, false);
  allocated_ += c.bytes;
}

// Activations rounded for F16/BF16 weights: [n_batch × widest input] floats.
static uint64_t rounded_activation_bytes(const WorkPlan& plan) {
  return uint64_t(std::max(plan.n_batch, 1)) * uint64_t(std::max<int64_t>(plan.max_in_cols, 1)) * 4;
}
// Attention splits: up to 32 splits of one token's (max, sum, acc) per head.
static uint64_t attention_split_bytes(const WorkPlan& plan) {
  return std::max<uint64_t>(1 << 20, 32ull * 2 * uint64_t(std::max<int64_t>(plan.max_in_cols, 1)) * 4);
}

void Backend::prepare(const WorkPlan& plan) {
  ensure_work(act_, rounded_activation_bytes(plan));
  ensure_work(parts_, attention_split_bytes(plan));
}

Ref Backend::stage(const void* data, uint64_t bytes) {
  const uint64_t size = (bytes + 255) / 256 * 256;
  if (size > ring_.bytes) fail(ErrorCode::Internal, "Vulkan: staging request larger than the ring");
  if (ring_used_ + size > ring_.bytes) synchronize();  // the ring's earlier contents have been consumed
  std::memcpy(static_cast<std::byte*>(ring_.mapped) + ring_used_, data, bytes);
  Ref r{ring_.buffer, ring_used_, size, &ring_};
  ring_used_ += size;
  return r;
}

void Backend::write(const hearth::Tensor& dst, const void* src) {
  const auto* bytes = static_cast<const std::byte*>(src);
  const uint64_t total = dst.bytes();
  for (uint64_t done = 0; done < total;) {
    const Ref r = find(dst.data + done);
    uint64_t n = std::min(total - done, r.remaining);
    if (r.chunk->mapped && !recording_) {
      std::memcpy(static_cast<std::byte*>(r.chunk->mapped) + r.offset, bytes + done, n);
    } else {
      n = std::min(n, ring_.bytes / 2);
      const Ref s = stage(bytes + done, n);
      copy(s.buffer, s.offset, r.buffer, r.offset, n);
    }
    done += n;
  }
}

void Backend::read(void* dst, const hearth::Tensor& src) {
  auto* bytes = static_cast<std::byte*>(dst);
  const uint64_t total = src.bytes();
  synchronize();
  for (uint64_t done = 0; done < total;) {
    const Ref r = find(src.data + done);
    uint64_t n = std::min(total - done, r.remaining);
    if (r.chunk->mapped) {
      std::memcpy(bytes + done, static_cast<const std::byte*>(r.chunk->mapped) + r.offset, n);
    } else {
      n = std::min(n, ring_.bytes);
      copy(r.buffer, r.offset, ring_.buffer, 0, n);
      synchronize();
      std::memcpy(bytes + done, ring_.mapped, n);
    }
    done += n;
  }
}

void Backend::upload(hearth::Tensor dst, const float* src) {
  if (dst.row_stride == size_t(dst.cols) * 4) return write(dst, src);
  for (int64_t r = 0; r < dst.rows; ++r) write(dst.row_range(r, 1), src + r * dst.cols);
}

void Backend::download(float* dst, const hearth::Tensor& src) {
  if (src.row_stride == size_t(src.cols) * 4) return read(dst, src);
  for (int64_t r = 0; r < src.rows; ++r) read(dst + r * src.cols, src.row_range(r, 1));
}

// ---- pipelines and descriptor sets ---------------------------------------------------------

VkPipeline Backend::pipeline(const std::string& name) {
  auto it = pipelines_.find(name);
  if (it != pipelines_.end()) return it->second;
  const ShaderBlob* blob = nullptr;
  for (size_t i = 0; i < kShaderBlobCount; ++i)
    if (name == kShaderBlobs[i].name) blob = &kShaderBlobs[i];
  if (!blob) fail(ErrorCode::Internal, "Vulkan: no shader variant " + name);
  VkShaderModuleCreateInfo smci{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO, nullptr, 0, blob->word_count * 4, blob->words};
  VkShaderModule module;
  check(api_.vkCreateShaderModule(device_, &smci, nullptr, &module), "vkCreateShaderModule");
  VkComputePipelineCreateInfo cpci{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO, nullptr, 0,
                                   {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, nullptr, 0,
                                    VK_SHADER_STAGE_COMPUTE_BIT, module, "main", nullptr},
                                   pipeline_layout_, VK_NULL_HANDLE, -1};
  VkPipeline p;
  const VkResult r = api_.vkCreateComputePipelines(device_, pipeline_cache_, 1, &cpci, nullptr, &p);
  api_.vkDestroyShaderModule(device_, module, nullptr);
  check(r, ("vkCreateComputePipelines(" + name + ")").c_str());
  pipelines_.emplace(name, p);
  ++pipelines_created_;
  return p;
}

VkDescriptorSet Backend::descriptor_set(const std::array<VkBuffer, kBindings>& buffers) {
  auto it = sets_.find(buffers);
  if (it != sets_.end()) return it->second;
  if (pools_.empty() || sets_in_pool_ == kSetsPerPool) {
    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kSetsPerPool * kBindings};
    VkDescriptorPoolCreateInfo dpci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO, nullptr, 0, kSetsPerPool, 1, &size};
    VkDescriptorPool pool;
    check(api_.vkCreateDescriptorPool(device_, &dpci, nullptr, &pool), "vkCreateDescriptorPool");
    pools_.push_back(pool);
    sets_in_pool_ = 0;
  }
  VkDescriptorSetAllocateInfo dsai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO, nullptr, pools_.back(), 1, &set_layout_};
  VkDescriptorSet set;
  check(api_.vkAllocateDescriptorSets(device_, &dsai, &set), "vkAllocateDescriptorSets");
  ++sets_in_pool_;
  VkDescriptorBufferInfo infos[kBindings];
  VkWriteDescriptorSet writes[kBindings];
  for (int i = 0; i < kBindings; ++i) {
    infos[i] = {buffers[size_t(i)], 0, VK_WHOLE_SIZE};
    writes[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, nullptr, set, uint32_t(i), 0, 1,
                 VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, nullptr, &infos[i], nullptr};
  }
  api_.vkUpdateDescriptorSets(device_, kBindings, writes, 0, nullptr);
  sets_.emplace(buffers, set);
  return set;
}

// ---- recording ----------------------------------------------------------------------------

void Backend::begin() {
  if (lost_) check(VK_ERROR_DEVICE_LOST, "recording");  // a lost device stays lost
  if (recording_) return;
  VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO, nullptr,
                              VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT, nullptr};
  check(api_.vkBeginCommandBuffer(cmd_, &bi), "vkBeginCommandBuffer");
  recording_ = true;
}

void Backend::barrier_if_needed(std::span<const Binding> bindings) {
  bool hazard = false;
  for (const Binding& b : bindings)
    for (const Binding& p : pending_)
      if (p.buffer == b.buffer && (p.write || b.write) && b.lo < p.hi && p.lo < b.hi) hazard = true;
  if (hazard) {
    VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER, nullptr,
                       VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
                       VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT |
                           VK_ACCESS_TRANSFER_WRITE_BIT};
    const VkPipelineStageFlags stages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
    api_.vkCmdPipelineBarrier(cmd_, stages, stages, 0, 1, &mb, 0, nullptr, 0, nullptr);
    pending_.clear();
  }
  for (const Binding& b : bindings) {
    // Words, not bytes: shaders write whole 32-bit words (kv_store keeps a neighbour's bytes).
    pending_.push_back({b.buffer, b.lo / 4 * 4, (b.hi + 3) / 4 * 4, b.write});
  }
}

void Backend::dispatch(const std::string& name, std::array<Binding, kBindings> bindings, std::span<const uint32_t> push,
                       uint32_t gx, uint32_t gy, uint32_t gz) {
  if (gx == 0 || gy == 0 || gz == 0) return;
  const VkPipeline p = pipeline(name);
  begin();
  std::array<VkBuffer, kBindings> buffers;
  for (int i = 0; i < kBindings; ++i) buffers[size_t(i)] = bindings[size_t(i)].buffer ? bindings[size_t(i)].buffer : dummy_.buffer;
  const VkDescriptorSet set = descriptor_set(buffers);
  barrier_if_needed(bindings);
  api_.vkCmdBindPipeline(cmd_, VK_PIPELINE_BIND_POINT_COMPUTE, p);
  api_.vkCmdBindDescriptorSets(cmd_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_layout_, 0, 1, &set, 0, nullptr);
  uint32_t words[kPushBytes / 4] = {};
  std::copy_n(push.begin(), std::min<size_t>(push.size(), kPushBytes / 4), words);
  api_.vkCmdPushConstants(cmd_, pipeline_layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, kPushBytes, words);
  api_.vkCmdDispatch(cmd_, gx, gy, gz);
}

void Backend::copy(VkBuffer src, uint64_t src_off, VkBuffer dst, uint64_t dst_off, uint64_t bytes) {
  begin();
  const Binding b[2] = {{src, src_off, src_off + bytes, false}, {dst, dst_off, dst_off + bytes, true}};
  barrier_if_needed(b);
  VkBufferCopy region{src_off, dst_off, bytes};
  api_.vkCmdCopyBuffer(cmd_, src, dst, 1, &region);
}

void Backend::synchronize() {
  recorded_work_ = 0;
  if (!recording_) return;
  recording_ = false;
  pending_.clear();
  ring_used_ = 0;
  check(api_.vkEndCommandBuffer(cmd_), "vkEndCommandBuffer");
  VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO, nullptr, 0, nullptr, nullptr, 1, &cmd_, 0, nullptr};
  VkResult r = api_.vkQueueSubmit(queue_, 1, &si, fence_);
  if (r == VK_SUCCESS) r = api_.vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX);
  // Fault injection for tests of what the app does then: while HEARTH_VULKAN_LOSE_DEVICE=1 is
  // in the environment, a submission reports a lost device (and the device stays lost).
  if (const char* lose = std::getenv("HEARTH_VULKAN_LOSE_DEVICE"); r == VK_SUCCESS && lose && std::strcmp(lose, "1") == 0)
    r = VK_ERROR_DEVICE_LOST;
  if (r == VK_ERROR_DEVICE_LOST) lost_ = true;
  check(r, "vkQueueSubmit");
  check(api_.vkResetFences(device_, 1, &fence_), "vkResetFences");
  check(api_.vkResetCommandBuffer(cmd_, 0), "vkResetCommandBuffer");
}

}  // namespace hearth::vk

namespace hearth {

uint64_t vulkan_work_bytes(const WorkPlan& plan) {
  return vk::rounded_activation_bytes(plan) + vk::attention_split_bytes(plan);
}

namespace {
bool has_shader(const std::string& name) {
  for (size_t i = 0; i < vk::kShaderBlobCount; ++i)
    if (name == vk::kShaderBlobs[i].name) return true;
  return false;
}
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

bool vulkan_supports_weight_type(TensorType type) { return has_shader("matmul_" + lower(tensor_type_name(type))); }
bool vulkan_supports_kv_type(TensorType type) { return has_shader("kv_store_" + lower(tensor_type_name(type))); }

Result<std::unique_ptr<VulkanBackend>> make_vulkan_backend(const std::string& device, const VulkanOptions& options) {
  return capture_errors([&]() -> std::unique_ptr<VulkanBackend> {
    auto instance = vk::open_instance(options);
    const vk::PhysicalDevice pd = vk::select_device(*instance, device);
    return std::make_unique<vk::Backend>(std::move(instance), pd, options);
  });
}

}  // namespace hearth
