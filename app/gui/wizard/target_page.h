// Wizard page 2: which types to make. One row per type with its bits per weight, the size the
// file will have for THIS model and llama.cpp's published quality cost; Q4_K_M is ticked to
// start with and several may be ticked (one file each).
#pragma once

#include <QFutureWatcher>
#include <QHash>
#include <QWizardPage>

class QLabel;
class QTableWidget;

namespace hearth::gui {

class QuantizeWizard;

class TargetPage : public QWizardPage {
  Q_OBJECT

 public:
  enum Column { Type, Bits, Size, Quality, Cost, ColumnCount };

  TargetPage();
  ~TargetPage() override;

  void initializePage() override;
  bool isComplete() const override;
  bool validatePage() override;

  QStringList checked_types() const;
  void set_checked(const QString& type, bool checked);
  QTableWidget* table() const { return table_; }
  QLabel* requantize_note() const { return requantize_note_; }
  bool estimating() const { return estimator_.isRunning(); }

 signals:
  void estimates_ready();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void fill_table();
  void update_total();
  QuantizeWizard* owner() const;

  QTableWidget* table_ = nullptr;
  QLabel* total_ = nullptr;
  QLabel* requantize_note_ = nullptr;  // shown when the source is already quantized
  struct Estimates {
    QHash<QString, uint64_t> sizes;  // type -> exact output bytes
    QHash<QString, QString> errors;  // type -> why it cannot be made from this model
  };
  QHash<QString, uint64_t> estimates_;
  QHash<QString, QString> errors_;
  QFutureWatcher<Estimates> estimator_;
  QString estimated_for_;
};

}  // namespace hearth::gui
