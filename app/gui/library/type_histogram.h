// A small horizontal bar chart: one bar per tensor type, length by bytes, labelled with the
// type, the number of tensors and the bytes (what a quantization mix actually did to a file).
#pragma once

#include <QList>
#include <QWidget>

#include "library/model_details.h"

namespace hearth::gui {

class TypeHistogram : public QWidget {
  Q_OBJECT

 public:
  explicit TypeHistogram(QWidget* parent = nullptr);
  void set_shares(const QList<TensorTypeShare>& shares);
  const QList<TensorTypeShare>& shares() const { return shares_; }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QList<TensorTypeShare> shares_;
};

}  // namespace hearth::gui
