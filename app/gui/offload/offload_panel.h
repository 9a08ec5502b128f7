// The offload card: context-size and GPU-layer sliders, the GPU size to plan for, the live
// memory picture and "Auto" (the most layers that fit). Settings apply on the next load; when
// they differ from the loaded model's, the panel says so and offers to reload.
#pragma once

#include <QFutureWatcher>
#include <QList>
#include <QWidget>
#include <memory>

#include "engine/engine_types.h"
#include "engine/memory_estimator.h"

class QComboBox;
class QDoubleSpinBox;
class QFrame;
class QLabel;
class QPushButton;
class QSlider;

namespace hearth::gui {

class MemorySplitView;
class Settings;

class OffloadPanel : public QWidget {
  Q_OBJECT

 public:
  explicit OffloadPanel(Settings* settings, QWidget* parent = nullptr);
  ~OffloadPanel() override;

  // Reads the model's shape on a worker thread; emits model_ready() when the sliders are set up.
  void set_model(const QString& path);
  QString model_path() const { return path_; }
  bool has_model() const { return estimator_ != nullptr; }
  bool reading() const { return reader_.isRunning(); }
  // What the loaded model runs with (for "reload to apply"); pass nullopt-like {} with
  // `loaded` false when nothing is loaded.
  void set_loaded_state(const QString& loaded_path, const LoadSettings& loaded);

  LoadSettings load_settings() const;
  MemoryPicture current_picture() const;
  DeviceCapacities capacities() const;

  QSlider* context_slider() const { return context_; }
  QSlider* gpu_layers_slider() const { return gpu_layers_; }
  QPushButton* auto_button() const { return auto_; }
  QDoubleSpinBox* gpu_size() const { return gpu_size_; }
  // The engine's GPUs, then "Plan for another GPU" (data -1).
  QComboBox* device_picker() const { return device_; }
  // The real device chosen, or nullptr when planning for a typed-in size.
  const GpuDeviceInfo* chosen_device() const;
  MemorySplitView* view() const { return view_; }
  QPushButton* reload_button() const { return reload_; }
  bool reload_notice_visible() const;
  // The line above the sliders that says where layers run (or that no GPU backend exists).
  QString backend_note() const;

 signals:
  void model_ready();
  void estimate_changed();
  void load_settings_changed(const LoadSettings& settings);
  void reload_requested();

 public slots:
  // Chooses the most GPU layers that fit the GPU at the current context size.
  void choose_auto();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void on_model_read();
  void refresh();

  Settings* settings_;
  QString path_;
  std::shared_ptr<const MemoryEstimator> estimator_;
  struct EstimatorResult {
    std::shared_ptr<const MemoryEstimator> estimator;
    QString error;
  };
  QFutureWatcher<EstimatorResult> reader_;
  QString read_error_;
  QList<int> steps_;
  QString loaded_path_;
  LoadSettings loaded_{};
  uint64_t ram_total_ = 0;
  uint64_t ram_margin_ = 0;

  QLabel* backend_note_ = nullptr;
  QLabel* device_label_ = nullptr;
  QComboBox* device_ = nullptr;
  QLabel* gpu_size_label_ = nullptr;
  QDoubleSpinBox* gpu_size_ = nullptr;
  QLabel* context_label_ = nullptr;
  QLabel* context_value_ = nullptr;
  QSlider* context_ = nullptr;
  QLabel* layers_label_ = nullptr;
  QLabel* layers_value_ = nullptr;
  QSlider* gpu_layers_ = nullptr;
  QPushButton* auto_ = nullptr;
  MemorySplitView* view_ = nullptr;
  QLabel* message_ = nullptr;
  QFrame* reload_box_ = nullptr;
  QLabel* reload_text_ = nullptr;
  QPushButton* reload_ = nullptr;
};

}  // namespace hearth::gui
