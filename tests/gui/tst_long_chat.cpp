// A long chat keeps going (issue 19, item 3): on the real engine with stories260K loaded at a
// small context, a dozen turns with long answers all get an answer under "leave out the
// middle" and "rolling window"; "stop at the limit" refuses once the context is full, as it
// says. Load settings are remembered per model file, not carried from one model to another.
#include <QTest>

#include "engine/inference_backend.h"
#include "gui_test_support.h"
#include "window/settings.h"

namespace hearth::gui::test {

namespace {
constexpr int kContext = 256;   // tokens; the engine clamps it to stories260K's trained 128
constexpr int kAnswer = 150;    // longer than the whole context: every answer fills it
constexpr int kTurns = 12;

QString model_path() { return shared_path(QStringLiteral("models/stories260K-reference-gguf/stories260K-f32.gguf")); }

// Runs kTurns turns; returns the number of the first turn that failed (0: none) and its error.
std::pair<int, QString> long_chat(ContextPolicy policy) {
  auto backend = make_engine_backend();
  LoadSettings load;
  load.context_size = kContext;
  auto loaded = backend->load(model_path(), load, {}, {});
  if (!loaded) return {-1, QString::fromStdString(loaded.error().message)};
  SamplingSettings sampling;
  sampling.temperature = 0;
  sampling.max_tokens = kAnswer;
  sampling.context_policy = policy;
  QList<ChatTurn> turns{{ChatRole::System, QStringLiteral("You tell short stories.")}};
  for (int turn = 1; turn <= kTurns; ++turn) {
    turns << ChatTurn{ChatRole::User, QStringLiteral("Tell me about Lily and her dog, part %1.").arg(turn)};
    QString answer;
    const GenerationStats stats = backend->generate(turns, sampling, [&](const QString& piece) { answer += piece; }, {});
    if (stats.reason == FinishReason::Error || stats.generated_tokens == 0) return {turn, stats.error};
    turns << ChatTurn{ChatRole::Assistant, answer};
  }
  return {0, {}};
}
}  // namespace

class LongChatTest : public QObject {
  Q_OBJECT

 private slots:
  void leaving_out_the_middle_keeps_the_chat_going() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-f32.gguf");
    const auto [failed, error] = long_chat(ContextPolicy::TruncateMiddle);
    QVERIFY2(failed == 0, qPrintable(QStringLiteral("turn %1: %2").arg(failed).arg(error)));
  }

  void rolling_window_keeps_the_chat_going() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-f32.gguf");
    const auto [failed, error] = long_chat(ContextPolicy::RollingWindow);
    QVERIFY2(failed == 0, qPrintable(QStringLiteral("turn %1: %2").arg(failed).arg(error)));
  }

  void stopping_at_the_limit_says_why() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-f32.gguf");
    const auto [failed, error] = long_chat(ContextPolicy::StopAtLimit);
    QVERIFY(failed > 1);  // the first turns fit, a later one does not
    QVERIFY2(error.contains(QStringLiteral("does not fit")), qPrintable(error));
  }

  void load_settings_are_per_model() {
    TestApp app;
    Settings* s = app.context->settings();
    s->set_load_settings(QStringLiteral("/models/a.gguf"), LoadSettings{512, 3});
    QCOMPARE(s->load_settings(QStringLiteral("/models/a.gguf")), (LoadSettings{512, 3}));
    QCOMPARE(s->load_settings(QStringLiteral("/models/b.gguf")), LoadSettings{});  // not carried over
  }

  void default_answer_length_fits_any_context() {
    // No fixed default above a small context: the answer ends by itself or by the policy.
    QVERIFY(SamplingSettings{}.max_tokens <= 0);
    QVERIFY(SamplingSettings{}.context_policy != ContextPolicy::StopAtLimit);
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::LongChatTest)
#include "tst_long_chat.moc"
