// The conversation list on the side of the chat pane: newest first, "New chat" on top,
// rename and delete from the context menu. Backed by the ConversationStore.
#pragma once

#include <QAbstractListModel>
#include <QWidget>

#include "chat/conversation_store.h"

class QListView;
class QPushButton;

namespace hearth::gui {

class ConversationListModel : public QAbstractListModel {
  Q_OBJECT

 public:
  enum Role { IdRole = Qt::UserRole + 1, UpdatedRole };
  explicit ConversationListModel(ConversationStore* store, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  int row_of(qint64 id) const;
  qint64 id_at(int row) const;

 public slots:
  void reload();

 private:
  ConversationStore* store_;
  QList<ConversationInfo> rows_;
};

class ConversationList : public QWidget {
  Q_OBJECT

 public:
  explicit ConversationList(ConversationStore* store, QWidget* parent = nullptr);

  void select(qint64 id);
  qint64 selected() const;
  ConversationListModel* model() const { return model_; }
  QListView* view() const { return view_; }

 signals:
  void conversation_selected(qint64 id);
  void new_chat_requested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void show_menu(const QPoint& pos);

  ConversationStore* store_;
  ConversationListModel* model_ = nullptr;
  QListView* view_ = nullptr;
  QPushButton* new_chat_ = nullptr;
  qint64 selected_ = 0;
};

}  // namespace hearth::gui
