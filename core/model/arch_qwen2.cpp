// qwen2: Qwen1.5, Qwen2, Qwen2.5. Llama's block with biases on the Q/K/V projections,
// NeoX-ordered rope, and usually a tied LM head in the small sizes.
#include "model/decoder.h"
#include "model/registry.h"

namespace hearth {

namespace {

struct Qwen2Layer {
  AttentionWeights attn;  // attn_norm, attn_q/k/v with their biases, attn_output
  GatedFfnWeights ffn;    // ffn_norm, ffn_gate/up [n_ff × n_embd], ffn_down [n_embd × n_ff]
};

class Qwen2 final : public DecoderModel {
 public:
  using DecoderModel::DecoderModel;

  void bind(TensorBinder& b) override {
    bind_embedding_and_head(b);
    layers_.resize(size_t(hp_.n_layer));
    for (int il = 0; il < hp_.n_layer; ++il) {
      b.begin_layer(il);
      layers_[size_t(il)] = {bind_attention(b, il, /*with_bias=*/true), bind_gated_ffn(b, il, hp_.n_ff)};
    }
  }

  void layer(Forward& f, int il) const override {
    const Qwen2Layer& w = layers_[size_t(il)];
    attention_block(f, w.attn);                  // biased Q/K/V, neox rope (registry)
    gated_ffn_block(f, w.ffn, GluKind::SiLU);    // SwiGLU
  }

 private:
  std::vector<Qwen2Layer> layers_;
};

}  // namespace

std::unique_ptr<DecoderModel> create_qwen2(const ModelHParams& hparams) { return std::make_unique<Qwen2>(hparams); }

}  // namespace hearth
