#include "library/type_histogram.h"

#include <QPainter>
#include <algorithm>

#include "common/format.h"
#include "common/theme.h"

namespace hearth::gui {

namespace {
constexpr int kRowHeight = 22;
constexpr int kLabelWidth = 56;
}  // namespace

TypeHistogram::TypeHistogram(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TypeHistogram::set_shares(const QList<TensorTypeShare>& shares) {
  shares_ = shares;
  updateGeometry();
  update();
}

QSize TypeHistogram::sizeHint() const { return {320, std::max<int>(1, int(shares_.size())) * kRowHeight + 4}; }
QSize TypeHistogram::minimumSizeHint() const { return {200, sizeHint().height()}; }

void TypeHistogram::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  uint64_t total = 0, largest = 1;
  for (const auto& s : shares_) {
    total += s.bytes;
    largest = std::max(largest, s.bytes);
  }
  const QFontMetrics fm = fontMetrics();
  int y = 2;
  for (const auto& s : shares_) {
    const QString detail = tr("%n tensor(s) · %1", nullptr, int(s.tensors)).arg(format_bytes(s.bytes));
    const int detail_width = fm.horizontalAdvance(detail) + 12;
    const int bar_max = std::max(20, width() - kLabelWidth - detail_width);
    const int bar = std::max(2, int(double(s.bytes) / double(largest) * bar_max));

    p.setPen(theme::kText);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRect(0, y, kLabelWidth - 6, kRowHeight - 4), Qt::AlignVCenter | Qt::AlignLeft, s.type);
    p.setFont(font());

    const QRectF bar_rect(kLabelWidth, y + 3, bar, kRowHeight - 10);
    p.setPen(Qt::NoPen);
    p.setBrush(total && s.bytes * 2 >= total ? theme::kAccent : theme::kLayerB);
    p.drawRoundedRect(bar_rect, 3, 3);

    p.setPen(theme::kMutedText);
    p.drawText(QRect(kLabelWidth + bar + 8, y, detail_width, kRowHeight - 4), Qt::AlignVCenter | Qt::AlignLeft, detail);
    y += kRowHeight;
  }
}

}  // namespace hearth::gui
