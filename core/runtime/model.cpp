#include "hearth/runtime/model.h"
#include "hearth/base/utf8_path.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#ifndef _WIN32
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "hearth/backend/backend.h"
#include "model/decoder.h"
#include "model/registry.h"
#include "model/tensor_binder.h"
#include "runtime/memory_plan.h"

namespace hearth {

namespace {

void check_placement(const LayerPlacement& p, const ModelHParams& hp, const std::string& file) {
  if (p.layers.size() != size_t(hp.n_layer))
    fail(ErrorCode::InvalidArgument, file + ": the layer placement has " + std::to_string(p.layers.size()) +
                                         " entries but the model has " + std::to_string(hp.n_layer) + " layers");
  // get_rows reads the embedding table from the mapped file: the input stays on the CPU (as in
  // llama.cpp, where -ngl never moves the token embedding).
  if (p.input != kCpuDevice) fail(ErrorCode::Unsupported, "the token embedding runs on the CPU only, not on " + p.input.name());
}

// Asks the OS to start reading the weights now (page cache), so the first tokens do not wait
// on disk. Best effort; the mapping works without it.
void prefetch(const GgufFile& file) {
#ifndef _WIN32
  // Tensor by tensor: a split model's tensors lie in several mappings.
  const uintptr_t page = 4096;
  for (const auto& t : file.tensors()) {
    const auto bytes = file.tensor_data(t);
    if (bytes.empty()) continue;
    const auto start = reinterpret_cast<uintptr_t>(bytes.data()) & ~(page - 1);
    const auto end = reinterpret_cast<uintptr_t>(bytes.data() + bytes.size());
    posix_madvise(reinterpret_cast<void*>(start), size_t(end - start), POSIX_MADV_WILLNEED);
  }
#else
  (void)file;
#endif
}

// Drops a tensor's pages of the mapping from this process once a device holds its own copy,
// so resident memory is the copy, not both. The file stays mapped (get_rows may still read it).
void release_pages(const std::byte* data, size_t bytes) {
#ifdef __linux__
  const auto page = uintptr_t(sysconf(_SC_PAGESIZE));
  const auto begin = (reinterpret_cast<uintptr_t>(data) + page - 1) & ~(page - 1);
  const auto end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(page - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace

Model::Model() = default;
Model::~Model() = default;

std::string Model::name() const {
  return file_->metadata().get_string("general.name").value_or(hearth::path_utf8(file_->path().stem()));
}

std::shared_ptr<VulkanBackend> Model::vulkan_device(DeviceId device) const {
  for (const auto& [d, backend] : vulkan_devices_)
    if (d == device) return backend;
  fail(ErrorCode::Internal, device.name() + " is not a device of this model's placement");
}

uint64_t Model::device_weight_bytes(DeviceId device) const {
  for (const auto& [d, bytes] : device_weight_bytes_)
    if (d == device) return bytes;
  return 0;
}

Result<const Tokenizer*> Model::require_tokenizer() const {
  if (tokenizer_) return &*tokenizer_;
  return Error{ErrorCode::Unsupported, file_->name() + ": cannot turn text into tokens: " + tokenizer_error_};
}

Result<std::shared_ptr<const Model>> Model::load(const std::filesystem::path& path) {
  const ModelLoadOptions defaults;
  return load(path, defaults);
}

Result<std::shared_ptr<const Model>> Model::load(const std::filesystem::path& path, const ModelLoadOptions& options) {
  return capture_errors([&]() -> std::shared_ptr<const Model> {
    const auto t0 = std::chrono::steady_clock::now();
    std::shared_ptr<Model> m(new Model());
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec) && std::filesystem::exists(path / "config.json", ec)) {
      fail(ErrorCode::InvalidArgument, hearth::path_utf8(path) +
                                           ": is a Hugging Face model folder; convert it to GGUF first "
                                           "(hearth-cli convert FOLDER, or drop it on the Hearth window)");
    }
    auto file = GgufFile::open(path);
    if (!file) throw Exception(file.error());
    m->file_ = std::make_unique<GgufFile>(std::move(file.value()));
    if (options.cancel.cancelled()) fail(ErrorCode::Cancelled, "loading cancelled");

    auto hp = read_hparams(*m->file_);
    if (!hp) throw Exception(hp.error());
    m->hparams_ = hp.value();
    const ArchitectureDef* arch = find_architecture(m->hparams_.architecture);
    m->placement_ = options.placement.layers.empty() ? LayerPlacement::all_on(kCpuDevice, int(m->hparams_.n_layer))
                                                     : options.placement;
    check_placement(m->placement_, m->hparams_, m->file_->name());

    if (options.prefetch) prefetch(*m->file_);
    m->decoder_ = arch->create(m->hparams_);
    m->repacked_ = options.repack_weights;
    const std::vector<DeviceId> devices = m->placement_.devices();
    for (const DeviceId& d : devices) {
      if (d.kind == DeviceKind::Cpu) {
        m->device_weights_.push_back(make_cpu_device_weights(options.repack_weights));
        continue;
      }
      auto opened = make_vulkan_backend(std::to_string(d.index), options.vulkan);
      if (!opened) throw Exception(opened.error());
      std::shared_ptr<VulkanBackend> gpu(std::move(opened.value()));
      if (gpu->device() != d)
        fail(ErrorCode::InvalidArgument, "there is no GPU " + d.name() + " (" + std::to_string(d.index) + " is " +
                                             gpu->description() + ")");
      m->vulkan_devices_.push_back({d, gpu});
      m->device_weights_.push_back(make_vulkan_device_weights(gpu));
    }

    // Every weight matrix goes to its device's store (the CPU repacks it; a GPU would upload
    // it), with progress and cancellation between matrices.
    ProgressInfo progress;
    for (const auto& t : m->file_->tensors()) progress.bytes_total += t.size_bytes;
    progress.item_count = m->file_->tensors().size();
    auto hook = [&](const Tensor& matrix, int part, bool matmul) {
      if (options.cancel.cancelled()) fail(ErrorCode::Cancelled, "loading cancelled");
      const DeviceId device = part_device(m->placement_, part);
      if (!matmul && device.kind == DeviceKind::Cpu) return matrix;  // the CPU reads vectors where they are
      const size_t store = size_t(std::find(devices.begin(), devices.end(), device) - devices.begin());
      Tensor prepared = m->device_weights_[store]->prepare(matrix);
      if (prepared.prepared && matmul && part != TensorBinder::kInputPart) release_pages(matrix.data, matrix.bytes());
      progress.item += 1;
      progress.bytes_done += matrix.bytes();
      if (options.progress) options.progress(progress);
      return prepared;
    };
    TensorBinder binder(*m->file_, hook);
    m->decoder_->bind(binder);
    m->decoder_->adopt(binder.take_converted());
    m->parameter_count_ = binder.parameter_count();
    for (const auto& b : binder.bound()) m->weight_bytes_ += b.file_bytes;

    // What each device really holds: a copy where prepare() made one, else the mapped bytes.
    m->layer_weight_bytes_.assign(size_t(m->hparams_.n_layer), 0);
    for (const DeviceId& d : devices) m->device_weight_bytes_.push_back({d, 0});
    std::vector<uint64_t> copies(devices.size(), 0);
    for (const auto& b : binder.bound()) {
      const DeviceId d = part_device(m->placement_, b.part);
      const size_t di = size_t(std::find(devices.begin(), devices.end(), d) - devices.begin());
      const uint64_t own = b.tensor.prepared ? device_matrix_bytes(d, true, b.tensor.type, b.tensor.cols, b.tensor.rows) : 0;
      const uint64_t bytes = own > 0 ? own : b.file_bytes;
      copies[di] += own;
      m->device_weight_bytes_[di].second += bytes;
      if (b.part >= 0) m->layer_weight_bytes_[size_t(b.part)] += bytes;
    }
    for (size_t i = 0; i < devices.size(); ++i)
      if (copies[i] != m->device_weights_[i]->owned_bytes())
        fail(ErrorCode::Internal, devices[i].name() + " holds " + std::to_string(m->device_weights_[i]->owned_bytes()) +
                                      " bytes of weight copies, planned " + std::to_string(copies[i]));

    if (m->file_->metadata().contains("tokenizer.ggml.model")) {
      auto tok = Tokenizer::from_gguf(m->file_->metadata());
      if (tok) {
        m->tokenizer_.emplace(std::move(tok.value()));
        for (TokenId id = 0; id < m->tokenizer_->vocab_size(); ++id)
          if (m->tokenizer_->is_end_of_generation(id)) m->eog_tokens_.push_back(id);
      } else {
        m->tokenizer_error_ = tok.error().message;
      }
    } else {
      m->tokenizer_error_ = "the file has no tokenizer (tokenizer.ggml.model)";
    }

    if (options.cancel.cancelled()) fail(ErrorCode::Cancelled, "loading cancelled");
    m->load_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return m;
  });
}

}  // namespace hearth
