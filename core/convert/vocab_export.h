// Writes the tokenizer.ggml.* metadata of a converted model exactly as llama.cpp's
// convert_hf_to_gguf.py does, from whichever tokenizer file the folder has:
//   tokenizer.model  (SentencePiece, read with libsentencepiece)      -> tokenizer.ggml.model "llama"
//   tokenizer.json   (byte-level BPE: Llama 3, Qwen2 …)                -> "gpt2"
//   tokenizer.json   (SentencePiece-style BPE with byte fallback)     -> "llama"
//   qwen.tiktoken    (the original Qwen)                               -> "gpt2"
// followed by the special-token ids, add_bos/add_eos flags and chat template (gguf-py's
// SpecialVocab rules).
//
// NOTE for the tokenizer module: the tokenizer.json reading here is deliberately small and
// self-contained (it only needs ids, contents and flags). When hearth/tokenizer grows a shared
// tokenizer.json vocabulary loader and a pre-tokenizer detector, detect_bpe_pre_tokenizer() and
// the json walking below should call it instead.
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

// tokenizer.ggml.pre for a byte-level BPE tokenizer.json, recognised from its pre-tokenizer
// (the split regex): "llama-bpe", "qwen2", "gpt-2"…; throws Unsupported when unknown.
std::string detect_bpe_pre_tokenizer(const nlohmann::json& tokenizer_json);

// GPT-2's reversible byte -> printable code point table, as UTF-8 strings for each byte.
const std::array<std::string, 256>& byte_level_alphabet();

}  // namespace hearth::convert
