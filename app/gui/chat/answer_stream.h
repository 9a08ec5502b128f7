// One answer being written: collects the pieces the engine sends, shows them in the message
// widget at most ~25 times a second (re-rendering Markdown per token would be quadratic), and
// saves the text to the store twice a second so a crash keeps what had arrived.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include "chat/conversation_store.h"
#include "engine/engine_types.h"

namespace hearth::gui {

class MessageWidget;

class AnswerStream : public QObject {
  Q_OBJECT

 public:
  AnswerStream(ConversationStore* store, qint64 message_id, MessageWidget* widget, QObject* parent = nullptr);

  void append(const QString& piece);
  // Saves and shows the final text and state; returns the state written.
  MessageState finish(const GenerationStats& stats);

  qint64 message_id() const { return message_id_; }
  const QString& text() const { return text_; }
  int pieces() const { return pieces_; }
  double seconds() const { return clock_.elapsed() / 1000.0; }
  // The widget may be gone (another chat opened); the store is still written.
  void detach_widget();

 signals:
  void shown();  // the widget was updated with new text

 private:
  void show_now();
  void save_now();

  ConversationStore* store_;
  qint64 message_id_;
  QPointer<MessageWidget> widget_;
  QString text_;
  int pieces_ = 0;
  bool dirty_view_ = false;
  bool dirty_store_ = false;
  QTimer view_timer_;
  QTimer save_timer_;
  QElapsedTimer clock_;
};

}  // namespace hearth::gui
