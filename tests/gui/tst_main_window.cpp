// The main window: drops anywhere are routed (an HF folder to the wizard, a GGUF to the
// library), the language switch re-labels the running window, and the layout is remembered.
#include <QDropEvent>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QToolButton>

#include "gui_test_support.h"
#include "library/model_browser.h"
#include "library/model_library.h"
#include "window/drop_router.h"
#include "window/main_window.h"
#include "window/navigation_bar.h"
#include "window/settings.h"
#include "wizard/quantize_wizard.h"
#include "wizard/source_page.h"

namespace hearth::gui::test {

namespace {
// Delivers a drag-enter and a drop of `paths` onto `target` (any widget of the window).
bool drop_paths(QWidget* target, const QStringList& paths) {
  QMimeData mime;
  QList<QUrl> urls;
  for (const QString& p : paths) urls << QUrl::fromLocalFile(p);
  mime.setUrls(urls);
  const QPoint pos = target->rect().center();
  QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &enter);
  if (!enter.isAccepted()) return false;
  QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &drop);
  return drop.isAccepted();
}
}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

 private slots:
  void classifies_drops() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath("hf"));
    QFile(dir.filePath("hf/config.json")).open(QIODevice::WriteOnly);
    QVERIFY(QDir(dir.path()).mkpath("ggufs"));
    QFile(dir.filePath("ggufs/a.gguf")).open(QIODevice::WriteOnly);
    QFile(dir.filePath("notes.txt")).open(QIODevice::WriteOnly);
    QVERIFY(QDir(dir.path()).mkpath("empty"));

    auto kind = [](const QStringList& paths) {
      QList<QUrl> urls;
      for (const auto& p : paths) urls << QUrl::fromLocalFile(p);
      return classify_drop(urls).kind;
    };
    QCOMPARE(kind({dir.filePath("hf")}), DropAction::Kind::HfFolder);
    QCOMPARE(kind({dir.filePath("hf/config.json")}), DropAction::Kind::HfFolder);  // a file inside means the folder
    QCOMPARE(kind({dir.filePath("ggufs")}), DropAction::Kind::LibraryFolder);
    QCOMPARE(kind({dir.filePath("ggufs/a.gguf")}), DropAction::Kind::GgufFiles);
    QCOMPARE(kind({dir.filePath("notes.txt")}), DropAction::Kind::None);
    QCOMPARE(kind({dir.filePath("empty")}), DropAction::Kind::None);
    QVERIFY(!classify_drop({QUrl::fromLocalFile(dir.filePath("notes.txt"))}).reason.isEmpty());
    QCOMPARE(classify_drop({QUrl(QStringLiteral("https://example.com/model.gguf"))}).kind, DropAction::Kind::None);
  }

  void dropping_an_hf_folder_opens_the_wizard() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-hf/config.json");
    TestApp app;
    MainWindow window(app.context.get());
    window.show();
    window.show_page(MainWindow::ChatPage);
    // Dropped on a text field deep inside the window: the window still routes it.
    QWidget* target = window.findChild<QLineEdit*>();
    QVERIFY(target);
    QVERIFY(drop_paths(target, {shared_path("models/stories260K-hf")}));
    QCOMPARE(window.current_page(), MainWindow::QuantizePage);
    SourcePage* source = window.wizard()->source_page();
    QTRY_VERIFY_WITH_TIMEOUT(source->isComplete(), kWaitMs);
    QCOMPARE(source->inspection().architecture, QStringLiteral("LlamaForCausalLM"));
    QCOMPARE(source->inspection().layer_count, 5);  // config.json: num_hidden_layers
    QVERIFY(!source->inspection().is_gguf);
  }

  void dropping_a_broken_folder_explains_why() {
    TestApp app;
    QTemporaryDir dir;
    QFile config(dir.filePath("config.json"));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("{ not json");
    config.close();
    MainWindow window(app.context.get());
    window.show();
    QVERIFY(drop_paths(&window, {dir.path()}));
    SourcePage* source = window.wizard()->source_page();
    QTRY_VERIFY_WITH_TIMEOUT(!source->inspecting() && !source->error_text().isEmpty(), kWaitMs);
    QVERIFY(!source->isComplete());
    QVERIFY2(source->error_text().contains("config.json"), qPrintable(source->error_text()));
  }

  void dropping_a_gguf_adds_it_to_the_library() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q6_K.gguf");
    TestApp app;
    MainWindow window(app.context.get());
    window.show();
    window.show_page(MainWindow::QuantizePage);
    const QString file = shared_path("models/stories260K-reference-gguf/stories260K-Q6_K.gguf");
    QVERIFY(drop_paths(&window, {file}));
    QCOMPARE(window.current_page(), MainWindow::ModelsPage);
    QTRY_VERIFY_WITH_TIMEOUT(app.context->library()->find(file) != nullptr, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(window.browser()->selected_path(), QFileInfo(file).canonicalFilePath(), kWaitMs);
  }

  void dropping_something_else_changes_nothing() {
    TestApp app;
    QTemporaryDir dir;
    QFile(dir.filePath("notes.txt")).open(QIODevice::WriteOnly);
    MainWindow window(app.context.get());
    window.show();
    window.show_page(MainWindow::ChatPage);
    QVERIFY(!drop_paths(&window, {dir.filePath("notes.txt")}));  // refused at drag-enter
    QCOMPARE(window.current_page(), MainWindow::ChatPage);
  }

  void language_switch_relabels_the_running_window() {
    TestApp app;
    MainWindow window(app.context.get());
    window.show();
    auto* nav = window.findChild<NavigationBar*>();
    QVERIFY(nav);
    QCOMPARE(nav->page_button(MainWindow::ModelsPage)->text(), QStringLiteral("Models"));
    app.context->settings()->set_language("zh_CN");
    QTRY_COMPARE(nav->page_button(MainWindow::ModelsPage)->text(), QStringLiteral("模型"));
    QCOMPARE(nav->page_button(MainWindow::ChatPage)->text(), QStringLiteral("对话"));
    QCOMPARE(window.windowTitle(), QStringLiteral("Hearth"));
    app.context->settings()->set_language("en");
    QTRY_COMPARE(nav->page_button(MainWindow::ModelsPage)->text(), QStringLiteral("Models"));
  }

  void remembers_layout_and_page() {
    TestApp app;
    {
      MainWindow window(app.context.get());
      window.show();
      window.resize(1111, 777);
      window.show_page(MainWindow::ChatPage);
      window.close();
    }
    QVERIFY(!app.context->settings()->window_geometry().isEmpty());
    MainWindow again(app.context.get());
    again.show();
    QCOMPARE(again.current_page(), MainWindow::ChatPage);
    QCOMPARE(again.size(), QSize(1111, 777));
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::MainWindowTest)
#include "tst_main_window.moc"
