#include "window/app_context.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include "chat/conversation_store.h"
#include "engine/quantize_job.h"
#include "library/model_library.h"
#include "window/language.h"
#include "window/settings.h"

namespace hearth::gui {

void register_gui_types() {
  qRegisterMetaType<LoadSettings>();
  qRegisterMetaType<SamplingSettings>();
  qRegisterMetaType<ChatTurn>();
  qRegisterMetaType<LoadedModelInfo>();
  qRegisterMetaType<GenerationStats>();
  qRegisterMetaType<QuantizeOutcome>();
}

AppContext::AppContext(std::unique_ptr<Settings> settings, const QString& data_folder) : settings_(std::move(settings)) {
  register_gui_types();
  QDir().mkpath(data_folder);
  language_ = std::make_unique<LanguageManager>();
  language_->apply(settings_->language());
  library_ = std::make_unique<ModelLibrary>(settings_.get());
  store_ = std::make_unique<ConversationStore>();
  if (!store_->open(QDir(data_folder).filePath(QStringLiteral("conversations.sqlite")))) {
    // Keep the file as it is (it may be from a newer Hearth) and chat without history.
    store_error_ = store_->error();
    store_->open(QStringLiteral(":memory:"));
  }
}

AppContext AppContext::standard() {
  return AppContext(std::make_unique<Settings>(), QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation));
}

AppContext AppContext::in_folder(const QString& folder) {
  QDir().mkpath(folder);
  auto settings = std::make_unique<Settings>(QDir(folder).filePath(QStringLiteral("settings.ini")));
  if (!QFileInfo::exists(QDir(folder).filePath(QStringLiteral("settings.ini"))))
    settings->set_library_folders({QDir(folder).filePath(QStringLiteral("models"))});
  return AppContext(std::move(settings), folder);
}

AppContext::AppContext(AppContext&&) noexcept = default;
AppContext& AppContext::operator=(AppContext&&) noexcept = default;
AppContext::~AppContext() = default;

}  // namespace hearth::gui
