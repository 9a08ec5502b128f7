#include "wizard/quantize_wizard.h"

#include <QEvent>
#include <QMessageBox>

#include "wizard/output_page.h"
#include "wizard/run_page.h"
#include "wizard/source_page.h"
#include "wizard/target_page.h"

namespace hearth::gui {

QuantizeWizard::QuantizeWizard(ModelLibrary* library, std::unique_ptr<QuantizeBackend> backend, QWidget* parent)
    : QWizard(parent, Qt::Widget), library_(library), backend_(std::move(backend)) {
  setWizardStyle(QWizard::ModernStyle);
  setOption(QWizard::NoBackButtonOnStartPage, true);
  setOption(QWizard::NoBackButtonOnLastPage, true);
  setOption(QWizard::NoCancelButton, true);  // the run page has its own Cancel; other pages just go back
  setOption(QWizard::HaveHelpButton, false);
  source_ = new SourcePage;
  target_ = new TargetPage;
  output_ = new OutputPage;
  run_ = new RunPage;
  setPage(Source, source_);
  setPage(Target, target_);
  setPage(Output, output_);
  setPage(Run, run_);
  setStartId(Source);
  connect(run_, &RunPage::running_changed, this, &QuantizeWizard::running_changed);
  connect(run_, &RunPage::model_created, this, &QuantizeWizard::model_created);
  connect(run_, &RunPage::chat_requested, this, &QuantizeWizard::chat_requested);
  connect(run_, &RunPage::show_requested, this, &QuantizeWizard::show_requested);
  retranslate();
}

QuantizeWizard::~QuantizeWizard() = default;

void QuantizeWizard::set_source(const QString& path) {
  if (running()) return;
  restart();
  source_->set_path(path);
}

bool QuantizeWizard::running() const { return run_->running(); }

void QuantizeWizard::reject() {
  if (running()) {
    run_->cancel();
    return;
  }
  choices_ = {};
  restart();
}

void QuantizeWizard::accept() {
  choices_ = {};
  restart();
}

void QuantizeWizard::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWizard::changeEvent(event);
}

void QuantizeWizard::retranslate() {
  setWindowTitle(tr("Quantize a model"));
  setButtonText(QWizard::FinishButton, tr("Done"));
  // QWizard labels these once, in the language of its construction, and never again.
  setButtonText(QWizard::BackButton, tr("< &Back"));
  setButtonText(QWizard::NextButton, tr("&Next >"));
  setButtonText(QWizard::CancelButton, tr("Cancel"));
}

}  // namespace hearth::gui
