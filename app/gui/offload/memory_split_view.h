// The live VRAM split picture: one stacked bar per device (GPU memory, system RAM) divided into
// the weights of each block, token embeddings, KV cache, output head and scratch, drawn against
// the device's capacity with the margin that must stay free hatched at the end. A device whose
// plan does not fit turns red and says how much is missing. Hovering a piece names it.
#pragma once

#include <QColor>
#include <QList>
#include <QPair>
#include <QRectF>
#include <QString>
#include <QWidget>

#include "offload/memory_picture.h"

namespace hearth::gui {

class MemorySplitView : public QWidget {
  Q_OBJECT

 public:
  explicit MemorySplitView(QWidget* parent = nullptr);

  void set_picture(const MemoryPicture& picture);
  void clear();
  const MemoryPicture& picture() const { return picture_; }

  QSize sizeHint() const override;
  bool hasHeightForWidth() const override;
  int heightForWidth(int width) const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void changeEvent(QEvent* event) override;
  bool event(QEvent* event) override;

 private:
  int draw_device(QPainter& p, const DeviceBar& bar, int y);
  int draw_legend(QPainter& p, int y);
  struct LegendItem {
    QColor color;
    QString text;
    bool hatch = false;
  };
  QList<LegendItem> legend_items() const;
  int legend_item_width(const LegendItem& item) const;
  int legend_rows(int width) const;

  MemoryPicture picture_;
  bool has_picture_ = false;
  mutable QList<QPair<QRectF, QString>> hit_areas_;  // for tooltips, rebuilt on every paint
};

}  // namespace hearth::gui
