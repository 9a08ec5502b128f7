// A combo box whose closed face elides a long current text in the middle ("stories260K-hf-…
// 275 KiB") instead of cutting it off at the right edge; the popup shows it whole.
#pragma once

#include <QComboBox>

namespace hearth::gui {

class ElidingComboBox : public QComboBox {
  Q_OBJECT

 public:
  explicit ElidingComboBox(QWidget* parent = nullptr);

 protected:
  void paintEvent(QPaintEvent* event) override;
};

}  // namespace hearth::gui
