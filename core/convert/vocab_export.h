// Writes the tokenizer.ggml.* metadata of a converted model exactly as llama.cpp's
// convert_hf_to_gguf.py does, from whichever tokenizer file the folder has:
//   tokenizer.model  (SentencePiece, read with libsentencepiece)      -> tokenizer.ggml.model "llama"
//   tokenizer.json   (byte-level BPE: Llama 3, Qwen2 …)                -> "gpt2"
//   tokenizer.json   (SentencePiece-style BPE with byte fallback)     -> "llama"
//   qwen.tiktoken    (the original Qwen)                               -> "gpt2"
// followed by the special-token ids, add_bos/add_eos flags and chat template (gguf-py's
// SpecialVocab rules).
//
// The pre-tokenizer name comes from hearth/tokenizer's detect_pre_tokenizer (llama.cpp's hash
// check). The token lists are written here rather than through vocab_from_hf_folder because the
// converter's per-architecture rules (Qwen's tiktoken, Gemma's flags) pin the exact key order
// and values that the ConvertVocab tests compare with llama.cpp's files.
#pragma once

#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "convert/hf_architecture.h"
#include "hearth/io/gguf.h"
#include "hearth/io/hf_folder.h"

namespace hearth::convert {

// Appends the vocabulary keys for the first kind whose file exists. Throws NotFound naming the
// files looked for when none does, Format for a broken tokenizer file.
void export_vocabulary(const HfModelFolder& folder, std::span<const VocabKind> kinds, GgufMetadata& out);

// GPT-2's reversible byte -> printable code point table, as UTF-8 strings for each byte.
const std::array<std::string, 256>& byte_level_alphabet();

}  // namespace hearth::convert
