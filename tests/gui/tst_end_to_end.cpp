// The whole path through the real window and the real engine: drop the stories260K Hugging Face
// folder, run the wizard to a Q8_0 and a Q4_K_M file, find both in the library, chat with the
// result (tokens stream into the view) and stop an answer mid-way. Cancel leaves no file.
#include <QComboBox>
#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include "chat/chat_pane.h"
#include "chat/chat_view.h"
#include "chat/composer.h"
#include "chat/message_widget.h"
#include "chat/sampling_panel.h"
#include "engine/inference_worker.h"
#include "gui_test_support.h"
#include "library/model_library.h"
#include "pausing_quantizer.h"
#include "window/main_window.h"
#include "wizard/output_page.h"
#include "wizard/quantize_wizard.h"
#include "wizard/run_page.h"
#include "wizard/source_page.h"
#include "wizard/target_page.h"

namespace hearth::gui::test {

namespace {

void drop_folder(QWidget* target, const QString& path) {
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(path)});
  QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &enter);
  QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &drop);
}

// Drives the wizard from the dropped folder to the run page with `types` ticked.
bool run_wizard(MainWindow& window, const QString& folder, const QStringList& types) {
  drop_folder(&window, folder);
  QuantizeWizard* wizard = window.wizard();
  if (!QTest::qWaitFor([&] { return wizard->source_page()->isComplete(); }, kWaitMs)) return false;
  wizard->next();
  if (wizard->currentId() != QuantizeWizard::Target) return false;
  TargetPage* target = wizard->target_page();
  if (!QTest::qWaitFor([&] { return !target->estimating(); }, kWaitMs)) return false;
  for (const QString& t : target->checked_types()) target->set_checked(t, false);
  for (const QString& t : types) target->set_checked(t, true);
  if (target->checked_types() != types) return false;
  wizard->next();
  if (wizard->currentId() != QuantizeWizard::Output) return false;
  wizard->next();  // Start
  return wizard->currentId() == QuantizeWizard::Run;
}

}  // namespace

class EndToEndTest : public QObject {
  Q_OBJECT

 private slots:
  void drop_quantize_and_find_in_library() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-hf/config.json");
    TestApp app;
    MainWindow window(app.context.get());
    window.show();
    QVERIFY(run_wizard(window, shared_path("models/stories260K-hf"), {"Q8_0", "Q4_K_M"}));
    RunPage* run = window.wizard()->run_page();
    QTRY_VERIFY_WITH_TIMEOUT(run->done(), kWaitMs);
    const auto outcomes = run->outcomes();
    QCOMPARE(outcomes.size(), 2);
    for (const auto& o : outcomes) QVERIFY2(o.ok, qPrintable(o.target.type + ": " + o.error));

    const QString q8 = QDir(app.library_folder()).filePath("stories260K-hf-Q8_0.gguf");
    const QString q4 = QDir(app.library_folder()).filePath("stories260K-hf-Q4_K_M.gguf");
    QVERIFY(QFileInfo::exists(q8));
    QVERIFY(QFileInfo::exists(q4));
    // Both appear in the library, readable, with the type their header declares
    // (general.file_type 7 and 15, named as llama.cpp names them).
    ModelLibrary* library = app.context->library();
    QTRY_VERIFY_WITH_TIMEOUT(library->find(q8) && library->find(q4), kWaitMs);
    QVERIFY2(library->find(q8)->readable(), qPrintable(library->find(q8)->error));
    QCOMPARE(library->find(q8)->file_type, QStringLiteral("Q8_0"));
    QCOMPARE(library->find(q4)->file_type, QStringLiteral("Q4_K - Medium"));
    QCOMPARE(library->find(q4)->parameters, 260032ull);  // every weight of the HF folder
    // The summary lists both with their sizes.
    QCOMPARE(run->summary()->rowCount(), 2);
    // Nothing else was left in the folder (no temporary or intermediate files).
    QCOMPARE(QDir(app.library_folder()).entryList(QDir::Files | QDir::Hidden | QDir::System).size(), 2);
  }

  void cancel_leaves_no_partial_file() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-hf/config.json");
    TestApp app;
    auto paused = std::make_shared<std::atomic<bool>>(false);
    app.context->make_quantizer = [paused] { return std::make_unique<PausingQuantizer>(make_core_quantize_backend(), paused); };
    MainWindow window(app.context.get());
    window.show();
    QVERIFY(run_wizard(window, shared_path("models/stories260K-hf"), {"Q4_K_M"}));
    RunPage* run = window.wizard()->run_page();
    QTRY_VERIFY_WITH_TIMEOUT(*paused || run->done(), kWaitMs);
    if (run->done()) QFAIL("the conversion ended before it reported progress");
    run->cancel_button()->click();
    QTRY_VERIFY_WITH_TIMEOUT(run->done(), kWaitMs);
    const auto outcomes = run->outcomes();
    QCOMPARE(outcomes.size(), 1);
    QVERIFY(outcomes[0].cancelled);
    QVERIFY(!outcomes[0].ok);
    QCOMPARE(QDir(app.library_folder()).entryList(QDir::Files | QDir::Hidden | QDir::System), QStringList());
    QCOMPARE(app.context->library()->entries().size(), 0);
  }

  // Chats with the wizard's Q4_K_M result (the type the wizard preselects).
  void chat_streams_and_stops() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-hf/config.json");
    TestApp app;
    MainWindow window(app.context.get());
    window.show();
    QVERIFY(run_wizard(window, shared_path("models/stories260K-hf"), {"Q4_K_M"}));
    QTRY_VERIFY_WITH_TIMEOUT(window.wizard()->run_page()->done(), kWaitMs);
    QVERIFY2(window.wizard()->run_page()->outcomes().value(0).ok, qPrintable(window.wizard()->run_page()->outcomes().value(0).error));
    const QString model = QDir(app.library_folder()).filePath("stories260K-hf-Q4_K_M.gguf");
    QVERIFY(QFileInfo::exists(model));

    ChatPane* chat = window.chat();
    InferenceController* engine = window.engine();
    QSignalSpy loaded(engine, &InferenceController::loaded);
    QSignalSpy failed(engine, &InferenceController::load_failed);
    window.chat_with(model);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, kWaitMs);
    if (failed.count() > 0) QFAIL(qPrintable(failed.first().first().toString()));
    QCOMPARE(window.model_status()->text(), engine->loaded_model().name);

    // An answer streams: the engine sends many pieces and the view shows them all, in order.
    SamplingSettings sampling;
    sampling.temperature = 0;  // greedy: stories260K continues with a story
    sampling.max_tokens = 48;
    chat->sampling()->set_values(sampling);
    QStringList pieces;
    connect(engine, &InferenceController::text, this, [&](quint64, const QString& piece) { pieces << piece; });
    QTest::keyClicks(chat->composer()->editor(), "Once upon a time");
    QTest::keyClick(chat->composer()->editor(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(chat->view()->last()->role() == ChatRole::Assistant && !chat->generating(), kWaitMs);
    MessageWidget* answer = chat->view()->last();
    QVERIFY2(answer->state() == MessageState::Complete, qPrintable(answer->footer_text()));
    QVERIFY2(pieces.size() > 10, qPrintable(QString::number(pieces.size())));
    QCOMPARE(answer->content(), pieces.join(QString()));
    QVERIFY(!answer->content().trimmed().isEmpty());
    QVERIFY(!window.speed_status()->text().isEmpty());  // tokens/s in the status bar

    // Stop mid-answer: press Stop once the tenth piece has arrived.
    pieces.clear();
    sampling.max_tokens = 400;
    chat->sampling()->set_values(sampling);
    int seen = 0;
    connect(engine, &InferenceController::text, this, [&](quint64, const QString&) {
      if (++seen == 10) chat->composer()->send_button()->click();
    });
    QTest::keyClicks(chat->composer()->editor(), "Tell me about a dog");
    QTest::keyClick(chat->composer()->editor(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(chat->view()->last() != answer && !chat->generating(), kWaitMs);
    MessageWidget* stopped = chat->view()->last();
    QCOMPARE(stopped->state(), MessageState::Stopped);
    QVERIFY(pieces.size() >= 10 && pieces.size() < 400);
    QCOMPARE(stopped->content(), pieces.join(QString()));
    const auto stored = app.context->store()->messages(chat->current_conversation());
    QCOMPARE(stored.last().state, MessageState::Stopped);
    QCOMPARE(stored.last().content, stopped->content());
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::EndToEndTest)
#include "tst_end_to_end.moc"
