// One message of a conversation: who wrote it, its text (Markdown prose and code blocks for
// answers, verbatim text for what the user typed), a footer with its state and speed, and its
// actions: Copy, Edit and resend (user messages), Regenerate (the last answer).
#pragma once

#include <QFrame>
#include <QList>

#include "chat/conversation_store.h"
#include "chat/markdown_segments.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace hearth::gui {

class MessageWidget : public QFrame {
  Q_OBJECT

 public:
  explicit MessageWidget(ChatRole role, QWidget* parent = nullptr);

  ChatRole role() const { return role_; }
  qint64 message_id() const { return id_; }
  void set_message_id(qint64 id) { id_ = id; }

  void set_content(const QString& text);
  QString content() const { return content_; }
  // The footer: streaming indicator, or tokens and speed, or why the answer ended early.
  void set_state(MessageState state, int tokens = 0, double tokens_per_second = 0, const QString& note = {});
  MessageState state() const { return state_; }
  void set_can_regenerate(bool can);
  void set_actions_enabled(bool enabled);

  // For tests and the view: what is shown now.
  int segment_count() const { return int(segments_.size()); }
  QList<QWidget*> segment_widgets() const { return segment_widgets_; }
  QString footer_text() const;
  QToolButton* copy_button() const { return copy_; }
  QToolButton* edit_button() const { return edit_; }
  QToolButton* regenerate_button() const { return regenerate_; }
  // Edit mode (user messages): the editor and its Send button.
  QPlainTextEdit* editor() const { return editor_; }
  QPushButton* resend_button() const { return resend_; }

 public slots:
  void begin_edit();

 signals:
  void edit_submitted(MessageWidget* message, const QString& text);
  void regenerate_requested(MessageWidget* message);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void rebuild_segments();
  void end_edit();
  void update_footer();

  ChatRole role_;
  qint64 id_ = 0;
  QString content_;
  MessageState state_ = MessageState::Complete;
  int tokens_ = 0;
  double tokens_per_second_ = 0;
  QString note_;
  QList<MarkdownSegment> segments_;
  QList<QWidget*> segment_widgets_;

  QLabel* author_ = nullptr;
  QToolButton* copy_ = nullptr;
  QToolButton* edit_ = nullptr;
  QToolButton* regenerate_ = nullptr;
  QVBoxLayout* body_ = nullptr;
  QWidget* body_widget_ = nullptr;
  QLabel* footer_ = nullptr;
  QWidget* edit_box_ = nullptr;
  QPlainTextEdit* editor_ = nullptr;
  QPushButton* resend_ = nullptr;
  QPushButton* cancel_edit_ = nullptr;
};

}  // namespace hearth::gui
