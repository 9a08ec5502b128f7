#include "hearth/model/hparams.h"

#include <cmath>
#include <string>

#include "hearth/model/architecture.h"
#include "model/registry.h"

namespace hearth {

namespace {

// Bounds far above any real model; they keep hostile files from asking for absurd allocations.
constexpr int64_t kMaxWidth = int64_t(1) << 20;
constexpr int64_t kMaxLayers = 4096;
constexpr int64_t kMaxHeads = 4096;

class KeyReader {
 public:
  KeyReader(const GgufFile& file, std::string arch) : file_(file), arch_(std::move(arch)) {}

  std::string key(std::string_view suffix) const { return arch_ + "." + std::string(suffix); }

  std::optional<int64_t> get_int(std::string_view suffix) const {
    const GgufValue* v = file_.metadata().find(key(suffix));
    if (!v) return std::nullopt;
    if (auto i = v->as_int()) return i;
    // Some converters write per-layer arrays; Hearth's archs use one value for all layers.
    if (const auto* a = v->as_array(); a && a->size() > 0) {
      const auto first = a->integer_at(0);
      for (size_t i = 1; i < a->size(); ++i)
        if (a->integer_at(i) != first)
          fail(ErrorCode::Unsupported, file_.name() + ": " + key(suffix) + " differs between layers, which Hearth does not support");
      if (first) return first;
    }
    fail(ErrorCode::Format, file_.name() + ": metadata " + key(suffix) + " is not an integer");
  }

  int64_t require_int(std::string_view suffix, int64_t lo, int64_t hi) const {
    auto v = get_int(suffix);
    if (!v) fail(ErrorCode::Format, file_.name() + ": missing metadata " + key(suffix));
    return check(suffix, *v, lo, hi);
  }

  int64_t int_or(std::string_view suffix, int64_t fallback, int64_t lo, int64_t hi) const {
    auto v = get_int(suffix);
    return v ? check(suffix, *v, lo, hi) : fallback;
  }

  float float_or(std::string_view suffix, float fallback) const {
    const GgufValue* v = file_.metadata().find(key(suffix));
    if (!v) return fallback;
    auto d = v->as_double();
    if (!d || !std::isfinite(*d))
      fail(ErrorCode::Format, file_.name() + ": metadata " + key(suffix) + " is not a finite number");
    return float(*d);
  }

  std::optional<std::string> get_string(std::string_view suffix) const {
    return file_.metadata().get_string(key(suffix));
  }

 private:
  int64_t check(std::string_view suffix, int64_t v, int64_t lo, int64_t hi) const {
    if (v < lo || v > hi)
      fail(ErrorCode::Format, file_.name() + ": metadata " + key(suffix) + " = " + std::to_string(v) +
                                  " is outside " + std::to_string(lo) + "…" + std::to_string(hi));
    return v;
  }
  const GgufFile& file_;
  std::string arch_;
};

ModelHParams read(const GgufFile& file) {
  ModelHParams hp;
  hp.architecture = file.architecture();
  if (hp.architecture.empty())
    fail(ErrorCode::Format, file.name() + ": no general.architecture: this GGUF file does not say what model it holds");
  const ArchitectureDef* arch = find_architecture(hp.architecture);
  if (!arch) {
    std::string names;
    for (const auto& a : supported_architectures()) names += (names.empty() ? "" : ", ") + std::string(a.name);
    fail(ErrorCode::Unsupported, file.name() + ": architecture \"" + hp.architecture +
                                     "\" is not supported (Hearth runs " + names + ")");
  }
  hp.rope_ordering = arch->rope_ordering;

  const KeyReader k(file, hp.architecture);
  hp.n_embd = k.require_int("embedding_length", 1, kMaxWidth);
  hp.n_layer = k.require_int("block_count", 1, kMaxLayers);
  hp.n_head = k.require_int("attention.head_count", 1, kMaxHeads);
  hp.n_head_kv = k.int_or("attention.head_count_kv", hp.n_head, 1, hp.n_head);
  if (hp.n_head % hp.n_head_kv != 0)
    fail(ErrorCode::Format, file.name() + ": head_count " + std::to_string(hp.n_head) +
                                " is not a multiple of head_count_kv " + std::to_string(hp.n_head_kv));
  hp.n_ff = k.require_int("feed_forward_length", 1, kMaxWidth);
  hp.n_ctx_train = k.int_or("context_length", 2048, 1, int64_t(1) << 24);
  const int64_t default_head_dim = hp.n_embd % hp.n_head == 0 ? hp.n_embd / hp.n_head : 0;
  hp.head_dim_k = k.int_or("attention.key_length", default_head_dim, 1, kMaxWidth);
  hp.head_dim_v = k.int_or("attention.value_length", default_head_dim, 1, kMaxWidth);
  if (hp.head_dim_k == 0 || hp.head_dim_v == 0)
    fail(ErrorCode::Format, file.name() + ": embedding_length is not a multiple of head_count and no key_length is given");
  hp.n_rot = k.int_or("rope.dimension_count", hp.head_dim_k, 2, hp.head_dim_k);
  if (hp.n_rot % 2 != 0) fail(ErrorCode::Format, file.name() + ": rope.dimension_count must be even");
  hp.norm_eps = k.float_or("attention.layer_norm_rms_epsilon", 1e-5f);
  if (!(hp.norm_eps >= 0.0f)) fail(ErrorCode::Format, file.name() + ": negative layer_norm_rms_epsilon");
  hp.rope_freq_base = k.float_or("rope.freq_base", 10000.0f);
  if (!(hp.rope_freq_base > 0.0f)) fail(ErrorCode::Format, file.name() + ": rope.freq_base must be positive");

  // Rope scaling: linear is a constant factor on positions; others change the frequencies in
  // ways Hearth does not implement yet, so they are refused rather than run wrongly.
  float factor = k.float_or("rope.scale_linear", 0.0f);  // older files
  if (auto type = k.get_string("rope.scaling.type")) {
    if (*type == "linear") {
      factor = k.float_or("rope.scaling.factor", 1.0f);
    } else if (*type != "none") {
      fail(ErrorCode::Unsupported, file.name() + ": rope scaling \"" + *type + "\" is not supported (only linear)");
    }
  }
  if (factor != 0.0f && factor != 1.0f) {
    if (!(factor > 0.0f)) fail(ErrorCode::Format, file.name() + ": rope scaling factor must be positive");
    hp.rope_freq_scale = 1.0f / factor;
  }

  // The vocabulary size is the embedding table's row count (the tensor is checked at bind).
  if (const auto* t = file.find_tensor("token_embd.weight"); t && t->shape.size() == 2) {
    hp.n_vocab = t->shape[1];
  } else if (const auto* tokens = file.metadata().get_array("tokenizer.ggml.tokens")) {
    hp.n_vocab = int64_t(tokens->size());
  }
  if (hp.n_vocab <= 0) fail(ErrorCode::Format, file.name() + ": no token_embd.weight tensor");
  return hp;
}

}  // namespace

Result<ModelHParams> read_hparams(const GgufFile& file) {
  return capture_errors([&] { return read(file); });
}

}  // namespace hearth
