// gemma: the first Gemma generation. Llama's block with three differences:
//   - the token embeddings are multiplied by sqrt(n_embd) before the first layer;
//   - RMSNorm weights act as (1 + w): llama.cpp's converter adds the 1 when it writes the GGUF
//     (Hearth's converter does the same), so the stored weights are used as they are;
//   - the FFN is GeGLU (tanh-approximated GELU on the gate), and the LM head is always tied.
// Heads can be wider than n_embd / n_head (Gemma 7B: 16 heads of 256 over n_embd 3072).
#include <cmath>

#include "model/decoder.h"
#include "model/registry.h"

namespace hearth {

namespace {

struct GemmaLayer {
  Tensor attn_norm;    // [n_embd] (1 + w already folded in)
  Tensor attn_q;       // [n_head*head_dim_k × n_embd]
  Tensor attn_k;       // [n_head_kv*head_dim_k × n_embd]
  Tensor attn_v;       // [n_head_kv*head_dim_v × n_embd]
  Tensor attn_output;  // [n_embd × n_head*head_dim_v]
  Tensor ffn_norm;     // [n_embd] (1 + w already folded in)
  Tensor ffn_gate;     // [n_ff × n_embd]
  Tensor ffn_up;       // [n_ff × n_embd]
  Tensor ffn_down;     // [n_embd × n_ff]
};

class Gemma final : public DecoderModel {
 public:
  using DecoderModel::DecoderModel;

  void bind(TensorBinder& b) override {
    bind_embedding_and_head(b);
    const auto& hp = hp_;
    layers_.resize(size_t(hp.n_layer));
    for (int il = 0; il < hp.n_layer; ++il) {
      auto name = [il](const char* s) { return TensorBinder::layer_name(il, s); };
      GemmaLayer& l = layers_[size_t(il)];
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

  void embed(Forward& f) const override {
    DecoderModel::embed(f);
    f.be->scale(f.a.hidden, std::sqrt(float(hp_.n_embd)));
  }

  void layer(Forward& f, int il) const override {
    const GemmaLayer& w = layers_[size_t(il)];
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

    // feed-forward (GeGLU)
    be.rms_norm(a.norm, a.hidden, w.ffn_norm, hp_.norm_eps);
    const MatmulJob gate_up[] = {{a.gate, w.ffn_gate, {}}, {a.up, w.ffn_up, {}}};
    be.matmul(gate_up, a.norm);
    be.glu(a.gate, a.gate, a.up, GluKind::GeluTanh);
    const MatmulJob down[] = {{a.proj, w.ffn_down, {}}};
    be.matmul(down, a.gate);
    be.add(a.hidden, a.hidden, a.proj);
  }

 private:
  std::vector<GemmaLayer> layers_;
};

}  // namespace

std::unique_ptr<DecoderModel> create_gemma(const ModelHParams& hparams) { return std::make_unique<Gemma>(hparams); }

}  // namespace hearth
