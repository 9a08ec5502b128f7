// Text <-> token ids, exactly as the model was trained (and as llama.cpp does it for the same
// GGUF file): SentencePiece-style BPE ("llama"), byte-level BPE ("gpt2", with the pre-tokenizer
// named by tokenizer.ggml.pre) and WordPiece ("bert").
//
//   auto tok = Tokenizer::from_gguf(file.metadata());           // Result<Tokenizer>
//   std::vector<TokenId> ids = tok->encode("Hello");            // BOS added if the model wants it
//   std::string text = tok->decode(ids);                        // "Hello"
//
// A Tokenizer is immutable after creation: copies share the tables, and every method may be
// called from several threads at once.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/tokenizer/vocab.h"

namespace hearth {

class GgufMetadata;

enum class TokenizerKind {
  SentencePiece,  // "llama": score-ordered merges over characters, byte fallback, ▁ for spaces
  BytePairBpe,    // "gpt2": regex pre-tokenizer, byte-level alphabet, rank-ordered merges
  WordPiece,      // "bert": lowercase, split on punctuation, greedy longest match
};

struct EncodeOptions {
  // Add the tokens the model expects around a text (BOS, and EOS if the vocabulary says so).
  bool add_special = true;
  // Recognise control tokens written in the text (<|im_start|>, <s>) as single tokens. Turn on
  // for text produced by a chat template; leave off for user text, where "<s>" is just letters.
  // User-defined tokens are always recognised, as in llama.cpp and Hugging Face.
  bool parse_special = false;
};

struct DecodeOptions {
  // Show control tokens (<|im_end|>, <s>) as their text instead of hiding them.
  bool render_special = false;
  // Drop the space SentencePiece prepends to the start of a text ("▁Hello" -> "Hello").
  bool strip_leading_space = true;
  // Hugging Face's clean_up_tokenization_spaces (" ," -> ",", " 's" -> "'s"), applied only when
  // the vocabulary asks for it. Off by default because it makes decoding lossy.
  bool clean_up_spaces = false;
};

class Tokenizer {
 public:
  // Builds the tokenizer; fails with a clear message when the vocabulary is inconsistent
  // (unknown model or pre-tokenizer, merges that do not parse, missing BOS the model needs).
  static Result<Tokenizer> create(VocabData vocab);
  static Result<Tokenizer> from_gguf(const GgufMetadata& metadata);

  std::vector<TokenId> encode(std::string_view text, const EncodeOptions& options = {}) const;
  std::string decode(std::span<const TokenId> tokens, const DecodeOptions& options = {}) const;

  // The bytes a token stands for (may be part of a UTF-8 character: use StreamDecoder to show
  // tokens one at a time). Control tokens give "" unless render_special. Invalid ids give "".
  std::string_view token_piece(TokenId id, bool render_special = false) const;
  // The token's text as stored in the vocabulary ("▁Hello", "Ġworld", "<0x0A>").
  std::string_view token_text(TokenId id) const;
  TokenType token_type(TokenId id) const;
  // Exact lookup of a token's vocabulary text.
  std::optional<TokenId> find_token(std::string_view text) const;

  int32_t vocab_size() const;
  bool is_valid(TokenId id) const { return id >= 0 && id < vocab_size(); }
  TokenizerKind kind() const;
  const VocabData& vocab() const;

  // Special tokens after llama.cpp's defaults (e.g. a SentencePiece vocabulary without
  // bos_token_id uses 1); kNoToken when the model has none.
  TokenId bos() const;
  TokenId eos() const;
  TokenId eot() const;  // end of turn (<|eot_id|>, <|im_end|>, <end_of_turn>), found by text if unset
  TokenId unk() const;
  TokenId pad() const;
  TokenId newline() const;  // the token for "\n", kNoToken if there is none
  bool adds_bos() const;
  bool adds_eos() const;
  // SentencePiece's dummy prefix: a space is put before the text (and removed when decoding).
  bool adds_space_prefix() const;
  // True for tokens that end a generated reply: EOS, EOT, EOM and the chat end markers.
  bool is_end_of_generation(TokenId id) const;
  // Control or unknown tokens: hidden when decoding unless render_special.
  bool is_control(TokenId id) const;

  // Problems that did not prevent loading (dropped special ids, a guessed pre-tokenizer).
  const std::vector<std::string>& warnings() const;

  struct Impl;

 private:
  explicit Tokenizer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace hearth
