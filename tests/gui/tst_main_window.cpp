// The main window: drops anywhere are routed (an HF folder to the wizard, a GGUF to the
// library), the language switch re-labels the running window, and the layout is remembered.
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDropEvent>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QTimer>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QToolButton>

#include "chat/chat_pane.h"
#include "chat/composer.h"
#include "chat/sampling_panel.h"
#include "gui_test_support.h"
#include "window/settings_dialog.h"
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

  void language_switch_from_the_settings_dialog() {
    TestApp app;
    MainWindow window(app.context.get());
    window.show();
    auto* nav = window.findChild<NavigationBar*>();
    QVERIFY(nav);
    // The dialog is modal: pick 简体中文 and press OK once it is up.
    bool picked = false;
    QTimer::singleShot(0, &window, [&] {
      auto* dialog = window.findChild<SettingsDialog*>();
      if (!dialog) return;
      const int zh = dialog->language_box()->findData(QStringLiteral("zh_CN"));
      if (zh < 0) return dialog->reject();
      dialog->language_box()->setCurrentIndex(zh);
      dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
      picked = true;
    });
    window.open_settings();
    QVERIFY(picked);
    QCOMPARE(app.context->settings()->language(), QStringLiteral("zh_CN"));
    QTRY_COMPARE(nav->page_button(MainWindow::ModelsPage)->text(), QStringLiteral("模型"));
    app.context->settings()->set_language("en");
    QTRY_COMPARE(nav->page_button(MainWindow::ModelsPage)->text(), QStringLiteral("Models"));
  }

  void keyboard_shortcuts() {
    TestApp app;
    MainWindow window(app.context.get());
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.show_page(MainWindow::ModelsPage);
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(window.current_page(), MainWindow::ChatPage);
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.current_page(), MainWindow::QuantizePage);
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window.current_page(), MainWindow::ModelsPage);
    // Ctrl+N: a new chat, with the cursor in the message box.
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(window.current_page(), MainWindow::ChatPage);
    QCOMPARE(window.chat()->current_conversation(), 0);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(window.chat()->composer()->editor()));
    // Ctrl+, opens the settings (closed again at once here).
    bool opened = false;
    QTimer::singleShot(0, &window, [&] {
      if (auto* dialog = window.findChild<SettingsDialog*>()) {
        opened = true;
        dialog->reject();
      }
    });
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QVERIFY(opened);
  }

  // Library folders, sampling values and the language are read back by the next start.
  void remembers_settings_across_restarts() {
    TestApp app;
    QTemporaryDir extra;
    SamplingSettings sampling;
    sampling.temperature = 0.3;
    sampling.top_k = 17;
    sampling.top_p = 0.8;
    sampling.min_p = 0.1;
    sampling.repeat_penalty = 1.2;
    sampling.max_tokens = 99;
    sampling.seed = 1234;
    {
      MainWindow window(app.context.get());
      window.show();
      app.context->library()->add_folder(extra.path());
      window.chat()->sampling()->set_values(sampling);
      app.context->settings()->set_language("zh_CN");
      window.close();
    }
    app.context.reset();
    app.context = std::make_unique<AppContext>(AppContext::in_folder(app.dir.path()));
    QVERIFY(app.context->library()->folders().contains(QDir(extra.path()).absolutePath()) ||
            app.context->library()->folders().contains(QDir(extra.path()).canonicalPath()));
    QCOMPARE(app.context->settings()->sampling(), sampling);
    QCOMPARE(app.context->settings()->language(), QStringLiteral("zh_CN"));
    MainWindow again(app.context.get());
    again.show();
    QCOMPARE(again.chat()->sampling()->values(), sampling);
    auto* nav = again.findChild<NavigationBar*>();
    QCOMPARE(nav->page_button(MainWindow::ModelsPage)->text(), QStringLiteral("模型"));
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
    // The size comes back, shrunk to the screen when the screen is smaller (offscreen: 800×600).
    const QSize screen = again.screen()->availableGeometry().size();
    QCOMPARE(again.size(), QSize(1111, 777).boundedTo(screen));
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::MainWindowTest)
#include "tst_main_window.moc"
