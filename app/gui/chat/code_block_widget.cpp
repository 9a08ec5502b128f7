#include "chat/code_block_widget.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSyntaxHighlighter>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "chat/code_highlighter.h"
#include "common/code_font.h"
#include "common/theme.h"

namespace hearth::gui {

namespace {
constexpr int kMaxVisibleLines = 40;  // longer blocks scroll inside their frame
}

CodeBlockWidget::CodeBlockWidget(QWidget* parent) : QFrame(parent) {
  setObjectName(QStringLiteral("codeBlock"));
  setStyleSheet(QStringLiteral(
      "#codeBlock { background: #f6f8fa; border: 1px solid #d8dee4; border-radius: 6px; }"
      "#codeHeader { background: #eef1f4; border-bottom: 1px solid #d8dee4; border-top-left-radius: 6px; border-top-right-radius: 6px; }"
      "#codeHeader QLabel { color: #57606a; background: transparent; }"
      "#codeHeader QToolButton { border: 0; padding: 2px 6px; color: #57606a; background: transparent; border-radius: 4px; }"
      "#codeHeader QToolButton:hover { background: #dde2e8; }"
      "QPlainTextEdit { background: #f6f8fa; border: 0; padding: 4px 2px; }"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(1, 1, 1, 1);
  layout->setSpacing(0);

  auto* header = new QWidget;
  header->setObjectName(QStringLiteral("codeHeader"));
  header->setAttribute(Qt::WA_StyledBackground);
  auto* header_layout = new QHBoxLayout(header);
  header_layout->setContentsMargins(10, 2, 4, 2);
  language_label_ = new QLabel;
  copy_ = new QToolButton;
  copy_->setIcon(make_icon(IconKind::Copy, theme::kMutedText));
  copy_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  copy_->setCursor(Qt::PointingHandCursor);
  header_layout->addWidget(language_label_);
  header_layout->addStretch(1);
  header_layout->addWidget(copy_);
  layout->addWidget(header);

  editor_ = new QPlainTextEdit;
  editor_->setReadOnly(true);
  editor_->setLineWrapMode(QPlainTextEdit::NoWrap);
  editor_->setFont(code_font());
  editor_->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  editor_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  editor_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  editor_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  layout->addWidget(editor_);

  connect(copy_, &QToolButton::clicked, this, [this] {
    QApplication::clipboard()->setText(code());
    copied_ = true;
    retranslate();
    QTimer::singleShot(1500, this, [this] {
      copied_ = false;
      retranslate();
    });
  });
  retranslate();
}

void CodeBlockWidget::set_code(const QString& code, const QString& language) {
  if (language != language_ || !highlighter_) {
    language_ = language;
    delete highlighter_;
    highlighter_ = attach_code_highlighter(editor_->document(), language);
    language_label_->setText(language.isEmpty() ? tr("code") : language);
  }
  if (code == editor_->toPlainText()) return;
  // Streaming appends to the end: add only the new tail so the highlighter re-colours little.
  const QString old = editor_->toPlainText();
  if (!old.isEmpty() && code.startsWith(old)) {
    QTextCursor cursor(editor_->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(code.mid(old.size()));
  } else {
    editor_->setPlainText(code);
  }
  fit_height();
}

QString CodeBlockWidget::code() const { return editor_->toPlainText(); }

void CodeBlockWidget::fit_height() {
  const int lines = std::min(std::max(1, editor_->document()->blockCount()), kMaxVisibleLines);
  const QFontMetrics fm(editor_->font());
  int h = lines * fm.lineSpacing() + 2 * int(editor_->document()->documentMargin()) + 10;
  // Room for the horizontal scroll bar when a line is wider than the frame.
  int widest = 0;
  for (QTextBlock b = editor_->document()->begin(); b.isValid(); b = b.next())
    widest = std::max(widest, fm.horizontalAdvance(b.text()));
  if (widest > editor_->viewport()->width() - 8) h += editor_->horizontalScrollBar()->sizeHint().height();
  editor_->setFixedHeight(h);
}

void CodeBlockWidget::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QFrame::changeEvent(event);
}

void CodeBlockWidget::retranslate() {
  copy_->setText(copied_ ? tr("Copied") : tr("Copy"));
  copy_->setToolTip(tr("Copy the code to the clipboard"));
  if (language_.isEmpty()) language_label_->setText(tr("code"));
}

}  // namespace hearth::gui
