// llama: Llama 1/2/3, Mistral, Yi, TinyLlama, llama2.c "stories" models.
// Pre-norm blocks with RMSNorm, rotary attention (normal ordering: llama.cpp's converter
// permutes the Q/K rows so adjacent dims pair up), grouped-query attention, SwiGLU FFN.
#include "model/decoder.h"
#include "model/registry.h"

namespace hearth {

namespace {

struct LlamaLayer {
  Tensor attn_norm;    // [n_embd]
  Tensor attn_q;       // [n_head*head_dim_k × n_embd]
  Tensor attn_k;       // [n_head_kv*head_dim_k × n_embd]
  Tensor attn_v;       // [n_head_kv*head_dim_v × n_embd]
  Tensor attn_output;  // [n_embd × n_head*head_dim_v]
  Tensor ffn_norm;     // [n_embd]
  Tensor ffn_gate;     // [n_ff × n_embd]
  Tensor ffn_up;       // [n_ff × n_embd]
  Tensor ffn_down;     // [n_embd × n_ff]
};

class Llama final : public DecoderModel {
 public:
  using DecoderModel::DecoderModel;

  void bind(TensorBinder& b) override {
    bind_embedding_and_head(b);
    const auto& hp = hp_;
    layers_.resize(size_t(hp.n_layer));
    for (int il = 0; il < hp.n_layer; ++il) {
      auto name = [il](const char* s) { return TensorBinder::layer_name(il, s); };
      LlamaLayer& l = layers_[size_t(il)];
      b.begin_layer(il);
      l.attn_norm = b.vector(name("attn_norm.weight"), hp.n_embd);
      l.attn_q = b.matrix(name("attn_q.weight"), hp.n_embd, hp.n_embd_q());
      l.attn_k = b.matrix(name("attn_k.weight"), hp.n_embd, hp.n_embd_k_gqa());
      l.attn_v = b.matrix(name("attn_v.weight"), hp.n_embd, hp.n_embd_v_gqa());
      l.attn_output = b.matrix(name("attn_output.weight"), hp.n_head * hp.head_dim_v, hp.n_embd);
      l.ffn_norm = b.vector(name("ffn_norm.weight"), hp.n_embd);
      l.ffn_gate = b.matrix(name("ffn_gate.weight"), hp.n_embd, hp.n_ff);
      l.ffn_up = b.matrix(name("ffn_up.weight"), hp.n_embd, hp.n_ff);
      l.ffn_down = b.matrix(name("ffn_down.weight"), hp.n_ff, hp.n_embd);
    }
  }

  void layer(Forward& f, int il) const override {
    const LlamaLayer& w = layers_[size_t(il)];
    Backend& be = *f.be;
    Activations& a = f.a;

    // attention
    be.rms_norm(a.norm, a.hidden, w.attn_norm, hp_.norm_eps);
    const MatmulJob qkv[] = {{a.q, w.attn_q, {}}, {a.k, w.attn_k, {}}, {a.v, w.attn_v, {}}};
    be.matmul(qkv, a.norm);
    self_attention(f);
    const MatmulJob out[] = {{a.proj, w.attn_output, {}}};
    be.matmul(out, a.attn);
    be.add(a.hidden, a.hidden, a.proj);

    // feed-forward (SwiGLU)
    be.rms_norm(a.norm, a.hidden, w.ffn_norm, hp_.norm_eps);
    const MatmulJob gate_up[] = {{a.gate, w.ffn_gate, {}}, {a.up, w.ffn_up, {}}};
    be.matmul(gate_up, a.norm);
    be.glu(a.gate, a.gate, a.up, GluKind::SiLU);
    const MatmulJob down[] = {{a.proj, w.ffn_down, {}}};
    be.matmul(down, a.gate);
    be.add(a.hidden, a.hidden, a.proj);
  }

 private:
  std::vector<LlamaLayer> layers_;
};

}  // namespace

std::unique_ptr<DecoderModel> create_llama(const ModelHParams& hparams) { return std::make_unique<Llama>(hparams); }

}  // namespace hearth
