// The wizard's progress tells the truth (issue: "About 4.0 s remaining" 16 s into a 47 s job,
// the overall bar counting files, "Tensor 3 of 39: token_embd.weight" after "Tensor 1 of 39:
// token_embd.weight"): the batch's bar is weighted by each file's expected time, it only moves
// forward, and a tensor line names what is done to which tensor, consistently.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "engine/quantize_backend.h"
#include "engine/quantize_job.h"
#include "gui_test_support.h"
#include "hearth/quant/quant_mix.h"

using namespace hearth::gui;
using namespace hearth::gui::test;

namespace {

double mix_time(const char* name) { return hearth::find_quant_mix(name)->relative_time; }

struct Report {
  int target;
  double fraction, overall;
  qint64 item, count;
  QString label, stage;
};

}  // namespace

class QuantizeProgressTest : public QObject {
  Q_OBJECT
 private slots:
  void k_quants_are_expected_to_take_longer_than_q8_0() {
    // The measured table the weights come from: a K-quant search costs several times Q8_0.
    QVERIFY(mix_time("Q4_K_M") > 3 * mix_time("Q8_0"));
    QVERIFY(mix_time("Q2_K") > mix_time("Q4_0"));
    const auto backend = make_core_quantize_backend();
    // GGUF source: each type's own time.
    const QList<double> gguf = backend->relative_work(true, {QStringLiteral("Q8_0"), QStringLiteral("Q4_K_M")});
    QCOMPARE(gguf.size(), 2);
    QCOMPARE(gguf[0], mix_time("Q8_0"));
    QCOMPARE(gguf[1], mix_time("Q4_K_M"));
    // Hugging Face source: Q8_0 comes straight from the converter; the first quantized type also
    // pays for the one conversion the others reuse.
    const QList<double> hf = backend->relative_work(
        false, {QStringLiteral("Q8_0"), QStringLiteral("Q4_K_M"), QStringLiteral("Q6_K")});
    QCOMPARE(hf.size(), 3);
    QVERIFY(hf[1] > mix_time("Q4_K_M"));
    QCOMPARE(hf[2], mix_time("Q6_K"));
    QCOMPARE(hf[1] - mix_time("Q4_K_M"), hf[0]);  // the conversion costs what a direct Q8_0 does
  }

  void a_batch_reports_weighted_monotonic_consistent_progress() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-hf/config.json");
    QTemporaryDir out;
    const auto backend = make_core_quantize_backend();
    const QList<QuantizeTarget> targets = {{QStringLiteral("Q8_0"), out.filePath(QStringLiteral("a-Q8_0.gguf"))},
                                           {QStringLiteral("Q4_K_M"), out.filePath(QStringLiteral("a-Q4_K_M.gguf"))}};
    QuantizeJob job(backend.get(), shared_path(QStringLiteral("models/stories260K-hf")), false, targets);
    QList<Report> reports;
    connect(&job, &QuantizeJob::progress, this,
            [&](int target, double fraction, double overall, qint64 item, qint64 count, const QString& label,
                const QString& stage) { reports << Report{target, fraction, overall, item, count, label, stage}; });
    QSignalSpy finished(&job, &QuantizeJob::finished);
    job.start();
    QVERIFY(finished.wait(kWaitMs));
    for (const auto& o : job.outcomes()) QVERIFY2(o.ok, qPrintable(o.error));
    QVERIFY(reports.size() > 4);

    const QList<double> work = backend->relative_work(false, {QStringLiteral("Q8_0"), QStringLiteral("Q4_K_M")});
    const double first_share = work[0] / (work[0] + work[1]);
    double last = 0;
    QHash<QString, qint64> number_of;  // "stage/label" -> the tensor number it was shown with
    bool saw_convert = false, saw_quantize = false;
    for (const Report& r : reports) {
      QVERIFY2(r.overall >= last - 1e-12, "the overall bar moved backwards");
      last = r.overall;
      // Within each file, the batch's bar covers exactly that file's share of the expected time.
      const double from = r.target == 0 ? 0.0 : first_share, to = r.target == 0 ? first_share : 1.0;
      QVERIFY(qAbs(r.overall - (from + (to - from) * r.fraction)) < 1e-9);
      if (r.label.isEmpty()) continue;
      QVERIFY(r.item < r.count);
      const QString key = QString::number(r.target) + r.stage + QLatin1Char('/') + r.label;
      QVERIFY2(!number_of.contains(key) || number_of[key] == r.item,
               qPrintable(QStringLiteral("%1 shown as tensor %2 and %3").arg(key).arg(number_of[key]).arg(r.item)));
      number_of[key] = r.item;
      saw_convert |= r.target == 1 && r.stage == QLatin1String("convert");
      saw_quantize |= r.target == 1 && r.stage == QLatin1String("quantize");
    }
    QCOMPARE(last, 1.0);
    // The Q4_K_M file is made in two stages, and the line says which.
    QVERIFY(saw_convert);
    QVERIFY(saw_quantize);
  }
};

QTEST_MAIN(QuantizeProgressTest)
#include "tst_quantize_progress.moc"
