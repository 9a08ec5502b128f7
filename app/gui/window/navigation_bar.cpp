#include "window/navigation_bar.h"

#include <QButtonGroup>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QToolButton>
#include <QVBoxLayout>

#include "common/theme.h"

namespace hearth::gui {

QIcon hearth_logo() {
  QIcon icon;
  for (int size : {16, 24, 32, 48, 64, 128, 256}) {
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 64.0, size / 64.0);
    // Rounded tile.
    QLinearGradient tile(0, 0, 0, 64);
    tile.setColorAt(0, QColor(0x3A, 0x2A, 0x24));
    tile.setColorAt(1, QColor(0x22, 0x1A, 0x17));
    p.setPen(Qt::NoPen);
    p.setBrush(tile);
    p.drawRoundedRect(QRectF(2, 2, 60, 60), 14, 14);
    // Outer flame.
    QPainterPath flame;
    flame.moveTo(32, 8);
    flame.cubicTo(40, 20, 50, 26, 48, 40);
    flame.cubicTo(47, 50, 40, 56, 32, 56);
    flame.cubicTo(24, 56, 16, 50, 16, 40);
    flame.cubicTo(16, 32, 22, 27, 25, 20);
    flame.cubicTo(27, 28, 30, 30, 31, 30);
    flame.cubicTo(30, 22, 31, 14, 32, 8);
    QLinearGradient fire(32, 8, 32, 56);
    fire.setColorAt(0, QColor(0xF5, 0xA6, 0x23));
    fire.setColorAt(1, QColor(0xD9, 0x4A, 0x1B));
    p.setBrush(fire);
    p.drawPath(flame);
    // Inner glow.
    QPainterPath inner;
    inner.moveTo(32, 30);
    inner.cubicTo(37, 37, 41, 41, 39, 47);
    inner.cubicTo(38, 51, 35, 53, 32, 53);
    inner.cubicTo(28, 53, 25, 50, 25, 46);
    inner.cubicTo(25, 41, 30, 37, 32, 30);
    p.setBrush(QColor(0xFF, 0xE0, 0x8A));
    p.drawPath(inner);
    p.end();
    icon.addPixmap(pm);
  }
  return icon;
}

NavigationBar::NavigationBar(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("navigation"));
  setAttribute(Qt::WA_StyledBackground);
  setFixedWidth(92);
  setStyleSheet(QStringLiteral(
      "#navigation { background: #24272e; }"
      "#navigation QToolButton { color: #c9cdd4; border: 0; border-radius: 8px; padding: 8px 2px; margin: 2px 8px;"
      "  font-size: 9pt; }"
      "#navigation QToolButton:hover { background: #2f333b; color: white; }"
      "#navigation QToolButton:checked { background: #3a2f2a; color: #ffb48a; }"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 14, 0, 12);
  layout->setSpacing(2);
  auto* logo = new QLabel;
  logo->setPixmap(hearth_logo().pixmap(40, 40));
  logo->setAlignment(Qt::AlignHCenter);
  layout->addWidget(logo);
  layout->addSpacing(14);
  group_ = new QButtonGroup(this);
  group_->setExclusive(true);
  connect(group_, &QButtonGroup::idClicked, this, &NavigationBar::page_selected);
  layout->addStretch(1);
  settings_ = new QToolButton;
  settings_->setIcon(make_icon(IconKind::Settings, theme::kSidebarText));
  settings_->setIconSize(QSize(24, 24));
  settings_->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
  settings_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  layout->addWidget(settings_);
  connect(settings_, &QToolButton::clicked, this, &NavigationBar::settings_requested);
}

int NavigationBar::add_page(const QIcon& icon, const QString& text) {
  auto* b = new QToolButton;
  b->setIcon(icon);
  b->setIconSize(QSize(26, 26));
  b->setText(text);
  b->setCheckable(true);
  b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
  b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  const int index = int(pages_.size());
  group_->addButton(b, index);
  pages_ << b;
  // Insert after the logo and spacing, before the stretch.
  auto* box = static_cast<QVBoxLayout*>(layout());
  box->insertWidget(2 + index, b);
  return index;
}

void NavigationBar::set_page_text(int index, const QString& text) {
  if (auto* b = pages_.value(index)) b->setText(text);
}

void NavigationBar::set_current(int index) {
  if (auto* b = pages_.value(index)) b->setChecked(true);
}

int NavigationBar::current() const { return group_->checkedId(); }

void NavigationBar::set_settings_text(const QString& text) { settings_->setText(text); }

}  // namespace hearth::gui
