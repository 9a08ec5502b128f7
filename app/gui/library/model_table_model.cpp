#include "library/model_table_model.h"

#include <QApplication>
#include <QBrush>
#include <QColor>
#include <QFileInfo>
#include <QLocale>
#include <QStyle>

#include "common/format.h"
#include "library/model_library.h"

namespace hearth::gui {

ModelTableModel::ModelTableModel(ModelLibrary* library, QObject* parent)
    : QAbstractTableModel(parent), library_(library) {
  connect(library_, &ModelLibrary::scan_finished, this, &ModelTableModel::reload);
  rows_ = library_->entries();
}

void ModelTableModel::reload() {
  beginResetModel();
  rows_ = library_->entries();
  endResetModel();
}

int ModelTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }
int ModelTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const ModelEntry* ModelTableModel::entry(int row) const {
  return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr;
}

int ModelTableModel::row_of(const QString& path) const {
  for (int i = 0; i < rows_.size(); ++i)
    if (rows_[i].path == path) return i;
  return -1;
}

QVariant ModelTableModel::data(const QModelIndex& index, int role) const {
  const ModelEntry* e = entry(index.row());
  if (!e) return {};
  const int col = index.column();

  if (role == PathRole) return e->path;
  if (role == ErrorRole) return e->error;

  if (!e->readable()) {
    // Unreadable: the name, then the error across the remaining text, in red.
    switch (role) {
      case Qt::DisplayRole:
        if (col == Name) return QFileInfo(e->file_name).completeBaseName();
        if (col == Architecture) {
          // The core's message starts with the path; the row already says which file it is.
          QString error = e->error;
          if (error.startsWith(e->path + QStringLiteral(": "))) error = error.mid(e->path.size() + 2);
          return tr("Unreadable: %1").arg(error);
        }
        if (col == Size) return format_bytes(e->size_on_disk);
        return {};
      case SortRole:
        if (col == Name) return e->file_name.toLower();
        if (col == Size) return qulonglong(e->size_on_disk);
        return {};
      case Qt::ToolTipRole: return e->error;
      case Qt::ForegroundRole: return QBrush(QColor(0xc6, 0x28, 0x28));
      case Qt::DecorationRole:
        if (col == Name) return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        return {};
      default: return {};
    }
  }

  switch (role) {
    case Qt::DisplayRole:
      switch (col) {
        case Name: return QFileInfo(e->file_name).completeBaseName();
        case Architecture: return e->architecture;
        case Parameters: return format_parameters(e->parameters);
        case Quantization: return e->file_type;
        case Size: return format_bytes(e->size_on_disk);
        case Context: return e->context_length ? format_context(*e->context_length) : QString();
        case LastUsed:
          return e->last_used.isValid() ? QLocale().toString(e->last_used, QLocale::ShortFormat) : tr("Never");
      }
      return {};
    case SortRole:
      switch (col) {
        case Name: return e->file_name.toLower();
        case Architecture: return e->architecture;
        case Parameters: return qulonglong(e->parameters);
        case Quantization: return e->file_type;
        case Size: return qulonglong(e->size_on_disk);
        case Context: return qlonglong(e->context_length.value_or(0));
        case LastUsed: return e->last_used.isValid() ? e->last_used.toMSecsSinceEpoch() : qint64(0);
      }
      return {};
    case Qt::ToolTipRole:
      if (col == Name) return QStringLiteral("%1\n%2").arg(e->name, e->path);
      return {};
    case Qt::TextAlignmentRole:
      if (col == Parameters || col == Size || col == Context) return int(Qt::AlignRight | Qt::AlignVCenter);
      return {};
    default: return {};
  }
}

QVariant ModelTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::TextAlignmentRole) {
    if (section == Parameters || section == Size || section == Context) return int(Qt::AlignRight | Qt::AlignVCenter);
    return int(Qt::AlignLeft | Qt::AlignVCenter);
  }
  if (role != Qt::DisplayRole) return {};
  switch (section) {
    case Name: return tr("Name");
    case Architecture: return tr("Architecture");
    case Parameters: return tr("Parameters");
    case Quantization: return tr("Quantization");
    case Size: return tr("Size");
    case Context: return tr("Context");
    case LastUsed: return tr("Last used");
  }
  return {};
}

void ModelTableModel::retranslate() {
  emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
  if (!rows_.isEmpty()) emit dataChanged(index(0, 0), index(int(rows_.size()) - 1, ColumnCount - 1));
}

}  // namespace hearth::gui
