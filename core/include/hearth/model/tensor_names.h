// GGUF tensor names (the names llama.cpp's converter writes and its loader expects). Defined once
// here and shared by the converter (which produces them), the quantizer's mix rules (which
// recognise them) and the model loader (which looks them up).
//
// Per-layer tensors are "blk.<layer>.<role>.weight" (or ".bias"); the rest are global.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hearth::tensor_names {

// Global tensors.
inline constexpr std::string_view kTokenEmbedding = "token_embd";  // [n_embd, n_vocab]
inline constexpr std::string_view kOutputNorm = "output_norm";     // [n_embd]
inline constexpr std::string_view kOutput = "output";              // [n_embd, n_vocab] (absent when tied)
inline constexpr std::string_view kRopeFreqs = "rope_freqs";       // [head_dim / 2] (Llama 3.1 rope scaling)

// Per-layer roles.
inline constexpr std::string_view kAttnNorm = "attn_norm";      // [n_embd]
inline constexpr std::string_view kAttnQ = "attn_q";            // [n_embd, n_head * head_dim]
inline constexpr std::string_view kAttnK = "attn_k";            // [n_embd, n_head_kv * head_dim]
inline constexpr std::string_view kAttnV = "attn_v";            // [n_embd, n_head_kv * head_dim]
inline constexpr std::string_view kAttnQkv = "attn_qkv";        // [n_embd, 3 * n_embd] (fused, Qwen 1)
inline constexpr std::string_view kAttnOutput = "attn_output";  // [n_head * head_dim, n_embd]
inline constexpr std::string_view kFfnNorm = "ffn_norm";        // [n_embd]
inline constexpr std::string_view kFfnGate = "ffn_gate";        // [n_embd, n_ff]
inline constexpr std::string_view kFfnUp = "ffn_up";            // [n_embd, n_ff]
inline constexpr std::string_view kFfnDown = "ffn_down";        // [n_ff, n_embd]

inline std::string global(std::string_view role, std::string_view suffix = "weight") {
  return std::string(role) + "." + std::string(suffix);
}
inline std::string layer(int layer_index, std::string_view role, std::string_view suffix = "weight") {
  return "blk." + std::to_string(layer_index) + "." + std::string(role) + "." + std::string(suffix);
}

// The layer index of a "blk.N.*" name, or nullopt for a global tensor.
inline std::optional<int> layer_of(std::string_view name) {
  constexpr std::string_view prefix = "blk.";
  if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
  int value = 0;
  size_t i = prefix.size();
  if (i >= name.size() || name[i] < '0' || name[i] > '9') return std::nullopt;
  for (; i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) {
    value = value * 10 + (name[i] - '0');
    if (value > 1'000'000) return std::nullopt;
  }
  if (i >= name.size() || name[i] != '.') return std::nullopt;
  return value;
}

}  // namespace hearth::tensor_names
