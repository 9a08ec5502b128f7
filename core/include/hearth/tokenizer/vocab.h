// The vocabulary as GGUF stores it (`tokenizer.ggml.*`): plain data, shared by the tokenizer
// (which builds its lookup tables from it), the converter (which fills it from Hugging Face
// files and writes it) and `inspect`. Nothing here interprets the vocabulary; see tokenizer.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hearth/base/result.h"

namespace hearth {

class GgufMetadata;

using TokenId = int32_t;
inline constexpr TokenId kNoToken = -1;

// `tokenizer.ggml.token_type` values (the same numbers llama.cpp and the HF converter use).
enum class TokenType : int32_t {
  Undefined = 0,
  Normal = 1,
  Unknown = 2,
  Control = 3,      // <s>, <|im_start|>: never produced from plain text, hidden when decoding
  UserDefined = 4,  // added tokens that are always matched as a whole, even in plain text
  Unused = 5,
  Byte = 6,         // SentencePiece byte fallback <0xNN>
};
std::string_view token_type_name(TokenType type);

// Roles a vocabulary can assign to token ids, each stored under its own GGUF key.
enum class SpecialToken : uint8_t {
  Bos, Eos, Unk, Sep, Pad, Cls, Mask, Eot, Eom, FimPre, FimSuf, FimMid, FimPad, FimRep, FimSep,
};
inline constexpr int kSpecialTokenCount = 15;
// "bos", "eos", "unk", "sep", "pad", "cls", "mask", "eot", "eom", "fim_pre", …
std::string_view special_token_name(SpecialToken role);
// "tokenizer.ggml.bos_token_id", … (keeps GGUF's historical spelling "seperator_token_id").
std::string_view special_token_gguf_key(SpecialToken role);

// GGUF metadata keys of the tokenizer, defined once.
namespace gguf_keys {
inline constexpr std::string_view kModel = "tokenizer.ggml.model";
inline constexpr std::string_view kPre = "tokenizer.ggml.pre";
inline constexpr std::string_view kTokens = "tokenizer.ggml.tokens";
inline constexpr std::string_view kScores = "tokenizer.ggml.scores";
inline constexpr std::string_view kTokenTypes = "tokenizer.ggml.token_type";
inline constexpr std::string_view kMerges = "tokenizer.ggml.merges";
inline constexpr std::string_view kAddBos = "tokenizer.ggml.add_bos_token";
inline constexpr std::string_view kAddEos = "tokenizer.ggml.add_eos_token";
inline constexpr std::string_view kAddSpacePrefix = "tokenizer.ggml.add_space_prefix";
inline constexpr std::string_view kRemoveExtraWhitespaces = "tokenizer.ggml.remove_extra_whitespaces";
inline constexpr std::string_view kChatTemplate = "tokenizer.chat_template";
inline constexpr std::string_view kGeneralName = "general.name";
}  // namespace gguf_keys

struct VocabData {
  // tokenizer.ggml.model: "llama" (SentencePiece BPE), "gpt2" (byte-level BPE), "bert"
  // (WordPiece); "none"/"no_vocab" for models without a vocabulary.
  std::string model;
  // tokenizer.ggml.pre: the pre-tokenizer of a "gpt2" vocabulary ("llama-bpe", "qwen2", …);
  // empty when the key is absent.
  std::string pre;
  std::vector<std::string> tokens;   // [n_vocab] token texts (byte-level alphabet for "gpt2")
  std::vector<float> scores;         // [n_vocab], or empty when the file has none
  std::vector<TokenType> types;      // [n_vocab], or empty when the file has none (all Normal)
  std::vector<std::string> merges;   // BPE merges "left right", best (rank 0) first
  // Special token ids in the order they are written (llama.cpp's converter order).
  std::vector<std::pair<SpecialToken, TokenId>> special_ids;
  // Flags that are written only when set.
  std::optional<bool> add_bos;
  std::optional<bool> add_eos;
  std::optional<bool> add_space_prefix;
  std::optional<bool> remove_extra_whitespaces;
  std::optional<std::string> chat_template;
  // general.name: llama.cpp derives a few token attributes from it (Phi-3); read, never written.
  std::string model_name;
  // Things a user may want to know (an out-of-range special id that was dropped, a guessed
  // pre-tokenizer); never written to a file.
  std::vector<std::string> warnings;

  size_t size() const { return tokens.size(); }
  std::optional<TokenId> special_id(SpecialToken role) const;
  // Sets a role's id, replacing an earlier one in place (so the write order is kept).
  void set_special_id(SpecialToken role, TokenId id);
  void clear_special_id(SpecialToken role);
  TokenType type_of(TokenId id) const {
    return types.empty() ? TokenType::Normal : types[static_cast<size_t>(id)];
  }
};

// Reads tokenizer.ggml.* (and general.name) from GGUF metadata. Checks what is structural —
// arrays present, of the right element type and of equal length — and reports it with the key
// name; special ids outside the vocabulary are dropped with a warning (as llama.cpp does: many
// files carry 0xFFFFFFFF for "none").
Result<VocabData> vocab_from_gguf(const GgufMetadata& metadata);

// Writes the tokenizer keys in the order llama.cpp's converter does: model, pre, tokens,
// scores, token_type, merges, special ids, add_bos/add_eos, chat_template, add_space_prefix,
// remove_extra_whitespaces. Keys of absent (empty/unset) fields are not written.
void write_vocab_to_gguf(const VocabData& vocab, GgufMetadata& metadata);

}  // namespace hearth
