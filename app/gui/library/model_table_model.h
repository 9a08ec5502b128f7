// The library as a table for QTableView: one row per GGUF file. DisplayRole is what the user
// reads, SortRole the raw value (bytes, counts, dates) so every column sorts correctly, and
// unreadable files show their error in red with the full text as tooltip.
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "library/model_entry.h"

namespace hearth::gui {

class ModelLibrary;

class ModelTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Name, Architecture, Parameters, Quantization, Size, Context, LastUsed, ColumnCount };
  enum Role { SortRole = Qt::UserRole + 1, PathRole, ErrorRole };

  explicit ModelTableModel(ModelLibrary* library, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  const ModelEntry* entry(int row) const;
  int row_of(const QString& path) const;

  // Header texts are translated on every call; this tells views the language changed.
  void retranslate();

 private:
  void reload();

  ModelLibrary* library_;
  QList<ModelEntry> rows_;
};

}  // namespace hearth::gui
