// Where the user types: Enter sends, Shift+Enter starts a new line; the Send button becomes
// Stop while an answer is being written.
#pragma once

#include <QWidget>

class QPlainTextEdit;
class QPushButton;

namespace hearth::gui {

class Composer : public QWidget {
  Q_OBJECT

 public:
  explicit Composer(QWidget* parent = nullptr);

  void set_busy(bool busy);
  // False while there is no model to answer: Send is disabled and Enter keeps the text.
  void set_can_send(bool can_send);
  bool can_send() const { return can_send_; }
  bool busy() const { return busy_; }
  QPlainTextEdit* editor() const { return editor_; }
  QPushButton* send_button() const { return send_; }
  void set_text(const QString& text);

 signals:
  void send_requested(const QString& text);
  void stop_requested();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void submit();

  QPlainTextEdit* editor_ = nullptr;
  QPushButton* send_ = nullptr;
  bool busy_ = false;
  bool can_send_ = true;
};

}  // namespace hearth::gui
