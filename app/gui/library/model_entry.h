// One GGUF file of the library as the browser shows it: the facts from its header, or the
// error that made it unreadable (such files stay listed, with their error, instead of vanishing).
#pragma once

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <cstdint>
#include <optional>

namespace hearth::gui {

struct ModelEntry {
  QString path;         // absolute, canonical
  QString file_name;
  uint64_t size_on_disk = 0;
  QDateTime modified;
  QDateTime last_used;  // invalid when never used

  QString error;        // non-empty: the file could not be read, and why
  bool readable() const { return error.isEmpty(); }

  // From the header (valid only when readable).
  QString name;           // general.name, or the file name
  QString architecture;   // "llama"
  QString file_type;      // "Q4_K - Medium"
  uint64_t parameters = 0;
  std::optional<int64_t> context_length;
  std::optional<int64_t> layer_count;
  QList<QPair<QString, uint64_t>> tensor_types;  // type name -> number of tensors, sorted by name
};

}  // namespace hearth::gui
