// llama: Llama 1/2/3, Mistral, Yi, TinyLlama, llama2.c "stories" models.
// Pre-norm blocks with RMSNorm, rotary attention (normal ordering: llama.cpp's converter
// permutes the Q/K rows so adjacent dims pair up), grouped-query attention, SwiGLU FFN.
#include "model/decoder.h"
#include "model/registry.h"

namespace hearth {

namespace {

struct LlamaLayer {
  AttentionWeights attn;  // attn_norm, attn_q/k/v (no biases), attn_output
  GatedFfnWeights ffn;    // ffn_norm, ffn_gate/up [n_ff × n_embd], ffn_down [n_embd × n_ff]
};

class Llama final : public DecoderModel {
 public:
  using DecoderModel::DecoderModel;

  void bind(TensorBinder& b) override {
    bind_embedding_and_head(b);
    layers_.resize(size_t(hp_.n_layer));
    for (int il = 0; il < hp_.n_layer; ++il) {
      b.begin_layer(il);
      layers_[size_t(il)] = {bind_attention(b, il, /*with_bias=*/false), bind_gated_ffn(b, il, hp_.n_ff)};
    }
  }

  void layer(Forward& f, int il) const override {
    const LlamaLayer& w = layers_[size_t(il)];
    attention_block(f, w.attn);                  // hidden += attention(rms_norm(hidden))
    gated_ffn_block(f, w.ffn, GluKind::SiLU);    // hidden += SwiGLU FFN(rms_norm(hidden))
  }

 private:
  std::vector<LlamaLayer> layers_;
};

}  // namespace

std::unique_ptr<DecoderModel> create_llama(const ModelHParams& hparams) { return std::make_unique<Llama>(hparams); }

}  // namespace hearth
