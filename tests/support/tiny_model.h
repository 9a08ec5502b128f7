// Tiny GGUF models of every supported architecture with seeded random weights, written with
// the GGUF writer for tests of the engine against the float64 reference (reference_forward.h).
// Shapes are small but keep every feature switched on: GQA, wide heads, biases, fused QKV,
// tied or separate LM heads, rope scaling.
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hearth/io/gguf_writer.h"
#include "hearth/quant/quantize.h"

namespace hearth::test {

struct TinyModelSpec {
  std::string arch = "llama";  // llama, qwen2, qwen, gemma
  int64_t n_vocab = 96;
  int64_t n_embd = 64;
  int64_t n_layer = 2;
  int64_t n_head = 4;
  int64_t n_head_kv = 2;
  int64_t head_dim = 0;        // 0: n_embd / n_head
  int64_t n_ff = 96;           // FFN width of the tensors
  int64_t n_rot = 0;           // 0: head_dim
  float rope_base = 10000.0f;
  float rope_linear_factor = 0.0f;  // 0: no scaling
  bool tied_output = false;
  float norm_eps = 1e-5f;
  TensorType weight_type = TensorType::F32;  // 2-D weights; norms and biases stay F32
  uint64_t seed = 7;

  int64_t hd() const { return head_dim ? head_dim : n_embd / n_head; }
};

// splitmix64 → uniform floats in [-1, 1)
struct TestRng {
  uint64_t state;
  float next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return float(z >> 40) * (1.0f / 8388608.0f) - 1.0f;
  }
};

inline void write_tiny_model(const TinyModelSpec& s, const std::filesystem::path& path) {
  struct Planned {
    std::string name;
    std::vector<int64_t> shape;  // GGUF order {cols, rows}
    float center, spread;
    bool matrix;
  };
  const int64_t hd = s.hd();
  const int64_t q = s.n_head * hd, kv = s.n_head_kv * hd;
  std::vector<Planned> plan;
  auto mat = [&](std::string n, int64_t cols, int64_t rows, float spread) {
    plan.push_back({std::move(n), {cols, rows}, 0.0f, spread, true});
  };
  auto vec = [&](std::string n, int64_t cols, float center, float spread) {
    plan.push_back({std::move(n), {cols}, center, spread, false});
  };
  const float w = 0.5f / std::sqrt(float(s.n_embd));  // keeps activations O(1) through the layers
  mat("token_embd.weight", s.n_embd, s.n_vocab, 1.0f);
  vec("output_norm.weight", s.n_embd, 1.0f, 0.2f);
  if (!s.tied_output) mat("output.weight", s.n_embd, s.n_vocab, w);
  for (int64_t i = 0; i < s.n_layer; ++i) {
    const std::string p = "blk." + std::to_string(i) + ".";
    vec(p + "attn_norm.weight", s.n_embd, 1.0f, 0.2f);
    if (s.arch == "qwen") {
      mat(p + "attn_qkv.weight", s.n_embd, q + 2 * kv, w);
      vec(p + "attn_qkv.bias", q + 2 * kv, 0.0f, 0.3f);
    } else {
      mat(p + "attn_q.weight", s.n_embd, q, w);
      mat(p + "attn_k.weight", s.n_embd, kv, w);
      mat(p + "attn_v.weight", s.n_embd, kv, w);
      if (s.arch == "qwen2") {
        vec(p + "attn_q.bias", q, 0.0f, 0.3f);
        vec(p + "attn_k.bias", kv, 0.0f, 0.3f);
        vec(p + "attn_v.bias", kv, 0.0f, 0.3f);
      }
    }
    mat(p + "attn_output.weight", q, s.n_embd, w);
    vec(p + "ffn_norm.weight", s.n_embd, 1.0f, 0.2f);
    mat(p + "ffn_gate.weight", s.n_embd, s.n_ff, w);
    mat(p + "ffn_up.weight", s.n_embd, s.n_ff, w);
    mat(p + "ffn_down.weight", s.n_ff, s.n_embd, w);
  }

  GgufWriter out(path);
  auto& md = out.metadata();
  const std::string a = s.arch;
  md.set("general.architecture", a);
  md.set("general.name", std::string("tiny-") + a);
  md.set(a + ".context_length", uint32_t(256));
  md.set(a + ".embedding_length", uint32_t(s.n_embd));
  md.set(a + ".block_count", uint32_t(s.n_layer));
  // qwen (first generation) counts both halves of the gated FFN.
  md.set(a + ".feed_forward_length", uint32_t(a == "qwen" ? 2 * s.n_ff : s.n_ff));
  md.set(a + ".attention.head_count", uint32_t(s.n_head));
  md.set(a + ".attention.head_count_kv", uint32_t(s.n_head_kv));
  if (s.head_dim) {
    md.set(a + ".attention.key_length", uint32_t(hd));
    md.set(a + ".attention.value_length", uint32_t(hd));
  }
  md.set(a + ".rope.dimension_count", uint32_t(s.n_rot ? s.n_rot : hd));
  md.set(a + ".rope.freq_base", s.rope_base);
  if (s.rope_linear_factor > 0) {
    md.set(a + ".rope.scaling.type", std::string("linear"));
    md.set(a + ".rope.scaling.factor", s.rope_linear_factor);
  }
  md.set(a + ".attention.layer_norm_rms_epsilon", s.norm_eps);
  for (const auto& t : plan) out.add_tensor(t.name, t.matrix ? s.weight_type : TensorType::F32, t.shape);
  out.write_header();
  TestRng rng{s.seed};
  for (const auto& t : plan) {
    const int64_t cols = t.shape[0], rows = t.shape.size() > 1 ? t.shape[1] : 1;
    const TensorType type = t.matrix ? s.weight_type : TensorType::F32;
    std::vector<float> row(static_cast<size_t>(cols));
    std::vector<std::byte> bytes(*tensor_row_bytes(type, uint64_t(cols)));
    for (int64_t r = 0; r < rows; ++r) {
      for (auto& v : row) v = t.center + t.spread * rng.next();
      quantize_row(type, row.data(), bytes.data(), cols);
      out.write_tensor_data(bytes);
    }
  }
  out.commit();
}

}  // namespace hearth::test
