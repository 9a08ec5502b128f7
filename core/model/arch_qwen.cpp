// qwen: the first Qwen generation. One fused, biased QKV projection, NeoX-ordered rope, SwiGLU.
// Its feed_forward_length metadata is twice the width of the FFN tensors (the HF config
// counts both halves of the gated projection), so the FFN is n_ff / 2 wide.
#include "model/decoder.h"
#include "model/registry.h"

namespace hearth {

namespace {

struct QwenLayer {
  Tensor attn_norm;      // [n_embd]
  Tensor attn_qkv;       // [(n_embd_q + n_embd_k + n_embd_v) × n_embd]: Q rows, then K, then V
  Tensor attn_qkv_bias;  // [n_embd_q + n_embd_k + n_embd_v]
  Tensor attn_output;    // [n_embd × n_head*head_dim_v]
  GatedFfnWeights ffn;   // ffn_norm, ffn_gate/up [n_ff/2 × n_embd], ffn_down [n_embd × n_ff/2]
};

class Qwen final : public DecoderModel {
 public:
  using DecoderModel::DecoderModel;

  ActivationWidths activation_widths() const override {
    ActivationWidths w = DecoderModel::activation_widths();
    w.n_ff = ffn_width();
    return w;
  }

  void bind(TensorBinder& b) override {
    bind_embedding_and_head(b);
    const auto& hp = hp_;
    const int64_t n_qkv = hp.n_embd_q() + hp.n_embd_k_gqa() + hp.n_embd_v_gqa();
    layers_.resize(size_t(hp.n_layer));
    for (int il = 0; il < hp.n_layer; ++il) {
      auto name = [il](const char* s) { return TensorBinder::layer_name(il, s); };
      QwenLayer& l = layers_[size_t(il)];
      b.begin_layer(il);
      l.attn_norm = b.vector(name("attn_norm.weight"), hp.n_embd);
      l.attn_qkv = b.matrix(name("attn_qkv.weight"), hp.n_embd, n_qkv);
      l.attn_qkv_bias = b.vector(name("attn_qkv.bias"), n_qkv);
      l.attn_output = b.matrix(name("attn_output.weight"), hp.n_head * hp.head_dim_v, hp.n_embd);
      l.ffn = bind_gated_ffn(b, il, ffn_width());
    }
  }

  void layer(Forward& f, int il) const override {
    const QwenLayer& w = layers_[size_t(il)];
    Activations& a = f.a;

    // attention: one biased projection fills q | k | v (a.q, a.k, a.v are column views of a.qkv)
    f.be->rms_norm(a.norm, a.hidden, w.attn_norm, hp_.norm_eps);
    const MatmulJob qkv[] = {{a.qkv, w.attn_qkv, w.attn_qkv_bias}};
    f.be->matmul(qkv, a.norm);
    attend_and_project(f, w.attn_output);

    gated_ffn_block(f, w.ffn, GluKind::SiLU);  // SwiGLU
  }

 private:
  int64_t ffn_width() const { return hp_.n_ff / 2; }
  std::vector<QwenLayer> layers_;
};

}  // namespace

std::unique_ptr<DecoderModel> create_qwen(const ModelHParams& hparams) { return std::make_unique<Qwen>(hparams); }

}  // namespace hearth
