// Everything the app remembers between runs, stored with QSettings: library folders, the last
// model and how it was loaded, sampling values, window layout and the interface language.
// One typed accessor per value so keys and defaults are defined in one place.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QSettings>
#include <QStringList>
#include <memory>

#include "engine/engine_types.h"

namespace hearth::gui {

class Settings : public QObject {
  Q_OBJECT

 public:
  // The platform's default place (registry on Windows, ~/.config/Hearth/Hearth.conf on Linux).
  explicit Settings(QObject* parent = nullptr);
  // An INI file at `path` (tests, portable installs).
  explicit Settings(const QString& ini_path, QObject* parent = nullptr);
  ~Settings() override;

  // Folders scanned for GGUF files; the first is where new models are written by default.
  QStringList library_folders() const;
  void set_library_folders(const QStringList& folders);
  // GGUF files added one by one (dropped or chosen) that live outside the library folders.
  QStringList library_files() const;
  void set_library_files(const QStringList& files);
  static QString default_library_folder();

  QDateTime last_used(const QString& model_path) const;
  void set_last_used(const QString& model_path, const QDateTime& when);

  QString last_model() const;
  void set_last_model(const QString& path);

  // How `model_path` was last loaded (context size, GPU layers); defaults for a new file.
  LoadSettings load_settings(const QString& model_path) const;
  void set_load_settings(const QString& model_path, const LoadSettings& load);
  // The GPU size the offload picture plans for when no GPU backend reports one (bytes).
  uint64_t assumed_gpu_memory() const;
  void set_assumed_gpu_memory(uint64_t bytes);
  // The GPU the offload card plans for and loads on (GpuDeviceInfo::index); -1: a GPU of the
  // assumed size, as a plan only. Default: the first device the engine lists.
  int gpu_device() const;
  void set_gpu_device(int index);

  SamplingSettings sampling() const;
  void set_sampling(const SamplingSettings& sampling);
  QString default_system_prompt() const;

  // "" follows the system language; otherwise "en" or "zh_CN".
  QString language() const;
  void set_language(const QString& code);

  QByteArray window_geometry() const;
  QByteArray window_state() const;
  void set_window_layout(const QByteArray& geometry, const QByteArray& state);
  QByteArray splitter_state(const QString& name) const;
  void set_splitter_state(const QString& name, const QByteArray& state);
  int current_page() const;
  void set_current_page(int page);

  // Small view preferences without a typed accessor of their own (e.g. "chat/sidePanel").
  QVariant value(const QString& key) const;
  void set_value(const QString& key, const QVariant& value);

  void sync();

 signals:
  void library_changed();
  void language_changed(const QString& code);

 private:
  std::unique_ptr<QSettings> settings_;
};

}  // namespace hearth::gui
