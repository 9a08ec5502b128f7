// Chat messages: Markdown split into prose and fenced code blocks (CommonMark fence rules), and
// rendered as prose views and framed code blocks with a working Copy button.
#include <QApplication>
#include <QClipboard>
#include <QPlainTextEdit>
#include <QSyntaxHighlighter>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>

#include "chat/code_block_widget.h"
#include "chat/code_highlighter.h"
#include "chat/markdown_segments.h"
#include "chat/message_widget.h"
#include "chat/prose_view.h"
#include "gui_test_support.h"

namespace hearth::gui::test {

using Kind = MarkdownSegment::Kind;

class MarkdownTest : public QObject {
  Q_OBJECT

 private slots:
  void prose_only() {
    const auto s = split_markdown("Hello **world**\n\n- a\n- b");
    QCOMPARE(s.size(), 1);
    QCOMPARE(s[0].kind, Kind::Prose);
    QCOMPARE(s[0].text, QStringLiteral("Hello **world**\n\n- a\n- b"));
  }

  void fenced_blocks_between_prose() {
    const auto s = split_markdown("Here:\n\n```python\nprint('hi')\n\nx = 1\n```\nand\n~~~\nraw ``` inside\n~~~\nend");
    QCOMPARE(s.size(), 5);
    QCOMPARE(s[0].kind, Kind::Prose);
    QCOMPARE(s[0].text, QStringLiteral("Here:"));
    QCOMPARE(s[1].kind, Kind::Code);
    QCOMPARE(s[1].language, QStringLiteral("python"));
    QCOMPARE(s[1].text, QStringLiteral("print('hi')\n\nx = 1"));
    QVERIFY(s[1].closed);
    QCOMPARE(s[2].text, QStringLiteral("and"));
    QCOMPARE(s[3].kind, Kind::Code);
    QCOMPARE(s[3].language, QString());
    QCOMPARE(s[3].text, QStringLiteral("raw ``` inside"));  // a ``` line does not close a ~~~ fence
    QCOMPARE(s[4].text, QStringLiteral("end"));
  }

  void closing_fence_rules() {
    // A shorter fence does not close; a longer one does; an info string makes it not a closer.
    const auto s = split_markdown("````cpp\nint a;\n```\n```js\n````\nafter");
    QCOMPARE(s.size(), 2);
    QCOMPARE(s[0].text, QStringLiteral("int a;\n```\n```js"));
    QCOMPARE(s[0].language, QStringLiteral("cpp"));
    QCOMPARE(s[1].text, QStringLiteral("after"));
    // Four spaces of indent is an indented code line, not a fence.
    QCOMPARE(split_markdown("    ```\nx").size(), 1);
    // The info word is lower-cased and only the first word counts.
    QCOMPARE(split_markdown("``` Rust ignore\nfn main() {}\n```")[0].language, QStringLiteral("rust"));
  }

  void unclosed_fence_while_streaming() {
    const auto s = split_markdown("Sure:\n```bash\nls -la");
    QCOMPARE(s.size(), 2);
    QCOMPARE(s[1].kind, Kind::Code);
    QVERIFY(!s[1].closed);
    QCOMPARE(s[1].text, QStringLiteral("ls -la"));
  }

  void answer_renders_prose_and_code_widgets() {
    MessageWidget message(ChatRole::Assistant);
    message.resize(600, 400);
    message.set_content("Use this:\n\n```cpp\nint main() { return 0; }\n```\n\nDone.");
    QCOMPARE(message.segment_count(), 3);
    const auto widgets = message.segment_widgets();
    auto* prose = qobject_cast<ProseView*>(widgets[0]);
    auto* code = qobject_cast<CodeBlockWidget*>(widgets[1]);
    QVERIFY(prose);
    QVERIFY(code);
    QVERIFY(qobject_cast<ProseView*>(widgets[2]));
    QCOMPARE(code->code(), QStringLiteral("int main() { return 0; }"));
    QCOMPARE(code->language(), QStringLiteral("cpp"));
    // Monospace.
    QVERIFY(QFontInfo(code->findChild<QPlainTextEdit*>()->font()).fixedPitch());
    // Copy puts exactly the code on the clipboard.
    QApplication::clipboard()->clear();
    code->copy_button()->click();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("int main() { return 0; }"));
  }

  void streaming_updates_reuse_widgets() {
    MessageWidget message(ChatRole::Assistant);
    message.set_content("Intro\n```py\nx");
    QCOMPARE(message.segment_count(), 2);
    QWidget* code_before = message.segment_widgets()[1];
    message.set_content("Intro\n```py\nx = 1\ny = 2");
    QCOMPARE(message.segment_count(), 2);
    QCOMPARE(message.segment_widgets()[1], code_before);  // same widget, grown text
    QCOMPARE(qobject_cast<CodeBlockWidget*>(code_before)->code(), QStringLiteral("x = 1\ny = 2"));
    message.set_content("Intro\n```py\nx = 1\ny = 2\n```\nOutro");
    QCOMPARE(message.segment_count(), 3);
  }

  void user_text_is_verbatim_but_code_is_framed() {
    MessageWidget message(ChatRole::User);
    message.set_content("a *not emphasis* <b>tag</b>\n```c\nint x;\n```");
    QCOMPARE(message.segment_count(), 2);
    auto* prose = qobject_cast<ProseView*>(message.segment_widgets()[0]);
    QVERIFY(prose);
    QCOMPARE(prose->toPlainText(), QStringLiteral("a *not emphasis* <b>tag</b>"));
    QVERIFY(qobject_cast<CodeBlockWidget*>(message.segment_widgets()[1]));
  }

  void prose_markdown_is_rendered() {
    ProseView view;
    view.set_markdown("Some **bold** and `code`");
    QCOMPARE(view.toPlainText(), QStringLiteral("Some bold and code"));
    QVERIFY(view.heightForWidth(300) > 0);
    // Narrower means taller for a long paragraph.
    view.set_markdown(QString(400, QLatin1Char('w')).replace(QRegularExpression("(w{7})"), "\\1 "));
    QVERIFY(view.heightForWidth(120) > view.heightForWidth(600));
  }

  void code_is_coloured_for_known_languages() {
    CodeBlockWidget block;
    block.set_code("int main() { return 42; } // done", "cpp");
    auto* editor = block.findChild<QPlainTextEdit*>();
    QVERIFY(editor);
    // The highlighter ran: the first line carries more than one format range.
    const QTextBlock first = editor->document()->firstBlock();
    QTRY_VERIFY(first.layout()->formats().size() >= 2);
    // Unknown languages stay plain (no highlighter) in the built-in fallback.
    if (code_highlighter_name() == QLatin1String("built-in")) {
      CodeBlockWidget plain;
      plain.set_code("whatever 123", "no-such-language");
      QCOMPARE(plain.findChild<QPlainTextEdit*>()->document()->firstBlock().layout()->formats().size(), 0);
    }
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::MarkdownTest)
#include "tst_markdown.moc"
