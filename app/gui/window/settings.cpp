#include "window/settings.h"

#include <QDir>
#include <QStandardPaths>
#include <algorithm>

namespace hearth::gui {

namespace {
// Keys, one per fact.
constexpr auto kLibraryFolders = "library/folders";
constexpr auto kLibraryFiles = "library/files";
constexpr auto kLastUsed = "library/lastUsed";
constexpr auto kLastModel = "model/last";
constexpr auto kLoadSettings = "model/loadSettings";  // path -> [context size, GPU layers]
constexpr auto kAssumedGpuMemory = "model/assumedGpuMemory";
constexpr auto kGpuDevice = "model/gpuDevice";
constexpr auto kLanguage = "ui/language";
constexpr auto kGeometry = "window/geometry";
constexpr auto kState = "window/state";
constexpr auto kPage = "window/page";

constexpr uint64_t kDefaultAssumedGpu = 6ull << 30;  // a typical laptop GPU: 6 GiB
}  // namespace

Settings::Settings(QObject* parent) : QObject(parent), settings_(std::make_unique<QSettings>()) {}

Settings::Settings(const QString& ini_path, QObject* parent)
    : QObject(parent), settings_(std::make_unique<QSettings>(ini_path, QSettings::IniFormat)) {}

Settings::~Settings() = default;

QString Settings::default_library_folder() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("models"));
}

QStringList Settings::library_folders() const {
  if (!settings_->contains(kLibraryFolders)) return {default_library_folder()};
  return settings_->value(kLibraryFolders).toStringList();
}

void Settings::set_library_folders(const QStringList& folders) {
  settings_->setValue(kLibraryFolders, folders);
  emit library_changed();
}

QStringList Settings::library_files() const { return settings_->value(kLibraryFiles).toStringList(); }

void Settings::set_library_files(const QStringList& files) {
  settings_->setValue(kLibraryFiles, files);
  emit library_changed();
}

QDateTime Settings::last_used(const QString& model_path) const {
  return settings_->value(kLastUsed).toMap().value(model_path).toDateTime();
}

void Settings::set_last_used(const QString& model_path, const QDateTime& when) {
  auto map = settings_->value(kLastUsed).toMap();
  map.insert(model_path, when);
  settings_->setValue(kLastUsed, map);
}

QString Settings::last_model() const { return settings_->value(kLastModel).toString(); }
void Settings::set_last_model(const QString& path) { settings_->setValue(kLastModel, path); }

LoadSettings Settings::load_settings(const QString& model_path) const {
  // Each file keeps its own: a 2K-context model must not inherit a 512 chosen for another.
  LoadSettings d;
  const QVariantList saved = settings_->value(kLoadSettings).toMap().value(model_path).toList();
  if (saved.size() == 2) {
    d.context_size = saved[0].toInt();
    d.gpu_layers = saved[1].toInt();
  }
  return d;
}

void Settings::set_load_settings(const QString& model_path, const LoadSettings& load) {
  if (model_path.isEmpty()) return;
  auto map = settings_->value(kLoadSettings).toMap();
  map.insert(model_path, QVariantList{load.context_size, load.gpu_layers});
  settings_->setValue(kLoadSettings, map);
}

uint64_t Settings::assumed_gpu_memory() const {
  return settings_->value(kAssumedGpuMemory, qulonglong(kDefaultAssumedGpu)).toULongLong();
}
void Settings::set_assumed_gpu_memory(uint64_t bytes) { settings_->setValue(kAssumedGpuMemory, qulonglong(bytes)); }

int Settings::gpu_device() const { return settings_->value(kGpuDevice, 0).toInt(); }
void Settings::set_gpu_device(int index) { settings_->setValue(kGpuDevice, index); }

SamplingSettings Settings::sampling() const {
  SamplingSettings d;
  settings_->beginGroup(QStringLiteral("sampling"));
  d.temperature = settings_->value("temperature", d.temperature).toDouble();
  d.top_k = settings_->value("topK", d.top_k).toInt();
  d.top_p = settings_->value("topP", d.top_p).toDouble();
  d.min_p = settings_->value("minP", d.min_p).toDouble();
  d.repeat_penalty = settings_->value("repeatPenalty", d.repeat_penalty).toDouble();
  d.max_tokens = settings_->value("maxTokens", d.max_tokens).toInt();
  d.seed = settings_->value("seed", qlonglong(d.seed)).toLongLong();
  d.context_policy = ContextPolicy(std::clamp(settings_->value("contextPolicy", int(d.context_policy)).toInt(), 0, 2));
  settings_->endGroup();
  return d;
}

void Settings::set_sampling(const SamplingSettings& s) {
  settings_->beginGroup(QStringLiteral("sampling"));
  settings_->setValue("temperature", s.temperature);
  settings_->setValue("topK", s.top_k);
  settings_->setValue("topP", s.top_p);
  settings_->setValue("minP", s.min_p);
  settings_->setValue("repeatPenalty", s.repeat_penalty);
  settings_->setValue("maxTokens", s.max_tokens);
  settings_->setValue("seed", qlonglong(s.seed));
  settings_->setValue("contextPolicy", int(s.context_policy));
  settings_->endGroup();
}

QString Settings::default_system_prompt() const {
  return settings_->value("chat/defaultSystemPrompt").toString();
}

QString Settings::language() const { return settings_->value(kLanguage).toString(); }

void Settings::set_language(const QString& code) {
  if (code == language()) return;
  settings_->setValue(kLanguage, code);
  emit language_changed(code);
}

QByteArray Settings::window_geometry() const { return settings_->value(kGeometry).toByteArray(); }
QByteArray Settings::window_state() const { return settings_->value(kState).toByteArray(); }

void Settings::set_window_layout(const QByteArray& geometry, const QByteArray& state) {
  settings_->setValue(kGeometry, geometry);
  settings_->setValue(kState, state);
}

QByteArray Settings::splitter_state(const QString& name) const {
  return settings_->value(QStringLiteral("window/splitter/") + name).toByteArray();
}

void Settings::set_splitter_state(const QString& name, const QByteArray& state) {
  settings_->setValue(QStringLiteral("window/splitter/") + name, state);
}

int Settings::current_page() const { return settings_->value(kPage, 0).toInt(); }
void Settings::set_current_page(int page) { settings_->setValue(kPage, page); }

QVariant Settings::value(const QString& key) const { return settings_->value(key); }
void Settings::set_value(const QString& key, const QVariant& value) { settings_->setValue(key, value); }

void Settings::sync() { settings_->sync(); }

}  // namespace hearth::gui
