// The Chinese translation is complete: every message of translations/hearth_zh_CN.ts has a
// translation (no "unfinished" entry, every plural form filled, the same %1/%n placeholders as
// the English text), the .ts file lists every string the sources contain now (lupdate run on
// the sources finds nothing new), and the compiled translation is what the app loads.
#include <QCoreApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include "gui_test_support.h"
#include "window/language.h"

namespace hearth::gui::test {

namespace {

struct TsMessage {
  QString context;
  QString source;
  bool numerus = false;
  bool unfinished = false;
  bool vanished = false;
  QStringList translations;  // one, or one per plural form
};

QList<TsMessage> read_ts(const QString& path, QString* error) {
  QList<TsMessage> out;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    *error = file.errorString();
    return out;
  }
  QXmlStreamReader xml(&file);
  QString context;
  TsMessage current;
  bool in_message = false;
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement()) {
      const auto name = xml.name();
      if (name == QLatin1String("name") && !in_message) {
        context = xml.readElementText();
      } else if (name == QLatin1String("message")) {
        in_message = true;
        current = {};
        current.context = context;
        current.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
      } else if (name == QLatin1String("source") && in_message) {
        current.source = xml.readElementText();
      } else if (name == QLatin1String("translation") && in_message) {
        const auto type = xml.attributes().value(QLatin1String("type"));
        current.unfinished = type == QLatin1String("unfinished");
        current.vanished = type == QLatin1String("vanished") || type == QLatin1String("obsolete");
        if (!current.numerus) current.translations << xml.readElementText();
      } else if (name == QLatin1String("numerusform") && in_message) {
        current.translations << xml.readElementText();
      }
    } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
      in_message = false;
      out << current;
    }
  }
  if (xml.hasError()) *error = xml.errorString();
  return out;
}

QSet<QString> placeholders(const QString& text) {
  static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
  QSet<QString> out;
  for (auto it = re.globalMatch(text); it.hasNext();) out << it.next().captured();
  return out;
}

QString ts_path(const QString& lang) {
  return QStringLiteral(HEARTH_SOURCE_DIR "/translations/hearth_%1.ts").arg(lang);
}

}  // namespace

class TranslationsTest : public QObject {
  Q_OBJECT

 private slots:
  void chinese_is_complete() {
    QString error;
    const auto messages = read_ts(ts_path(QStringLiteral("zh_CN")), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(messages.size() > 200, "the .ts file holds the app's strings");
    QStringList problems;
    for (const auto& m : messages) {
      const QString where = m.context + QStringLiteral(" / \"") + m.source + QLatin1Char('"');
      if (m.unfinished) problems << QStringLiteral("unfinished: ") + where;
      if (m.vanished) problems << QStringLiteral("obsolete: ") + where;
      if (m.translations.isEmpty()) problems << QStringLiteral("no translation: ") + where;
      for (const QString& t : m.translations) {
        if (t.trimmed().isEmpty()) problems << QStringLiteral("empty translation: ") + where;
        // %n is optional in a Chinese plural form only when the English has no number to show.
        QSet<QString> expected = placeholders(m.source);
        QSet<QString> got = placeholders(t);
        if (expected != got) problems << QStringLiteral("placeholders differ: ") + where + QStringLiteral(" -> ") + t;
      }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
  }

  void english_plurals_are_filled() {
    QString error;
    const auto messages = read_ts(ts_path(QStringLiteral("en")), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList problems;
    for (const auto& m : messages) {
      if (!m.numerus) continue;
      if (m.translations.size() != 2 || m.translations.contains(QString()))
        problems << m.context + QStringLiteral(" / ") + m.source;
    }
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("English plural forms missing:\n") + problems.join(QLatin1Char('\n'))));
  }

  // A string added to the code without a translation makes lupdate mark it unfinished.
  void sources_have_no_untranslated_strings() {
#ifdef Q_OS_WIN
    // lupdate is a build-machine program (a Linux one in the cross build); the Linux suite runs this.
    QSKIP("lupdate does not run from a Windows test");
#endif
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("hearth_zh_CN.ts"));
    QVERIFY(QFile::copy(ts_path(QStringLiteral("zh_CN")), copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QProcess lupdate;
    lupdate.start(QStringLiteral(HEARTH_LUPDATE_PATH),
                  {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-silent"),
                   QStringLiteral(HEARTH_SOURCE_DIR "/app/gui"), QStringLiteral("-ts"), copy});
    QVERIFY(lupdate.waitForFinished(120000));
    QCOMPARE(lupdate.exitCode(), 0);
    QString error;
    QStringList untranslated;
    for (const auto& m : read_ts(copy, &error))
      if (m.unfinished) untranslated << m.context + QStringLiteral(" / ") + m.source;
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(untranslated.isEmpty(),
             qPrintable(QStringLiteral("strings in the code without a Chinese translation (run the update_translations "
                                       "target and translate them):\n") + untranslated.join(QLatin1Char('\n'))));
  }

  // The compiled translation is embedded and switches the interface.
  void compiled_translation_loads() {
    LanguageManager language;
    QVERIFY(language.apply(QStringLiteral("zh_CN")));
    QCOMPARE(language.current(), QStringLiteral("zh_CN"));
    const QString models = QCoreApplication::translate("hearth::gui::MainWindow", "Models");
    QVERIFY2(models != QLatin1String("Models"), qPrintable(models));
    QVERIFY(language.apply(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate("hearth::gui::MainWindow", "Models"), QStringLiteral("Models"));
    // English plural forms come from hearth_en.ts.
    QCOMPARE(QCoreApplication::translate("hearth::gui::ModelBrowser", "%n model(s) in %1", nullptr, 1).arg(QStringLiteral("x")),
             QStringLiteral("1 model in x"));
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::TranslationsTest)
#include "tst_translations.moc"
