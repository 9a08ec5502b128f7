// llama: Llama 1/2/3, Mistral, Yi, TinyLlama, llama2.c "stories" models.
// Pre-norm blocks with RMSNorm, rotary attention (normal ordering: llama.cpp's converter
// permutes the Q/K rows so adjacent dims pair up), grouped-query attention, SwiGLU FFN —
// the standard block of decoder.h with no biases.
#include "model/decoder.h"
#include "model/registry.h"

namespace hearth {

std::unique_ptr<DecoderModel> create_llama(const ModelHParams& hparams) {
  return std::make_unique<StandardDecoder>(hparams, StandardBlockSpec{.qkv_bias = false, .glu = GluKind::SiLU});
}

}  // namespace hearth
