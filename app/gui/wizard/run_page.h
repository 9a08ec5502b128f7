// Wizard page 4: runs the conversions. Overall and per-tensor progress bars, the tensor being
// written, elapsed and remaining time, Cancel (stops at the next tensor; the core removes the
// unfinished file). Then a summary — sizes before and after, time taken — and the new files
// join the library.
#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWizardPage>
#include <memory>

#include "engine/quantize_job.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace hearth::gui {

class QuantizeWizard;

class RunPage : public QWizardPage {
  Q_OBJECT

 public:
  RunPage();
  ~RunPage() override;

  void initializePage() override;
  void cleanupPage() override;
  bool isComplete() const override;

  bool running() const { return job_ && job_->running(); }
  bool done() const { return done_; }
  void cancel();
  QList<QuantizeOutcome> outcomes() const { return job_ ? job_->outcomes() : QList<QuantizeOutcome>{}; }

  QProgressBar* overall_bar() const { return overall_; }
  QProgressBar* tensor_bar() const { return tensor_; }
  QPushButton* cancel_button() const { return cancel_; }
  QTableWidget* summary() const { return summary_; }

 signals:
  void running_changed(bool running);
  void model_created(const QString& path);
  void chat_requested(const QString& path);
  void show_requested(const QString& path);
  void finished();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void on_progress(int target, double fraction, double overall, qint64 item, qint64 item_count, const QString& label,
                   const QString& stage);
  void on_target_finished(const QuantizeOutcome& outcome);
  void on_finished();
  void update_time();
  QuantizeWizard* owner() const;

  std::unique_ptr<QuantizeJob> job_;
  QElapsedTimer clock_;
  QTimer ticker_;
  double overall_fraction_ = 0;
  bool done_ = false;
  bool cancelling_ = false;
  QString first_created_;

  QLabel* overall_label_ = nullptr;
  QProgressBar* overall_ = nullptr;
  QLabel* tensor_label_ = nullptr;
  QProgressBar* tensor_ = nullptr;
  QLabel* time_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QLabel* result_ = nullptr;
  QTableWidget* summary_ = nullptr;
  QPushButton* show_ = nullptr;
  QPushButton* chat_ = nullptr;
};

}  // namespace hearth::gui
