// Splits a chat message into Markdown prose and fenced code blocks (``` or ~~~, CommonMark
// rules: up to three spaces of indent, the closing fence at least as long as the opening one).
// Prose is rendered by Qt's Markdown reader; code blocks get their own framed, highlighted
// widget with a copy button. A fence still open while an answer streams is a code block too.
#pragma once

#include <QList>
#include <QString>

namespace hearth::gui {

struct MarkdownSegment {
  enum class Kind { Prose, Code };
  Kind kind = Kind::Prose;
  QString text;      // prose: Markdown source; code: the code, without the fences
  QString language;  // code: the info string's first word ("cpp", "python"), may be empty
  bool closed = true;  // code: false while the closing fence has not arrived yet

  bool operator==(const MarkdownSegment&) const = default;
};

QList<MarkdownSegment> split_markdown(const QString& text);

}  // namespace hearth::gui
