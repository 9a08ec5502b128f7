// The app's look: Fusion style with a calm light palette, one accent colour ("ember") and the
// colours the charts share, so every pane draws with the same vocabulary.
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>
#include <string_view>

class QApplication;

namespace hearth::gui {

namespace theme {
inline const QColor kAccent{0xD9, 0x62, 0x2B};      // ember orange: primary actions, selection
inline const QColor kAccentDark{0xB8, 0x4E, 0x1C};
inline const QColor kSidebar{0x24, 0x27, 0x2E};
inline const QColor kSidebarText{0xC9, 0xCD, 0xD4};
inline const QColor kWindow{0xF4, 0xF5, 0xF7};
inline const QColor kPanel{0xFF, 0xFF, 0xFF};
inline const QColor kBorder{0xDD, 0xE0, 0xE5};
inline const QColor kText{0x1F, 0x23, 0x28};
inline const QColor kMutedText{0x6A, 0x70, 0x7A};
inline const QColor kError{0xC6, 0x28, 0x28};
inline const QColor kOk{0x2E, 0x8B, 0x57};

// Memory picture segments.
inline const QColor kLayerA{0x3F, 0x6F, 0xD1};
inline const QColor kLayerB{0x5B, 0x86, 0xE0};
inline const QColor kKvCache{0x2F, 0xA3, 0x7A};
inline const QColor kOutput{0x8E, 0x5B, 0xC7};
inline const QColor kScratch{0xE0, 0xA0, 0x30};
inline const QColor kMargin{0xB8, 0xBE, 0xC8};
}  // namespace theme

void apply_theme(QApplication& app);

// Icons drawn with QPainter (no image plugins needed), coloured to match the theme.
enum class IconKind { Models, Quantize, Chat, Settings, Add, Folder, Copy, Edit, Regenerate, Stop, Send, Trash };
QIcon make_icon(IconKind kind, const QColor& color = theme::kText);

inline QString to_qstring(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

}  // namespace hearth::gui
