#include "library/model_library.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include "library/model_scanner.h"
#include "window/settings.h"

namespace hearth::gui {

namespace {
bool is_inside(const QString& path, const QString& folder) {
  const QString f = QFileInfo(folder).canonicalFilePath();
  return !f.isEmpty() && path.startsWith(f + QLatin1Char('/'));
}
}  // namespace

ModelLibrary::ModelLibrary(Settings* settings, QObject* parent) : QObject(parent), settings_(settings) {
  connect(&scan_, &QFutureWatcher<QList<ModelEntry>>::finished, this, &ModelLibrary::finish_scan);
  debounce_.setSingleShot(true);
  debounce_.setInterval(300);  // a quantizer renaming its output fires several events at once
  connect(&debounce_, &QTimer::timeout, this, &ModelLibrary::rescan);
  connect(&watcher_, &QFileSystemWatcher::directoryChanged, &debounce_, qOverload<>(&QTimer::start));
}

ModelLibrary::~ModelLibrary() { scan_.waitForFinished(); }

const ModelEntry* ModelLibrary::find(const QString& path) const {
  const QString canonical = QFileInfo(path).canonicalFilePath();
  for (const auto& e : entries_)
    if (e.path == path || e.path == canonical) return &e;
  return nullptr;
}

QStringList ModelLibrary::folders() const { return settings_->library_folders(); }

QString ModelLibrary::primary_folder() const {
  const QStringList f = folders();
  const QString folder = f.isEmpty() ? Settings::default_library_folder() : f.first();
  QDir().mkpath(folder);
  return folder;
}

void ModelLibrary::add_folder(const QString& folder) {
  QStringList f = folders();
  const QString clean = QDir::cleanPath(QDir(folder).absolutePath());
  if (f.contains(clean)) return;
  f << clean;
  settings_->set_library_folders(f);
  rescan();
}

void ModelLibrary::remove_folder(const QString& folder) {
  QStringList f = folders();
  f.removeAll(folder);
  settings_->set_library_folders(f);
  rescan();
}

QString ModelLibrary::add_file(const QString& path) {
  const QString canonical = QFileInfo(path).canonicalFilePath();
  if (canonical.isEmpty()) return {};
  bool covered = false;
  for (const QString& folder : folders()) covered = covered || is_inside(canonical, folder);
  QStringList files = settings_->library_files();
  if (!covered && !files.contains(canonical)) {
    files << canonical;
    settings_->set_library_files(files);
  }
  rescan();
  return canonical;
}

QString ModelLibrary::remove_file(const QString& path, bool permanently) {
  QFile file(path);
  bool ok = false;
  if (!permanently) {
    ok = file.moveToTrash();
  } else {
    ok = file.remove();
  }
  if (!ok && file.exists()) return file.errorString().isEmpty() ? tr("the file could not be removed") : file.errorString();
  QStringList files = settings_->library_files();
  if (files.removeAll(path) > 0) settings_->set_library_files(files);
  cache_.remove(path);
  rescan();
  return {};
}

void ModelLibrary::mark_used(const QString& path) {
  const QDateTime now = QDateTime::currentDateTime();
  settings_->set_last_used(path, now);
  for (auto& e : entries_)
    if (e.path == path) e.last_used = now;
  if (cache_.contains(path)) cache_[path].last_used = now;
  emit scan_finished();
}

void ModelLibrary::rescan() {
  if (scan_.isRunning()) {
    rescan_pending_ = true;  // run again when the current scan ends: it may have missed a change
    return;
  }
  start_scan();
}

void ModelLibrary::start_scan() {
  rescan_pending_ = false;
  const QStringList folders = this->folders();
  const QStringList files = settings_->library_files();
  const QHash<QString, ModelEntry> previous = cache_;
  emit scan_started();
  scan_.setFuture(QtConcurrent::run([folders, files, previous] {
    return scan_models(find_model_files(folders, files), previous);
  }));
  watch_folders();
}

void ModelLibrary::finish_scan() {
  entries_ = scan_.result();
  cache_.clear();
  for (auto& e : entries_) {
    e.last_used = settings_->last_used(e.path);
    cache_.insert(e.path, e);
  }
  if (rescan_pending_) {
    start_scan();
    return;  // the fresher scan reports when it ends
  }
  emit scan_finished();
}

void ModelLibrary::watch_folders() {
  if (!watcher_.directories().isEmpty()) watcher_.removePaths(watcher_.directories());
  for (const QString& folder : folders())
    if (QFileInfo::exists(folder)) watcher_.addPath(folder);
}

}  // namespace hearth::gui
