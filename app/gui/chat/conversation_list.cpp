#include "chat/conversation_list.h"

#include <QEvent>
#include <QInputDialog>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

#include "common/theme.h"

namespace hearth::gui {

namespace {

// Two lines per chat: the title, and when it was last active.
class ConversationDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const override {
    return {option.rect.width(), option.fontMetrics.height() * 2 + 16};
  }
  void paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    p->save();
    const bool selected = option.state & QStyle::State_Selected;
    const bool hover = option.state & QStyle::State_MouseOver;
    const QRectF r = QRectF(option.rect).adjusted(4, 2, -4, -2);
    if (selected || hover) {
      p->setRenderHint(QPainter::Antialiasing);
      p->setPen(Qt::NoPen);
      p->setBrush(selected ? QColor(0xFB, 0xE3, 0xD6) : QColor(0xF1, 0xF2, 0xF4));
      p->drawRoundedRect(r, 6, 6);
    }
    const QRect text = r.toRect().adjusted(10, 6, -8, -6);
    QFont title = option.font;
    title.setWeight(selected ? QFont::DemiBold : QFont::Normal);
    p->setFont(title);
    p->setPen(theme::kText);
    const QFontMetrics fm(title);
    p->drawText(text.adjusted(0, 0, 0, -text.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                fm.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, text.width()));
    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.85);
    p->setFont(small);
    p->setPen(theme::kMutedText);
    const QDateTime updated = index.data(ConversationListModel::UpdatedRole).toDateTime();
    p->drawText(text.adjusted(0, text.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                QLocale().toString(updated, QLocale::ShortFormat));
    p->restore();
  }
};

}  // namespace

ConversationListModel::ConversationListModel(ConversationStore* store, QObject* parent)
    : QAbstractListModel(parent), store_(store) {
  connect(store_, &ConversationStore::conversations_changed, this, &ConversationListModel::reload);
  reload();
}

void ConversationListModel::reload() {
  beginResetModel();
  rows_ = store_->is_open() ? store_->conversations() : QList<ConversationInfo>{};
  endResetModel();
}

int ConversationListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant ConversationListModel::data(const QModelIndex& index, int role) const {
  if (index.row() < 0 || index.row() >= rows_.size()) return {};
  const auto& c = rows_[index.row()];
  switch (role) {
    case Qt::DisplayRole: return c.title;
    case Qt::ToolTipRole: return c.title;
    case IdRole: return c.id;
    case UpdatedRole: return c.updated;
    default: return {};
  }
}

int ConversationListModel::row_of(qint64 id) const {
  for (int i = 0; i < rows_.size(); ++i)
    if (rows_[i].id == id) return i;
  return -1;
}

qint64 ConversationListModel::id_at(int row) const { return row >= 0 && row < rows_.size() ? rows_[row].id : 0; }

ConversationList::ConversationList(ConversationStore* store, QWidget* parent) : QWidget(parent), store_(store) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(10, 12, 6, 10);
  layout->setSpacing(8);
  new_chat_ = new QPushButton(make_icon(IconKind::Add), QString());
  layout->addWidget(new_chat_);
  model_ = new ConversationListModel(store_, this);
  view_ = new QListView;
  view_->setModel(model_);
  view_->setItemDelegate(new ConversationDelegate(view_));
  view_->setMouseTracking(true);
  view_->setContextMenuPolicy(Qt::CustomContextMenu);
  view_->setStyleSheet(QStringLiteral("QListView { border: 0; background: transparent; }"));
  view_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  layout->addWidget(view_, 1);

  connect(new_chat_, &QPushButton::clicked, this, &ConversationList::new_chat_requested);
  connect(view_, &QListView::clicked, this, [this](const QModelIndex& index) {
    const qint64 id = model_->id_at(index.row());
    if (id != selected_) {
      selected_ = id;
      emit conversation_selected(id);
    }
  });
  connect(view_, &QListView::customContextMenuRequested, this, &ConversationList::show_menu);
  // The list reloads when a chat is created or touched; keep the highlight on the open chat.
  connect(model_, &QAbstractItemModel::modelReset, this, [this] { select(selected_); });
  retranslate();
}

void ConversationList::select(qint64 id) {
  selected_ = id;
  const int row = model_->row_of(id);
  if (row >= 0) view_->setCurrentIndex(model_->index(row));
  else view_->clearSelection();
}

qint64 ConversationList::selected() const { return selected_; }

void ConversationList::show_menu(const QPoint& pos) {
  const QModelIndex index = view_->indexAt(pos);
  if (!index.isValid()) return;
  const qint64 id = model_->id_at(index.row());
  QMenu menu(this);
  QAction* rename = menu.addAction(make_icon(IconKind::Edit), tr("Rename…"));
  QAction* remove = menu.addAction(make_icon(IconKind::Trash, theme::kError), tr("Delete…"));
  QAction* chosen = menu.exec(view_->viewport()->mapToGlobal(pos));
  if (chosen == rename) {
    bool ok = false;
    const QString title = QInputDialog::getText(this, tr("Rename chat"), tr("Title:"), QLineEdit::Normal,
                                                index.data().toString(), &ok);
    if (ok && !title.trimmed().isEmpty()) store_->rename_conversation(id, title.trimmed());
  } else if (chosen == remove) {
    if (QMessageBox::question(this, tr("Delete chat"), tr("Delete “%1” and all its messages?").arg(index.data().toString()),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes) {
      store_->delete_conversation(id);
      if (id == selected_) {
        selected_ = 0;
        emit conversation_selected(0);
      }
    }
  }
}

void ConversationList::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ConversationList::retranslate() { new_chat_->setText(tr("New chat")); }

}  // namespace hearth::gui
