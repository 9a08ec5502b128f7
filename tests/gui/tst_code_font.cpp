// Code blocks are monospace even where the generic "monospace" family is not.
//
// The fresh-machine failure (issue 11): on a Debian 12 machine without a desktop theme,
// QFontDatabase::systemFont(FixedFont) is the generic "monospace", and fontconfig resolved it to
// a CJK "mono" face whose dual-width glyphs are not fixed-pitch, so code blocks came out in a
// proportional font. This test recreates that machine: before Qt starts, it points fontconfig at
// a configuration that puts Noto Sans Mono CJK first for "monospace" (the system configuration
// follows), then checks that the trap is really there and that code_font() avoids it.
#include <QApplication>
#include <QFile>
#include <QFontDatabase>
#include <QFontInfo>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "chat/code_block_widget.h"
#include "common/code_font.h"

namespace hearth::gui::test {

class CodeFontTest : public QObject {
  Q_OBJECT

 private slots:
  void generic_monospace_trap_is_recreated() {
    // Not an assertion about our code: it shows the test machine reproduces the trap, so the
    // next test is meaningful. Without the CJK font installed the trap cannot be built.
#ifdef Q_OS_WIN
    QSKIP("the trap is fontconfig's (Linux); Windows resolves families without it");
#endif
    if (!QFontDatabase::families().contains(QStringLiteral("Noto Sans Mono CJK SC")))
      QSKIP("FIXTURE MISSING: fonts-noto-cjk is not installed (scripts/bootstrap.sh installs it)");
    QFont generic(QStringLiteral("monospace"));
    generic.setStyleHint(QFont::TypeWriter);
    QCOMPARE(QFontInfo(generic).family(), QStringLiteral("Noto Sans Mono CJK SC"));
    QVERIFY(!QFontInfo(generic).fixedPitch());
  }

  void code_font_is_fixed_pitch_at_every_size() {
    for (qreal size : {7.0, 9.0, 10.5, 12.0, 16.0, 24.0}) {
      const QFont font = code_font(size);
      QVERIFY2(QFontInfo(font).fixedPitch(), qPrintable(QFontInfo(font).family()));
      QCOMPARE(font.pointSizeF(), size);
    }
  }

  void code_font_prefers_known_monospace_families() {
    // When one of the listed families is installed, that is what code blocks use (not whatever
    // the generic family resolves to).
    const QStringList installed = QFontDatabase::families();
    QString expected;
    for (const QString& family : code_font_families()) {
      if (installed.contains(family, Qt::CaseInsensitive) && QFontInfo(QFont(family)).fixedPitch()) {
        expected = family;
        break;
      }
    }
    if (expected.isEmpty()) QSKIP("FIXTURE MISSING: none of the known monospace families is installed");
    QCOMPARE(QFontInfo(code_font()).family(), expected);
  }

  void code_block_widget_uses_it() {
    CodeBlockWidget block;
    block.set_code(QStringLiteral("int x = 1;"), QStringLiteral("cpp"));
    QVERIFY(QFontInfo(block.findChild<QPlainTextEdit*>()->font()).fixedPitch());
  }
};

}  // namespace hearth::gui::test

int main(int argc, char** argv) {
  // A fontconfig configuration that makes "monospace" a CJK dual-width face first, then loads the
  // system's own configuration.
  QTemporaryDir dir;
  const QString conf = dir.filePath(QStringLiteral("fonts.conf"));
  {
    QFile file(conf);
    if (!file.open(QIODevice::WriteOnly)) {
      std::fprintf(stderr, "cannot write %s\n", qPrintable(conf));
      return 1;
    }
    file.write(R"(<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <match target="pattern">
    <test qual="any" name="family"><string>monospace</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>Noto Sans Mono CJK SC</string></edit>
  </match>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
</fontconfig>
)");
  }
  qputenv("FONTCONFIG_FILE", conf.toLocal8Bit());
  QApplication app(argc, argv);
  hearth::gui::test::CodeFontTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "tst_code_font.moc"
