// One fenced code block of an answer: a monospace frame with the language and a Copy button
// in its header, coloured by the code highlighter, as tall as its lines (up to a limit).
#pragma once

#include <QFrame>

class QLabel;
class QPlainTextEdit;
class QSyntaxHighlighter;
class QToolButton;

namespace hearth::gui {

class CodeBlockWidget : public QFrame {
  Q_OBJECT

 public:
  explicit CodeBlockWidget(QWidget* parent = nullptr);

  void set_code(const QString& code, const QString& language);
  QString code() const;
  QString language() const { return language_; }
  QToolButton* copy_button() const { return copy_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void fit_height();

  QString language_;
  QLabel* language_label_ = nullptr;
  QToolButton* copy_ = nullptr;
  QPlainTextEdit* editor_ = nullptr;
  QSyntaxHighlighter* highlighter_ = nullptr;
  bool copied_ = false;
};

}  // namespace hearth::gui
