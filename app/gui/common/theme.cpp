#include "common/theme.h"

#include <QApplication>
#include <QFont>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>
#include <QStyleFactory>

namespace hearth::gui {

void apply_theme(QApplication& app) {
  app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  QPalette p;
  p.setColor(QPalette::Window, theme::kWindow);
  p.setColor(QPalette::WindowText, theme::kText);
  p.setColor(QPalette::Base, theme::kPanel);
  p.setColor(QPalette::AlternateBase, QColor(0xF8, 0xF9, 0xFB));
  p.setColor(QPalette::Text, theme::kText);
  p.setColor(QPalette::Button, QColor(0xFA, 0xFA, 0xFB));
  p.setColor(QPalette::ButtonText, theme::kText);
  p.setColor(QPalette::Highlight, theme::kAccent);
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::ToolTipBase, QColor(0x2B, 0x2F, 0x36));
  p.setColor(QPalette::ToolTipText, Qt::white);
  p.setColor(QPalette::Link, theme::kAccentDark);
  p.setColor(QPalette::PlaceholderText, theme::kMutedText);
  p.setColor(QPalette::Disabled, QPalette::Text, QColor(0xA0, 0xA4, 0xAB));
  p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0xA0, 0xA4, 0xAB));
  p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0xA0, 0xA4, 0xAB));
  app.setPalette(p);

  // A UI font that has CJK glyphs when the language needs them is chosen by fontconfig; only
  // the size is set here.
  QFont font = app.font();
  if (font.pointSizeF() < 10) font.setPointSizeF(10);
  app.setFont(font);

  app.setStyleSheet(QStringLiteral(R"(
    QToolTip { border: 1px solid #1f2328; padding: 4px 6px; background: #2b2f36; color: white; }
    QPushButton { padding: 5px 14px; border-radius: 5px; border: 1px solid #cfd3da; background: #fafafb; }
    QPushButton:hover { background: #f0f1f4; }
    QPushButton:pressed { background: #e6e8ec; }
    QPushButton:disabled { color: #a0a4ab; background: #f4f5f7; }
    QPushButton[accent="true"] { background: #d9622b; color: white; border: 1px solid #b84e1c; font-weight: 600; }
    QPushButton[accent="true"]:hover { background: #e06d37; }
    QPushButton[accent="true"]:disabled { background: #eab59b; border-color: #e3a585; color: #fff6f0; }
    QPushButton[danger="true"] { color: #c62828; }
    QLineEdit, QPlainTextEdit { border: 1px solid #d5d9df; border-radius: 5px; padding: 3px 6px; background: white; }
    QLineEdit:focus, QPlainTextEdit:focus { border-color: #d9622b; }
    QTableView, QTreeView, QListView { border: 1px solid #dde0e5; border-radius: 6px; background: white;
      selection-background-color: #fbe3d6; selection-color: #1f2328; }
    QHeaderView::section { background: #f7f8fa; border: 0px; border-bottom: 1px solid #dde0e5;
      padding: 5px 8px; font-weight: 600; color: #4a505a; }
    QProgressBar { border: 1px solid #d5d9df; border-radius: 5px; background: #eef0f3; text-align: center; height: 16px; }
    QProgressBar::chunk { background: #d9622b; border-radius: 4px; }
    QSlider { min-height: 22px; }
    QSlider::groove:horizontal { height: 6px; background: #e3e6ea; border-radius: 3px; }
    QSlider::sub-page:horizontal { background: #d9622b; border-radius: 3px; }
    QSlider::sub-page:horizontal:disabled { background: #c9ccd1; }
    QSlider::handle:horizontal { background: white; border: 2px solid #d9622b; width: 14px; height: 14px;
      margin: -6px 0; border-radius: 8px; }
    QSlider::handle:horizontal:disabled { border-color: #c9ccd1; }
    QGroupBox { border: 1px solid #dde0e5; border-radius: 8px; margin-top: 14px; background: white; padding-top: 6px; }
    QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #4a505a; font-weight: 600; }
    QStatusBar { background: #eceef1; border-top: 1px solid #dde0e5; color: #4a505a; }
    QStatusBar::item { border: 0px; }
    QSplitter::handle { background: transparent; }
    QScrollArea { border: 0px; }
  )"));
}

namespace {

// Each icon is drawn on a 24×24 grid with a 2-px stroke.
void draw_icon(QPainter& p, IconKind kind) {
  QPainterPath path;
  switch (kind) {
    case IconKind::Models:  // three stacked cards
      p.drawRoundedRect(QRectF(4, 4, 16, 5), 1.5, 1.5);
      p.drawRoundedRect(QRectF(4, 10, 16, 5), 1.5, 1.5);
      p.drawRoundedRect(QRectF(4, 16, 16, 5), 1.5, 1.5);
      break;
    case IconKind::Quantize:  // a funnel
      path.moveTo(3, 4);
      path.lineTo(21, 4);
      path.lineTo(14, 12);
      path.lineTo(14, 19);
      path.lineTo(10, 21);
      path.lineTo(10, 12);
      path.closeSubpath();
      p.drawPath(path);
      break;
    case IconKind::Chat:  // a speech bubble
      path.addRoundedRect(QRectF(3, 4, 18, 12), 3, 3);
      p.drawPath(path);
      p.drawLine(QPointF(8, 16), QPointF(6, 21));
      p.drawLine(QPointF(6, 21), QPointF(12, 16));
      break;
    case IconKind::Settings:  // a cog: circle and spokes
      p.drawEllipse(QPointF(12, 12), 3.5, 3.5);
      for (int i = 0; i < 8; ++i) {
        p.save();
        p.translate(12, 12);
        p.rotate(i * 45);
        p.drawLine(QPointF(0, 6), QPointF(0, 9));
        p.restore();
      }
      p.drawEllipse(QPointF(12, 12), 6.5, 6.5);
      break;
    case IconKind::Add:
      p.drawLine(QPointF(12, 5), QPointF(12, 19));
      p.drawLine(QPointF(5, 12), QPointF(19, 12));
      break;
    case IconKind::Folder:
      path.moveTo(3, 7);
      path.lineTo(9, 7);
      path.lineTo(11, 9);
      path.lineTo(21, 9);
      path.lineTo(21, 19);
      path.lineTo(3, 19);
      path.closeSubpath();
      p.drawPath(path);
      break;
    case IconKind::Copy:
      p.drawRoundedRect(QRectF(8, 8, 12, 13), 2, 2);
      p.drawPolyline(QPolygonF({QPointF(16, 5), QPointF(16, 3), QPointF(4, 3), QPointF(4, 17), QPointF(6, 17)}));
      break;
    case IconKind::Edit:
      path.moveTo(4, 20);
      path.lineTo(5, 15);
      path.lineTo(16, 4);
      path.lineTo(20, 8);
      path.lineTo(9, 19);
      path.closeSubpath();
      p.drawPath(path);
      break;
    case IconKind::Regenerate:
      p.drawArc(QRectF(4, 4, 16, 16), 30 * 16, 300 * 16);
      p.drawPolyline(QPolygonF({QPointF(20, 3), QPointF(19.5, 8.5), QPointF(14, 8)}));
      break;
    case IconKind::Stop:
      p.setBrush(p.pen().color());
      p.drawRoundedRect(QRectF(6, 6, 12, 12), 2, 2);
      break;
    case IconKind::Send:
      path.moveTo(3, 11);
      path.lineTo(21, 3);
      path.lineTo(14, 21);
      path.lineTo(11, 13);
      path.closeSubpath();
      p.drawPath(path);
      break;
    case IconKind::Trash:
      p.drawLine(QPointF(4, 6), QPointF(20, 6));
      p.drawPolyline(QPolygonF({QPointF(9, 6), QPointF(9, 3), QPointF(15, 3), QPointF(15, 6)}));
      p.drawPolyline(QPolygonF({QPointF(6, 6), QPointF(7, 21), QPointF(17, 21), QPointF(18, 6)}));
      break;
  }
}

}  // namespace

QIcon make_icon(IconKind kind, const QColor& color) {
  QIcon icon;
  for (int size : {16, 24, 32, 48}) {
    for (const auto mode : {QIcon::Normal, QIcon::Disabled}) {
      QPixmap pm(size, size);
      pm.fill(Qt::transparent);
      QPainter p(&pm);
      p.setRenderHint(QPainter::Antialiasing);
      p.scale(size / 24.0, size / 24.0);
      QColor c = color;
      if (mode == QIcon::Disabled) c.setAlpha(90);
      p.setPen(QPen(c, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
      p.setBrush(Qt::NoBrush);
      draw_icon(p, kind);
      p.end();
      icon.addPixmap(pm, mode);
    }
  }
  return icon;
}

}  // namespace hearth::gui
