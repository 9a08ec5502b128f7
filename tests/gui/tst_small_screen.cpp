// The app on a small laptop screen (issue 19, items 1 and 2): the first window fits the
// screen, a geometry saved on a bigger screen comes back on it, every page keeps its main
// button inside the window at 1024×640, tooltips are readable and icon-only buttons say what
// they do.
#include <QAbstractButton>
#include <cmath>
#include <QApplication>
#include <QToolTip>
#include <QPushButton>
#include <QTest>
#include <QToolButton>
#include <QWizard>

#include "chat/chat_pane.h"
#include "chat/composer.h"
#include "chat/message_widget.h"
#include "common/theme.h"
#include "gui_test_support.h"
#include "window/main_window.h"
#include "window/settings.h"
#include "window/window_fit.h"
#include "wizard/quantize_wizard.h"

namespace hearth::gui::test {

namespace {
// True when `w` is shown and lies wholly inside `window`'s client area.
bool inside_window(QWidget* w, QWidget* window) {
  if (!w->isVisibleTo(window)) return false;
  const QRect r(w->mapTo(window, QPoint(0, 0)), w->size());
  return window->rect().contains(r);
}

// Relative luminance (sRGB, WCAG 2) and the contrast ratio of two colours.
double luminance(const QColor& c) {
  auto lin = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF());
}
double contrast(const QColor& a, const QColor& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
}  // namespace

class SmallScreenTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { apply_theme(*qApp); }

  void first_window_fits_a_laptop_screen() {
    const QRect laptop(0, 0, 1366, 728);  // 1366×768 less a 40-px task bar
    const QSize s = initial_window_size(laptop);
    QVERIFY(s.width() <= laptop.width());
    QVERIFY(s.height() + 30 <= laptop.height());  // and its title bar
    QVERIFY(s.width() >= kMinimumWindowSize.width() && s.height() >= kMinimumWindowSize.height());
    QCOMPARE(initial_window_size(QRect(0, 0, 2560, 1400)), kPreferredWindowSize);
    // The minimum must fit 1024×640 too.
    QVERIFY(kMinimumWindowSize.width() <= 1024 && kMinimumWindowSize.height() <= 640);
  }

  void saved_geometry_is_pulled_back_onto_the_screen() {
    const QRect laptop(0, 0, 1366, 728);
    // Saved on a 2560×1440 screen at its right edge.
    const QRect r = clamp_to_screen(QRect(1500, 600, 1600, 1000), laptop);
    QVERIFY(laptop.contains(r));
    QCOMPARE(r.size(), QSize(1366, 728));
    // Saved on a second screen to the left that is gone.
    const QRect left = clamp_to_screen(QRect(-1800, 100, 900, 600), laptop);
    QVERIFY(laptop.contains(left));
    QCOMPARE(left.size(), QSize(900, 600));
    // Already inside: unchanged.
    QCOMPARE(clamp_to_screen(QRect(10, 20, 800, 600), laptop), QRect(10, 20, 800, 600));
  }

  void restored_geometry_lands_on_the_screen() {
    TestApp app;
    {
      MainWindow big(app.context.get());
      big.setGeometry(QRect(5000, 3000, 3000, 2000));  // far off any screen
      big.close();
    }
    MainWindow window(app.context.get());
    const QRect screen = window.screen()->availableGeometry();
    QVERIFY2(screen.contains(window.geometry()), qPrintable(QStringLiteral("%1,%2 %3x%4").arg(window.x()).arg(window.y()).arg(window.width()).arg(window.height())));
  }

  void every_page_keeps_its_buttons_inside_1024x640() {
    TestApp app;
    MainWindow window(app.context.get());
    window.resize(1024, 640);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), QSize(1024, 640));
    window.show_page(MainWindow::ChatPage);
    QTRY_VERIFY(inside_window(window.chat()->composer()->send_button(), &window));
    window.show_page(MainWindow::QuantizePage);
    QTRY_VERIFY(inside_window(window.wizard()->button(QWizard::NextButton), &window));
    window.show_page(MainWindow::ModelsPage);
    // The sidebar's Settings entry (its last button).
    QAbstractButton* settings = nullptr;
    for (auto* b : window.findChildren<QToolButton*>())
      if (b->text() == QStringLiteral("Settings")) settings = b;
    QVERIFY(settings);
    QTRY_VERIFY(inside_window(settings, &window));
  }

  void tooltips_are_readable() {
    QWidget host;
    host.resize(200, 100);
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    QToolTip::showText(host.mapToGlobal(QPoint(10, 10)), QStringLiteral("Show in folder"), &host);
    QWidget* tip = nullptr;
    QTRY_VERIFY((tip = [] {
      for (QWidget* w : QApplication::topLevelWidgets())
        if (w->inherits("QTipLabel") && w->isVisible()) return w;
      return static_cast<QWidget*>(nullptr);
    }()));
    const QImage image = tip->grab().toImage();
    const QColor background = image.pixelColor(image.width() - 3, image.height() / 2);  // right padding
    const QColor text = tip->palette().color(QPalette::ToolTipText);
    QVERIFY2(contrast(background, text) >= 4.5,
             qPrintable(QStringLiteral("tooltip %1 on %2").arg(text.name(), background.name())));
  }

  void icon_only_buttons_have_names() {
    MessageWidget message(ChatRole::Assistant);
    for (QToolButton* b : {message.copy_button(), message.edit_button(), message.regenerate_button()}) {
      QVERIFY(b->text().isEmpty() || b->toolButtonStyle() == Qt::ToolButtonIconOnly);
      QVERIFY(!b->accessibleName().isEmpty());
    }
    TestApp app;
    MainWindow window(app.context.get());
    // Every push button of the window shows words or at least has a name for screen readers.
    for (QPushButton* b : window.findChildren<QPushButton*>()) {
      if (b->icon().isNull()) continue;
      QVERIFY2(!b->text().isEmpty() || !b->accessibleName().isEmpty(), qPrintable(b->objectName() + b->toolTip()));
    }
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::SmallScreenTest)
#include "tst_small_screen.moc"
