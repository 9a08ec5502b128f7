// Where the main window goes on the screen it opens on: a first window sized from the screen's
// available area (a 1366×768 laptop must see the Send and Next buttons), and a remembered
// geometry (perhaps saved on a bigger or a detached screen) pulled back inside it.
#pragma once

#include <QRect>
#include <QSize>

namespace hearth::gui {

// The smallest window every page is laid out for (the chat's side panel collapses below it).
inline constexpr QSize kMinimumWindowSize{760, 520};
// The size the first window asks for on a screen large enough.
inline constexpr QSize kPreferredWindowSize{1280, 800};

// The first window's size: the preferred size, shrunk to 92 % of the available area (leaving
// room for the title bar and frame), never below kMinimumWindowSize.
QSize initial_window_size(const QRect& available);

// `frame` moved and, if needed, shrunk so that it lies inside `available`.
QRect clamp_to_screen(const QRect& frame, const QRect& available);

}  // namespace hearth::gui
