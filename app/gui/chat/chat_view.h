// The conversation itself: messages top to bottom in a scroll area that follows a streaming
// answer while the user is at the bottom (and stays put when they scrolled up to read).
#pragma once

#include <QList>
#include <QScrollArea>

#include "chat/conversation_store.h"

class QLabel;
class QVBoxLayout;

namespace hearth::gui {

// Long lines are hard to read: messages and the composer share one centred column this wide at most.
inline constexpr int kChatColumnWidth = 860;


class MessageWidget;

class ChatView : public QScrollArea {
  Q_OBJECT

 public:
  explicit ChatView(QWidget* parent = nullptr);

  void clear();
  MessageWidget* add_message(const StoredMessage& message);
  MessageWidget* add_message(ChatRole role, const QString& content, MessageState state = MessageState::Complete);
  // Removes the message at `index` and all after it.
  void truncate(int index);
  QList<MessageWidget*> messages() const { return messages_; }
  MessageWidget* last() const { return messages_.isEmpty() ? nullptr : messages_.last(); }
  int index_of(MessageWidget* message) const { return int(messages_.indexOf(message)); }
  // Only the last answer offers "Regenerate"; editing is off while an answer streams.
  void update_actions(bool busy);
  void scroll_to_bottom();
  void set_placeholder(const QString& text);

 signals:
  void edit_submitted(MessageWidget* message, const QString& text);
  void regenerate_requested(MessageWidget* message);

 private:
  QWidget* container_ = nullptr;
  QVBoxLayout* layout_ = nullptr;
  QLabel* placeholder_ = nullptr;
  QList<MessageWidget*> messages_;
  bool follow_ = true;  // keep the view at the bottom while content grows
};

}  // namespace hearth::gui
