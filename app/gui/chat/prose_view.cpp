#include "chat/prose_view.h"

#include <QAbstractTextDocumentLayout>
#include <QScrollBar>
#include <QTextDocument>
#include <cmath>
#include <memory>

namespace hearth::gui {

ProseView::ProseView(QWidget* parent) : QTextBrowser(parent) {
  setFrameShape(QFrame::NoFrame);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setOpenExternalLinks(true);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  setStyleSheet(QStringLiteral("QTextBrowser { background: transparent; border: 0; padding: 0; }"));
  viewport()->setAutoFillBackground(false);
  document()->setDocumentMargin(0);
  setContextMenuPolicy(Qt::DefaultContextMenu);
  connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this, [this] { updateGeometry(); });
}

void ProseView::set_markdown(const QString& markdown) {
  if (markdown_ && markdown == source_) return;
  source_ = markdown;
  markdown_ = true;
  // GitHub flavour: tables, strikethrough, task lists, autolinks.
  document()->setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
  wrap_to_viewport();
}

void ProseView::set_plain(const QString& text) {
  if (!markdown_ && text == source_ && !text.isEmpty()) return;
  source_ = text;
  markdown_ = false;
  setPlainText(text);
  wrap_to_viewport();
}

void ProseView::wrap_to_viewport() {
  // New content is laid out at the width it is shown at, before the next paint.
  if (viewport()->width() > 0) document()->setTextWidth(viewport()->width());
  updateGeometry();
}

int ProseView::heightForWidth(int width) const {
  // Measured at the asked width, then the document goes back to the width it is shown at.
  QTextDocument* doc = document();
  const int frame = 2 * frameWidth();
  const qreal shown = doc->textWidth();
  doc->setTextWidth(std::max(10, width - frame));
  const int height = int(std::ceil(doc->size().height())) + frame;
  if (shown != doc->textWidth()) doc->setTextWidth(shown);
  return height;
}

QSize ProseView::sizeHint() const {
  // Answers take the column's width; what the user typed only as much as its longest line
  // (short questions make small bubbles).
  int w = kWideHint;
  if (!markdown_) {
    if (ideal_for_ != source_) {
      std::unique_ptr<QTextDocument> copy(document()->clone());
      copy->setTextWidth(-1);
      ideal_width_ = int(std::ceil(copy->idealWidth())) + 2 * frameWidth() + 2;
      ideal_for_ = source_;
    }
    w = std::min(ideal_width_, kWideHint);
  }
  return {w, heightForWidth(w)};
}

QSize ProseView::minimumSizeHint() const { return {80, fontMetrics().height()}; }

void ProseView::resizeEvent(QResizeEvent* event) {
  QTextBrowser::resizeEvent(event);
  updateGeometry();
}

}  // namespace hearth::gui
