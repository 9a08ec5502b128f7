// libFuzzer target: any text through small SentencePiece, byte-level BPE (every pre-tokenizer
// family) and WordPiece vocabularies, and any GGUF bytes as a vocabulary. Encoding, decoding and
// streaming must never crash; a vocabulary that cannot be built must say why.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "hearth/io/gguf.h"
#include "hearth/tokenizer/stream_decoder.h"
#include "hearth/tokenizer/tokenizer.h"

namespace {

using namespace hearth;

std::vector<Tokenizer> make_tokenizers() {
  std::vector<Tokenizer> out;
  auto add = [&](VocabData v) {
    auto t = Tokenizer::create(std::move(v));
    if (!t) std::abort();
    out.push_back(std::move(*t));
  };
  VocabData spm;
  spm.model = "llama";
  spm.tokens = {"<unk>", "<s>", "</s>", "<|im_start|>"};
  spm.types = {TokenType::Unknown, TokenType::Control, TokenType::Control, TokenType::Control};
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", b);
    spm.tokens.push_back(name);
    spm.types.push_back(TokenType::Byte);
  }
  for (const char* p : {"\xe2\x96\x81", "a", "b", "\xe2\x96\x81" "a", "ab", "\xe4\xbd\xa0"}) {
    spm.tokens.push_back(p);
    spm.types.push_back(TokenType::Normal);
  }
  spm.scores.assign(spm.tokens.size(), 0.0f);
  for (size_t i = 0; i < spm.scores.size(); ++i) spm.scores[i] = -float(i);
  add(spm);

  const char* pres[] = {"default", "llama-bpe", "qwen2", "deepseek-llm", "deepseek-coder", "deepseek-v3", "falcon",
                        "gpt-2", "starcoder", "poro-chat", "viking", "tekken", "chameleon"};
  for (const char* pre : pres) {
    VocabData bpe;
    bpe.model = "gpt2";
    bpe.pre = pre;
    // Every single byte as a token (not GPT-2's alphabet, but enough to exercise merging and the
    // fallback for symbols that are not tokens), a few merges and a control token.
    for (int b = 0; b < 256; ++b) bpe.tokens.push_back(std::string(1, static_cast<char>(b)));
    bpe.tokens.push_back("ab");
    bpe.tokens.push_back("<|endoftext|>");
    bpe.merges = {"a b", "ab ab", "\xc4\xa0 a"};
    bpe.types.assign(bpe.tokens.size(), TokenType::Normal);
    bpe.types.back() = TokenType::Control;
    add(bpe);
  }

  VocabData wpm;
  wpm.model = "bert";
  wpm.tokens = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "\xe2\x96\x81" "a", "b", "\xe2\x96\x81" "ab", "!"};
  add(wpm);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<Tokenizer> tokenizers = make_tokenizers();
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const Tokenizer& tok : tokenizers) {
    for (bool special : {false, true}) {
      const auto ids = tok.encode(text, {.add_special = true, .parse_special = special});
      for (TokenId id : ids)
        if (!tok.is_valid(id)) std::abort();
      (void)tok.decode(ids, {.render_special = special, .clean_up_spaces = true});
      StreamDecoder stream(tok);
      for (TokenId id : ids) (void)stream.push(id);
      (void)stream.flush();
    }
  }
  // The same bytes as a GGUF vocabulary.
  auto file = GgufFile::parse({reinterpret_cast<const std::byte*>(data), size}, "fuzz.gguf");
  if (file) {
    auto tok = Tokenizer::from_gguf(file->metadata());
    if (!tok) {
      if (tok.error().message.empty()) std::abort();
    } else {
      (void)tok->decode(tok->encode("Hello, 世界! <s>", {.parse_special = true}));
    }
  }
  return 0;
}
