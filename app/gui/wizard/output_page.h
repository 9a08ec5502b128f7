// Wizard page 3: where the files go and what they are called. The folder defaults to the
// library (so the results appear there), names to "<model>-<TYPE>.gguf"; existing files and
// too little free space are caught before anything starts.
#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace hearth::gui {

class QuantizeWizard;

class OutputPage : public QWizardPage {
  Q_OBJECT

 public:
  OutputPage();

  void initializePage() override;
  bool isComplete() const override;
  bool validatePage() override;

  QString folder() const;
  void set_folder(const QString& folder);
  QStringList file_names() const;
  QTableWidget* table() const { return table_; }

  static QString default_file_name(const QString& model_name, const QString& type);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void update_space();
  QuantizeWizard* owner() const;

  QLineEdit* folder_ = nullptr;
  QPushButton* browse_ = nullptr;
  QLabel* folder_label_ = nullptr;
  QTableWidget* table_ = nullptr;
  QLabel* space_ = nullptr;
};

}  // namespace hearth::gui
