#include "hearth/runtime/model.h"

#include <algorithm>
#include <chrono>

#ifndef _WIN32
#include <sys/mman.h>
#endif

#include "model/decoder.h"
#include "model/registry.h"
#include "model/tensor_binder.h"

namespace hearth {

namespace {

void check_placement(const LayerPlacement& p, const ModelHParams& hp, const std::string& file) {
  if (p.layers.size() != size_t(hp.n_layer))
    fail(ErrorCode::InvalidArgument, file + ": the layer placement has " + std::to_string(p.layers.size()) +
                                         " entries but the model has " + std::to_string(hp.n_layer) + " layers");
  for (const DeviceId& d : p.devices())
    if (d.kind != DeviceKind::Cpu)
      fail(ErrorCode::Unsupported, "cannot place layers on " + d.name() + ": this build of Hearth runs on the CPU only");
}

// Asks the OS to start reading the weights now (page cache), so the first tokens do not wait
// on disk. Best effort; the mapping works without it.
void prefetch(const GgufFile& file) {
#ifndef _WIN32
  if (file.tensors().empty()) return;
  const std::byte* lo = nullptr;
  const std::byte* hi = nullptr;
  for (const auto& t : file.tensors()) {
    const auto bytes = file.tensor_data(t);
    if (!lo || bytes.data() < lo) lo = bytes.data();
    if (!hi || bytes.data() + bytes.size() > hi) hi = bytes.data() + bytes.size();
  }
  const uintptr_t page = 4096;
  const auto start = reinterpret_cast<uintptr_t>(lo) & ~(page - 1);
  posix_madvise(reinterpret_cast<void*>(start), size_t(reinterpret_cast<uintptr_t>(hi) - start), POSIX_MADV_WILLNEED);
#else
  (void)file;
#endif
}

}  // namespace

Model::Model() = default;
Model::~Model() = default;

std::string Model::name() const {
  return file_->metadata().get_string("general.name").value_or(file_->path().stem().string());
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

    m->decoder_ = arch->create(m->hparams_);
    TensorBinder binder(*m->file_);
    m->decoder_->bind(binder);
    m->decoder_->adopt(binder.take_converted());
    m->parameter_count_ = binder.parameter_count();
    m->weight_bytes_ = binder.total_bytes();

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

    // CPU weights are used in place in the mapping: nothing to copy. A GPU backend uploads its
    // layers here, reporting progress and checking `cancel` between tensors.
    if (options.prefetch) prefetch(*m->file_);
    if (options.progress) {
      ProgressInfo info;
      info.item = info.item_count = 1;
      info.bytes_done = info.bytes_total = m->weight_bytes_;
      info.label = "mapped " + m->file_->path().filename().string();
      options.progress(info);
    }
    if (options.cancel.cancelled()) fail(ErrorCode::Cancelled, "loading cancelled");
    m->load_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return m;
  });
}

}  // namespace hearth
