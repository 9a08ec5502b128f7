#include "engine/quantize_job.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <chrono>

namespace hearth::gui {

QuantizeJob::QuantizeJob(QuantizeBackend* backend, QString source, bool source_is_gguf, QList<QuantizeTarget> targets,
                         QObject* parent)
    : QObject(parent), backend_(backend), source_(std::move(source)), source_is_gguf_(source_is_gguf),
      targets_(std::move(targets)) {
  QStringList types;
  for (const QuantizeTarget& t : targets_) types << t.type;
  const QList<double> work = backend_->relative_work(source_is_gguf_, types);
  double total = 0;
  for (double w : work) total += std::max(w, 0.0);
  double before = 0;
  for (int i = 0; i < targets_.size(); ++i) {
    work_start_ << (total > 0 ? before / total : double(i) / double(targets_.size()));
    before += i < work.size() ? std::max(work[i], 0.0) : 0.0;
  }
  work_start_ << 1.0;
  connect(&watcher_, &QFutureWatcher<QList<QuantizeOutcome>>::finished, this, [this] {
    outcomes_ = watcher_.result();
    emit finished();
  });
}

QuantizeJob::~QuantizeJob() {
  cancel_.cancel();
  watcher_.waitForFinished();
}

void QuantizeJob::start() {
  watcher_.setFuture(QtConcurrent::run([this] { return run_all(); }));
}

void QuantizeJob::cancel() { cancel_.cancel(); }

double QuantizeJob::overall(int target, double fraction) const {
  const double from = work_start_[target], to = work_start_[target + 1];
  return from + (to - from) * std::clamp(fraction, 0.0, 1.0);
}

QList<QuantizeOutcome> QuantizeJob::run_all() {
  QList<QuantizeOutcome> outcomes;
  for (int i = 0; i < targets_.size(); ++i) {
    QuantizeOutcome outcome;
    outcome.target = targets_[i];
    if (cancel_.cancelled()) {
      outcome.cancelled = true;
      outcomes << outcome;
      emit target_finished(outcome);
      continue;
    }
    QElapsedTimer clock;
    clock.start();
    // Per-tensor callbacks can be frequent; pass on a change of tensor or every 50 ms.
    auto last_emit = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    uint64_t last_item = ~uint64_t(0);
    const ProgressFn progress = [&](const ProgressInfo& p) {
      const auto now = std::chrono::steady_clock::now();
      if (p.item == last_item && now - last_emit < std::chrono::milliseconds(50)) return;
      last_item = p.item;
      last_emit = now;
      const double fraction = p.bytes_total ? double(p.bytes_done) / double(p.bytes_total)
                              : p.item_count ? double(p.item) / double(p.item_count)
                                             : 0.0;
      emit this->progress(i, fraction, overall(i, fraction), qint64(p.item), qint64(p.item_count),
                          QString::fromStdString(p.label), QString::fromUtf8(p.stage.data(), qsizetype(p.stage.size())));
    };
    const Status status = backend_->run(source_, source_is_gguf_, targets_[i].type, targets_[i].output_path, progress, cancel_);
    outcome.seconds = clock.elapsed() / 1000.0;
    if (status.ok()) {
      outcome.ok = true;
      outcome.bytes = uint64_t(QFileInfo(targets_[i].output_path).size());
      emit this->progress(i, 1.0, overall(i, 1.0), 0, 0, {}, {});
    } else {
      outcome.cancelled = status.error().code == ErrorCode::Cancelled || cancel_.cancelled();
      outcome.error = QString::fromStdString(status.error().message);
    }
    outcomes << outcome;
    emit target_finished(outcome);
  }
  backend_->finish_batch();
  return outcomes;
}

}  // namespace hearth::gui
