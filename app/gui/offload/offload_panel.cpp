#include "offload/offload_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "common/format.h"
#include "hearth/base/system_memory.h"
#include "common/theme.h"
#include "offload/context_steps.h"
#include "offload/memory_split_view.h"
#include "window/settings.h"

namespace hearth::gui {

namespace {
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
// System RAM kept free beyond what other programs use now.
constexpr uint64_t kRamSafety = 512ull << 20;

bool gpu_backend_available() { return engine_has_gpu_backend(); }
}  // namespace

OffloadPanel::OffloadPanel(Settings* settings, QWidget* parent) : QWidget(parent), settings_(settings) {
  const SystemMemory mem = query_system_memory();
  ram_total_ = mem.total;
  ram_margin_ = (mem.total > mem.available ? mem.total - mem.available : 0) + kRamSafety;

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(8);

  backend_note_ = new QLabel;
  backend_note_->setWordWrap(true);
  backend_note_->setStyleSheet(QStringLiteral(
      "background: #fff6e5; border: 1px solid #f0d9a8; border-radius: 6px; padding: 6px 8px; color: #6b4d00;"));
  layout->addWidget(backend_note_);

  // The device, the GPU size (for a plan), then each slider under a line with its name and value.
  auto* device_row = new QHBoxLayout;
  device_label_ = new QLabel;
  device_ = new QComboBox;
  device_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  device_->setMinimumContentsLength(18);
  for (const GpuDeviceInfo& d : engine_gpu_devices()) device_->addItem(d.name, d.index);
  device_->addItem(QString(), -1);  // "Plan for another GPU" (text set in retranslate)
  {
    const int saved = device_->findData(settings_->gpu_device());
    device_->setCurrentIndex(saved >= 0 ? saved : device_->count() - 1);
  }
  device_label_->setBuddy(device_);
  device_row->addWidget(device_label_);
  device_row->addWidget(device_, 1);
  layout->addLayout(device_row);

  auto* gpu_row = new QHBoxLayout;
  gpu_size_label_ = new QLabel;
  gpu_size_ = new QDoubleSpinBox;
  gpu_size_->setRange(0.5, 512.0);
  gpu_size_->setDecimals(1);
  gpu_size_->setSingleStep(0.5);
  gpu_size_->setSuffix(QStringLiteral(" GiB"));
  gpu_size_->setValue(double(settings_->assumed_gpu_memory()) / kGiB);
  gpu_row->addWidget(gpu_size_label_, 1);
  gpu_row->addWidget(gpu_size_);
  layout->addLayout(gpu_row);

  auto slider_block = [&](QLabel*& label, QLabel*& value, QSlider*& slider, QWidget* extra) {
    auto* head = new QHBoxLayout;
    label = new QLabel;
    label->setStyleSheet(QStringLiteral("font-weight: 600;"));
    value = new QLabel;
    value->setStyleSheet(QStringLiteral("color: #4a505a;"));
    head->addWidget(label);
    head->addStretch(1);
    head->addWidget(value);
    layout->addLayout(head);
    slider = new QSlider(Qt::Horizontal);
    slider->setPageStep(1);
    if (extra) {
      auto* row = new QHBoxLayout;
      row->addWidget(slider, 1);
      row->addWidget(extra);
      layout->addLayout(row);
    } else {
      layout->addWidget(slider);
    }
  };
  slider_block(context_label_, context_value_, context_, nullptr);
  auto_ = new QPushButton;
  slider_block(layers_label_, layers_value_, gpu_layers_, auto_);

  view_ = new MemorySplitView;
  layout->addWidget(view_);

  message_ = new QLabel;
  message_->setWordWrap(true);
  message_->setStyleSheet(QStringLiteral("color: #6a707a;"));
  layout->addWidget(message_);

  reload_box_ = new QFrame;
  reload_box_->setStyleSheet(QStringLiteral(
      "QFrame { background: #eaf2ff; border: 1px solid #bcd3f5; border-radius: 6px; } QLabel { border: 0; background: transparent; color: #1d3f72; }"));
  auto* reload_layout = new QHBoxLayout(reload_box_);
  reload_layout->setContentsMargins(8, 4, 4, 4);
  reload_text_ = new QLabel;
  reload_text_->setWordWrap(true);
  reload_ = new QPushButton;
  reload_layout->addWidget(reload_text_, 1);
  reload_layout->addWidget(reload_);
  layout->addWidget(reload_box_);
  reload_box_->hide();

  connect(context_, &QSlider::valueChanged, this, &OffloadPanel::refresh);
  connect(gpu_layers_, &QSlider::valueChanged, this, &OffloadPanel::refresh);
  connect(gpu_size_, &QDoubleSpinBox::valueChanged, this, [this](double gib) {
    settings_->set_assumed_gpu_memory(uint64_t(gib * kGiB));
    refresh();
  });
  connect(device_, &QComboBox::currentIndexChanged, this, [this] {
    settings_->set_gpu_device(device_->currentData().toInt());
    retranslate();
  });
  connect(auto_, &QPushButton::clicked, this, &OffloadPanel::choose_auto);
  connect(reload_, &QPushButton::clicked, this, &OffloadPanel::reload_requested);
  connect(&reader_, &QFutureWatcher<EstimatorResult>::finished, this, &OffloadPanel::on_model_read);

  context_->setEnabled(false);
  gpu_layers_->setEnabled(false);
  auto_->setEnabled(false);
  retranslate();
}

OffloadPanel::~OffloadPanel() { reader_.waitForFinished(); }

void OffloadPanel::set_model(const QString& path) {
  if (path == path_ && (estimator_ || reader_.isRunning())) return;
  path_ = path;
  estimator_.reset();
  read_error_.clear();
  context_->setEnabled(false);
  gpu_layers_->setEnabled(false);
  auto_->setEnabled(false);
  if (path.isEmpty()) {
    refresh();
    return;
  }
  view_->clear();
  reader_.setFuture(QtConcurrent::run([path] {
    EstimatorResult r;
    r.estimator = MemoryEstimator::for_model(path, &r.error);
    return r;
  }));
  refresh();
}

void OffloadPanel::on_model_read() {
  const EstimatorResult r = reader_.result();
  estimator_ = r.estimator;
  if (!estimator_) {
    read_error_ = tr("No memory estimate for this file: %1").arg(r.error);
    refresh();
    emit model_ready();
    return;
  }
  const LoadSettings saved = settings_->load_settings(path_);
  steps_ = context_steps(estimator_->trained_context());
  {
    const QSignalBlocker b1(context_), b2(gpu_layers_);
    context_->setRange(0, int(steps_.size()) - 1);
    context_->setValue(nearest_context_step(steps_, saved.context_size));
    gpu_layers_->setRange(0, estimator_->layer_count());
    gpu_layers_->setValue(std::clamp(saved.gpu_layers, 0, estimator_->layer_count()));
  }
  context_->setEnabled(steps_.size() > 1);
  gpu_layers_->setEnabled(true);
  auto_->setEnabled(true);
  refresh();
  emit model_ready();
}

void OffloadPanel::set_loaded_state(const QString& loaded_path, const LoadSettings& loaded) {
  loaded_path_ = loaded_path;
  loaded_ = loaded;
  refresh();
}

LoadSettings OffloadPanel::load_settings() const {
  LoadSettings s = settings_->load_settings(path_);
  if (!steps_.isEmpty()) s.context_size = steps_.value(context_->value(), steps_.last());
  if (estimator_) s.gpu_layers = gpu_layers_->value();
  s.gpu_device = chosen_device() ? chosen_device()->index : -1;
  return s;
}

const GpuDeviceInfo* OffloadPanel::chosen_device() const {
  const int index = device_->currentData().toInt();
  for (const GpuDeviceInfo& d : engine_gpu_devices())
    if (d.index == index) return &d;
  return nullptr;
}

DeviceCapacities OffloadPanel::capacities() const {
  DeviceCapacities d;
  const GpuDeviceInfo* gpu = chosen_device();
  d.gpu_backend_available = gpu != nullptr;
  if (gpu) {
    // The device's real memory; what other programs use now is kept free on top of the margin.
    d.gpu_total = gpu->total;
    d.gpu_margin = std::min(gpu->total, default_gpu_margin(gpu->total) + (gpu->total - gpu->free));
  } else {
    d.gpu_total = uint64_t(gpu_size_->value() * kGiB);
    d.gpu_margin = default_gpu_margin(d.gpu_total);
  }
  d.ram_total = ram_total_;
  d.ram_margin = std::min(ram_margin_, ram_total_);
  return d;
}

MemoryPicture OffloadPanel::current_picture() const {
  return estimator_ ? estimator_->estimate(load_settings(), capacities()) : MemoryPicture{};
}

bool OffloadPanel::reload_notice_visible() const { return !reload_box_->isHidden(); }

QString OffloadPanel::backend_note() const { return backend_note_->text(); }

void OffloadPanel::choose_auto() {
  if (!estimator_) return;
  gpu_layers_->setValue(estimator_->most_gpu_layers_that_fit(load_settings().context_size, capacities()));
}

void OffloadPanel::refresh() {
  if (!estimator_) {
    context_value_->clear();
    layers_value_->clear();
    message_->setText(path_.isEmpty() ? tr("Choose a model to plan its memory.") : read_error_);
    message_->setStyleSheet(read_error_.isEmpty() ? QStringLiteral("color: #6a707a;") : QStringLiteral("color: #c62828;"));
    message_->setVisible(!message_->text().isEmpty());
    reload_box_->hide();
    return;
  }
  const LoadSettings s = load_settings();
  settings_->set_load_settings(path_, s);
  context_value_->setText(tr("%1 tokens (trained: %2)").arg(format_context(s.context_size), format_context(estimator_->trained_context())));
  layers_value_->setText(tr("%1 of %2").arg(s.gpu_layers).arg(estimator_->layer_count()));

  const MemoryPicture pic = estimator_->estimate(s, capacities());
  view_->set_picture(pic);
  if (!pic.fits()) {
    message_->setText(pic.gpu.fits() ? tr("This plan needs more system memory than is free. Choose a smaller context.")
                                     : tr("This plan does not fit the GPU. Use fewer GPU layers or a smaller context, or press Auto."));
    message_->setStyleSheet(QStringLiteral("color: #c62828;"));
  } else {
    message_->setText(tr("Total: %1 (GPU %2, system %3).")
                          .arg(format_bytes(pic.gpu.used() + pic.ram.used()), format_bytes(pic.gpu.used()), format_bytes(pic.ram.used())));
    message_->setStyleSheet(QStringLiteral("color: #6a707a;"));
  }
  message_->setVisible(true);

  const bool differs = !loaded_path_.isEmpty() && loaded_path_ == path_ && !(s == loaded_);
  reload_box_->setVisible(differs);
  emit estimate_changed();
  emit load_settings_changed(s);
}

void OffloadPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void OffloadPanel::retranslate() {
  const GpuDeviceInfo* gpu = chosen_device();
  if (gpu) {
    backend_note_->setText(tr("Layers on the GPU run on %1 (%2, %3 free); the rest run on the CPU.")
                               .arg(gpu->name, format_bytes(gpu->total), format_bytes(gpu->free)));
  } else if (gpu_backend_available()) {
    backend_note_->setText(tr("Planning for another GPU: every layer runs on the CPU until you choose a device above. "
                              "The GPU bar shows what a GPU of the size below would hold."));
  } else {
    backend_note_->setText(tr("No GPU backend is available: %1 Hearth runs every layer on the CPU. "
                              "The GPU bar shows what a GPU of the size below would hold.")
                               .arg(engine_gpu_unavailable_reason()));
  }
  device_label_->setText(tr("Device"));
  device_->setItemText(device_->count() - 1, tr("Plan for another GPU"));
  device_->setEnabled(device_->count() > 1);
  gpu_size_label_->setText(tr("Plan for a GPU of"));
  gpu_size_label_->setVisible(!gpu);
  gpu_size_->setVisible(!gpu);
  context_label_->setText(tr("Context size"));
  layers_label_->setText(tr("GPU layers"));
  auto_->setText(tr("Auto"));
  auto_->setToolTip(tr("Put as many layers on the GPU as fit, keeping the margin free"));
  reload_text_->setText(tr("Reload the model to apply these settings."));
  reload_->setText(tr("Reload"));
  refresh();
}

}  // namespace hearth::gui
