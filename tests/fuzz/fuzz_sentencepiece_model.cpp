// libFuzzer target: tokenizer.model bytes (SentencePiece protobuf) are parsed into a vocabulary
// or refused with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "hearth/tokenizer/hf_vocab.h"
#include "hearth/tokenizer/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto model = hearth::parse_sentencepiece_model({reinterpret_cast<const std::byte*>(data), size});
  if (!model) {
    if (model.error().message.empty()) std::abort();
    return 0;
  }
  auto vocab = hearth::vocab_from_sentencepiece(*model, {});
  if (!vocab) return 0;
  auto tok = hearth::Tokenizer::create(std::move(*vocab));
  if (tok) (void)tok->decode(tok->encode("Hello world 你好"));
  return 0;
}
