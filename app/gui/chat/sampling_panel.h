// The sampling controls: temperature, top-k, top-p, min-p, repeat penalty, answer length and
// seed. Values are remembered in the settings and apply to the next answer.
#pragma once

#include <QWidget>

#include "engine/engine_types.h"

class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSpinBox;

namespace hearth::gui {

class SamplingPanel : public QWidget {
  Q_OBJECT

 public:
  explicit SamplingPanel(QWidget* parent = nullptr);

  SamplingSettings values() const;
  QComboBox* context_policy_box() const { return context_policy_; }
  void set_values(const SamplingSettings& values);

 signals:
  void changed(const hearth::gui::SamplingSettings& values);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  QGridLayout* grid_ = nullptr;
  QDoubleSpinBox* temperature_ = nullptr;
  QSpinBox* top_k_ = nullptr;
  QDoubleSpinBox* top_p_ = nullptr;
  QDoubleSpinBox* min_p_ = nullptr;
  QDoubleSpinBox* repeat_penalty_ = nullptr;
  QSpinBox* max_tokens_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QComboBox* context_policy_ = nullptr;
  QLabel* context_policy_label_ = nullptr;
  QPushButton* defaults_ = nullptr;
  QList<QLabel*> labels_;
};

}  // namespace hearth::gui
