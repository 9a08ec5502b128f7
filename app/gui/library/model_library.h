// The user's models: the GGUF files in the library folders plus files added one by one.
// Scans run on a worker thread (headers of big files are read through mmap, but a slow disk
// must never freeze the window); the folders are watched so new files appear by themselves.
#pragma once

#include <QFileSystemWatcher>
#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include "library/model_entry.h"

namespace hearth::gui {

class Settings;

class ModelLibrary : public QObject {
  Q_OBJECT

 public:
  explicit ModelLibrary(Settings* settings, QObject* parent = nullptr);
  ~ModelLibrary() override;

  const QList<ModelEntry>& entries() const { return entries_; }
  const ModelEntry* find(const QString& path) const;
  bool scanning() const { return scan_.isRunning(); }

  QStringList folders() const;
  // The folder new models are written to by default (the first library folder, created).
  QString primary_folder() const;
  void add_folder(const QString& folder);
  void remove_folder(const QString& folder);

  // Adds a single GGUF file (kept where it is) and rescans. Returns its canonical path.
  QString add_file(const QString& path);
  // Moves the file to the trash (or deletes it when `permanently`) and forgets it. Returns an
  // error message, or an empty string on success.
  QString remove_file(const QString& path, bool permanently);
  // Records that the model was loaded now (the "Last used" column).
  void mark_used(const QString& path);

 public slots:
  // Re-reads the folders; coalesces bursts of requests into one scan.
  void rescan();

 signals:
  void scan_started();
  // Emitted after every completed scan (also when nothing changed).
  void scan_finished();

 private:
  void start_scan();
  void finish_scan();
  void watch_folders();

  Settings* settings_;
  QList<ModelEntry> entries_;
  QHash<QString, ModelEntry> cache_;  // path -> last read entry, to skip unchanged files
  QFutureWatcher<QList<ModelEntry>> scan_;
  bool rescan_pending_ = false;
  QFileSystemWatcher watcher_;
  QTimer debounce_;
};

}  // namespace hearth::gui
