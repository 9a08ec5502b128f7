// Drag and drop anywhere on the window: an HF model folder opens the quantization wizard, a
// .gguf file joins the library, a folder of GGUF files becomes a library folder. Installed as an
// application event filter so text fields and lists do not swallow file drops; while a drag
// hovers, an overlay says what dropping will do.
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QWidget;
class QLabel;

namespace hearth::gui {

struct DropAction {
  enum class Kind { None, HfFolder, GgufFiles, LibraryFolder };
  Kind kind = Kind::None;
  QStringList paths;
  QString reason;  // Kind::None: why nothing would happen
};

// Decides what dropping these URLs does (pure; the tests check it directly).
DropAction classify_drop(const QList<QUrl>& urls);

class DropRouter : public QObject {
  Q_OBJECT

 public:
  // Routes drops onto `window` and any of its children.
  explicit DropRouter(QWidget* window);
  ~DropRouter() override;

 signals:
  void hf_folder_dropped(const QString& path);
  void gguf_files_dropped(const QStringList& paths);
  void library_folder_dropped(const QString& path);
  void drop_rejected(const QString& reason);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  bool belongs_to_window(QObject* object) const;
  void show_overlay(const DropAction& action);
  void hide_overlay();

  QPointer<QWidget> window_;
  QLabel* overlay_ = nullptr;
};

}  // namespace hearth::gui
