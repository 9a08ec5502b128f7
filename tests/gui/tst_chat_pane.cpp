// The chat pane's behaviour with a scripted engine on the real worker thread: a message is
// sent (loading the model first), the answer streams into the view and the history, Stop ends
// it mid-answer keeping what arrived, Regenerate and Edit-and-resend rewrite the end of the
// conversation, the system prompt belongs to its chat, and everything survives a restart.
#include <QComboBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include "chat/chat_pane.h"
#include "chat/chat_view.h"
#include "chat/composer.h"
#include "chat/conversation_list.h"
#include "chat/conversation_store.h"
#include "chat/message_widget.h"
#include "offload/offload_panel.h"
#include "engine/inference_worker.h"
#include "gui_test_support.h"
#include "library/model_library.h"
#include "scripted_inference.h"
#include "synthetic_gguf.h"

namespace hearth::gui::test {

namespace {

struct ChatFixture {
  TestApp app;
  std::shared_ptr<ScriptState> script = std::make_shared<ScriptState>();
  std::unique_ptr<InferenceController> engine;
  std::unique_ptr<ChatPane> pane;

  explicit ChatFixture(const char* model_file = "tiny.gguf") {
    QDir().mkpath(app.library_folder());
    SyntheticLlama m;
    m.name = "tiny";
    const QString error = write_synthetic_llama(QDir(app.library_folder()).filePath(model_file), m);
    if (!error.isEmpty()) qFatal("%s", qPrintable(error));
    open_pane();
  }
  void open_pane() {
    pane.reset();
    engine = std::make_unique<InferenceController>(std::make_unique<ScriptedInference>(script));
    QSignalSpy scanned(app.context->library(), &ModelLibrary::scan_finished);
    pane = std::make_unique<ChatPane>(app.context->store(), engine.get(), app.context->library(), app.context->settings());
    pane->resize(1200, 800);
    pane->show();
    app.context->library()->rescan();
    if (!scanned.wait(kWaitMs)) qFatal("library scan did not finish");
  }
  void type_and_send(const QString& text) {
    QPlainTextEdit* editor = pane->composer()->editor();
    editor->setFocus();
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
  }
  MessageWidget* last() const { return pane->view()->last(); }
  QList<StoredMessage> stored() const { return app.context->store()->messages(pane->current_conversation()); }
};

}  // namespace

class ChatPaneTest : public QObject {
  Q_OBJECT

 private slots:
  void init() { register_gui_types(); }

  void without_a_model_nothing_is_sent() {
    // An empty library: a clear call to action, Send off, and typing Enter stores nothing.
    TestApp app;
    auto script = std::make_shared<ScriptState>();
    InferenceController engine(std::make_unique<ScriptedInference>(script));
    QSignalSpy scanned(app.context->library(), &ModelLibrary::scan_finished);
    ChatPane pane(app.context->store(), &engine, app.context->library(), app.context->settings());
    pane.resize(1024, 600);
    pane.show();
    app.context->library()->rescan();
    QVERIFY(scanned.wait(kWaitMs));
    QVERIFY(pane.selected_model().isEmpty());
    QVERIFY(pane.go_to_models_button()->isVisible());
    QSignalSpy go(&pane, &ChatPane::models_page_requested);
    pane.go_to_models_button()->click();
    QCOMPARE(go.count(), 1);
    QVERIFY(!pane.composer()->send_button()->isEnabled());
    QPlainTextEdit* editor = pane.composer()->editor();
    editor->setFocus();
    QTest::keyClicks(editor, "hello?");
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(editor->toPlainText(), QStringLiteral("hello?"));  // kept, not lost
    pane.send(QStringLiteral("hello?"));
    QCOMPARE(pane.current_conversation(), 0);  // no chat created, nothing stored
    QVERIFY(app.context->store()->conversations().isEmpty());
  }

  void side_panel_collapses_and_is_remembered() {
    ChatFixture f;
    QVERIFY(f.pane->side_panel()->isVisible());  // 1200 wide: shown
    const int wide_before = f.pane->view()->width();
    f.pane->side_panel_toggle()->click();
    QVERIFY(!f.pane->side_panel()->isVisible());
    QTRY_VERIFY(f.pane->view()->width() > wide_before + 200);  // the conversation gets the room
    f.open_pane();
    QVERIFY(!f.pane->side_panel()->isVisible());  // remembered
    f.pane->side_panel_toggle()->click();
    QVERIFY(f.pane->side_panel()->isVisible());
  }

  void composer_shares_the_message_column() {
    ChatFixture f;
    f.pane->set_side_panel_visible(false);
    f.pane->resize(2200, 800);  // wider than the column
    QTest::qWait(50);
    QVERIFY(f.pane->composer()->width() <= kChatColumnWidth + 24);
    QVERIFY(f.pane->composer()->width() >= kChatColumnWidth - 24);
  }

  void sends_loads_streams_and_saves() {
    ChatFixture f;
    QVERIFY(!f.pane->selected_model().isEmpty());
    f.type_and_send("Hello there");
    QCOMPARE(f.pane->composer()->editor()->toPlainText(), QString());  // the composer empties
    QTRY_VERIFY_WITH_TIMEOUT(!f.pane->generating() && f.last() && f.last()->role() == ChatRole::Assistant &&
                                 f.last()->state() == MessageState::Complete,
                             kWaitMs);
    QCOMPARE(f.script->loads, 1);
    // Loaded with the offload card's settings for this model: nothing to reload.
    QCOMPARE(f.script->last_load, f.pane->offload()->load_settings());
    QCOMPARE(f.pane->load_button()->text(), QStringLiteral("Loaded"));
    QVERIFY(!f.pane->offload()->reload_notice_visible());
    QCOMPARE(f.last()->content(), QStringLiteral("Once upon a time"));
    QVERIFY(f.last()->footer_text().contains("4 tokens"));

    const auto messages = f.stored();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].content, QStringLiteral("Hello there"));
    QCOMPARE(messages[1].content, QStringLiteral("Once upon a time"));
    QCOMPARE(messages[1].state, MessageState::Complete);
    QCOMPARE(f.app.context->store()->conversation(f.pane->current_conversation()).title, QStringLiteral("Hello there"));
    // The engine saw exactly the conversation.
    QCOMPARE(f.script->prompts.size(), 1);
    QCOMPARE(f.script->prompts[0].size(), 1);
    QCOMPARE(f.script->prompts[0][0].content, QStringLiteral("Hello there"));
  }

  void stop_mid_answer_keeps_what_arrived() {
    ChatFixture f;
    f.script->hold_after = 2;  // "Once upon", then wait for Stop
    f.type_and_send("Tell me a story");
    QTRY_VERIFY_WITH_TIMEOUT(f.script->holding && f.last() && f.last()->content() == QStringLiteral("Once upon"), kWaitMs);
    QVERIFY(f.pane->generating());
    QVERIFY(f.pane->composer()->busy());
    QCOMPARE(f.last()->state(), MessageState::Streaming);
    // While streaming, what arrived is already in the history.
    QTRY_COMPARE_WITH_TIMEOUT(f.stored().last().content, QStringLiteral("Once upon"), kWaitMs);
    QCOMPARE(f.stored().last().state, MessageState::Streaming);

    f.pane->composer()->send_button()->click();  // the Send button is Stop now
    QTRY_VERIFY_WITH_TIMEOUT(!f.pane->generating(), kWaitMs);
    QCOMPARE(f.last()->state(), MessageState::Stopped);
    QCOMPARE(f.last()->content(), QStringLiteral("Once upon"));
    QVERIFY(f.last()->footer_text().contains("Stopped"));
    QCOMPARE(f.stored().last().state, MessageState::Stopped);
    QCOMPARE(f.stored().last().content, QStringLiteral("Once upon"));
    QVERIFY(!f.pane->composer()->busy());
  }

  void escape_stops_the_answer() {
    ChatFixture f;
    f.script->hold_after = 1;
    f.type_and_send("Tell me a story");
    QTRY_VERIFY_WITH_TIMEOUT(f.script->holding && f.last() && f.last()->role() == ChatRole::Assistant, kWaitMs);
    // Esc in the message box (where the cursor is) reaches the pane.
    QTest::keyClick(f.pane->composer()->editor(), Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!f.pane->generating(), kWaitMs);
    QCOMPARE(f.last()->state(), MessageState::Stopped);
    QCOMPARE(f.last()->content(), QStringLiteral("Once"));
  }

  void regenerate_replaces_the_last_answer() {
    ChatFixture f;
    f.type_and_send("Hi");
    QTRY_VERIFY_WITH_TIMEOUT(!f.pane->generating() && f.stored().size() == 2, kWaitMs);
    f.script->pieces = {"A", " different", " answer"};
    QToolButton* regenerate = f.last()->regenerate_button();
    QVERIFY(regenerate->isVisible());
    regenerate->click();
    QTRY_VERIFY_WITH_TIMEOUT(!f.pane->generating() && f.last()->content() == QStringLiteral("A different answer"), kWaitMs);
    QCOMPARE(f.pane->view()->messages().size(), 2);
    const auto messages = f.stored();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[1].content, QStringLiteral("A different answer"));
    QCOMPARE(f.script->prompts.size(), 2);
    QCOMPARE(f.script->prompts[1].size(), 1);  // the old answer is not part of the new prompt
  }

  void edit_and_resend_rewrites_from_that_message() {
    ChatFixture f;
    f.type_and_send("First question");
    QTRY_VERIFY_WITH_TIMEOUT(!f.pane->generating() && f.stored().size() == 2, kWaitMs);
    MessageWidget* question = f.pane->view()->messages().first();
    question->edit_button()->click();
    QVERIFY(question->editor()->isVisible());
    question->editor()->setPlainText("Better question");
    f.script->pieces = {"Better", " answer"};
    question->resend_button()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!f.pane->generating() && f.stored().size() == 2 &&
                                 f.stored()[1].content == QStringLiteral("Better answer"),
                             kWaitMs);
    QCOMPARE(f.stored()[0].content, QStringLiteral("Better question"));
    QCOMPARE(f.pane->view()->messages().size(), 2);
    QCOMPARE(f.script->prompts.last().size(), 1);
    QCOMPARE(f.script->prompts.last()[0].content, QStringLiteral("Better question"));
  }

  void system_prompt_belongs_to_its_chat() {
    ChatFixture f;
    f.pane->system_prompt()->setPlainText("You are a pirate.");
    f.type_and_send("Ahoy");
    QTRY_VERIFY_WITH_TIMEOUT(!f.pane->generating() && f.stored().size() == 2, kWaitMs);
    const qint64 pirate_chat = f.pane->current_conversation();
    QCOMPARE(f.script->prompts[0][0].role, ChatRole::System);
    QCOMPARE(f.script->prompts[0][0].content, QStringLiteral("You are a pirate."));
    QCOMPARE(f.app.context->store()->conversation(pirate_chat).system_prompt, QStringLiteral("You are a pirate."));

    f.pane->open_conversation(0);  // New chat
    QCOMPARE(f.pane->system_prompt()->toPlainText(), QString());
    QCOMPARE(f.pane->view()->messages().size(), 0);
    f.pane->open_conversation(pirate_chat);
    QCOMPARE(f.pane->system_prompt()->toPlainText(), QStringLiteral("You are a pirate."));
    QCOMPARE(f.pane->view()->messages().size(), 2);
  }

  void history_survives_a_restart() {
    ChatFixture f;
    f.type_and_send("Remember me");
    QTRY_VERIFY_WITH_TIMEOUT(!f.pane->generating() && f.stored().size() == 2, kWaitMs);
    const qint64 chat = f.pane->current_conversation();
    f.open_pane();  // a new pane on the same store: what a restart sees
    QCOMPARE(f.pane->current_conversation(), chat);  // the latest chat reopens
    QCOMPARE(f.pane->view()->messages().size(), 2);
    QCOMPARE(f.pane->view()->messages()[1]->content(), QStringLiteral("Once upon a time"));
    QCOMPARE(f.pane->conversations()->model()->rowCount(), 1);
  }

  void a_model_that_fails_to_load_says_why() {
    ChatFixture f("unloadable.gguf");
    f.type_and_send("Hello");
    QTRY_VERIFY_WITH_TIMEOUT(f.last() && f.last()->state() == MessageState::Failed, kWaitMs);
    QVERIFY2(f.last()->footer_text().contains("not a model"), qPrintable(f.last()->footer_text()));
    QVERIFY(!f.pane->generating());
    QCOMPARE(f.stored().last().state, MessageState::Failed);
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::ChatPaneTest)
#include "tst_chat_pane.moc"
