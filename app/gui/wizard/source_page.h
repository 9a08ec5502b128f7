// Wizard page 1: the source. Dropped anywhere on the window or chosen here: an HF model folder
// (config.json + *.safetensors) or a GGUF file to requantize. It is read on a worker thread and
// what was found — or why it cannot be used — is shown before Next is allowed.
#pragma once

#include <QFutureWatcher>
#include <QWizardPage>

#include "wizard/source_inspection.h"

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QGroupBox;

namespace hearth::gui {

class QuantizeWizard;

class SourcePage : public QWizardPage {
  Q_OBJECT

 public:
  SourcePage();
  ~SourcePage() override;

  void set_path(const QString& path);
  QString path() const { return path_; }
  const SourceInspection& inspection() const { return inspection_; }
  bool inspecting() const { return reader_.isRunning(); }
  QString error_text() const;

  bool isComplete() const override;
  bool validatePage() override;

 signals:
  void inspected();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void present();
  QuantizeWizard* owner() const;

  QString path_;
  SourceInspection inspection_;
  QFutureWatcher<SourceInspection> reader_;

  QLabel* drop_text_ = nullptr;
  QPushButton* choose_folder_ = nullptr;
  QPushButton* choose_file_ = nullptr;
  QLineEdit* path_edit_ = nullptr;
  QLabel* status_ = nullptr;
  QGroupBox* facts_box_ = nullptr;
  QFormLayout* facts_ = nullptr;
};

}  // namespace hearth::gui
