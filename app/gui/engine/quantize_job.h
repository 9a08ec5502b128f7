// A batch of conversions from one source (one output per chosen type), run one after another
// on a worker thread. Reports progress per target and per tensor, and stops at the next tensor
// boundary when cancelled. Outputs that had completed before a cancel are whole files and stay.
#pragma once

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QString>

#include "engine/quantize_backend.h"

namespace hearth::gui {

struct QuantizeTarget {
  QString type;         // "Q4_K_M"
  QString output_path;  // the final file
};

struct QuantizeOutcome {
  QuantizeTarget target;
  bool ok = false;
  bool cancelled = false;
  QString error;
  uint64_t bytes = 0;   // size of the written file
  double seconds = 0;
};

class QuantizeJob : public QObject {
  Q_OBJECT

 public:
  QuantizeJob(QuantizeBackend* backend, QString source, bool source_is_gguf, QList<QuantizeTarget> targets,
              QObject* parent = nullptr);
  ~QuantizeJob() override;

  void start();
  void cancel();
  bool running() const { return watcher_.isRunning(); }
  const QList<QuantizeOutcome>& outcomes() const { return outcomes_; }
  const QList<QuantizeTarget>& targets() const { return targets_; }

 signals:
  // target: index into targets(); fraction: of that target, 0..1; overall: of the whole batch,
  // 0..1, each target weighted by the time it is expected to take; item/count: tensors;
  // stage: "convert" or "quantize" (what is being done to the tensor `label`).
  void progress(int target, double fraction, double overall, qint64 item, qint64 item_count, const QString& label,
                const QString& stage);
  void target_finished(const hearth::gui::QuantizeOutcome& outcome);
  void finished();

 private:
  QList<QuantizeOutcome> run_all();
  double overall(int target, double fraction) const;

  QuantizeBackend* backend_;
  QString source_;
  bool source_is_gguf_;
  QList<QuantizeTarget> targets_;
  QList<double> work_start_;  // per target: share of the batch's expected time before it, then 1.0
  CancelToken cancel_;
  QFutureWatcher<QList<QuantizeOutcome>> watcher_;
  QList<QuantizeOutcome> outcomes_;
};

}  // namespace hearth::gui
