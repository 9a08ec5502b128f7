// An already quantized GGUF in the wizard (issue 19, item 5): the wizard says so, preselects
// nothing (so re-quantizing is an explicit choice) and calls no type lossless; an unquantized
// source keeps Q4_K_M preselected. stories260K's "Q4_K_M" reference file (made by llama.cpp)
// holds no q4_K tensors at all, which is why the source's own label is not trusted for types.
#include <QLabel>
#include <QTableWidget>
#include <QTest>

#include "gui_test_support.h"
#include "window/main_window.h"
#include "wizard/quantize_wizard.h"
#include "wizard/source_inspection.h"
#include "wizard/source_page.h"
#include "wizard/target_page.h"

namespace hearth::gui::test {

namespace {
constexpr auto kQuantized = "models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf";
constexpr auto kFloat = "models/stories260K-reference-gguf/stories260K-f32.gguf";

// Opens `path` in the wizard and goes to the target page; null on failure.
TargetPage* open_targets(MainWindow& window, const QString& path) {
  QuantizeWizard* wizard = window.wizard();
  window.quantize_model(path);
  if (!QTest::qWaitFor([&] { return wizard->source_page()->isComplete(); }, kWaitMs)) return nullptr;
  wizard->next();
  if (wizard->currentId() != QuantizeWizard::Target) return nullptr;
  TargetPage* target = wizard->target_page();
  if (!QTest::qWaitFor([&] { return !target->estimating(); }, kWaitMs)) return nullptr;
  return target;
}
}  // namespace

class RequantizeTest : public QObject {
  Q_OBJECT

 private slots:
  void inspection_tells_quantized_from_float() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf");
    QVERIFY(inspect_source(shared_path(kQuantized)).already_quantized());
    QVERIFY(!inspect_source(shared_path(kFloat)).already_quantized());
    QVERIFY(!inspect_source(shared_path(QStringLiteral("models/stories260K-hf"))).already_quantized());
  }

  void quantized_source_needs_an_explicit_choice() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf");
    TestApp app;
    MainWindow window(app.context.get());
    window.show();
    TargetPage* target = open_targets(window, shared_path(kQuantized));
    QVERIFY(target);
    QVERIFY(target->requantize_note()->isVisible());
    QVERIFY(target->checked_types().isEmpty());
    QVERIFY(!target->isComplete());  // nothing happens without a tick
    for (int r = 0; r < target->table()->rowCount(); ++r)
      QVERIFY2(target->table()->item(r, 3)->text() != QStringLiteral("lossless"), qPrintable(target->table()->item(r, 0)->text()));
  }

  void float_source_keeps_the_default() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-f32.gguf");
    TestApp app;
    MainWindow window(app.context.get());
    window.show();
    TargetPage* target = open_targets(window, shared_path(kFloat));
    QVERIFY(target);
    QVERIFY(!target->requantize_note()->isVisible());
    QCOMPARE(target->checked_types(), QStringList{QStringLiteral("Q4_K_M")});
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::RequantizeTest)
#include "tst_requantize.moc"
