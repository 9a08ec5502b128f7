#include "wizard/step_indicator.h"

#include <QEvent>
#include <QPainter>

#include "common/theme.h"

namespace hearth::gui {

namespace {
constexpr int kDot = 22;
constexpr int kGap = 36;  // line between a label and the next dot
}  // namespace

StepIndicator::StepIndicator(QWidget* parent) : QWidget(parent) { setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed); }

QStringList StepIndicator::labels() const { return {tr("Source"), tr("Types"), tr("Output"), tr("Convert")}; }

void StepIndicator::set_current(int step) {
  current_ = step;
  update();
}

QSize StepIndicator::sizeHint() const {
  // Measured in bold: the current step's label is drawn bold.
  QFont bold = font();
  bold.setBold(true);
  const QFontMetrics fm(bold);
  int w = 0;
  for (const QString& l : labels()) w += kDot + 6 + fm.horizontalAdvance(l) + 2 + kGap;
  return {w - kGap + 8, kDot + 4};
}

void StepIndicator::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QStringList names = labels();
  int x = 2;
  const int cy = height() / 2;
  for (int i = 0; i < names.size(); ++i) {
    const bool done = i < current_, now = i == current_;
    const QRectF dot(x, cy - kDot / 2.0, kDot, kDot);
    p.setPen(Qt::NoPen);
    p.setBrush(now ? theme::kAccent : done ? QColor(0xF3, 0xC9, 0xB3) : QColor(0xE3, 0xE6, 0xEA));
    p.drawEllipse(dot);
    QFont f = font();
    f.setBold(true);
    p.setFont(f);
    p.setPen(now ? Qt::white : done ? theme::kAccentDark : theme::kMutedText);
    p.drawText(dot, Qt::AlignCenter, done ? QStringLiteral("✓") : QString::number(i + 1));
    f.setBold(now);
    p.setFont(f);
    p.setPen(now ? theme::kText : theme::kMutedText);
    const int label_w = QFontMetrics(f).horizontalAdvance(names[i]) + 2;
    p.drawText(QRect(x + kDot + 6, 0, label_w + 2, height()), Qt::AlignVCenter | Qt::AlignLeft, names[i]);
    x += kDot + 6 + label_w;
    if (i + 1 < names.size()) {
      p.setPen(QPen(done ? QColor(0xF3, 0xC9, 0xB3) : QColor(0xD5, 0xD9, 0xDF), 2));
      p.drawLine(QPointF(x + 8, cy), QPointF(x + kGap - 8, cy));
      x += kGap;
    }
  }
}

void StepIndicator::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange) {
    updateGeometry();
    update();
  }
  QWidget::changeEvent(event);
}

}  // namespace hearth::gui
