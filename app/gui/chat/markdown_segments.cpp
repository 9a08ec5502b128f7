#include "chat/markdown_segments.h"

#include <QStringList>

namespace hearth::gui {

namespace {

struct Fence {
  QChar ch;
  int length = 0;
  QString info;
};

// A fence line: up to 3 spaces, then 3+ backticks or tildes. Backtick fences may not have a
// backtick in their info string.
bool parse_fence(const QString& line, Fence* fence) {
  int i = 0;
  while (i < line.size() && i < 4 && line[i] == QLatin1Char(' ')) ++i;
  if (i > 3 || i >= line.size()) return false;
  const QChar ch = line[i];
  if (ch != QLatin1Char('`') && ch != QLatin1Char('~')) return false;
  int n = 0;
  while (i + n < line.size() && line[i + n] == ch) ++n;
  if (n < 3) return false;
  const QString info = line.mid(i + n).trimmed();
  if (ch == QLatin1Char('`') && info.contains(QLatin1Char('`'))) return false;
  fence->ch = ch;
  fence->length = n;
  fence->info = info;
  return true;
}

bool closes(const QString& line, const Fence& open) {
  Fence f;
  return parse_fence(line, &f) && f.ch == open.ch && f.length >= open.length && f.info.isEmpty();
}

}  // namespace

QList<MarkdownSegment> split_markdown(const QString& text) {
  QList<MarkdownSegment> out;
  const QStringList lines = text.split(QLatin1Char('\n'));
  QStringList prose;
  auto flush_prose = [&] {
    // Blank lines around fences carry no meaning once prose and code are separate widgets.
    while (!prose.isEmpty() && prose.first().trimmed().isEmpty()) prose.removeFirst();
    while (!prose.isEmpty() && prose.last().trimmed().isEmpty()) prose.removeLast();
    if (!prose.isEmpty()) out << MarkdownSegment{MarkdownSegment::Kind::Prose, prose.join(QLatin1Char('\n')), {}, true};
    prose.clear();
  };

  for (int i = 0; i < lines.size(); ++i) {
    Fence fence;
    if (!parse_fence(lines[i], &fence)) {
      prose << lines[i];
      continue;
    }
    flush_prose();
    QStringList code;
    bool closed = false;
    for (++i; i < lines.size(); ++i) {
      if (closes(lines[i], fence)) {
        closed = true;
        break;
      }
      code << lines[i];
    }
    MarkdownSegment seg;
    seg.kind = MarkdownSegment::Kind::Code;
    seg.text = code.join(QLatin1Char('\n'));
    seg.language = fence.info.section(QLatin1Char(' '), 0, 0).toLower();
    seg.closed = closed;
    out << seg;
  }
  flush_prose();
  return out;
}

}  // namespace hearth::gui
