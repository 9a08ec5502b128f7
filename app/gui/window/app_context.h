// Everything the main window is built from: settings, the model library, the chat history,
// the language, and the factories of the engine adapters. The app uses standard(); tests and
// the screenshot script use in_folder() so nothing touches the user's real settings.
#pragma once

#include <QString>
#include <functional>
#include <memory>

#include "engine/inference_backend.h"
#include "engine/quantize_backend.h"

namespace hearth::gui {

class ConversationStore;
class LanguageManager;
class ModelLibrary;
class Settings;

class AppContext {
 public:
  // The platform's settings and data folders.
  static AppContext standard();
  // Settings, library and chat history all under `folder` (created).
  static AppContext in_folder(const QString& folder);

  AppContext(AppContext&&) noexcept;
  AppContext& operator=(AppContext&&) noexcept;
  ~AppContext();

  Settings* settings() const { return settings_.get(); }
  ModelLibrary* library() const { return library_.get(); }
  ConversationStore* store() const { return store_.get(); }
  LanguageManager* language() const { return language_.get(); }
  // Why the chat history could not be opened (then chats live in memory only); empty when fine.
  QString store_error() const { return store_error_; }

  std::function<std::unique_ptr<InferenceBackend>()> make_inference = make_engine_backend;
  std::function<std::unique_ptr<QuantizeBackend>()> make_quantizer = make_core_quantize_backend;

 private:
  AppContext(std::unique_ptr<Settings> settings, const QString& data_folder);

  std::unique_ptr<Settings> settings_;
  std::unique_ptr<LanguageManager> language_;
  std::unique_ptr<ModelLibrary> library_;
  std::unique_ptr<ConversationStore> store_;
  QString store_error_;
};

// Registers the value types that cross threads in queued signals. Called by AppContext.
void register_gui_types();

}  // namespace hearth::gui
