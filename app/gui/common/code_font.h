// The font for code: a monospace face that really is fixed-pitch on this machine.
//
// QFontDatabase::systemFont(FixedFont) is not enough: on Linux without a desktop theme (the
// offscreen and minimal platforms, some window managers) it is the generic family "monospace",
// and fontconfig may resolve that to a CJK "mono" face (Noto Sans Mono CJK) whose dual-width
// glyphs Qt rightly reports as proportional. So code_font() walks a list of known monospace
// families for the platform and takes the first that the font database resolves to a
// fixed-pitch face.
#pragma once

#include <QFont>
#include <QStringList>

namespace hearth::gui {

// The families code_font() tries, best first, for the platform the app was built for.
QStringList code_font_families();

// A fixed-pitch font for code blocks at `point_size` (<= 0: the application font's size).
// Verified with QFontInfo::fixedPitch(); the result is cached after the first call per size.
QFont code_font(qreal point_size = 0);

}  // namespace hearth::gui
