// Syntax colouring for code blocks. With KDE's KSyntaxHighlighting in the build (KF6), its
// definitions and the light theme are used; without it, a small built-in highlighter colours
// keywords, strings, comments and numbers of the common languages, and anything else stays
// plain monospace text.
#pragma once

#include <QString>

class QSyntaxHighlighter;
class QTextDocument;

namespace hearth::gui {

// Attaches a highlighter for `language` (a fence info word: "cpp", "python", "json", …) to the
// document; returns it (owned by the document) or nullptr when the text stays plain.
QSyntaxHighlighter* attach_code_highlighter(QTextDocument* document, const QString& language);

// Which implementation colours code in this build ("KSyntaxHighlighting" or "built-in").
QString code_highlighter_name();

}  // namespace hearth::gui
