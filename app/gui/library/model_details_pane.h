// The right side of the model browser: what the selected file is (overview facts, tensor-type
// histogram, full metadata) or, for an unreadable file, why it cannot be used; plus the
// actions: chat with it, quantize it, show it in the file manager, remove it.
#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include "library/model_details.h"

class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace hearth::gui {

class TypeHistogram;

class ModelDetailsPane : public QWidget {
  Q_OBJECT

 public:
  explicit ModelDetailsPane(QWidget* parent = nullptr);
  ~ModelDetailsPane() override;

  // Reads the file on a worker thread and shows it; an empty path clears the pane.
  void show_model(const QString& path);
  QString path() const { return path_; }
  // What is shown now (empty until loaded).
  const ModelDetails& details() const { return details_; }
  QString error_text() const;

 signals:
  void chat_requested(const QString& path);
  void quantize_requested(const QString& path);
  void reveal_requested(const QString& path);
  void remove_requested(const QString& path);
  void details_loaded(const QString& path);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void present();

  QString path_;
  ModelDetails details_;
  QFutureWatcher<ModelDetails> loader_;

  QLabel* title_ = nullptr;
  QLabel* subtitle_ = nullptr;
  QLabel* error_ = nullptr;
  QLabel* placeholder_ = nullptr;
  QPushButton* chat_ = nullptr;
  QPushButton* quantize_ = nullptr;
  QPushButton* reveal_ = nullptr;
  QPushButton* remove_ = nullptr;
  QGroupBox* overview_box_ = nullptr;
  QFormLayout* overview_ = nullptr;
  QGroupBox* types_box_ = nullptr;
  TypeHistogram* histogram_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  QWidget* metadata_box_ = nullptr;
  QTreeWidget* metadata_ = nullptr;
  QWidget* content_ = nullptr;
  QWidget* filler_ = nullptr;
};

}  // namespace hearth::gui
