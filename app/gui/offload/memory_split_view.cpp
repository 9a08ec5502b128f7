#include "offload/memory_split_view.h"

#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>

#include "common/format.h"
#include "common/theme.h"

namespace hearth::gui {

namespace {
constexpr int kBarHeight = 26;
constexpr int kTitleHeight = 20;
constexpr int kStatusHeight = 18;
constexpr int kDeviceGap = 14;
constexpr int kLegendRow = 20;

void draw_hatch(QPainter& p, const QRectF& r, const QColor& color) {
  p.save();
  p.setClipRect(r);
  p.setPen(QPen(color, 1.2));
  for (double x = r.left() - r.height(); x < r.right(); x += 6) p.drawLine(QPointF(x, r.bottom()), QPointF(x + r.height(), r.top()));
  p.restore();
}
}  // namespace

MemorySplitView::MemorySplitView(QWidget* parent) : QWidget(parent) {
  QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  policy.setHeightForWidth(true);
  setSizePolicy(policy);
  setMouseTracking(true);
}

void MemorySplitView::set_picture(const MemoryPicture& picture) {
  picture_ = picture;
  has_picture_ = true;
  update();
}

void MemorySplitView::clear() {
  picture_ = {};
  has_picture_ = false;
  update();
}

QList<MemorySplitView::LegendItem> MemorySplitView::legend_items() const {
  return {
      {theme::kLayerA, tr("Block weights"), false}, {QColor(0x7A, 0x86, 0x99), tr("Embeddings"), false},
      {theme::kKvCache, tr("KV cache"), false},     {theme::kOutput, tr("Output head"), false},
      {theme::kScratch, tr("Scratch"), false},      {theme::kMargin, tr("Kept free"), true},
  };
}

int MemorySplitView::legend_item_width(const LegendItem& item) const {
  return 14 + 6 + fontMetrics().horizontalAdvance(item.text) + 14;
}

int MemorySplitView::legend_rows(int width) const {
  int rows = 1;
  int x = 0;
  for (const auto& item : legend_items()) {
    const int w = legend_item_width(item);
    if (x + w > width && x > 0) {
      x = 0;
      ++rows;
    }
    x += w;
  }
  return rows;
}

// Tall enough for both bars and the legend wrapped to `width` (no blank rows below it).
int MemorySplitView::heightForWidth(int width) const {
  return 2 * (kTitleHeight + kBarHeight + kStatusHeight + kDeviceGap) + legend_rows(width) * kLegendRow + 6;
}
bool MemorySplitView::hasHeightForWidth() const { return true; }
QSize MemorySplitView::sizeHint() const { return {360, heightForWidth(360)}; }
QSize MemorySplitView::minimumSizeHint() const { return {260, heightForWidth(260)}; }

void MemorySplitView::changeEvent(QEvent* event) {
  // The legend's words change length with the language and the font.
  if (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange) updateGeometry();
  QWidget::changeEvent(event);
}

void MemorySplitView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  hit_areas_.clear();
  if (!has_picture_) {
    p.setPen(theme::kMutedText);
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Select a model to see where its memory goes."));
    return;
  }
  int y = 0;
  y = draw_device(p, picture_.gpu, y);
  y = draw_device(p, picture_.ram, y + kDeviceGap);
  draw_legend(p, y + 8);
}

int MemorySplitView::draw_device(QPainter& p, const DeviceBar& bar, int y) {
  const bool fits = bar.fits();
  const uint64_t used = bar.used();
  const QString name = bar.kind == DeviceBar::Kind::Gpu
                           ? (picture_.gpu_backend_available ? tr("GPU memory") : tr("GPU memory (planned)"))
                           : tr("System RAM");

  // Title above the bar: device and capacity; below it: usage, or the shortfall in red.
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(theme::kText);
  const QRect title(0, y, width(), kTitleHeight);
  p.drawText(title, Qt::AlignLeft | Qt::AlignVCenter,
             QFontMetrics(bold).elidedText(QStringLiteral("%1 · %2").arg(name, format_bytes(bar.capacity)), Qt::ElideRight, width()));
  p.setFont(font());

  // The bar spans the capacity, or the need when it is larger (the overflow then shows).
  const QRectF frame(0.5, y + kTitleHeight + 2.5, width() - 1.0, kBarHeight);
  const double scale_bytes = double(std::max<uint64_t>({bar.capacity, used, 1}));
  const double px_per_byte = frame.width() / scale_bytes;
  QPainterPath clip;
  clip.addRoundedRect(frame, 5, 5);
  p.save();
  p.setClipPath(clip);
  p.fillRect(frame, QColor(0xEE, 0xF0, 0xF3));

  double x = frame.left();
  auto segment = [&](uint64_t bytes, const QColor& color, const QString& label) {
    if (bytes == 0) return;
    const double w = std::max(1.0, double(bytes) * px_per_byte);
    const QRectF r(x, frame.top(), w, frame.height());
    p.fillRect(r, color);
    hit_areas_.append({r, QStringLiteral("%1: %2").arg(label, format_bytes(bytes))});
    x += double(bytes) * px_per_byte;
  };
  for (int i = 0; i < bar.layers.size(); ++i) {
    const auto& l = bar.layers[i];
    segment(l.bytes, (l.layer % 2) ? theme::kLayerB : theme::kLayerA, tr("Block %1 weights").arg(l.layer));
  }
  segment(bar.embeddings, QColor(0x7A, 0x86, 0x99), tr("Token embeddings"));
  segment(bar.kv_cache, theme::kKvCache, tr("KV cache"));
  segment(bar.output, theme::kOutput, tr("Output head"));
  segment(bar.scratch, theme::kScratch, tr("Scratch buffers"));

  // The margin that must stay free: hatched, from the usable limit to the capacity.
  const double usable_x = frame.left() + double(bar.usable()) * px_per_byte;
  const double capacity_x = frame.left() + double(bar.capacity) * px_per_byte;
  if (bar.margin > 0) {
    const QRectF margin(usable_x, frame.top(), capacity_x - usable_x, frame.height());
    draw_hatch(p, margin, fits ? theme::kMargin : theme::kError);
    hit_areas_.append({margin, tr("Kept free: %1").arg(format_bytes(bar.margin))});
  }
  // Whatever lies beyond the usable limit is what does not fit.
  if (!fits) {
    const QRectF over(usable_x, frame.top(), frame.right() - usable_x, frame.height());
    p.fillRect(over, QColor(0xD6, 0x45, 0x45, 150));
  }
  p.restore();

  // Capacity marker and outline.
  p.setPen(QPen(fits ? theme::kBorder.darker(115) : theme::kError, fits ? 1.0 : 2.0));
  p.setBrush(Qt::NoBrush);
  p.drawRoundedRect(frame, 5, 5);
  if (bar.margin > 0) {
    p.setPen(QPen(fits ? theme::kMutedText : theme::kError, 1.5, Qt::DashLine));
    p.drawLine(QPointF(usable_x, frame.top() - 2), QPointF(usable_x, frame.bottom() + 2));
  }
  const QRect status_rect(0, int(frame.bottom()) + 3, width(), kStatusHeight);
  QString status;
  if (fits) {
    p.setPen(theme::kMutedText);
    status = tr("%1 of %2 usable").arg(format_bytes(used), format_bytes(bar.usable()));
  } else {
    p.setPen(theme::kError);
    status = tr("Does not fit: %1 more needed").arg(format_bytes(used - bar.usable()));
  }
  p.drawText(status_rect, Qt::AlignLeft | Qt::AlignVCenter, fontMetrics().elidedText(status, Qt::ElideRight, width()));
  return status_rect.bottom();
}

int MemorySplitView::draw_legend(QPainter& p, int y) {
  int x = 0;
  p.setFont(font());
  for (const auto& item : legend_items()) {
    const int w = legend_item_width(item);
    if (x + w > width() && x > 0) {
      x = 0;
      y += kLegendRow;
    }
    const QRectF swatch(x, y + 4, 12, 12);
    if (item.hatch) {
      p.fillRect(swatch, QColor(0xEE, 0xF0, 0xF3));
      draw_hatch(p, swatch, item.color);
    } else {
      p.setPen(Qt::NoPen);
      p.setBrush(item.color);
      p.drawRoundedRect(swatch, 2, 2);
    }
    p.setPen(theme::kMutedText);
    p.drawText(QRect(x + 18, y, w - 18, kLegendRow), Qt::AlignLeft | Qt::AlignVCenter, item.text);
    x += w;
  }
  return y + kLegendRow;
}

bool MemorySplitView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    for (const auto& [r, text] : hit_areas_) {
      if (r.contains(help->pos())) {
        QToolTip::showText(help->globalPos(), text, this);
        return true;
      }
    }
    QToolTip::hideText();
    event->ignore();
    return true;
  }
  return QWidget::event(event);
}

}  // namespace hearth::gui
