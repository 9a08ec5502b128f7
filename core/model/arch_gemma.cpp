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

class Gemma final : public StandardDecoder {
 public:
  explicit Gemma(const ModelHParams& hparams)
      : StandardDecoder(hparams, StandardBlockSpec{.qkv_bias = false, .glu = GluKind::GeluTanh}) {}

  void embed(Forward& f) const override {
    DecoderModel::embed(f);
    f.be->scale(f.a.hidden, std::sqrt(float(hp_.n_embd)));
  }
};

}  // namespace

std::unique_ptr<DecoderModel> create_gemma(const ModelHParams& hparams) { return std::make_unique<Gemma>(hparams); }

}  // namespace hearth
