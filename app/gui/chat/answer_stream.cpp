#include "chat/answer_stream.h"

#include <QCoreApplication>

#include "chat/message_widget.h"

namespace hearth::gui {

namespace {
constexpr int kViewIntervalMs = 40;
constexpr int kSaveIntervalMs = 500;
}  // namespace

AnswerStream::AnswerStream(ConversationStore* store, qint64 message_id, MessageWidget* widget, QObject* parent)
    : QObject(parent), store_(store), message_id_(message_id), widget_(widget) {
  view_timer_.setSingleShot(true);
  view_timer_.setInterval(kViewIntervalMs);
  connect(&view_timer_, &QTimer::timeout, this, &AnswerStream::show_now);
  save_timer_.setSingleShot(true);
  save_timer_.setInterval(kSaveIntervalMs);
  connect(&save_timer_, &QTimer::timeout, this, &AnswerStream::save_now);
  clock_.start();
}

void AnswerStream::detach_widget() { widget_ = nullptr; }

void AnswerStream::append(const QString& piece) {
  text_ += piece;
  ++pieces_;
  dirty_view_ = dirty_store_ = true;
  if (!view_timer_.isActive()) view_timer_.start();
  if (!save_timer_.isActive()) save_timer_.start();
}

void AnswerStream::show_now() {
  if (!dirty_view_) return;
  dirty_view_ = false;
  if (widget_) {
    widget_->set_content(text_);
    emit shown();
  }
}

void AnswerStream::save_now() {
  if (!dirty_store_) return;
  dirty_store_ = false;
  store_->update_message(message_id_, text_, MessageState::Streaming);
}

MessageState AnswerStream::finish(const GenerationStats& stats) {
  view_timer_.stop();
  save_timer_.stop();
  MessageState state = MessageState::Complete;
  QString note;
  switch (stats.reason) {
    case FinishReason::EndOfText: break;
    case FinishReason::MaxTokens:
      note = QCoreApplication::translate("hearth::gui::AnswerStream", "Reached the token limit");
      break;
    case FinishReason::ContextFull:
      note = QCoreApplication::translate("hearth::gui::AnswerStream", "The context is full");
      break;
    case FinishReason::Stopped: state = MessageState::Stopped; break;
    case FinishReason::Error:
      state = MessageState::Failed;
      note = stats.error;
      break;
  }
  const int tokens = stats.generated_tokens > 0 ? stats.generated_tokens : pieces_;
  const double tps = stats.tokens_per_second();
  store_->update_message(message_id_, text_, state, tokens, tps, note);
  if (widget_) {
    widget_->set_content(text_);
    widget_->set_state(state, tokens, tps, note);
    emit shown();
  }
  return state;
}

}  // namespace hearth::gui
