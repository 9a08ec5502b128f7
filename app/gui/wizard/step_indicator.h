// The wizard's progress across its pages: numbered steps joined by a line, the current one in
// the accent colour and the finished ones ticked.
#pragma once

#include <QStringList>
#include <QWidget>

namespace hearth::gui {

class StepIndicator : public QWidget {
  Q_OBJECT

 public:
  explicit StepIndicator(QWidget* parent = nullptr);

  void set_current(int step);
  int current() const { return current_; }

  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  QStringList labels() const;
  int current_ = 0;
};

}  // namespace hearth::gui
