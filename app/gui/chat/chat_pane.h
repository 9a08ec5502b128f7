// The Chat page: conversations on the left, the open conversation with its composer in the
// middle, and on the right the model settings — system prompt, sampling, memory and offload.
// It ties the store (what was said), the inference controller (the engine on its thread) and
// the view together: send, stream, stop, regenerate, edit and resend.
#pragma once

#include <QPointer>
#include <QWidget>
#include <memory>

#include "chat/conversation_store.h"
#include "engine/engine_types.h"

class QComboBox;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSplitter;

namespace hearth::gui {

class AnswerStream;
class ChatView;
class Composer;
class ConversationList;
class InferenceController;
class MessageWidget;
class ModelLibrary;
class OffloadPanel;
class SamplingPanel;
class Settings;

class ChatPane : public QWidget {
  Q_OBJECT

 public:
  ChatPane(ConversationStore* store, InferenceController* engine, ModelLibrary* library, Settings* settings,
           QWidget* parent = nullptr);
  ~ChatPane() override;

  // Chooses a model and loads it with the offload panel's settings.
  void chat_with(const QString& model_path);
  QString selected_model() const;
  void open_conversation(qint64 id);
  qint64 current_conversation() const { return conversation_; }
  bool generating() const;

  // Sends a message as if typed (loads the selected model first when needed).
  void send(const QString& text);
  void stop();
  void regenerate();

  ChatView* view() const { return view_; }
  Composer* composer() const { return composer_; }
  OffloadPanel* offload() const { return offload_; }
  SamplingPanel* sampling() const { return sampling_; }
  QComboBox* model_picker() const { return model_picker_; }
  QPushButton* load_button() const { return load_; }
  QPushButton* go_to_models_button() const { return go_to_models_; }
  QPushButton* side_panel_toggle() const { return side_toggle_; }
  QWidget* side_panel() const { return side_panel_; }
  void set_side_panel_visible(bool shown);
  ConversationList* conversations() const { return list_; }
  QPlainTextEdit* system_prompt() const { return system_prompt_; }

  void save_layout();

 signals:
  void model_status_changed(const QString& model, const QString& device);
  void speed_changed(double tokens_per_second);
  void busy_changed(bool busy);
  void message(const QString& text, int timeout_ms);
  // "No model yet": the user wants to add one.
  void models_page_requested();

 protected:
  void changeEvent(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void retranslate();
  void fill_model_picker();
  void load_selected();
  void on_loaded(const LoadedModelInfo& info);
  void on_load_failed(const QString& error, bool cancelled);
  void start_answer();
  void on_text(quint64 request, const QString& piece);
  void on_finished(quint64 request, const GenerationStats& stats);
  void on_edit_submitted(MessageWidget* message, const QString& text);
  void ensure_conversation(const QString& first_message);
  void set_busy(bool busy);
  void update_load_ui();

  ConversationStore* store_;
  InferenceController* engine_;
  ModelLibrary* library_;
  Settings* settings_;

  qint64 conversation_ = 0;
  std::unique_ptr<AnswerStream> stream_;
  quint64 request_ = 0;
  bool send_after_load_ = false;
  bool layout_restored_ = false;
  bool load_when_planned_ = false;  // a load waits for the offload card to read the model  // a message waits for the model to finish loading

  QSplitter* splitter_ = nullptr;
  ConversationList* list_ = nullptr;
  QComboBox* model_picker_ = nullptr;
  QPushButton* load_ = nullptr;
  QProgressBar* load_progress_ = nullptr;
  QLabel* model_state_ = nullptr;
  QWidget* no_model_ = nullptr;  // the call to action shown instead of the picker when the library is empty
  QLabel* no_model_text_ = nullptr;
  QPushButton* go_to_models_ = nullptr;
  QPushButton* side_toggle_ = nullptr;
  QWidget* side_panel_ = nullptr;
  bool side_remembered_ = false;  // the user chose; otherwise a small first window hides it
  ChatView* view_ = nullptr;
  Composer* composer_ = nullptr;
  QGroupBox* prompt_box_ = nullptr;
  QPlainTextEdit* system_prompt_ = nullptr;
  QGroupBox* sampling_box_ = nullptr;
  SamplingPanel* sampling_ = nullptr;
  QGroupBox* offload_box_ = nullptr;
  OffloadPanel* offload_ = nullptr;
};

}  // namespace hearth::gui
