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
  AttentionWeights attn;  // attn_norm (1 + w already folded in), attn_q/k/v, attn_output
  GatedFfnWeights ffn;    // ffn_norm (1 + w folded in), ffn_gate/up [n_ff × n_embd], ffn_down
};

class Gemma final : public DecoderModel {
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

  void embed(Forward& f) const override {
    DecoderModel::embed(f);
    f.be->scale(f.a.hidden, std::sqrt(float(hp_.n_embd)));
  }

  void layer(Forward& f, int il) const override {
    const GemmaLayer& w = layers_[size_t(il)];
    attention_block(f, w.attn);
    gated_ffn_block(f, w.ffn, GluKind::GeluTanh);  // GeGLU
  }

 private:
  std::vector<GemmaLayer> layers_;
};

}  // namespace

std::unique_ptr<DecoderModel> create_gemma(const ModelHParams& hparams) { return std::make_unique<Gemma>(hparams); }

}  // namespace hearth
