// Everything the details pane shows about one GGUF file, read on a worker thread when the
// user selects it: the summary facts, the metadata as display rows, and how many tensors and
// bytes each tensor type accounts for (the histogram).
#pragma once

#include <QList>
#include <QString>
#include <cstdint>

namespace hearth::gui {

struct MetadataRow {
  QString key;
  QString type;   // "u32", "string", "array[string]"
  QString value;  // display text; long strings and arrays are abbreviated
};

struct TensorTypeShare {
  QString type;  // "q4_K"
  uint64_t tensors = 0;
  uint64_t bytes = 0;
};

struct ModelDetails {
  QString path;
  QString error;  // non-empty when unreadable

  QString name;
  QString architecture;
  QString file_type;
  uint64_t parameters = 0;
  uint64_t tensor_bytes = 0;
  uint64_t tensor_count = 0;
  int64_t context_length = 0;    // 0 when unknown
  int64_t layer_count = 0;
  int64_t embedding_length = 0;
  int64_t vocab_size = 0;
  QString tokenizer;
  bool has_chat_template = false;
  uint32_t gguf_version = 0;

  QList<TensorTypeShare> types;  // largest share first
  QList<MetadataRow> metadata;   // file order
};

ModelDetails read_model_details(const QString& path);

}  // namespace hearth::gui
