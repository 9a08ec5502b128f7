// The main window: a tab per task (Models, Quantize, Chat) and a status bar with the loaded
// model, the compute device and the generation speed.
#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace hearth::gui {

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);

 private:
  QTabWidget* tabs_ = nullptr;
  QLabel* model_status_ = nullptr;
  QLabel* device_status_ = nullptr;
  QLabel* speed_status_ = nullptr;
};

}  // namespace hearth::gui
