// A model ready to run: a GGUF file memory-mapped, its hyperparameters, its architecture's
// tensors bound to the mapping (the CPU repacks weight matrices into its kernels' layout at load
// and drops their mapped pages; norms, biases and the embedding table are read in place), and
// the layer placement. Immutable after load and shared (shared_ptr) by any number of Sessions.
//
//   auto model = Model::load("tinyllama.Q4_K_M.gguf", {.progress = ..., .cancel = token});
//   if (!model) show(model.error().message);
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>
#include <string>

#include "hearth/backend/vulkan.h"
#include "hearth/base/cancel.h"
#include "hearth/base/result.h"
#include "hearth/io/gguf.h"
#include "hearth/model/hparams.h"
#include "hearth/runtime/placement.h"
#include "hearth/tokenizer/tokenizer.h"

namespace hearth {

class DecoderModel;   // the architecture's bound tensors and forward pass (core/model/)
class DeviceWeights;  // a device's own copies of the weights (core/backend/)

struct ModelLoadOptions {
  LayerPlacement placement;  // empty: everything on the CPU
  ProgressFn progress;       // called with bytes of weights made ready (uploads, prefetch)
  CancelToken cancel;        // checked between tensors; load() then fails with Cancelled
  bool prefetch = false;     // ask the OS to read the whole file ahead (first token faster)
  // CPU: copy weight matrices into the kernels' interleaved layout at load (faster matmuls,
  // about as much memory as the mapped pages it replaces, a little load time); false: multiply
  // by the mapped file's rows in place.
  bool repack_weights = true;
  // How GPU devices of the placement are opened (DeviceId::index is the position in
  // list_vulkan_devices() with these options).
  VulkanOptions vulkan;
};

class Model {
 public:
  static Result<std::shared_ptr<const Model>> load(const std::filesystem::path& path, const ModelLoadOptions& options);
  static Result<std::shared_ptr<const Model>> load(const std::filesystem::path& path);  // defaults
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const GgufFile& gguf() const { return *file_; }
  const ModelHParams& hparams() const { return hparams_; }
  const std::string& architecture() const { return hparams_.architecture; }
  std::string name() const;                 // general.name, or the file name
  const LayerPlacement& placement() const { return placement_; }
  uint64_t parameter_count() const { return parameter_count_; }  // elements of the tensors in use
  uint64_t weight_bytes() const { return weight_bytes_; }        // bytes of the tensors in use (file)
  // Bytes of weights held on a device (repacked copies, or the mapped file's bytes used in
  // place) and per layer: what estimate_memory() predicts for the same placement.
  uint64_t device_weight_bytes(DeviceId device) const;
  const std::vector<uint64_t>& layer_weight_bytes() const { return layer_weight_bytes_; }
  bool weights_repacked() const { return repacked_; }
  double load_seconds() const { return load_seconds_; }

  // The tokenizer the file describes (tokenizer.ggml.*), or nullptr when it has none or it is
  // broken; tokenizer_error() then says why. Models without one still run on token ids.
  const Tokenizer* tokenizer() const { return tokenizer_ ? &*tokenizer_ : nullptr; }
  const std::string& tokenizer_error() const { return tokenizer_error_; }
  // The tokenizer, or an Error naming the file and the reason.
  Result<const Tokenizer*> require_tokenizer() const;
  // Ids that end a generated reply (EOS, end-of-turn markers); empty without a tokenizer.
  const std::vector<TokenId>& end_of_generation_tokens() const { return eog_tokens_; }

  // Engine internal (used by Session; not for front ends): the bound tensors and forward pass.
  const DecoderModel& decoder() const { return *decoder_; }
  // The opened GPU device a placement names (shared by the weights and every session on it).
  std::shared_ptr<VulkanBackend> vulkan_device(DeviceId device) const;

 private:
  Model();
  std::unique_ptr<GgufFile> file_;
  ModelHParams hparams_;
  LayerPlacement placement_;
  std::unique_ptr<DecoderModel> decoder_;
  std::vector<std::pair<DeviceId, std::shared_ptr<VulkanBackend>>> vulkan_devices_;  // opened GPUs
  std::vector<std::unique_ptr<DeviceWeights>> device_weights_;  // one per device of the placement
  std::vector<std::pair<DeviceId, uint64_t>> device_weight_bytes_;
  std::vector<uint64_t> layer_weight_bytes_;
  bool repacked_ = false;
  std::optional<Tokenizer> tokenizer_;
  std::string tokenizer_error_;
  std::vector<TokenId> eog_tokens_;
  uint64_t parameter_count_ = 0;
  uint64_t weight_bytes_ = 0;
  double load_seconds_ = 0;
};

}  // namespace hearth
