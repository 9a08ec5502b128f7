#include "window/window_fit.h"

#include <algorithm>

namespace hearth::gui {

namespace {
// Title bar and frame that the window manager adds around the client area.
constexpr double kUsableFraction = 0.92;
}  // namespace

QSize initial_window_size(const QRect& available) {
  if (!available.isValid()) return kPreferredWindowSize;
  const int w = std::min(kPreferredWindowSize.width(), int(available.width() * kUsableFraction));
  const int h = std::min(kPreferredWindowSize.height(), int(available.height() * kUsableFraction));
  return {std::max(w, kMinimumWindowSize.width()), std::max(h, kMinimumWindowSize.height())};
}

QRect clamp_to_screen(const QRect& frame, const QRect& available) {
  if (!available.isValid()) return frame;
  QRect r = frame;
  r.setWidth(std::min(r.width(), available.width()));
  r.setHeight(std::min(r.height(), available.height()));
  if (r.right() > available.right()) r.moveRight(available.right());
  if (r.bottom() > available.bottom()) r.moveBottom(available.bottom());
  if (r.left() < available.left()) r.moveLeft(available.left());
  if (r.top() < available.top()) r.moveTop(available.top());
  return r;
}

}  // namespace hearth::gui
