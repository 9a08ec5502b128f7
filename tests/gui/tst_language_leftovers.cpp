// Switching the language changes every visible text (issue 19, item 4): after Chinese ->
// English no widget of the window shows Chinese, after English -> Chinese the main controls
// show Chinese, on every page.
#include <QAbstractButton>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>
#include <QWizard>

#include "chat/chat_pane.h"
#include "chat/composer.h"
#include "gui_test_support.h"
#include "window/main_window.h"
#include "window/settings.h"
#include "wizard/quantize_wizard.h"

namespace hearth::gui::test {

namespace {
bool has_cjk(const QString& s) {
  for (const QChar c : s)
    if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
  return false;
}

// Every text the window shows: labels, buttons, group titles, tab and header labels, menus.
QStringList shown_texts(QWidget* window) {
  QStringList out;
  for (auto* l : window->findChildren<QLabel*>()) if (l->isVisibleTo(window)) out << l->text();
  for (auto* b : window->findChildren<QAbstractButton*>()) if (b->isVisibleTo(window)) out << b->text();
  for (auto* g : window->findChildren<QGroupBox*>()) if (g->isVisibleTo(window)) out << g->title();
  for (auto* t : window->findChildren<QTabWidget*>())
    for (int i = 0; i < t->count(); ++i) out << t->tabText(i);
  for (auto* h : window->findChildren<QHeaderView*>()) {
    if (!h->model() || !h->isVisibleTo(window)) continue;
    for (int i = 0; i < h->count(); ++i) out << h->model()->headerData(i, h->orientation()).toString();
  }
  out << window->windowTitle();
  return out;
}
}  // namespace

class LanguageLeftoversTest : public QObject {
  Q_OBJECT

 private slots:
  void switching_both_ways_leaves_nothing_behind() {
    TestApp app;
    MainWindow window(app.context.get());
    window.resize(1280, 760);
    window.show();
    for (auto page : {MainWindow::ModelsPage, MainWindow::QuantizePage, MainWindow::ChatPage}) {
      window.show_page(page);
      app.context->settings()->set_language("zh_CN");
      QTest::qWait(20);
      QVERIFY(has_cjk(window.wizard()->buttonText(QWizard::NextButton)));
      QVERIFY(has_cjk(window.chat()->composer()->send_button()->text()));
      app.context->settings()->set_language("en");
      QTest::qWait(20);
      QStringList left;
      for (const QString& t : shown_texts(&window))
        if (has_cjk(t)) left << t;
      QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("page %1 still shows: %2").arg(int(page)).arg(left.join(" | "))));
      QVERIFY(!has_cjk(window.wizard()->buttonText(QWizard::NextButton)));
    }
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::LanguageLeftoversTest)
#include "tst_language_leftovers.moc"
