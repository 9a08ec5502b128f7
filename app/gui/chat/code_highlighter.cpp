#include "chat/code_highlighter.h"

#include <QRegularExpression>
#include <QSet>
#include <QSyntaxHighlighter>
#include <QTextDocument>

#if defined(HEARTH_HAVE_KSYNTAXHIGHLIGHTING)
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace hearth::gui {

namespace {

// ---- built-in fallback ---------------------------------------------------------------------

enum class Family { CLike, Hash, Json, Sql, Plain };

struct LanguageRules {
  Family family = Family::Plain;
  QSet<QString> keywords;
};

LanguageRules rules_for(const QString& language) {
  static const QSet<QString> c_like_names{"c", "h", "cpp", "c++", "cxx", "hpp", "cc", "java", "js", "javascript", "ts",
                                          "typescript", "rust", "rs", "go", "cs", "csharp", "swift", "kotlin", "kt",
                                          "glsl", "hlsl", "php", "dart", "scala", "zig", "cuda"};
  static const QSet<QString> hash_names{"python", "py", "bash", "sh", "shell", "zsh", "console", "ruby", "rb",
                                        "yaml", "yml", "toml", "perl", "r", "powershell", "ps1", "cmake", "make",
                                        "makefile", "dockerfile", "ini", "conf"};
  static const QSet<QString> c_keywords{
      "auto", "bool", "break", "case", "catch", "char", "class", "const", "constexpr", "continue", "default",
      "delete", "do", "double", "else", "enum", "explicit", "export", "extern", "false", "final", "float", "for",
      "fn", "func", "function", "if", "impl", "import", "in", "include", "inline", "int", "interface", "let",
      "long", "match", "mod", "mut", "namespace", "new", "nullptr", "null", "override", "package", "private",
      "protected", "pub", "public", "return", "short", "signed", "sizeof", "static", "struct", "super", "switch",
      "template", "this", "throw", "trait", "true", "try", "type", "typedef", "typename", "uint", "union",
      "unsigned", "use", "using", "var", "virtual", "void", "volatile", "where", "while", "yield", "async",
      "await", "self", "string", "std", "size_t", "int32_t", "int64_t", "uint8_t", "uint32_t", "uint64_t",
      "const_cast", "static_cast", "reinterpret_cast", "noexcept", "operator", "friend", "goto", "defer",
      "chan", "go", "select", "range", "map", "val", "object", "extends", "implements", "instanceof", "of"};
  static const QSet<QString> hash_keywords{
      "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
      "except", "False", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "None",
      "nonlocal", "not", "or", "pass", "raise", "return", "True", "try", "while", "with", "yield", "self",
      "print", "then", "fi", "do", "done", "case", "esac", "function", "local", "export", "echo", "cd", "sudo",
      "end", "module", "require", "unless", "until", "true", "false", "null", "set", "if", "foreach", "endif"};
  static const QSet<QString> sql_keywords{
      "select", "from", "where", "insert", "into", "values", "update", "set", "delete", "create", "table",
      "index", "drop", "alter", "join", "left", "right", "inner", "outer", "on", "group", "by", "order", "having",
      "limit", "and", "or", "not", "null", "primary", "key", "references", "as", "distinct", "union", "integer",
      "text", "real", "default", "begin", "commit", "rollback", "pragma", "with", "case", "when", "then", "end"};
  const QString l = language.toLower();
  if (c_like_names.contains(l)) return {Family::CLike, c_keywords};
  if (hash_names.contains(l)) return {Family::Hash, hash_keywords};
  if (l == QLatin1String("json") || l == QLatin1String("jsonc")) return {Family::Json, {"true", "false", "null"}};
  if (l == QLatin1String("sql") || l == QLatin1String("sqlite")) return {Family::Sql, sql_keywords};
  return {};
}

class BasicCodeHighlighter : public QSyntaxHighlighter {
 public:
  BasicCodeHighlighter(QTextDocument* doc, LanguageRules rules) : QSyntaxHighlighter(doc), rules_(std::move(rules)) {
    keyword_.setForeground(QColor(0xCF, 0x22, 0x2E));
    string_.setForeground(QColor(0x0A, 0x30, 0x69));
    comment_.setForeground(QColor(0x6E, 0x77, 0x81));
    comment_.setFontItalic(true);
    number_.setForeground(QColor(0x05, 0x50, 0xAE));
    call_.setForeground(QColor(0x82, 0x50, 0xDF));
    key_.setForeground(QColor(0x11, 0x63, 0x29));
  }

 protected:
  void highlightBlock(const QString& text) override {
    static const QRegularExpression word(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*"));
    static const QRegularExpression number(QStringLiteral("\\b(0x[0-9a-fA-F]+|\\d+(\\.\\d+)?([eE][-+]?\\d+)?)[fFuUlL]*\\b"));
    static const QRegularExpression string(QStringLiteral("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'"));

    for (auto it = number.globalMatch(text); it.hasNext();) {
      const auto m = it.next();
      setFormat(int(m.capturedStart()), int(m.capturedLength()), number_);
    }
    const bool case_insensitive = rules_.family == Family::Sql;
    for (auto it = word.globalMatch(text); it.hasNext();) {
      const auto m = it.next();
      const QString w = case_insensitive ? m.captured().toLower() : m.captured();
      if (rules_.keywords.contains(w)) {
        setFormat(int(m.capturedStart()), int(m.capturedLength()), keyword_);
      } else if (m.capturedEnd() < text.size() && text[m.capturedEnd()] == QLatin1Char('(')) {
        setFormat(int(m.capturedStart()), int(m.capturedLength()), call_);
      }
    }
    for (auto it = string.globalMatch(text); it.hasNext();) {
      const auto m = it.next();
      const bool json_key = rules_.family == Family::Json &&
                            text.mid(m.capturedEnd()).trimmed().startsWith(QLatin1Char(':'));
      setFormat(int(m.capturedStart()), int(m.capturedLength()), json_key ? key_ : string_);
    }
    highlight_comments(text);
  }

 private:
  // Line comments (outside strings) and C block comments spanning lines (block state 1).
  void highlight_comments(const QString& text) {
    const QString line_marker = rules_.family == Family::CLike  ? QStringLiteral("//")
                                : rules_.family == Family::Hash ? QStringLiteral("#")
                                : rules_.family == Family::Sql  ? QStringLiteral("--")
                                                                : QString();
    setCurrentBlockState(0);
    int start = 0;
    if (rules_.family == Family::CLike && previousBlockState() == 1) {
      const int end = int(text.indexOf(QStringLiteral("*/")));
      if (end < 0) {
        setFormat(0, int(text.size()), comment_);
        setCurrentBlockState(1);
        return;
      }
      setFormat(0, end + 2, comment_);
      start = end + 2;
    }
    QChar quote;
    for (int i = start; i < text.size(); ++i) {
      const QChar c = text[i];
      if (!quote.isNull()) {
        if (c == QLatin1Char('\\')) ++i;
        else if (c == quote) quote = QChar();
        continue;
      }
      if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
        quote = c;
        continue;
      }
      if (!line_marker.isEmpty() && text.mid(i, line_marker.size()) == line_marker) {
        setFormat(i, int(text.size()) - i, comment_);
        return;
      }
      if (rules_.family == Family::CLike && text.mid(i, 2) == QLatin1String("/*")) {
        const int end = int(text.indexOf(QStringLiteral("*/"), i + 2));
        if (end < 0) {
          setFormat(i, int(text.size()) - i, comment_);
          setCurrentBlockState(1);
          return;
        }
        setFormat(i, end + 2 - i, comment_);
        i = end + 1;
      }
    }
  }

  LanguageRules rules_;
  QTextCharFormat keyword_, string_, comment_, number_, call_, key_;
};

}  // namespace

QSyntaxHighlighter* attach_code_highlighter(QTextDocument* document, const QString& language) {
#if defined(HEARTH_HAVE_KSYNTAXHIGHLIGHTING)
  static KSyntaxHighlighting::Repository repository;
  auto definition = repository.definitionForName(language);
  if (!definition.isValid()) definition = repository.definitionForFileName(QStringLiteral("x.") + language);
  if (definition.isValid()) {
    auto* h = new KSyntaxHighlighting::SyntaxHighlighter(document);
    h->setTheme(repository.defaultTheme(KSyntaxHighlighting::Repository::LightTheme));
    h->setDefinition(definition);
    return h;
  }
#endif
  LanguageRules rules = rules_for(language);
  if (rules.family == Family::Plain) return nullptr;
  return new BasicCodeHighlighter(document, std::move(rules));
}

QString code_highlighter_name() {
#if defined(HEARTH_HAVE_KSYNTAXHIGHLIGHTING)
  return QStringLiteral("KSyntaxHighlighting");
#else
  return QStringLiteral("built-in");
#endif
}

}  // namespace hearth::gui
