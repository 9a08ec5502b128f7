#include "common/code_font.h"

#include <QApplication>
#include <QFontDatabase>
#include <QFontInfo>
#include <QHash>

namespace hearth::gui {

QStringList code_font_families() {
  QStringList families;
#if defined(Q_OS_WIN)
  // Cascadia Mono ships with Windows Terminal and Windows 11; Consolas with every Windows since
  // Vista; Courier New is the last resort every Windows has.
  families << QStringLiteral("Cascadia Mono") << QStringLiteral("Consolas") << QStringLiteral("Lucida Console")
           << QStringLiteral("Courier New");
#elif defined(Q_OS_MACOS)
  families << QStringLiteral("SF Mono") << QStringLiteral("Menlo") << QStringLiteral("Monaco") << QStringLiteral("Courier New");
#else
  // DejaVu Sans Mono is what scripts/bootstrap.sh installs (fonts-dejavu-core); the others are
  // the usual monospace faces of Debian, Ubuntu, Fedora and Arch desktops.
  families << QStringLiteral("DejaVu Sans Mono") << QStringLiteral("Noto Sans Mono") << QStringLiteral("Liberation Mono")
           << QStringLiteral("Ubuntu Mono") << QStringLiteral("Cascadia Mono") << QStringLiteral("Source Code Pro")
           << QStringLiteral("Hack") << QStringLiteral("FreeMono");
#endif
  return families;
}

namespace {

bool is_fixed_pitch(const QFont& font) { return QFontInfo(font).fixedPitch(); }

QFont choose_code_font(qreal point_size) {
  auto sized = [point_size](QFont font) {
    if (point_size > 0) font.setPointSizeF(point_size);
    font.setStyleHint(QFont::Monospace, QFont::PreferDefault);
    font.setFixedPitch(true);
    return font;
  };
  // 1. Known monospace families, when installed (QFontDatabase knows them by that name, so a
  //    family that is missing is not silently replaced by a fallback).
  const QStringList installed = QFontDatabase::families();
  for (const QString& family : code_font_families()) {
    if (!installed.contains(family, Qt::CaseInsensitive)) continue;
    QFont font = sized(QFont(family));
    if (is_fixed_pitch(font)) return font;
  }
  // 2. The platform's fixed font (a desktop theme's choice), if it really is fixed-pitch.
  QFont system = sized(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  if (is_fixed_pitch(system)) return system;
  // 3. Any installed family the font database calls fixed-pitch.
  for (const QString& family : installed) {
    if (!QFontDatabase::isFixedPitch(family)) continue;
    QFont font = sized(QFont(family));
    if (is_fixed_pitch(font)) return font;
  }
  // 4. Nothing fixed-pitch is installed: the generic family with the hints, the best there is.
  QFont generic = sized(QFont(QStringLiteral("monospace")));
  generic.setStyleHint(QFont::TypeWriter, QFont::PreferDefault);
  return generic;
}

}  // namespace

QFont code_font(qreal point_size) {
  if (point_size <= 0) point_size = QApplication::font().pointSizeF();
  static QHash<qint64, QFont> cache;  // GUI thread only
  const qint64 key = qRound64(point_size * 100);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.insert(key, choose_code_font(point_size));
  return *it;
}

}  // namespace hearth::gui
