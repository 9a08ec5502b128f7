#include "chat/chat_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QVBoxLayout>

#include "chat/message_widget.h"

namespace hearth::gui {

namespace {
}

ChatView::ChatView(QWidget* parent) : QScrollArea(parent) {
  setWidgetResizable(true);
  setFrameShape(QFrame::NoFrame);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  container_ = new QWidget;
  container_->setObjectName(QStringLiteral("chatContainer"));
  container_->setStyleSheet(QStringLiteral("#chatContainer { background: #f4f5f7; }"));
  // Messages sit in a centred column at most kChatColumnWidth wide; answers fill the column,
  // the user's messages lean right and are only as wide as their text.
  auto* row = new QHBoxLayout(container_);
  row->setContentsMargins(24, 16, 24, 16);
  auto* column = new QWidget;
  column->setMaximumWidth(kChatColumnWidth);
  row->addStretch(0);
  row->addWidget(column, 1);
  row->addStretch(0);
  layout_ = new QVBoxLayout(column);
  layout_->setContentsMargins(0, 0, 0, 0);
  layout_->setSpacing(12);
  placeholder_ = new QLabel;
  placeholder_->setAlignment(Qt::AlignCenter);
  placeholder_->setWordWrap(true);
  placeholder_->setStyleSheet(QStringLiteral("color: #8a9099; font-size: 12pt;"));
  layout_->addWidget(placeholder_, 1);
  layout_->addStretch(0);
  setWidget(container_);

  // Follow the bottom while the user has not scrolled away from it.
  connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
    follow_ = value >= verticalScrollBar()->maximum() - 8;
  });
  connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int max) {
    if (follow_) verticalScrollBar()->setValue(max);
  });
}

void ChatView::set_placeholder(const QString& text) { placeholder_->setText(text); }

void ChatView::clear() {
  qDeleteAll(messages_);
  messages_.clear();
  placeholder_->show();
  follow_ = true;
}

MessageWidget* ChatView::add_message(const StoredMessage& message) {
  MessageWidget* w = add_message(message.role, message.content, message.state);
  w->set_message_id(message.id);
  w->set_state(message.state, message.tokens, message.tokens_per_second, message.note);
  return w;
}

MessageWidget* ChatView::add_message(ChatRole role, const QString& content, MessageState state) {
  placeholder_->hide();
  auto* w = new MessageWidget(role);
  w->set_content(content);
  w->set_state(state);
  layout_->insertWidget(layout_->count() - 1, w, 0, role == ChatRole::User ? Qt::AlignRight : Qt::Alignment());
  messages_ << w;
  connect(w, &MessageWidget::edit_submitted, this, &ChatView::edit_submitted);
  connect(w, &MessageWidget::regenerate_requested, this, &ChatView::regenerate_requested);
  follow_ = true;
  return w;
}

void ChatView::truncate(int index) {
  while (messages_.size() > index && !messages_.isEmpty()) delete messages_.takeLast();
  placeholder_->setVisible(messages_.isEmpty());
}

void ChatView::update_actions(bool busy) {
  for (int i = 0; i < messages_.size(); ++i) {
    MessageWidget* m = messages_[i];
    m->set_actions_enabled(!busy);
    m->set_can_regenerate(!busy && i == messages_.size() - 1 && m->role() == ChatRole::Assistant);
  }
}

void ChatView::scroll_to_bottom() {
  follow_ = true;
  verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

}  // namespace hearth::gui
