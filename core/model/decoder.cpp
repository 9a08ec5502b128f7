#include "model/decoder.h"

#include <algorithm>
#include <cmath>

namespace hearth {

int64_t ActivationWidths::max_matmul_in() const { return std::max({n_embd, n_attn, n_ff}); }

DecoderModel::DecoderModel(const ModelHParams& hparams) : hp_(hparams) {}
DecoderModel::~DecoderModel() = default;

void DecoderModel::adopt(std::vector<std::unique_ptr<float[]>> buffers) {
  for (auto& b : buffers) owned_.push_back(std::move(b));
}

ActivationWidths DecoderModel::activation_widths() const {
  ActivationWidths w;
  w.n_embd = hp_.n_embd;
  w.n_qkv = hp_.n_embd_q() + hp_.n_embd_k_gqa() + hp_.n_embd_v_gqa();
  w.n_attn = hp_.n_head * hp_.head_dim_v;
  w.n_ff = hp_.n_ff;
  return w;
}

RopeParams DecoderModel::rope_params() const {
  RopeParams r;
  r.n_rot = int(hp_.n_rot);
  r.freq_base = hp_.rope_freq_base;
  r.freq_scale = hp_.rope_freq_scale;
  r.ordering = hp_.rope_ordering;
  r.freq_factors = rope_freqs_.empty() ? nullptr : reinterpret_cast<const float*>(rope_freqs_.data);
  return r;
}

AttentionShape DecoderModel::attention_shape() const {
  AttentionShape s;
  s.n_head = int(hp_.n_head);
  s.n_head_kv = int(hp_.n_head_kv);
  s.head_dim_k = int(hp_.head_dim_k);
  s.head_dim_v = int(hp_.head_dim_v);
  s.scale = 1.0f / std::sqrt(float(hp_.head_dim_k));
  return s;
}

void DecoderModel::bind_embedding_and_head(TensorBinder& b) {
  b.begin_input();
  tok_embd_ = b.table("token_embd.weight", hp_.n_embd, hp_.n_vocab);
  b.begin_output();
  output_norm_ = b.vector("output_norm.weight", hp_.n_embd);
  output_ = b.optional_matrix("output.weight", hp_.n_embd, hp_.n_vocab);
  output_tied_ = output_.empty();
  // Tied embeddings: the LM head multiplies by the embedding table.
  if (output_tied_) output_ = b.reuse_as_matrix(tok_embd_, "token_embd.weight");
  rope_freqs_ = b.optional_host_vector("rope_freqs.weight", hp_.n_rot / 2);
}

void DecoderModel::embed(Forward& f) const { f.be->get_rows(f.a.hidden, tok_embd_, f.tokens); }

void DecoderModel::head(Forward& f) const {
  const int first = f.first_logit_row;
  const int n = f.n_tokens - first;
  const Tensor hidden = f.a.hidden.row_range(first, n);
  const Tensor norm = f.a.norm.row_range(first, n);
  f.be->rms_norm(norm, hidden, output_norm_, hp_.norm_eps);
  const MatmulJob lm_head{f.logits.row_range(0, n), output_, {}};
  f.be->matmul({&lm_head, 1}, norm);
}

void DecoderModel::self_attention(Forward& f) const {
  const RopeParams rope = rope_params();
  if (f.sequences.empty()) {
    f.be->rope(f.a.q, int(hp_.head_dim_k), f.pos0, rope);
    f.be->rope(f.a.k, int(hp_.head_dim_k), f.pos0, rope);
    f.be->kv_store(*f.kv, f.a.k, f.a.v, f.pos0);
    f.be->attention(f.a.attn, f.a.q, *f.kv, f.pos0, attention_shape());
    return;
  }
  for (const SequenceRows& s : f.sequences) {
    const Tensor q = f.a.q.row_range(s.first_row, s.n_rows);
    const Tensor k = f.a.k.row_range(s.first_row, s.n_rows);
    const Tensor v = f.a.v.row_range(s.first_row, s.n_rows);
    f.be->rope(q, int(hp_.head_dim_k), s.pos0, rope);
    f.be->rope(k, int(hp_.head_dim_k), s.pos0, rope);
    f.be->kv_store(*s.kv, k, v, s.pos0);
    f.be->attention(f.a.attn.row_range(s.first_row, s.n_rows), q, *s.kv, s.pos0, attention_shape());
  }
}

AttentionWeights DecoderModel::bind_attention(TensorBinder& b, int il, bool with_bias) const {
  auto name = [il](const char* s) { return TensorBinder::layer_name(il, s); };
  AttentionWeights w;
  w.norm = b.vector(name("attn_norm.weight"), hp_.n_embd);
  w.q = b.matrix(name("attn_q.weight"), hp_.n_embd, hp_.n_embd_q());
  if (with_bias) w.q_bias = b.vector(name("attn_q.bias"), hp_.n_embd_q());
  w.k = b.matrix(name("attn_k.weight"), hp_.n_embd, hp_.n_embd_k_gqa());
  if (with_bias) w.k_bias = b.vector(name("attn_k.bias"), hp_.n_embd_k_gqa());
  w.v = b.matrix(name("attn_v.weight"), hp_.n_embd, hp_.n_embd_v_gqa());
  if (with_bias) w.v_bias = b.vector(name("attn_v.bias"), hp_.n_embd_v_gqa());
  w.output = b.matrix(name("attn_output.weight"), hp_.n_head * hp_.head_dim_v, hp_.n_embd);
  return w;
}

GatedFfnWeights DecoderModel::bind_gated_ffn(TensorBinder& b, int il, int64_t n_ff) const {
  auto name = [il](const char* s) { return TensorBinder::layer_name(il, s); };
  GatedFfnWeights w;
  w.norm = b.vector(name("ffn_norm.weight"), hp_.n_embd);
  w.gate = b.matrix(name("ffn_gate.weight"), hp_.n_embd, n_ff);
  w.up = b.matrix(name("ffn_up.weight"), hp_.n_embd, n_ff);
  w.down = b.matrix(name("ffn_down.weight"), n_ff, hp_.n_embd);
  return w;
}

void DecoderModel::attention_block(Forward& f, const AttentionWeights& w) const {
  Activations& a = f.a;
  f.be->rms_norm(a.norm, a.hidden, w.norm, hp_.norm_eps);
  // One call, so the three projections share one conversion of the normalised input.
  const MatmulJob qkv[] = {{a.q, w.q, w.q_bias}, {a.k, w.k, w.k_bias}, {a.v, w.v, w.v_bias}};
  f.be->matmul(qkv, a.norm);
  attend_and_project(f, w.output);
}

void DecoderModel::attend_and_project(Forward& f, const Tensor& output) const {
  Activations& a = f.a;
  self_attention(f);
  const MatmulJob out[] = {{a.proj, output, {}}};
  f.be->matmul(out, a.attn);
  f.be->add(a.hidden, a.hidden, a.proj);
}

void DecoderModel::gated_ffn_block(Forward& f, const GatedFfnWeights& w, GluKind kind) const {
  Activations& a = f.a;
  f.be->rms_norm(a.norm, a.hidden, w.norm, hp_.norm_eps);
  const MatmulJob gate_up[] = {{a.gate, w.gate, {}}, {a.up, w.up, {}}};
  f.be->matmul(gate_up, a.norm);
  f.be->glu(a.gate, a.gate, a.up, kind);
  const MatmulJob down[] = {{a.proj, w.down, {}}};
  f.be->matmul(down, a.gate);
  f.be->add(a.hidden, a.hidden, a.proj);
}

void StandardDecoder::bind(TensorBinder& b) {
  bind_embedding_and_head(b);
  layers_.resize(size_t(hp_.n_layer));
  for (int il = 0; il < hp_.n_layer; ++il) {
    b.begin_layer(il);
    layers_[size_t(il)] = {bind_attention(b, il, spec_.qkv_bias), bind_gated_ffn(b, il, hp_.n_ff)};
  }
}

void StandardDecoder::layer(Forward& f, int il) const {
  const Layer& w = layers_[size_t(il)];
  attention_block(f, w.attn);
  gated_ffn_block(f, w.ffn, spec_.glu);
}

}  // namespace hearth
