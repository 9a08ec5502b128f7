#include <QApplication>

#include "main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("Hearth");
  QApplication::setOrganizationName("Hearth");
  QApplication::setApplicationVersion("0.1.0");
  hearth::gui::MainWindow window;
  window.show();
  return QApplication::exec();
}
