#include "chat/message_widget.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <utility>
#include <QVBoxLayout>

#include "chat/code_block_widget.h"
#include "chat/prose_view.h"
#include "common/format.h"
#include "common/theme.h"

namespace hearth::gui {

namespace {
QToolButton* action_button(IconKind icon) {
  auto* b = new QToolButton;
  b->setIcon(make_icon(icon, theme::kMutedText));
  b->setAutoRaise(true);
  b->setIconSize(QSize(15, 15));
  b->setCursor(Qt::PointingHandCursor);
  b->setStyleSheet(QStringLiteral("QToolButton { border: 0; padding: 2px; border-radius: 4px; } QToolButton:hover { background: #e9ecef; }"));
  return b;
}
}  // namespace

MessageWidget::MessageWidget(ChatRole role, QWidget* parent) : QFrame(parent), role_(role) {
  const bool user = role == ChatRole::User;
  setObjectName(user ? QStringLiteral("userMessage") : QStringLiteral("assistantMessage"));
  setStyleSheet(user ? QStringLiteral("#userMessage { background: #fbeee6; border: 1px solid #f3d5c4; border-radius: 10px; }")
                     : QStringLiteral("#assistantMessage { background: white; border: 1px solid #e3e6ea; border-radius: 10px; }"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(14, 8, 14, 8);
  layout->setSpacing(6);

  auto* header = new QHBoxLayout;
  author_ = new QLabel;
  setMinimumWidth(160);
  author_->setStyleSheet(QStringLiteral("font-weight: 600; color: %1; background: transparent; border: 0;")
                             .arg(user ? theme::kAccentDark.name() : theme::kText.name()));
  header->addWidget(author_);
  header->addStretch(1);
  copy_ = action_button(IconKind::Copy);
  edit_ = action_button(IconKind::Edit);
  regenerate_ = action_button(IconKind::Regenerate);
  header->addWidget(edit_);
  header->addWidget(regenerate_);
  header->addWidget(copy_);
  edit_->setVisible(user);
  regenerate_->setVisible(false);
  layout->addLayout(header);

  body_widget_ = new QWidget;
  body_widget_->setAttribute(Qt::WA_TranslucentBackground);
  body_ = new QVBoxLayout(body_widget_);
  body_->setContentsMargins(0, 0, 0, 0);
  body_->setSpacing(8);
  layout->addWidget(body_widget_);

  edit_box_ = new QWidget;
  auto* edit_layout = new QVBoxLayout(edit_box_);
  edit_layout->setContentsMargins(0, 0, 0, 0);
  editor_ = new QPlainTextEdit;
  editor_->setMinimumHeight(80);
  auto* edit_buttons = new QHBoxLayout;
  cancel_edit_ = new QPushButton;
  resend_ = new QPushButton;
  resend_->setProperty("accent", true);
  edit_buttons->addStretch(1);
  edit_buttons->addWidget(cancel_edit_);
  edit_buttons->addWidget(resend_);
  edit_layout->addWidget(editor_);
  edit_layout->addLayout(edit_buttons);
  layout->addWidget(edit_box_);
  edit_box_->hide();

  footer_ = new QLabel;
  footer_->setWordWrap(true);  // a long error must wrap, not widen the chat column
  footer_->setStyleSheet(QStringLiteral("color: #6a707a; font-size: 9pt; background: transparent; border: 0;"));
  layout->addWidget(footer_);
  footer_->hide();

  connect(copy_, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(content_); });
  connect(edit_, &QToolButton::clicked, this, &MessageWidget::begin_edit);
  connect(regenerate_, &QToolButton::clicked, this, [this] { emit regenerate_requested(this); });
  connect(cancel_edit_, &QPushButton::clicked, this, &MessageWidget::end_edit);
  connect(resend_, &QPushButton::clicked, this, [this] {
    const QString text = editor_->toPlainText().trimmed();
    if (text.isEmpty()) return;
    end_edit();
    emit edit_submitted(this, text);
  });
  retranslate();
}

void MessageWidget::set_content(const QString& text) {
  content_ = text;
  rebuild_segments();
}

void MessageWidget::rebuild_segments() {
  // Code fences are framed in every message; prose is Markdown in answers and verbatim in
  // what the user typed (their "*" and "<b>" are just characters).
  const QList<MarkdownSegment> segments = split_markdown(content_);
  // Streaming only ever changes the last segments: keep the widgets whose kind still matches
  // and update their text, create or delete the rest.
  for (int i = 0; i < segments.size(); ++i) {
    const auto& seg = segments[i];
    const bool reuse = i < segments_.size() && segments_[i].kind == seg.kind;
    if (reuse && segments_[i] == seg) continue;
    if (!reuse && i < segment_widgets_.size()) {
      delete segment_widgets_[i];
      segment_widgets_[i] = nullptr;
    }
    QWidget* w = i < segment_widgets_.size() ? segment_widgets_[i] : nullptr;
    if (seg.kind == MarkdownSegment::Kind::Prose) {
      auto* prose = qobject_cast<ProseView*>(w);
      if (!prose) prose = new ProseView;
      if (role_ == ChatRole::User) prose->set_plain(seg.text);
      else prose->set_markdown(seg.text);
      w = prose;
    } else {
      auto* code = qobject_cast<CodeBlockWidget*>(w);
      if (!code) code = new CodeBlockWidget;
      code->set_code(seg.text, seg.language);
      w = code;
    }
    if (i < segment_widgets_.size()) {
      if (segment_widgets_[i] != w) {
        segment_widgets_[i] = w;
        body_->insertWidget(i, w);
      }
    } else {
      segment_widgets_ << w;
      body_->addWidget(w);
    }
  }
  while (segment_widgets_.size() > segments.size()) delete segment_widgets_.takeLast();
  segments_ = segments;
}

void MessageWidget::set_state(MessageState state, int tokens, double tokens_per_second, const QString& note) {
  state_ = state;
  tokens_ = tokens;
  tokens_per_second_ = tokens_per_second;
  note_ = note;
  update_footer();
}

void MessageWidget::set_can_regenerate(bool can) { regenerate_->setVisible(can && role_ == ChatRole::Assistant); }

void MessageWidget::set_actions_enabled(bool enabled) {
  edit_->setEnabled(enabled);
  regenerate_->setEnabled(enabled);
}

QString MessageWidget::footer_text() const { return footer_->isHidden() ? QString() : footer_->text(); }

void MessageWidget::update_footer() {
  QString text;
  QString colour = QStringLiteral("#6a707a");
  if (role_ == ChatRole::Assistant) {
    QStringList parts;
    switch (state_) {
      case MessageState::Streaming: parts << tr("Writing…"); break;
      case MessageState::Stopped: parts << tr("Stopped"); break;
      case MessageState::Interrupted: parts << tr("Interrupted: Hearth closed while this answer was being written"); break;
      case MessageState::Failed:
        parts << tr("Failed: %1").arg(note_);
        colour = theme::kError.name();
        break;
      case MessageState::Complete:
        if (!note_.isEmpty()) parts << note_;
        break;
    }
    if (state_ != MessageState::Streaming && tokens_ > 0) parts << tr("%n token(s)", nullptr, tokens_);
    if (state_ != MessageState::Streaming && tokens_per_second_ > 0) parts << format_tokens_per_second(tokens_per_second_);
    text = parts.join(QStringLiteral(" · "));
  }
  footer_->setText(text);
  footer_->setStyleSheet(QStringLiteral("color: %1; font-size: 9pt; background: transparent; border: 0;").arg(colour));
  footer_->setVisible(!text.isEmpty());
}

void MessageWidget::begin_edit() {
  if (role_ != ChatRole::User) return;
  editor_->setPlainText(content_);
  body_widget_->hide();
  edit_box_->show();
  editor_->setFocus();
  editor_->moveCursor(QTextCursor::End);
}

void MessageWidget::end_edit() {
  edit_box_->hide();
  body_widget_->show();
}

void MessageWidget::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QFrame::changeEvent(event);
}

void MessageWidget::retranslate() {
  author_->setText(role_ == ChatRole::User ? tr("You") : role_ == ChatRole::Assistant ? tr("Assistant") : tr("System"));
  // Icon-only to keep the message footer quiet: the tooltip and the accessible name say what each does.
  for (auto [button, label] : {std::pair{copy_, tr("Copy the message")}, std::pair{edit_, tr("Edit and send again")},
                               std::pair{regenerate_, tr("Write this answer again")}}) {
    button->setToolTip(label);
    button->setAccessibleName(label);
  }
  resend_->setText(tr("Send"));
  cancel_edit_->setText(tr("Cancel"));
  update_footer();
}

}  // namespace hearth::gui
