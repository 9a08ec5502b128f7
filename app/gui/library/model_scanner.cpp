#include "library/model_scanner.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QSet>

#include "hearth/io/gguf.h"
#include "hearth/io/model_summary.h"

namespace hearth::gui {

namespace {

void collect(const QString& folder, int depth, QStringList& out, QSet<QString>& seen) {
  QDir dir(folder);
  if (!dir.exists()) return;
  const auto files = dir.entryInfoList({QStringLiteral("*.gguf"), QStringLiteral("*.GGUF")}, QDir::Files | QDir::Readable);
  for (const QFileInfo& f : files) {
    const QString path = f.canonicalFilePath();
    if (!path.isEmpty() && !seen.contains(path)) {
      seen.insert(path);
      out << path;
    }
  }
  if (depth <= 0) return;
  for (const QFileInfo& sub : dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Readable)) {
    if (!sub.isSymLink()) collect(sub.filePath(), depth - 1, out, seen);
  }
}

}  // namespace

QStringList find_model_files(const QStringList& folders, const QStringList& files) {
  QStringList out;
  QSet<QString> seen;
  for (const QString& folder : folders) collect(folder, kLibraryScanDepth, out, seen);
  for (const QString& file : files) {
    const QFileInfo f(file);
    // A registered file that has disappeared is dropped silently: the user moved or deleted it.
    if (!f.exists()) continue;
    const QString path = f.canonicalFilePath();
    if (!seen.contains(path)) {
      seen.insert(path);
      out << path;
    }
  }
  return out;
}

ModelEntry read_model_entry(const QString& path) {
  ModelEntry e;
  const QFileInfo info(path);
  e.path = path;
  e.file_name = info.fileName();
  e.size_on_disk = uint64_t(info.size());
  e.modified = info.lastModified();
  e.name = info.completeBaseName();

  auto file = GgufFile::open(path.toStdString());
  if (!file.ok()) {
    e.error = QString::fromStdString(file.error().message);
    return e;
  }
  const ModelSummary s = summarize(*file);
  if (!s.name.empty()) e.name = QString::fromStdString(s.name);
  e.architecture = QString::fromStdString(s.architecture);
  e.file_type = QString::fromStdString(s.file_type);
  e.parameters = s.parameter_count;
  e.context_length = s.context_length;
  e.layer_count = s.layer_count;
  for (const auto& [type, count] : s.tensor_types) e.tensor_types.append({QString::fromStdString(type), count});
  if (e.architecture.isEmpty()) {
    // A GGUF without general.architecture cannot be run; say so rather than show a blank.
    e.error = QCoreApplication::translate("hearth::gui::ModelScanner",
                                          "%1: the file has no general.architecture key, so it cannot be run")
                  .arg(e.file_name);
  }
  return e;
}

QList<ModelEntry> scan_models(const QStringList& paths, const QHash<QString, ModelEntry>& previous) {
  QList<ModelEntry> out;
  out.reserve(paths.size());
  for (const QString& path : paths) {
    const QFileInfo info(path);
    const auto it = previous.find(path);
    if (it != previous.end() && it->size_on_disk == uint64_t(info.size()) && it->modified == info.lastModified()) {
      out << *it;
    } else {
      out << read_model_entry(path);
    }
  }
  return out;
}

}  // namespace hearth::gui
