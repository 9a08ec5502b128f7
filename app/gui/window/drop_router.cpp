#include "window/drop_router.h"

#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMimeData>
#include <QWidget>

#include "hearth/io/hf_folder.h"

namespace hearth::gui {

namespace {
bool is_gguf(const QFileInfo& f) { return f.isFile() && f.suffix().compare(QLatin1String("gguf"), Qt::CaseInsensitive) == 0; }

QList<QUrl> local_urls(const QMimeData* mime) {
  QList<QUrl> out;
  if (!mime || !mime->hasUrls()) return out;
  for (const QUrl& u : mime->urls())
    if (u.isLocalFile()) out << u;
  return out;
}
}  // namespace

DropAction classify_drop(const QList<QUrl>& urls) {
  DropAction action;
  if (urls.isEmpty()) {
    action.reason = QCoreApplication::translate("hearth::gui::DropRouter", "Only files and folders can be dropped here.");
    return action;
  }
  QStringList ggufs;
  for (const QUrl& url : urls) {
    const QFileInfo info(url.toLocalFile());
    const QString path = QDir::cleanPath(info.absoluteFilePath());
    if (info.isDir()) {
      if (HfModelFolder::looks_like_model_folder(path.toStdString())) {
        return {DropAction::Kind::HfFolder, {path}, {}};  // one conversion at a time: the first folder
      }
      if (!QDir(path).entryList({QStringLiteral("*.gguf")}, QDir::Files).isEmpty()) {
        return {DropAction::Kind::LibraryFolder, {path}, {}};
      }
      action.reason = QCoreApplication::translate("hearth::gui::DropRouter",
                                                  "%1 is neither a Hugging Face model folder (no config.json) nor a folder of GGUF files.")
                          .arg(info.fileName());
      continue;
    }
    if (is_gguf(info)) {
      ggufs << path;
    } else if (info.fileName() == QLatin1String("config.json") || info.suffix() == QLatin1String("safetensors")) {
      // A file from inside an HF folder: the folder is what was meant.
      const QString folder = info.absolutePath();
      if (HfModelFolder::looks_like_model_folder(folder.toStdString())) return {DropAction::Kind::HfFolder, {folder}, {}};
    } else {
      action.reason = QCoreApplication::translate("hearth::gui::DropRouter",
                                                  "%1 is not a model: drop a .gguf file or a Hugging Face model folder.")
                          .arg(info.fileName());
    }
  }
  if (!ggufs.isEmpty()) return {DropAction::Kind::GgufFiles, ggufs, {}};
  return action;
}

DropRouter::DropRouter(QWidget* window) : QObject(window), window_(window) {
  overlay_ = new QLabel(window);
  overlay_->setAlignment(Qt::AlignCenter);
  overlay_->setWordWrap(true);
  overlay_->setAttribute(Qt::WA_TransparentForMouseEvents);
  overlay_->setStyleSheet(QStringLiteral(
      "QLabel { background: rgba(255, 250, 246, 225); border: 3px dashed #d9622b; border-radius: 18px;"
      " color: #8a3a12; font-size: 18pt; font-weight: 600; }"));
  overlay_->hide();
  qApp->installEventFilter(this);
}

DropRouter::~DropRouter() {
  if (qApp) qApp->removeEventFilter(this);
}

bool DropRouter::belongs_to_window(QObject* object) const {
  auto* w = qobject_cast<QWidget*>(object);
  return w && window_ && (w == window_ || window_->isAncestorOf(w));
}

void DropRouter::show_overlay(const DropAction& action) {
  QString text;
  switch (action.kind) {
    case DropAction::Kind::HfFolder: text = tr("Drop to convert and quantize\n%1").arg(QFileInfo(action.paths.first()).fileName()); break;
    case DropAction::Kind::GgufFiles: text = tr("Drop to add %n model(s) to the library", nullptr, int(action.paths.size())); break;
    case DropAction::Kind::LibraryFolder: text = tr("Drop to add this folder to the library\n%1").arg(QFileInfo(action.paths.first()).fileName()); break;
    case DropAction::Kind::None: return;
  }
  overlay_->setText(text);
  overlay_->setGeometry(window_->rect().adjusted(24, 24, -24, -24));
  overlay_->raise();
  overlay_->show();
}

void DropRouter::hide_overlay() { overlay_->hide(); }

bool DropRouter::eventFilter(QObject* watched, QEvent* event) {
  const auto type = event->type();
  if (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::Drop && type != QEvent::DragLeave)
    return QObject::eventFilter(watched, event);
  if (!belongs_to_window(watched)) return QObject::eventFilter(watched, event);

  if (type == QEvent::DragLeave) {
    // Leaving a child for another child also sends DragLeave; hide only when the window is left.
    if (watched == window_) hide_overlay();
    return false;
  }
  auto* drop = static_cast<QDropEvent*>(event);
  const QList<QUrl> urls = local_urls(drop->mimeData());
  if (urls.isEmpty()) return QObject::eventFilter(watched, event);  // text drags stay with the widgets
  const DropAction action = classify_drop(urls);

  if (type == QEvent::DragEnter || type == QEvent::DragMove) {
    if (action.kind == DropAction::Kind::None) {
      drop->ignore();
      return true;
    }
    drop->setDropAction(Qt::CopyAction);
    drop->accept();
    show_overlay(action);
    return true;
  }

  // Drop.
  hide_overlay();
  drop->setDropAction(Qt::CopyAction);
  drop->accept();
  switch (action.kind) {
    case DropAction::Kind::HfFolder: emit hf_folder_dropped(action.paths.first()); break;
    case DropAction::Kind::GgufFiles: emit gguf_files_dropped(action.paths); break;
    case DropAction::Kind::LibraryFolder: emit library_folder_dropped(action.paths.first()); break;
    case DropAction::Kind::None: emit drop_rejected(action.reason); break;
  }
  return true;
}

}  // namespace hearth::gui
