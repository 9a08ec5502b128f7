// What the wizard's first page finds in a dropped or chosen source: an HF model folder or a
// GGUF file, with the facts a user checks before converting, or a clear error.
#pragma once

#include <QString>
#include <cstdint>

namespace hearth::gui {

struct SourceInspection {
  QString path;
  QString error;             // non-empty: not usable, and why
  bool is_gguf = false;
  QString name;
  QString architecture;      // "LlamaForCausalLM" / "llama"
  uint64_t parameters = 0;
  uint64_t bytes = 0;        // weights on disk
  QString dtype;             // "BF16", "F32"; GGUF: its file type
  int shards = 0;            // safetensors files (HF)
  QString tokenizer;         // what provides the tokenizer, or "" when none was found
  bool chat_template = false;
  int64_t context_length = 0;
  int64_t layer_count = 0;
  bool ok() const { return error.isEmpty(); }
  // A GGUF whose weights are already quantized (Q…, IQ…, TQ…): any new type loses quality again.
  bool already_quantized() const;
};

// Opens a folder (HF) or file (GGUF) and reads its facts. Runs on a worker thread.
SourceInspection inspect_source(const QString& path);

}  // namespace hearth::gui
