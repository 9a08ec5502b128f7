// A read-only rich-text view that is exactly as tall as its text (no inner scroll bar), so a
// message grows in the chat's scroll area instead of scrolling inside itself. Shows Markdown
// (assistant answers) or plain text (what the user typed, kept verbatim).
#pragma once

#include <QTextBrowser>

namespace hearth::gui {

class ProseView : public QTextBrowser {
  Q_OBJECT

 public:
  explicit ProseView(QWidget* parent = nullptr);

  void set_markdown(const QString& markdown);
  void set_plain(const QString& text);
  QString source_text() const { return source_; }

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void wrap_to_viewport();

  static constexpr int kWideHint = 2000;  // "as wide as allowed"
  QString source_;
  bool markdown_ = false;
  mutable QString ideal_for_;  // the text ideal_width_ was measured for
  mutable int ideal_width_ = 0;
};

}  // namespace hearth::gui
