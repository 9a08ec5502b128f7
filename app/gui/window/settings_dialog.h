// Preferences: the interface language (applied at once) and the library folders.
#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace hearth::gui {

class LanguageManager;
class ModelLibrary;
class Settings;

class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  SettingsDialog(Settings* settings, ModelLibrary* library, QWidget* parent = nullptr);

  QComboBox* language_box() const { return language_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void apply();

  Settings* settings_;
  ModelLibrary* library_;
  QGroupBox* language_group_ = nullptr;
  QComboBox* language_ = nullptr;
  QLabel* language_note_ = nullptr;
  QGroupBox* folders_group_ = nullptr;
  QListWidget* folders_ = nullptr;
  QPushButton* add_ = nullptr;
  QPushButton* remove_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace hearth::gui
