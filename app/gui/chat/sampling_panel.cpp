#include "chat/sampling_panel.h"

#include <QComboBox>
#include <algorithm>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

namespace hearth::gui {

SamplingPanel::SamplingPanel(QWidget* parent) : QWidget(parent) {
  // Two columns of "label above field" pairs keep the panel short.
  grid_ = new QGridLayout(this);
  grid_->setContentsMargins(0, 0, 0, 0);
  grid_->setHorizontalSpacing(12);
  grid_->setVerticalSpacing(2);

  auto dspin = [](double lo, double hi, double step, int decimals) {
    auto* s = new QDoubleSpinBox;
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    return s;
  };
  auto ispin = [](int lo, int hi) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    return s;
  };
  temperature_ = dspin(0.0, 2.0, 0.05, 2);
  top_k_ = ispin(0, 1000);
  top_p_ = dspin(0.0, 1.0, 0.01, 2);
  min_p_ = dspin(0.0, 1.0, 0.01, 2);
  repeat_penalty_ = dspin(1.0, 2.0, 0.01, 2);
  max_tokens_ = ispin(0, 131072);
  max_tokens_->setSpecialValueText(QStringLiteral("∞"));  // 0: no limit (the context policy decides)
  seed_ = ispin(-1, 2147483647);
  defaults_ = new QPushButton;

  int index = 0;
  for (QWidget* w : {static_cast<QWidget*>(temperature_), static_cast<QWidget*>(top_k_), static_cast<QWidget*>(top_p_),
                     static_cast<QWidget*>(min_p_), static_cast<QWidget*>(repeat_penalty_),
                     static_cast<QWidget*>(max_tokens_), static_cast<QWidget*>(seed_), static_cast<QWidget*>(defaults_)}) {
    const int row = (index / 2) * 2, col = index % 2;
    auto* label = new QLabel;
    label->setStyleSheet(QStringLiteral("color: #4a505a; font-size: 9pt;"));
    if (w != defaults_) labels_ << label;
    grid_->addWidget(label, row, col);
    grid_->addWidget(w, row + 1, col);
    grid_->setRowMinimumHeight(row + 1, 30);
    ++index;
  }

  // The context policy: one row across both columns.
  context_policy_label_ = new QLabel;
  context_policy_label_->setStyleSheet(QStringLiteral("color: #4a505a; font-size: 9pt;"));
  context_policy_ = new QComboBox;
  for (int i = 0; i < 3; ++i) context_policy_->addItem(QString(), i);
  const int policy_row = grid_->rowCount();
  grid_->addWidget(context_policy_label_, policy_row, 0, 1, 2);
  grid_->addWidget(context_policy_, policy_row + 1, 0, 1, 2);

  auto emit_changed = [this] { emit changed(values()); };
  connect(context_policy_, &QComboBox::currentIndexChanged, this, emit_changed);
  for (auto* s : {temperature_, top_p_, min_p_, repeat_penalty_}) connect(s, &QDoubleSpinBox::valueChanged, this, emit_changed);
  for (auto* s : {top_k_, max_tokens_, seed_}) connect(s, &QSpinBox::valueChanged, this, emit_changed);
  connect(defaults_, &QPushButton::clicked, this, [this] { set_values(SamplingSettings{}); });
  set_values(SamplingSettings{});
  retranslate();
}

SamplingSettings SamplingPanel::values() const {
  SamplingSettings s;
  s.temperature = temperature_->value();
  s.top_k = top_k_->value();
  s.top_p = top_p_->value();
  s.min_p = min_p_->value();
  s.repeat_penalty = repeat_penalty_->value();
  s.max_tokens = max_tokens_->value();
  s.seed = seed_->value();
  s.context_policy = ContextPolicy(context_policy_->currentData().toInt());
  return s;
}

void SamplingPanel::set_values(const SamplingSettings& v) {
  {
    const QSignalBlocker b1(temperature_), b2(top_k_), b3(top_p_), b4(min_p_), b5(repeat_penalty_), b6(max_tokens_), b7(seed_), b8(context_policy_);
    temperature_->setValue(v.temperature);
    top_k_->setValue(v.top_k);
    top_p_->setValue(v.top_p);
    min_p_->setValue(v.min_p);
    repeat_penalty_->setValue(v.repeat_penalty);
    max_tokens_->setValue(v.max_tokens);
    seed_->setValue(int(v.seed));
    context_policy_->setCurrentIndex(std::max(0, context_policy_->findData(int(v.context_policy))));
  }
  emit changed(values());
}

void SamplingPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void SamplingPanel::retranslate() {
  const QStringList names = {tr("Temperature"), tr("Top-k"),      tr("Top-p"), tr("Min-p"),
                             tr("Repeat penalty"), tr("Max tokens"), tr("Seed")};
  for (int i = 0; i < labels_.size(); ++i) labels_[i]->setText(names[i]);
  temperature_->setToolTip(tr("Higher is more varied, 0 always picks the most likely token"));
  top_k_->setToolTip(tr("Sample only from the k most likely tokens (0: no limit)"));
  top_p_->setToolTip(tr("Sample from the most likely tokens whose probabilities add up to p"));
  min_p_->setToolTip(tr("Drop tokens less likely than this fraction of the most likely one"));
  repeat_penalty_->setToolTip(tr("Make recently used tokens less likely (1: off)"));
  max_tokens_->setToolTip(tr("The longest answer, in tokens (∞: until the answer ends; the context policy below decides when the context is full)"));
  context_policy_label_->setText(tr("When the conversation outgrows the context"));
  context_policy_->setItemText(int(ContextPolicy::StopAtLimit), tr("Stop at the limit"));
  context_policy_->setItemText(int(ContextPolicy::TruncateMiddle), tr("Leave out the middle of the chat"));
  context_policy_->setItemText(int(ContextPolicy::RollingWindow), tr("Rolling window (forget the oldest)"));
  context_policy_->setToolTip(tr("Stop: the chat ends when the context is full. Leave out the middle: the system prompt and "
                                 "the first exchange stay, older turns after them are not shown to the model. Rolling "
                                 "window: only the latest turns are kept, and a long answer shifts the context."));
  seed_->setSpecialValueText(tr("Random"));
  seed_->setToolTip(tr("The same seed and settings give the same answer; Random picks a new one each time"));
  defaults_->setText(tr("Restore defaults"));
}

}  // namespace hearth::gui
