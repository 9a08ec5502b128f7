#include "chat/composer.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QPushButton>

#include "common/theme.h"

namespace hearth::gui {

Composer::Composer(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(24, 8, 24, 12);
  layout->setSpacing(8);
  editor_ = new QPlainTextEdit;
  editor_->setTabChangesFocus(true);
  editor_->setFixedHeight(76);
  editor_->installEventFilter(this);
  editor_->setStyleSheet(QStringLiteral("QPlainTextEdit { border-radius: 8px; padding: 6px 8px; font-size: 10.5pt; }"));
  send_ = new QPushButton;
  send_->setProperty("accent", true);
  send_->setMinimumHeight(40);
  send_->setMinimumWidth(96);
  layout->addWidget(editor_, 1);
  layout->addWidget(send_, 0, Qt::AlignBottom);
  connect(send_, &QPushButton::clicked, this, [this] {
    if (busy_) emit stop_requested();
    else submit();
  });
  retranslate();
}

void Composer::set_busy(bool busy) {
  busy_ = busy;
  retranslate();
}

void Composer::set_can_send(bool can_send) {
  can_send_ = can_send;
  retranslate();
}

void Composer::set_text(const QString& text) { editor_->setPlainText(text); }

void Composer::submit() {
  const QString text = editor_->toPlainText().trimmed();
  if (text.isEmpty() || busy_ || !can_send_) return;
  editor_->clear();
  emit send_requested(text);
}

bool Composer::eventFilter(QObject* watched, QEvent* event) {
  if (watched == editor_ && event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && !(key->modifiers() & Qt::ShiftModifier)) {
      submit();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void Composer::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void Composer::retranslate() {
  editor_->setPlaceholderText(tr("Write a message… (Enter sends, Shift+Enter adds a line)"));
  send_->setText(busy_ ? tr("Stop") : tr("Send"));
  send_->setEnabled(busy_ || can_send_);
  send_->setIcon(make_icon(busy_ ? IconKind::Stop : IconKind::Send, Qt::white));
  send_->setToolTip(busy_ ? tr("Stop writing the answer (Esc)") : tr("Send the message (Enter)"));
}

}  // namespace hearth::gui
