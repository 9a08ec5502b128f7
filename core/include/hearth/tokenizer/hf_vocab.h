// Hugging Face tokenizer files -> VocabData, the way llama.cpp's convert_hf_to_gguf.py reads
// them, so that the converter writes the same tokenizer.ggml.* keys and a tokenizer can be
// tested straight from tokenizer.json.
//
//   tokenizer.model (SentencePiece)  -> model "llama": pieces, scores, types
//   tokenizer.json, byte-level BPE   -> model "gpt2": vocab + added tokens, merges, and the
//                                       pre-tokenizer name found as llama.cpp finds it
//   tokenizer.json, BPE with byte fallback (SentencePiece exported by HF) -> model "llama"
// plus, from tokenizer_config.json / config.json: special token ids, add_bos/add_eos and the
// chat template (llama.cpp's SpecialVocab rules).
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hearth/base/result.h"
#include "hearth/tokenizer/vocab.h"

namespace hearth {

class HfModelFolder;

// The parsed JSON files of a model folder; absent files are null.
struct HfTokenizerFiles {
  const nlohmann::json* tokenizer_json = nullptr;    // tokenizer.json
  const nlohmann::json* tokenizer_config = nullptr;  // tokenizer_config.json
  const nlohmann::json* config = nullptr;            // config.json: vocab_size, bos_token_id, …
  const nlohmann::json* added_tokens = nullptr;      // added_tokens.json (old SentencePiece folders)
};

// A SentencePiece model file (tokenizer.model, a ModelProto protobuf), the parts a GGUF needs.
struct SentencePieceModel {
  enum class PieceType : int { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };
  struct Piece {
    std::string text;
    float score = 0.0f;
    PieceType type = PieceType::Normal;
  };
  std::vector<Piece> pieces;
  int model_type = 1;               // trainer_spec.model_type: 1 unigram, 2 BPE, 3 word, 4 char
  bool byte_fallback = false;       // trainer_spec.byte_fallback
  bool add_dummy_prefix = true;     // normalizer_spec.add_dummy_prefix
  bool remove_extra_whitespaces = true;
  bool escape_whitespaces = true;
};

// Parses tokenizer.model bytes; every length and offset is checked (errors name the offset).
Result<SentencePieceModel> parse_sentencepiece_model(std::span<const std::byte> bytes);

// tokenizer.model + the folder's JSON files -> VocabData (convert_hf_to_gguf.py's
// _set_vocab_sentencepiece): pieces padded to config.json's vocab_size with "[PADi]", added
// tokens from added_tokens.json and tokenizer_config.json, special ids, add_bos/add_eos.
Result<VocabData> vocab_from_sentencepiece(const SentencePieceModel& model, const HfTokenizerFiles& files);

// tokenizer.json (+ tokenizer_config.json, config.json) -> VocabData. A byte-level BPE gets its
// tokenizer.ggml.pre by detect_pre_tokenizer; a byte-fallback BPE becomes a "llama" vocabulary
// whose scores follow the merge order (so SentencePiece-style merging reproduces it).
Result<VocabData> vocab_from_hf_tokenizer_json(const HfTokenizerFiles& files);

// What the converter would use for a model folder: tokenizer.model when present, else
// tokenizer.json (llama.cpp's LlamaModel.set_vocab order).
Result<VocabData> vocab_from_hf_folder(const HfModelFolder& folder);
// The same for a folder that holds only tokenizer files (no config.json or weights needed).
Result<VocabData> vocab_from_tokenizer_folder(const std::filesystem::path& folder);

// Pre-tokenizer detection as llama.cpp's converter does it: tokenize its fixed check text with
// the vocabulary, hash the ids (SHA-256 of the Python list's text) and look the hash up in the
// table of known models. We run our own tokenizer once per distinct regex sequence we
// implement; the hash matches only when our tokens equal the model's own, so a match names both
// the family and a split we reproduce. When no hash matches, the regex in tokenizer.json is
// compared with the known ones (`by_hash` false); failing that, an Unsupported error.
//
// One refinement: llama.cpp ties "ignore merges for words that are whole tokens" to the name
// (llama-bpe has it, smaug-bpe does not, with the same regex). When tokenizer.json's own
// model.ignore_merges disagrees with the hash's name, the name with the same regex and the
// file's flag is chosen instead, so the GGUF tokenizes as the model was trained (a Llama 3
// tokenizer.json without a BOS post-processor hashes as smaug-bpe but is llama-bpe).
struct PreTokenizerDetection {
  std::string pre;       // tokenizer.ggml.pre value
  std::string chkhsh;    // hex SHA-256 of the check text's ids with the matching splitter
  bool by_hash = false;  // false when found by comparing regex text
  std::string note;      // why the name differs from the hash's, when it does
};
// `vocab` is a "gpt2" vocabulary (its pre is ignored); `tokenizer_json` supplies the
// post-processor (BOS the model adds) and the regex for the fallback.
Result<PreTokenizerDetection> detect_pre_tokenizer(const VocabData& vocab, const nlohmann::json& tokenizer_json);

// The check text llama.cpp hashes (exposed for tests and tools).
std::string_view pre_tokenizer_check_text();

}  // namespace hearth
