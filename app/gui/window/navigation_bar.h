// The dark sidebar on the left: the app's mark, one button per page (Models, Quantize, Chat)
// and Settings at the bottom.
#pragma once

#include <QList>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QToolButton;

namespace hearth::gui {

class NavigationBar : public QWidget {
  Q_OBJECT

 public:
  explicit NavigationBar(QWidget* parent = nullptr);

  // Adds a page button; returns its index.
  int add_page(const QIcon& icon, const QString& text);
  void set_page_text(int index, const QString& text);
  void set_current(int index);
  int current() const;
  void set_settings_text(const QString& text);
  QToolButton* page_button(int index) const { return pages_.value(index); }

 signals:
  void page_selected(int index);
  void settings_requested();

 private:
  QButtonGroup* group_ = nullptr;
  QList<QToolButton*> pages_;
  QToolButton* settings_ = nullptr;
};

// The app's mark: an ember flame, drawn (no image files needed).
QIcon hearth_logo();

}  // namespace hearth::gui
