// qwen2: Qwen1.5, Qwen2, Qwen2.5. Llama's block with biases on the Q/K/V projections,
// NeoX-ordered rope (registry), and usually a tied LM head in the small sizes.
#include "model/decoder.h"
#include "model/registry.h"

namespace hearth {

std::unique_ptr<DecoderModel> create_qwen2(const ModelHParams& hparams) {
  return std::make_unique<StandardDecoder>(hparams, StandardBlockSpec{.qkv_bias = true, .glu = GluKind::SiLU});
}

}  // namespace hearth
