#include "hearth/quant/quant_mix.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "hearth/base/result.h"
#include "hearth/model/tensor_names.h"

namespace hearth {

namespace {

// Sizes and perplexity costs are llama.cpp's published figures (tools/quantize, measured on
// Llama-3-8B, 8.03 B parameters; F16/BF16 on Mistral-7B). bits_per_weight = size * 8 / 8.03e9.
// relative_time: ours, `hearth-cli quantize -t 1` of a synthetic TinyLlama-shaped F16 file
// (2 layers, 439 MB) into each mix, over the time Q8_0 took (about 2.5 s); rounded, for progress
// estimates only.
constexpr QuantMixInfo kMixes[] = {
    {"Q4_0", QuantMix::Q4_0, false, " 4.34G, +0.4685 ppl @ Llama-3-8B", 4.32, 2.5},
    {"Q4_1", QuantMix::Q4_1, false, " 4.78G, +0.4511 ppl @ Llama-3-8B", 4.76, 1.7},
    {"Q5_0", QuantMix::Q5_0, false, " 5.21G, +0.1316 ppl @ Llama-3-8B", 5.19, 2.4},
    {"Q5_1", QuantMix::Q5_1, false, " 5.65G, +0.1062 ppl @ Llama-3-8B", 5.63, 2.0},
    {"Q2_K", QuantMix::Q2_K, false, " 2.96G, +3.5199 ppl @ Llama-3-8B", 2.95, 9.4},
    {"Q2_K_S", QuantMix::Q2_K_S, false, " 2.96G, +3.1836 ppl @ Llama-3-8B (with an importance matrix)", 2.95, 9.9},
    {"Q3_K", QuantMix::Q3_K_M, false, "alias for Q3_K_M", 3.73, 5.0},
    {"Q3_K_S", QuantMix::Q3_K_S, false, " 3.41G, +1.6321 ppl @ Llama-3-8B", 3.40, 3.7},
    {"Q3_K_M", QuantMix::Q3_K_M, false, " 3.74G, +0.6569 ppl @ Llama-3-8B", 3.73, 5.0},
    {"Q3_K_L", QuantMix::Q3_K_L, false, " 4.03G, +0.5562 ppl @ Llama-3-8B", 4.01, 4.5},
    {"IQ4_NL", QuantMix::IQ4_NL, false, " 4.50 bpw non-linear quantization", 4.50, 18.0},
    {"Q4_K", QuantMix::Q4_K_M, false, "alias for Q4_K_M", 4.56, 6.9},
    {"Q4_K_S", QuantMix::Q4_K_S, false, " 4.37G, +0.2689 ppl @ Llama-3-8B", 4.35, 6.0},
    {"Q4_K_M", QuantMix::Q4_K_M, false, " 4.58G, +0.1754 ppl @ Llama-3-8B", 4.56, 6.9},
    {"Q5_K", QuantMix::Q5_K_M, false, "alias for Q5_K_M", 5.31, 5.9},
    {"Q5_K_S", QuantMix::Q5_K_S, false, " 5.21G, +0.1049 ppl @ Llama-3-8B", 5.19, 7.2},
    {"Q5_K_M", QuantMix::Q5_K_M, false, " 5.33G, +0.0569 ppl @ Llama-3-8B", 5.31, 5.9},
    {"Q6_K", QuantMix::Q6_K, false, " 6.14G, +0.0217 ppl @ Llama-3-8B", 6.12, 6.5},
    {"Q8_0", QuantMix::Q8_0, false, " 7.96G, +0.0026 ppl @ Llama-3-8B", 7.93, 1.0},
    {"F16", QuantMix::F16, false, "14.00G, +0.0020 ppl @ Mistral-7B", 16.0, 0.4},
    {"BF16", QuantMix::BF16, false, "14.00G, -0.0050 ppl @ Mistral-7B", 16.0, 0.8},
    {"F32", QuantMix::F32, false, "26.00G              @ 7B", 32.0, 1.2},
    {"COPY", QuantMix::F32, true, "only copy tensors, no quantizing", 0.0, 0.3},
};

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

bool is_k_or_legacy_quant(TensorType t) { return tensor_type_layout(t).quantized; }

}  // namespace

std::span<const QuantMixInfo> quant_mix_table() { return kMixes; }

const QuantMixInfo* find_quant_mix(std::string_view name) {
  auto iequal = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
           });
  };
  for (const auto& m : kMixes)
    if (iequal(m.name, name)) return &m;
  // A numeric llama_ftype selects the first (non-COPY) entry with that value.
  if (!name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      name.size() < 6) {
    const uint32_t v = static_cast<uint32_t>(std::stoul(std::string(name)));
    for (const auto& m : kMixes)
      if (!m.copy && static_cast<uint32_t>(m.mix) == v) return &m;
  }
  return nullptr;
}

TensorType quant_mix_base_type(QuantMix mix) {
  switch (mix) {
    case QuantMix::F32: return TensorType::F32;
    case QuantMix::F16: return TensorType::F16;
    case QuantMix::BF16: return TensorType::BF16;
    case QuantMix::Q4_0: return TensorType::Q4_0;
    case QuantMix::Q4_1: return TensorType::Q4_1;
    case QuantMix::Q5_0: return TensorType::Q5_0;
    case QuantMix::Q5_1: return TensorType::Q5_1;
    case QuantMix::Q8_0: return TensorType::Q8_0;
    case QuantMix::Q2_K:
    case QuantMix::Q2_K_S: return TensorType::Q2_K;
    case QuantMix::Q3_K_S:
    case QuantMix::Q3_K_M:
    case QuantMix::Q3_K_L: return TensorType::Q3_K;
    case QuantMix::Q4_K_S:
    case QuantMix::Q4_K_M: return TensorType::Q4_K;
    case QuantMix::Q5_K_S:
    case QuantMix::Q5_K_M: return TensorType::Q5_K;
    case QuantMix::Q6_K: return TensorType::Q6_K;
    case QuantMix::IQ4_NL: return TensorType::IQ4_NL;
  }
  fail(ErrorCode::InvalidArgument, "unknown quantization mix " + std::to_string(static_cast<uint32_t>(mix)));
}

bool quantized_tensor_order(const std::string& a, const std::string& b) {
  const int la = tensor_names::layer_of(a).value_or(-1), lb = tensor_names::layer_of(b).value_or(-1);
  if (la != lb) return la < lb;
  return a < b;
}

MixModelFacts mix_model_facts(const GgufMetadata& md, std::span<const GgufTensorInfo> tensors) {
  MixModelFacts f;
  f.architecture = md.get_string("general.architecture").value_or("");
  if (f.architecture.empty()) fail(ErrorCode::Format, "the model has no general.architecture");
  const std::string a = f.architecture + ".";
  auto get = [&](const std::string& key) -> std::optional<int64_t> {
    if (const GgufArray* arr = md.get_array(key)) return arr->size() ? arr->integer_at(0) : std::nullopt;
    return md.get_int(key);
  };
  f.n_layer = static_cast<int>(get(a + "block_count").value_or(0));
  if (f.n_layer <= 0) fail(ErrorCode::Format, "the model has no " + a + "block_count");
  f.n_head = static_cast<int>(get(a + "attention.head_count").value_or(0));
  f.n_head_kv = static_cast<int>(get(a + "attention.head_count_kv").value_or(f.n_head));
  f.n_expert = static_cast<int>(get(a + "expert_count").value_or(0));
  for (const auto& t : tensors) {
    if (contains(t.name, "attn_v.weight") || contains(t.name, "attn_qkv.weight") || contains(t.name, "attn_kv_b.weight")) {
      ++f.n_attention_wv;
    } else if (t.name == "output.weight") {
      f.has_output = true;
    }
  }
  if (f.n_attention_wv != 0 && f.n_head_kv > 0 && f.n_attention_wv != f.n_layer) {
    fail(ErrorCode::Format, "the model has " + std::to_string(f.n_attention_wv) + " attention value tensors but " +
                                std::to_string(f.n_layer) + " layers");
  }
  // llama.cpp's size class: 80 layers are 70B for llama with GQA and for qwen2.
  f.is_70b = f.n_layer == 80 && ((f.architecture == "llama" && f.n_head != f.n_head_kv && f.n_expert != 8) ||
                                 f.architecture == "qwen2");
  return f;
}

QuantMixPlanner::QuantMixPlanner(QuantMix mix, QuantMixOptions options, MixModelFacts facts)
    : mix_(mix), options_(std::move(options)), facts_(std::move(facts)), base_(quant_mix_base_type(mix)) {}

bool QuantMixPlanner::should_quantize(const GgufTensorInfo& t) const {
  const std::string& name = t.name;
  if (options_.copy_only) return false;
  if (name.size() < 6 || name.compare(name.size() - 6, 6, "weight") != 0) return false;
  // ggml_n_dims: trailing dimensions of 1 do not count.
  int n_dims = static_cast<int>(t.shape.size());
  while (n_dims > 1 && t.shape[size_t(n_dims - 1)] == 1) --n_dims;
  if (n_dims < 2) return false;
  if (contains(name, "_norm.weight")) return false;
  if (!options_.quantize_output && name == "output.weight") return false;
  // Never quantized: expert gates, positional/token-type embeddings, small SSM / RWKV / T5 tensors.
  for (std::string_view keep : {"ffn_gate_inp.weight", "ssm_conv1d.weight", "time_mix_first.weight",
                                "time_mix_w1.weight", "time_mix_w2.weight", "time_mix_decay_w1.weight",
                                "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight", "attn_rel_b.weight"}) {
    if (contains(name, keep)) return false;
  }
  if (name == "position_embd.weight" || name == "token_types.weight") return false;
  return true;
}

TensorType QuantMixPlanner::choose(const GgufTensorInfo& t) {
  if (!should_quantize(t)) return t.type;
  TensorType type = base_;
  if (!options_.pure && is_k_or_legacy_quant(base_)) type = mix_rule(type, t);
  if (options_.token_embd_type && t.name == "token_embd.weight") type = *options_.token_embd_type;
  if (options_.output_type && t.name == "output.weight") type = *options_.output_type;
  return type;
}

// llama_tensor_get_type, restricted to the mixes Hearth offers (no importance matrix).
TensorType QuantMixPlanner::mix_rule(TensorType type, const GgufTensorInfo& t) {
  using T = TensorType;
  using M = QuantMix;
  const std::string& name = t.name;
  const M m = mix_;
  const int64_t nx = t.shape.empty() ? 1 : t.shape[0];
  auto use_more_bits = [](int i, int n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; };
  // For MoE models the layer comes from the name; otherwise the running count is the layer.
  auto layer_of = [&](int counter, int n_layer) {
    int layer = counter;
    if (facts_.n_expert > 1) {
      const auto l = tensor_names::layer_of(name);
      if (!l || *l >= n_layer) fail(ErrorCode::Format, "cannot tell the layer of tensor " + name);
      layer = *l;
    }
    return layer;
  };
  const int n_layer = facts_.n_layer;

  if (name == "output.weight" || (!facts_.has_output && name == "token_embd.weight")) {
    // The output projection (or the embedding standing in for it) gets more bits.
    if (options_.output_type) {
      type = *options_.output_type;
    } else if (nx % tensor_type_layout(type).block_size != 0) {
      type = T::Q8_0;
    } else if (type != T::Q8_0) {
      type = T::Q6_K;
    }
  } else if (name == "token_embd.weight") {
    if (options_.token_embd_type) type = *options_.token_embd_type;
  } else if (contains(name, "attn_v.weight")) {
    const int gqa = facts_.n_gqa();
    if (m == M::Q2_K) type = gqa >= 4 ? T::Q4_K : T::Q3_K;
    else if (m == M::Q2_K_S && gqa >= 4) type = T::Q4_K;
    else if (m == M::Q3_K_M) type = i_attention_wv_ < 2 ? T::Q5_K : T::Q4_K;
    else if (m == M::Q3_K_L) type = T::Q5_K;
    else if (m == M::IQ4_NL && gqa >= 4) type = T::Q5_K;
    else if ((m == M::Q4_K_M || m == M::Q5_K_M) && use_more_bits(i_attention_wv_, facts_.n_attention_wv)) type = T::Q6_K;
    else if (m == M::Q4_K_S && i_attention_wv_ < 4) type = T::Q5_K;
    // 70B models share each attn_v among 8 heads: it is small, so give it more bits.
    if (facts_.is_70b && (type == T::Q3_K || type == T::Q4_K)) type = T::Q5_K;
    if (facts_.n_expert == 8) type = T::Q8_0;
    ++i_attention_wv_;
  } else if (contains(name, "attn_k.weight")) {
    if (facts_.n_expert == 8) type = T::Q8_0;
  } else if (contains(name, "ffn_down")) {
    const int layer = layer_of(i_ffn_down_, n_layer);
    const bool falcon = facts_.architecture == "falcon";
    if (m == M::Q2_K) type = T::Q3_K;
    else if (m == M::Q2_K_S) {
      if (layer < n_layer / 8) type = T::Q4_K;
    } else if (m == M::Q3_K_M) {
      type = layer < n_layer / 16 ? T::Q5_K : (!falcon || use_more_bits(layer, n_layer)) ? T::Q4_K : T::Q3_K;
    } else if (m == M::Q3_K_L) {
      type = falcon ? T::Q4_K : T::Q5_K;
    } else if (m == M::Q4_K_M) {
      if (falcon) {
        type = layer < n_layer / 16 ? T::Q6_K : use_more_bits(layer, n_layer) ? T::Q5_K : T::Q4_K;
      } else if (use_more_bits(layer, n_layer)) {
        type = T::Q6_K;
      }
    } else if (layer < n_layer / 8 && m == M::IQ4_NL) {
      type = T::Q5_K;
    } else if (m == M::Q5_K_M && use_more_bits(layer, n_layer)) {
      type = T::Q6_K;
    } else if (m == M::Q4_K_S && !falcon && layer < n_layer / 8) {
      type = T::Q5_K;
    }
    ++i_ffn_down_;
  } else if (contains(name, "attn_output.weight")) {
    if (facts_.architecture != "falcon") {
      if (facts_.n_expert == 8) {
        if (m == M::Q2_K || m == M::Q3_K_S || m == M::Q3_K_M || m == M::IQ4_NL || m == M::Q4_K_S || m == M::Q4_K_M)
          type = T::Q5_K;
      } else {
        if (m == M::Q2_K) type = T::Q3_K;
        else if (m == M::Q3_K_M) type = T::Q4_K;
        else if (m == M::Q3_K_L) type = T::Q5_K;
      }
    } else if (m == M::Q3_K_L) {
      type = T::Q4_K;
    }
  } else if (contains(name, "attn_qkv.weight")) {
    if (m == M::Q3_K_M || m == M::Q3_K_L) type = T::Q4_K;
    else if (m == M::Q4_K_M) type = T::Q5_K;
    else if (m == M::Q5_K_M) type = T::Q6_K;
  } else if (contains(name, "ffn_gate")) {
    ++i_ffn_gate_;  // (only the IQ3_XS mix, which Hearth does not offer, uses this count)
  } else if (contains(name, "ffn_up")) {
    ++i_ffn_up_;
  }

  // Rows that do not split into whole blocks of the chosen type fall back to a 32-wide type.
  if (nx % tensor_type_layout(type).block_size != 0) {
    switch (type) {
      case T::Q2_K:
      case T::Q3_K: type = T::IQ4_NL; break;
      case T::Q4_K: type = T::Q5_0; break;
      case T::Q5_K: type = T::Q5_1; break;
      case T::Q6_K: type = T::Q8_0; break;
      default:
        fail(ErrorCode::Unsupported, "tensor " + name + ": rows of " + std::to_string(nx) +
                                         " values cannot be stored as " + std::string(tensor_type_name(type)));
    }
    if (nx % tensor_type_layout(type).block_size != 0) type = T::F16;
    ++n_fallback_;
  }
  return type;
}

}  // namespace hearth
