#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace hearth::gui {

namespace {
QWidget* placeholder_page(const QString& text) {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  auto* label = new QLabel(text);
  label->setAlignment(Qt::AlignCenter);
  label->setWordWrap(true);
  layout->addWidget(label);
  return page;
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("Hearth"));
  resize(1100, 720);

  tabs_ = new QTabWidget(this);
  tabs_->setDocumentMode(true);
  tabs_->addTab(placeholder_page(tr("Your models will be listed here.")), tr("Models"));
  tabs_->addTab(placeholder_page(tr("Drop a Hugging Face model folder here to convert and quantize it.")),
                tr("Quantize"));
  tabs_->addTab(placeholder_page(tr("Load a model to start chatting.")), tr("Chat"));
  setCentralWidget(tabs_);

  auto* file_menu = menuBar()->addMenu(tr("&File"));
  auto* quit = file_menu->addAction(tr("&Quit"));
  quit->setShortcut(QKeySequence::Quit);
  connect(quit, &QAction::triggered, qApp, &QApplication::quit);
  auto* help_menu = menuBar()->addMenu(tr("&Help"));
  connect(help_menu->addAction(tr("&About Hearth")), &QAction::triggered, this, [this] {
    QMessageBox::about(this, tr("About Hearth"),
                       tr("Hearth runs large language models on your own PC.\nVersion %1").arg(QApplication::applicationVersion()));
  });

  model_status_ = new QLabel(tr("No model loaded"));
  device_status_ = new QLabel(tr("CPU"));
  speed_status_ = new QLabel;
  statusBar()->addWidget(model_status_, 1);
  statusBar()->addPermanentWidget(device_status_);
  statusBar()->addPermanentWidget(speed_status_);
}

}  // namespace hearth::gui
