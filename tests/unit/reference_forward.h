// An independent float64 forward pass of the supported architectures, written from the model
// definitions (Llama / Qwen / Qwen2 / Gemma papers and HF modelling code) with plain loops: no
// engine code, no kernels. Weights are read with the GGUF reader and the reference
// dequantizers only. The KV cache can be rounded to F16 the way an F16 cache stores it.
#pragma once

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "hearth/base/half.h"
#include "hearth/io/gguf.h"
#include "hearth/quant/quantize.h"

namespace hearth::test {

class ReferenceModel {
 public:
  using Vec = std::vector<double>;

  explicit ReferenceModel(const GgufFile& f) : f_(f) {
    const auto& md = f.metadata();
    arch_ = *md.get_string("general.architecture");
    auto i = [&](const char* k) { return *md.get_int(arch_ + "." + k); };
    n_embd_ = i("embedding_length");
    n_layer_ = i("block_count");
    n_head_ = i("attention.head_count");
    n_head_kv_ = md.get_int(arch_ + ".attention.head_count_kv").value_or(n_head_);
    hd_ = md.get_int(arch_ + ".attention.key_length").value_or(n_embd_ / n_head_);
    n_rot_ = md.get_int(arch_ + ".rope.dimension_count").value_or(hd_);
    base_ = md.get_double(arch_ + ".rope.freq_base").value_or(10000.0);
    eps_ = md.get_double(arch_ + ".attention.layer_norm_rms_epsilon").value_or(1e-5);
    if (md.get_string(arch_ + ".rope.scaling.type").value_or("") == "linear")
      pos_scale_ = 1.0 / *md.get_double(arch_ + ".rope.scaling.factor");
    neox_ = arch_ != "llama";
  }

  // Logits after each of `tokens` (fed from position 0).
  std::vector<Vec> forward(const std::vector<int>& tokens, bool f16_cache) {
    const int64_t n_vocab = f_.find_tensor("token_embd.weight")->shape[1];
    const int64_t q_width = n_head_ * hd_, kv_width = n_head_kv_ * hd_;
    std::vector<std::vector<Vec>> cache_k(static_cast<size_t>(n_layer_));
    std::vector<std::vector<Vec>> cache_v(static_cast<size_t>(n_layer_));
    std::vector<Vec> logits;
    for (size_t p = 0; p < tokens.size(); ++p) {
      Vec x = row("token_embd.weight", tokens[p]);
      if (arch_ == "gemma")
        for (double& v : x) v *= std::sqrt(double(n_embd_));
      for (int64_t l = 0; l < n_layer_; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        Vec h = rms_norm(x, vec(b + "attn_norm.weight"));
        Vec q, k, v;
        if (arch_ == "qwen") {
          const Vec qkv = add(matvec(b + "attn_qkv.weight", h), vec(b + "attn_qkv.bias"));
          q.assign(qkv.begin(), qkv.begin() + q_width);
          k.assign(qkv.begin() + q_width, qkv.begin() + q_width + kv_width);
          v.assign(qkv.begin() + q_width + kv_width, qkv.end());
        } else {
          q = matvec(b + "attn_q.weight", h);
          k = matvec(b + "attn_k.weight", h);
          v = matvec(b + "attn_v.weight", h);
          if (arch_ == "qwen2") {
            q = add(q, vec(b + "attn_q.bias"));
            k = add(k, vec(b + "attn_k.bias"));
            v = add(v, vec(b + "attn_v.bias"));
          }
        }
        rope(q, double(p));
        rope(k, double(p));
        if (f16_cache) {
          for (double& e : k) e = f16_to_f32(f32_to_f16(float(e)));
          for (double& e : v) e = f16_to_f32(f32_to_f16(float(e)));
        }
        cache_k[size_t(l)].push_back(k);
        cache_v[size_t(l)].push_back(v);
        Vec attn(size_t(q_width), 0.0);
        for (int64_t hh = 0; hh < n_head_; ++hh) {
          const int64_t g = hh / (n_head_ / n_head_kv_);
          Vec s(p + 1);
          double max = -1e300;
          Vec qh(q.begin() + hh * hd_, q.begin() + (hh + 1) * hd_);
          if (f16_cache)  // ... and an F16 copy of the query
            for (double& e : qh) e = f16_to_f32(f32_to_f16(float(e)));
          for (size_t j = 0; j <= p; ++j) {
            double dot = 0;
            for (int64_t d = 0; d < hd_; ++d) dot += qh[size_t(d)] * cache_k[size_t(l)][j][size_t(g * hd_ + d)];
            s[j] = dot / std::sqrt(double(hd_));
            max = std::max(max, s[j]);
          }
          double sum = 0;
          for (double& e : s) sum += (e = std::exp(e - max));
          for (double& e : s) {  // an F16 cache meets F16 probabilities (llama.cpp's arithmetic)
            e /= sum;
            if (f16_cache) e = f16_to_f32(f32_to_f16(float(e)));
          }
          for (size_t j = 0; j <= p; ++j)
            for (int64_t d = 0; d < hd_; ++d)
              attn[size_t(hh * hd_ + d)] += s[j] * cache_v[size_t(l)][j][size_t(g * hd_ + d)];
        }
        x = add(x, matvec(b + "attn_output.weight", attn));
        h = rms_norm(x, vec(b + "ffn_norm.weight"));
        const Vec gate = matvec(b + "ffn_gate.weight", h), up = matvec(b + "ffn_up.weight", h);
        Vec act(gate.size());
        for (size_t i = 0; i < gate.size(); ++i) {
          const double z = gate[i];
          const double a = arch_ == "gemma"
                               ? 0.5 * z * (1 + std::tanh(std::sqrt(2 / std::numbers::pi) * (z + 0.044715 * z * z * z)))
                               : z / (1 + std::exp(-z));
          act[i] = a * up[i];
        }
        x = add(x, matvec(b + "ffn_down.weight", act));
      }
      const Vec h = rms_norm(x, vec("output_norm.weight"));
      logits.push_back(matvec(f_.find_tensor("output.weight") ? "output.weight" : "token_embd.weight", h));
      (void)n_vocab;
    }
    return logits;
  }

 private:
  Vec row(const std::string& name, int64_t r) const {
    const GgufTensorInfo& t = *f_.find_tensor(name);
    const int64_t cols = t.shape[0];
    const auto bytes = f_.tensor_data(t);
    const uint64_t rb = *tensor_row_bytes(t.type, uint64_t(cols));
    std::vector<float> tmp(static_cast<size_t>(cols));
    dequantize_row(t.type, bytes.data() + r * int64_t(rb), tmp.data(), cols);
    return Vec(tmp.begin(), tmp.end());
  }
  Vec vec(const std::string& name) const { return row(name, 0); }
  // F16 / BF16 weights meet an input rounded to their precision, as in llama.cpp (and the
  // engine, which follows it so greedy output agrees token for token).
  Vec matvec(const std::string& name, Vec x) const {
    const GgufTensorInfo& t = *f_.find_tensor(name);
    if (t.type == TensorType::F16)
      for (double& e : x) e = f16_to_f32(f32_to_f16(float(e)));
    if (t.type == TensorType::BF16)
      for (double& e : x) e = bf16_to_f32(f32_to_bf16(float(e)));
    Vec y(size_t(t.shape[1]));
    for (int64_t r = 0; r < t.shape[1]; ++r) {
      const Vec w = row(name, r);
      double s = 0;
      for (size_t c = 0; c < w.size(); ++c) s += w[c] * x[c];
      y[size_t(r)] = s;
    }
    return y;
  }
  static Vec add(Vec a, const Vec& b) {
    for (size_t i = 0; i < a.size(); ++i) a[i] += b[i];
    return a;
  }
  Vec rms_norm(const Vec& x, const Vec& w) const {
    double ss = 0;
    for (double v : x) ss += v * v;
    const double inv = 1.0 / std::sqrt(ss / double(x.size()) + eps_);
    Vec y(x.size());
    for (size_t i = 0; i < x.size(); ++i) y[i] = x[i] * inv * w[i];
    return y;
  }
  // Rotary embedding of every head of x at position p: dimension pairs (2i, 2i+1) for llama
  // (GGUF stores its Q/K rows permuted for this), (i, i + n_rot/2) for the NeoX-style models.
  void rope(Vec& x, double p) const {
    for (size_t h = 0; h + size_t(hd_) <= x.size(); h += size_t(hd_)) {
      for (int64_t i = 0; i < n_rot_ / 2; ++i) {
        const double theta = p * pos_scale_ * std::pow(base_, -2.0 * double(i) / double(n_rot_));
        const size_t a = h + size_t(neox_ ? i : 2 * i), b = h + size_t(neox_ ? i + n_rot_ / 2 : 2 * i + 1);
        const double x0 = x[a], x1 = x[b];
        x[a] = x0 * std::cos(theta) - x1 * std::sin(theta);
        x[b] = x0 * std::sin(theta) + x1 * std::cos(theta);
      }
    }
  }

  const GgufFile& f_;
  std::string arch_;
  int64_t n_embd_, n_layer_, n_head_, n_head_kv_, hd_, n_rot_;
  double base_, eps_, pos_scale_ = 1.0;
  bool neox_;
};

}  // namespace hearth::test
