#include "convert/hf_architecture.h"

#include <cmath>
#include <map>
#include <numbers>

#include "hearth/base/result.h"
#include "hearth/model/tensor_names.h"

namespace hearth::convert {

namespace tn = tensor_names;
using nlohmann::json;

// ---- config helpers ------------------------------------------------------------------------

std::optional<int64_t> config_int_opt(const json& config, std::string_view key) {
  const auto it = config.find(std::string(key));
  if (it == config.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer() || it->is_number_unsigned()) return it->get<int64_t>();
  if (it->is_number_float()) {
    const double d = it->get<double>();
    if (std::floor(d) == d) return static_cast<int64_t>(d);
  }
  fail(ErrorCode::Format, "config.json: \"" + std::string(key) + "\" is not an integer");
}

int64_t config_int(const json& config, std::string_view key) {
  auto v = config_int_opt(config, key);
  if (!v) fail(ErrorCode::Format, "config.json: required key \"" + std::string(key) + "\" is missing");
  return *v;
}

std::optional<double> config_number_opt(const json& config, std::string_view key) {
  const auto it = config.find(std::string(key));
  if (it == config.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) fail(ErrorCode::Format, "config.json: \"" + std::string(key) + "\" is not a number");
  return it->get<double>();
}

namespace {

// llama.cpp's converter picks the first of several alternative keys that is PRESENT (even when
// its value is null, which then means "absent").
std::optional<int64_t> first_int(const json& config, std::initializer_list<std::string_view> keys) {
  for (auto k : keys)
    if (config.contains(std::string(k))) return config_int_opt(config, k);
  return std::nullopt;
}
std::optional<double> first_number(const json& config, std::initializer_list<std::string_view> keys) {
  for (auto k : keys)
    if (config.contains(std::string(k))) return config_number_opt(config, k);
  return std::nullopt;
}

uint32_t as_u32(int64_t v, std::string_view what) {
  if (v < 0 || v > int64_t(UINT32_MAX)) {
    fail(ErrorCode::Format, "config.json: " + std::string(what) + " = " + std::to_string(v) + " is out of range");
  }
  return static_cast<uint32_t>(v);
}

void put_u32(GgufMetadata& md, const std::string& arch, std::string_view key, int64_t v) {
  md.set(arch + "." + std::string(key), as_u32(v, key));
}
void put_f32(GgufMetadata& md, const std::string& arch, std::string_view key, double v) {
  md.set(arch + "." + std::string(key), static_cast<float>(v));
}

// HF tensor name (without .weight/.bias) -> GGUF role, with "{bid}" standing for the layer.
struct NamePattern {
  std::string_view hf;
  std::string_view role;  // a tensor_names role; per-layer when hf contains {bid}
};

// Resolves an HF name against patterns, trying the bare name, then with a .weight/.bias suffix
// removed (as gguf-py's TensorNameMap does).
std::optional<std::string> resolve_name(std::span<const NamePattern> patterns, std::string_view name,
                                        int64_t block_count) {
  auto match_base = [&](std::string_view base) -> std::optional<std::string> {
    for (const auto& p : patterns) {
      const auto brace = p.hf.find("{bid}");
      if (brace == std::string_view::npos) {
        if (base == p.hf) return std::string(p.role);
        continue;
      }
      const auto head = p.hf.substr(0, brace), tail = p.hf.substr(brace + 5);
      if (base.size() <= head.size() + tail.size() || base.substr(0, head.size()) != head ||
          base.substr(base.size() - tail.size()) != tail)
        continue;
      const auto digits = base.substr(head.size(), base.size() - head.size() - tail.size());
      if (digits.empty() || digits.size() > 6) continue;
      int64_t bid = 0;
      bool ok = true;
      for (char c : digits) {
        if (c < '0' || c > '9') ok = false;
        bid = bid * 10 + (c - '0');
      }
      if (!ok || bid >= block_count) continue;
      return "blk." + std::to_string(bid) + "." + std::string(p.role);
    }
    return std::nullopt;
  };
  if (auto r = match_base(name)) return r;
  for (std::string_view suffix : {std::string_view(".weight"), std::string_view(".bias")}) {
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      if (auto r = match_base(name.substr(0, name.size() - suffix.size()))) return *r + std::string(suffix);
    }
  }
  return std::nullopt;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

[[noreturn]] void fail_unmapped(std::string_view arch, std::string_view name) {
  fail(ErrorCode::Unsupported,
       "tensor \"" + std::string(name) + "\" is not part of a " + std::string(arch) + " model (cannot map it to GGUF)");
}

// ---- the llama family (llama, qwen2, gemma share the HF layout) ------------------------------

constexpr NamePattern kLlamaNames[] = {
    {"model.embed_tokens", tn::kTokenEmbedding},
    {"model.norm", tn::kOutputNorm},
    {"lm_head", tn::kOutput},
    {"model.layers.{bid}.input_layernorm", tn::kAttnNorm},
    {"model.layers.{bid}.self_attn.q_proj", tn::kAttnQ},
    {"model.layers.{bid}.self_attn.k_proj", tn::kAttnK},
    {"model.layers.{bid}.self_attn.v_proj", tn::kAttnV},
    {"model.layers.{bid}.self_attn.o_proj", tn::kAttnOutput},
    {"model.layers.{bid}.post_attention_layernorm", tn::kFfnNorm},
    {"model.layers.{bid}.mlp.gate_proj", tn::kFfnGate},
    {"model.layers.{bid}.mlp.up_proj", tn::kFfnUp},
    {"model.layers.{bid}.mlp.down_proj", tn::kFfnDown},
};

// Keys every Model subclass of llama.cpp's converter writes through the base class, in order.
void write_common_hparams(const json& c, const std::string& arch, int64_t block_count, uint32_t file_type,
                          GgufMetadata& md) {
  put_u32(md, arch, "block_count", block_count);
  if (auto v = first_int(c, {"max_position_embeddings", "n_ctx"})) put_u32(md, arch, "context_length", *v);
  if (auto v = first_int(c, {"hidden_size", "n_embd"})) put_u32(md, arch, "embedding_length", *v);
  if (auto v = first_int(c, {"intermediate_size", "n_inner"})) put_u32(md, arch, "feed_forward_length", *v);
  if (auto v = first_int(c, {"num_attention_heads", "n_head"})) put_u32(md, arch, "attention.head_count", *v);
  if (auto v = config_int_opt(c, "num_key_value_heads")) put_u32(md, arch, "attention.head_count_kv", *v);
  if (auto v = config_number_opt(c, "rope_theta")) put_f32(md, arch, "rope.freq_base", *v);
  if (auto v = config_number_opt(c, "rms_norm_eps")) put_f32(md, arch, "attention.layer_norm_rms_epsilon", *v);
  if (auto v = first_number(c, {"layer_norm_eps", "layer_norm_epsilon", "norm_epsilon"}))
    put_f32(md, arch, "attention.layer_norm_epsilon", *v);
  if (auto v = config_int_opt(c, "num_local_experts")) put_u32(md, arch, "expert_count", *v);
  if (auto v = config_int_opt(c, "num_experts_per_tok")) put_u32(md, arch, "expert_used_count", *v);
  if (auto v = config_int_opt(c, "head_dim")) {
    put_u32(md, arch, "attention.key_length", *v);
    put_u32(md, arch, "attention.value_length", *v);
  }
  md.set("general.file_type", file_type);
}

const json* rope_scaling(const json& c) {
  const auto it = c.find("rope_scaling");
  if (it == c.end() || !it->is_object()) return nullptr;
  return &*it;
}

std::string json_string_or(const json& o, const char* key, std::string fallback) {
  const auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : fallback;
}

class LlamaArchitecture : public HfArchitecture {
 public:
  std::string_view gguf_name() const override { return "llama"; }

  void write_hparams(const json& c, uint32_t file_type, GgufMetadata& md) const override {
    const std::string arch(gguf_name());
    write_common_hparams(c, arch, block_count(c), file_type, md);
    put_u32(md, arch, "vocab_size", config_int(c, "vocab_size"));
    const int64_t rope_dim = c.contains("head_dim") ? config_int(c, "head_dim")
                                                    : config_int(c, "hidden_size") / config_int(c, "num_attention_heads");
    put_u32(md, arch, "rope.dimension_count", rope_dim);
    if (const json* rs = rope_scaling(c); rs && rs->contains("factor")) {
      if (json_string_or(*rs, "type", "") == "linear") {
        md.set(arch + ".rope.scaling.type", std::string("linear"));
        put_f32(md, arch, "rope.scaling.factor", (*rs)["factor"].get<double>());
      }
    }
  }

  std::optional<TensorMapping> map_tensor(const json& c, std::string_view name) const override {
    auto gguf = resolve_name(kLlamaNames, name, block_count(c));
    if (!gguf) fail_unmapped(gguf_name(), name);
    TensorMapping m{*gguf};
    const int64_t n_head = config_int(c, "num_attention_heads");
    if (ends_with(name, "q_proj.weight") || ends_with(name, "q_proj.bias")) {
      m.transform = RowTransform::PermuteHeads;
      m.permute_heads = n_head;
    } else if (ends_with(name, "k_proj.weight") || ends_with(name, "k_proj.bias")) {
      m.transform = RowTransform::PermuteHeads;
      m.permute_heads = config_int_opt(c, "num_key_value_heads").value_or(n_head);
    }
    return m;
  }

  // Llama 3.1's frequency factors (rope_scaling.rope_type == "llama3"), computed in float32 the
  // way the reference converter does.
  std::vector<std::pair<std::string, std::vector<float>>> extra_tensors(const json& c) const override {
    const json* rs = rope_scaling(c);
    if (!rs) return {};
    std::string type = json_string_or(*rs, "rope_type", "");
    for (char& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (type != "llama3") return {};
    const float base = static_cast<float>(config_number_opt(c, "rope_theta").value_or(10000.0));
    const int64_t dim = c.contains("head_dim") ? config_int(c, "head_dim")
                                               : config_int(c, "hidden_size") / config_int(c, "num_attention_heads");
    auto num = [&](const char* key, double fallback) {
      const auto it = rs->find(key);
      return it != rs->end() && it->is_number() ? it->get<double>() : fallback;
    };
    const double factor = num("factor", 8.0);
    const double low_freq_factor = num("low_freq_factor", 1.0);
    const double high_freq_factor = num("high_freq_factor", 4.0);
    const double old_context = static_cast<double>(config_int_opt(c, "original_max_position_embeddings").value_or(8192));
    const double low_freq_wavelen = old_context / low_freq_factor;
    const double high_freq_wavelen = old_context / high_freq_factor;
    std::vector<float> factors;
    for (int64_t i = 0; i < dim; i += 2) {
      const float exponent = static_cast<float>(i) / static_cast<float>(dim);
      const float freq = 1.0f / std::pow(base, exponent);
      const float wavelen = static_cast<float>(2.0 * std::numbers::pi) / freq;
      if (wavelen < high_freq_wavelen) {
        factors.push_back(1.0f);
      } else if (wavelen > low_freq_wavelen) {
        factors.push_back(static_cast<float>(factor));
      } else {
        const float smooth = static_cast<float>((static_cast<float>(old_context / wavelen) - low_freq_factor) /
                                                (high_freq_factor - low_freq_factor));
        factors.push_back(static_cast<float>(1.0 / ((1.0 - smooth) / factor + smooth)));
      }
    }
    return {{tn::global(tn::kRopeFreqs), std::move(factors)}};
  }

  std::vector<VocabKind> vocab_kinds() const override {
    return {VocabKind::SentencePiece, VocabKind::LlamaHfJson, VocabKind::Gpt2Json};
  }

  void write_vocab_extras(const json& c, const json* tokenizer_config, GgufMetadata& md) const override {
    // CodeLlama (vocabulary 32016) has an end-of-turn token at a fixed id.
    if (config_int_opt(c, "vocab_size").value_or(32000) == 32016 && !md.contains("tokenizer.ggml.eot_token_id")) {
      md.set("tokenizer.ggml.eot_token_id", uint32_t{32010});
    }
    HfArchitecture::write_vocab_extras(c, tokenizer_config, md);
    // Granite's small models (vocabulary 49152) do not want a BOS token.
    if (config_int_opt(c, "vocab_size").value_or(32000) == 49152) md.set("tokenizer.ggml.add_bos_token", false);
  }
};

class Qwen2Architecture : public HfArchitecture {
 public:
  std::string_view gguf_name() const override { return "qwen2"; }
  void write_hparams(const json& c, uint32_t file_type, GgufMetadata& md) const override {
    const std::string arch(gguf_name());
    write_common_hparams(c, arch, block_count(c), file_type, md);
    if (const json* rs = rope_scaling(c); rs && rs->contains("factor")) {
      if (json_string_or(*rs, "type", "") == "yarn") {
        md.set(arch + ".rope.scaling.type", std::string("yarn"));
        put_f32(md, arch, "rope.scaling.factor", (*rs)["factor"].get<double>());
        if (!rs->contains("original_max_position_embeddings")) {
          fail(ErrorCode::Format, "config.json: rope_scaling of type yarn has no original_max_position_embeddings");
        }
        put_u32(md, arch, "rope.scaling.original_context_length",
                config_int(*rs, "original_max_position_embeddings"));
      }
    }
  }
  std::optional<TensorMapping> map_tensor(const json& c, std::string_view name) const override {
    auto gguf = resolve_name(kLlamaNames, name, block_count(c));
    if (!gguf) fail_unmapped(gguf_name(), name);
    return TensorMapping{*gguf};
  }
  std::vector<VocabKind> vocab_kinds() const override { return {VocabKind::SentencePiece, VocabKind::Gpt2Json}; }
  void write_vocab_extras(const json&, const json*, GgufMetadata&) const override {}
};

class GemmaArchitecture : public HfArchitecture {
 public:
  std::string_view gguf_name() const override { return "gemma"; }
  void write_hparams(const json& c, uint32_t file_type, GgufMetadata& md) const override {
    const std::string arch(gguf_name());
    put_u32(md, arch, "context_length", config_int(c, "max_position_embeddings"));
    put_u32(md, arch, "embedding_length", config_int(c, "hidden_size"));
    put_u32(md, arch, "block_count", config_int(c, "num_hidden_layers"));
    put_u32(md, arch, "feed_forward_length", config_int(c, "intermediate_size"));
    put_u32(md, arch, "attention.head_count", config_int(c, "num_attention_heads"));
    put_u32(md, arch, "attention.head_count_kv",
            c.contains("num_key_value_heads") ? config_int(c, "num_key_value_heads")
                                              : config_int(c, "num_attention_heads"));
    put_f32(md, arch, "attention.layer_norm_rms_epsilon", config_number_opt(c, "rms_norm_eps").value_or(1e-6));
    put_u32(md, arch, "attention.key_length", config_int(c, "head_dim"));
    put_u32(md, arch, "attention.value_length", config_int(c, "head_dim"));
    md.set("general.file_type", file_type);
  }
  std::optional<TensorMapping> map_tensor(const json& c, std::string_view name) const override {
    // Gemma ties its output to the embedding; some exports still carry an unused lm_head.
    if (name == "lm_head.weight") return std::nullopt;
    auto gguf = resolve_name(kLlamaNames, name, block_count(c));
    if (!gguf) fail_unmapped(gguf_name(), name);
    TensorMapping m{*gguf};
    if (ends_with(name, "norm.weight")) m.transform = RowTransform::AddOne;
    return m;
  }
  std::vector<VocabKind> vocab_kinds() const override { return {VocabKind::SentencePiece}; }
  void write_vocab_extras(const json&, const json*, GgufMetadata& md) const override {
    // CodeGemma's end-of-turn token (the reference converter writes it for every Gemma).
    md.set("tokenizer.ggml.eot_token_id", uint32_t{107});
    md.set("tokenizer.ggml.add_space_prefix", false);
  }
};

constexpr NamePattern kQwenNames[] = {
    {"transformer.wte", tn::kTokenEmbedding},
    {"transformer.ln_f", tn::kOutputNorm},
    {"lm_head", tn::kOutput},
    {"transformer.h.{bid}.ln_1", tn::kAttnNorm},
    {"transformer.h.{bid}.attn.c_attn", tn::kAttnQkv},
    {"transformer.h.{bid}.attn.c_proj", tn::kAttnOutput},
    {"transformer.h.{bid}.ln_2", tn::kFfnNorm},
    {"transformer.h.{bid}.mlp.w1", tn::kFfnUp},
    {"transformer.h.{bid}.mlp.w2", tn::kFfnGate},
    {"transformer.h.{bid}.mlp.c_proj", tn::kFfnDown},
};

// The original Qwen (QWenLMHeadModel): fused QKV, qwen.tiktoken vocabulary.
class QwenArchitecture : public HfArchitecture {
 public:
  std::string_view gguf_name() const override { return "qwen"; }
  void write_hparams(const json& c, uint32_t file_type, GgufMetadata& md) const override {
    const std::string arch(gguf_name());
    put_u32(md, arch, "context_length", config_int(c, "max_position_embeddings"));
    put_u32(md, arch, "block_count", config_int(c, "num_hidden_layers"));
    put_u32(md, arch, "embedding_length", config_int(c, "hidden_size"));
    put_u32(md, arch, "feed_forward_length", config_int(c, "intermediate_size"));
    auto base = config_number_opt(c, "rotary_emb_base");
    if (!base) fail(ErrorCode::Format, "config.json: required key \"rotary_emb_base\" is missing");
    put_f32(md, arch, "rope.freq_base", *base);
    put_u32(md, arch, "rope.dimension_count", config_int(c, "hidden_size") / config_int(c, "num_attention_heads"));
    put_u32(md, arch, "attention.head_count", config_int(c, "num_attention_heads"));
    auto eps = config_number_opt(c, "layer_norm_epsilon");
    if (!eps) fail(ErrorCode::Format, "config.json: required key \"layer_norm_epsilon\" is missing");
    put_f32(md, arch, "attention.layer_norm_rms_epsilon", *eps);
    md.set("general.file_type", file_type);
  }
  std::optional<TensorMapping> map_tensor(const json& c, std::string_view name) const override {
    auto gguf = resolve_name(kQwenNames, name, block_count(c));
    if (!gguf) fail_unmapped(gguf_name(), name);
    return TensorMapping{*gguf};
  }
  std::vector<VocabKind> vocab_kinds() const override { return {VocabKind::QwenTiktoken}; }
  void write_vocab_extras(const json&, const json*, GgufMetadata&) const override {}
};

const LlamaArchitecture kLlama;
const Qwen2Architecture kQwen2;
const GemmaArchitecture kGemma;
const QwenArchitecture kQwen;

const std::map<std::string_view, const HfArchitecture*>& registry() {
  static const std::map<std::string_view, const HfArchitecture*> r = {
      {"LLaMAForCausalLM", &kLlama},  {"LlamaForCausalLM", &kLlama}, {"MistralForCausalLM", &kLlama},
      {"Qwen2ForCausalLM", &kQwen2},  {"GemmaForCausalLM", &kGemma}, {"QWenLMHeadModel", &kQwen},
  };
  return r;
}

}  // namespace

void HfArchitecture::write_vocab_extras(const json&, const json* tokenizer_config, GgufMetadata& md) const {
  if (tokenizer_config && tokenizer_config->is_object() && tokenizer_config->contains("add_prefix_space")) {
    const auto& v = (*tokenizer_config)["add_prefix_space"];
    if (v.is_boolean()) md.set("tokenizer.ggml.add_space_prefix", v.get<bool>());
  }
}

int64_t HfArchitecture::block_count(const json& config) const {
  auto v = first_int(config, {"n_layers", "num_hidden_layers", "n_layer", "num_layers"});
  if (!v || *v <= 0) fail(ErrorCode::Format, "config.json: no layer count (num_hidden_layers)");
  return *v;
}

const HfArchitecture* find_hf_architecture(std::string_view hf_name) {
  const auto it = registry().find(hf_name);
  return it == registry().end() ? nullptr : it->second;
}

std::vector<std::string> hf_architecture_names() {
  std::vector<std::string> out;
  for (const auto& [name, arch] : registry()) out.emplace_back(name);
  return out;
}

}  // namespace hearth::convert
