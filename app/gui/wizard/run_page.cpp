#include "wizard/run_page.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "common/format.h"
#include "common/theme.h"
#include "library/model_library.h"
#include "wizard/quantize_wizard.h"

namespace hearth::gui {

namespace {
constexpr int kBarSteps = 1000;
enum SummaryColumn { TypeColumn, FileColumn, BeforeColumn, AfterColumn, TimeColumn, ResultColumn, SummaryColumns };
}  // namespace

RunPage::RunPage() {
  auto* layout = new QVBoxLayout(this);
  layout->setSpacing(8);
  overall_label_ = new QLabel;
  overall_ = new QProgressBar;
  overall_->setRange(0, kBarSteps);
  overall_->setTextVisible(false);
  tensor_label_ = new QLabel;
  tensor_label_->setStyleSheet(QStringLiteral("color: #4a505a;"));
  tensor_ = new QProgressBar;
  tensor_->setRange(0, kBarSteps);
  tensor_->setTextVisible(false);
  tensor_->setMaximumHeight(10);
  time_ = new QLabel;
  time_->setStyleSheet(QStringLiteral("color: #6a707a;"));
  cancel_ = new QPushButton;
  auto* time_row = new QHBoxLayout;
  time_row->addWidget(time_, 1);
  time_row->addWidget(cancel_);
  layout->addWidget(overall_label_);
  layout->addWidget(overall_);
  layout->addSpacing(4);
  layout->addWidget(tensor_label_);
  layout->addWidget(tensor_);
  layout->addLayout(time_row);
  layout->addSpacing(8);

  result_ = new QLabel;
  result_->setWordWrap(true);
  layout->addWidget(result_);
  summary_ = new QTableWidget(0, SummaryColumns);
  summary_->verticalHeader()->hide();
  summary_->setShowGrid(false);
  summary_->setSelectionMode(QAbstractItemView::NoSelection);
  summary_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  summary_->horizontalHeader()->setStretchLastSection(true);
  summary_->horizontalHeader()->setHighlightSections(false);
  summary_->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  summary_->verticalHeader()->setDefaultSectionSize(28);
  layout->addWidget(summary_, 1);
  auto* actions = new QHBoxLayout;
  show_ = new QPushButton(make_icon(IconKind::Models), QString());
  chat_ = new QPushButton(make_icon(IconKind::Chat, Qt::white), QString());
  chat_->setProperty("accent", true);
  actions->addStretch(1);
  actions->addWidget(show_);
  actions->addWidget(chat_);
  layout->addLayout(actions);

  ticker_.setInterval(500);
  connect(&ticker_, &QTimer::timeout, this, &RunPage::update_time);
  connect(cancel_, &QPushButton::clicked, this, &RunPage::cancel);
  connect(show_, &QPushButton::clicked, this, [this] { emit show_requested(first_created_); });
  connect(chat_, &QPushButton::clicked, this, [this] { emit chat_requested(first_created_); });
  retranslate();
}

RunPage::~RunPage() = default;

QuantizeWizard* RunPage::owner() const { return qobject_cast<QuantizeWizard*>(wizard()); }

void RunPage::initializePage() {
  QuantizeWizard* w = owner();
  const auto& choices = w->choices();
  done_ = false;
  cancelling_ = false;
  first_created_.clear();
  overall_fraction_ = 0;
  overall_->setValue(0);
  tensor_->setValue(0);
  tensor_->show();
  tensor_label_->show();
  summary_->setRowCount(0);
  summary_->hide();
  result_->hide();
  show_->hide();
  chat_->hide();
  cancel_->show();
  cancel_->setEnabled(true);
  tensor_label_->clear();
  overall_label_->setText(tr("Preparing…"));

  job_ = std::make_unique<QuantizeJob>(w->backend(), choices.source.path, choices.source.is_gguf, choices.targets);
  connect(job_.get(), &QuantizeJob::progress, this, &RunPage::on_progress);
  connect(job_.get(), &QuantizeJob::target_finished, this, &RunPage::on_target_finished);
  connect(job_.get(), &QuantizeJob::finished, this, &RunPage::on_finished);
  clock_.start();
  ticker_.start();
  job_->start();
  update_time();
  emit running_changed(true);
  emit completeChanged();
}

void RunPage::cleanupPage() {
  if (running()) cancel();
}

bool RunPage::isComplete() const { return done_; }

void RunPage::cancel() {
  if (!running()) return;
  cancelling_ = true;
  cancel_->setEnabled(false);
  overall_label_->setText(tr("Cancelling…"));
  job_->cancel();
}

void RunPage::on_progress(int target, double fraction, double overall, qint64 item, qint64 item_count,
                          const QString& label, const QString& stage) {
  if (!job_) return;
  const int targets = int(job_->targets().size());
  // The overall bar and the time estimate follow the expected time of each file (a K-quant
  // takes several times as long as Q8_0), not the count of files.
  overall_fraction_ = std::clamp(overall, 0.0, 1.0);
  overall_->setValue(int(overall_fraction_ * kBarSteps));
  if (cancelling_) return;
  const QuantizeTarget& t = job_->targets()[target];
  overall_label_->setText(tr("Writing %1 (%2 of %3)").arg(QFileInfo(t.output_path).fileName()).arg(target + 1).arg(targets));
  // The second bar is the current file, by bytes (it moves within a big tensor too); the line
  // under it names the tensor and what is being done to it.
  tensor_->setValue(int(std::clamp(fraction, 0.0, 1.0) * kBarSteps));
  if (item_count > 0 && !label.isEmpty()) {
    const qint64 n = std::min(item + 1, item_count);
    tensor_label_->setText(stage == QLatin1String("convert")    ? tr("Converting tensor %1 of %2: %3").arg(n).arg(item_count).arg(label)
                           : stage == QLatin1String("quantize") ? tr("Quantizing tensor %1 of %2: %3").arg(n).arg(item_count).arg(label)
                                                                : tr("Tensor %1 of %2: %3").arg(n).arg(item_count).arg(label));
  }
}

void RunPage::on_target_finished(const QuantizeOutcome& outcome) {
  if (outcome.ok) {
    if (first_created_.isEmpty()) first_created_ = outcome.target.output_path;
    // Into the library at once (the folder watcher would find it too, a moment later).
    owner()->library()->add_file(outcome.target.output_path);
    emit model_created(outcome.target.output_path);
  }
}

void RunPage::on_finished() {
  ticker_.stop();
  done_ = true;
  cancel_->hide();
  const auto outcomes = job_->outcomes();
  const auto& source = owner()->choices().source;
  int ok = 0, cancelled = 0, failed = 0;
  summary_->setRowCount(0);
  for (const auto& o : outcomes) {
    const int row = summary_->rowCount();
    summary_->insertRow(row);
    QString result;
    if (o.ok) {
      ++ok;
      result = tr("Done");
    } else if (o.cancelled) {
      ++cancelled;
      result = tr("Cancelled: no file written");
    } else {
      ++failed;
      result = tr("Failed: %1").arg(o.error);
    }
    auto set = [&](int col, const QString& text, bool right = false) {
      auto* item = new QTableWidgetItem(text);
      if (right) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      if (col == ResultColumn && !o.ok) item->setForeground(o.cancelled ? theme::kMutedText : theme::kError);
      if (col == ResultColumn && !o.error.isEmpty()) item->setToolTip(o.error);
      summary_->setItem(row, col, item);
    };
    set(TypeColumn, o.target.type);
    set(FileColumn, QFileInfo(o.target.output_path).fileName());
    set(BeforeColumn, format_bytes(source.bytes), true);
    set(AfterColumn, o.ok ? format_bytes(o.bytes) : QStringLiteral("–"), true);
    set(TimeColumn, o.ok || o.seconds > 0 ? format_duration(o.seconds) : QStringLiteral("–"), true);
    set(ResultColumn, result);
  }
  summary_->resizeColumnsToContents();
  summary_->show();
  overall_->setValue(ok == outcomes.size() ? kBarSteps : overall_->value());
  // The per-tensor line says nothing once the run is over.
  tensor_label_->clear();
  tensor_label_->hide();
  tensor_->hide();
  overall_label_->setText(cancelled ? tr("Cancelled") : failed ? tr("Finished with errors") : tr("Finished"));
  result_->setText(tr("%1 of %2 files written in %3.").arg(ok).arg(outcomes.size()).arg(format_duration(clock_.elapsed() / 1000.0)) +
                   (ok ? QStringLiteral(" ") + tr("They are in the library now.") : QString()));
  result_->show();
  show_->setVisible(ok > 0);
  chat_->setVisible(ok > 0);
  retranslate();  // the page's title becomes the summary's
  emit running_changed(false);
  emit completeChanged();
  emit finished();
}

void RunPage::update_time() {
  const double elapsed = clock_.isValid() ? clock_.elapsed() / 1000.0 : 0;
  QString text = tr("Elapsed %1").arg(format_duration(elapsed));
  // No estimate until there is something to go by (the first seconds read and plan).
  if (!done_ && overall_fraction_ > 0.02 && elapsed >= 3) {
    const double remaining = elapsed * (1.0 - overall_fraction_) / overall_fraction_;
    text += QStringLiteral(" · ") + tr("about %1 remaining").arg(format_duration(remaining));
  }
  time_->setText(text);
}

void RunPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWizardPage::changeEvent(event);
}

void RunPage::retranslate() {
  if (done_) {
    setTitle(tr("Summary"));
    setSubTitle(tr("Each file's size before and after, and the time it took."));
  } else {
    setTitle(tr("Converting"));
    setSubTitle(tr("The window stays usable; Cancel stops at the next tensor and leaves no partial file."));
  }
  cancel_->setText(tr("Cancel"));
  summary_->setHorizontalHeaderLabels({tr("Type"), tr("File"), tr("Before"), tr("After"), tr("Time"), tr("Result")});
  for (int col : {int(BeforeColumn), int(AfterColumn), int(TimeColumn)})
    summary_->horizontalHeaderItem(col)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  show_->setText(tr("Show in Models"));
  chat_->setText(tr("Chat with it"));
  update_time();
}

}  // namespace hearth::gui
