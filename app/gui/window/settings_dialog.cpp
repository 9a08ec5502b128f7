#include "window/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "common/theme.h"
#include "library/model_library.h"
#include "window/language.h"
#include "window/settings.h"

namespace hearth::gui {

SettingsDialog::SettingsDialog(Settings* settings, ModelLibrary* library, QWidget* parent)
    : QDialog(parent), settings_(settings), library_(library) {
  resize(560, 420);
  auto* layout = new QVBoxLayout(this);

  language_group_ = new QGroupBox;
  auto* lang_layout = new QVBoxLayout(language_group_);
  language_ = new QComboBox;
  language_->addItem(QString(), QString());  // "System language", text set in retranslate()
  for (const QString& code : LanguageManager::available()) language_->addItem(LanguageManager::native_name(code), code);
  language_->setCurrentIndex(std::max(0, language_->findData(settings_->language())));
  language_note_ = new QLabel;
  language_note_->setStyleSheet(QStringLiteral("color: #6a707a;"));
  lang_layout->addWidget(language_);
  lang_layout->addWidget(language_note_);
  layout->addWidget(language_group_);

  folders_group_ = new QGroupBox;
  auto* folder_layout = new QVBoxLayout(folders_group_);
  folders_ = new QListWidget;
  for (const QString& f : library_->folders()) folders_->addItem(QDir::toNativeSeparators(f));
  auto* folder_buttons = new QHBoxLayout;
  add_ = new QPushButton(make_icon(IconKind::Add), QString());
  remove_ = new QPushButton(make_icon(IconKind::Trash, theme::kError), QString());
  folder_buttons->addWidget(add_);
  folder_buttons->addWidget(remove_);
  folder_buttons->addStretch(1);
  folder_layout->addWidget(folders_);
  folder_layout->addLayout(folder_buttons);
  layout->addWidget(folders_group_, 1);

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  layout->addWidget(buttons_);

  connect(add_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a library folder"), QDir::homePath());
    if (!dir.isEmpty() && folders_->findItems(QDir::toNativeSeparators(dir), Qt::MatchExactly).isEmpty())
      folders_->addItem(QDir::toNativeSeparators(dir));
  });
  connect(remove_, &QPushButton::clicked, this, [this] { delete folders_->currentItem(); });
  connect(folders_, &QListWidget::currentRowChanged, this, [this](int row) { remove_->setEnabled(row >= 0); });
  remove_->setEnabled(false);
  connect(buttons_, &QDialogButtonBox::accepted, this, [this] {
    apply();
    accept();
  });
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  retranslate();
}

void SettingsDialog::apply() {
  QStringList folders;
  for (int i = 0; i < folders_->count(); ++i) folders << QDir::fromNativeSeparators(folders_->item(i)->text());
  if (folders != library_->folders()) {
    settings_->set_library_folders(folders);
    library_->rescan();
  }
  settings_->set_language(language_->currentData().toString());  // MainWindow applies it
}

void SettingsDialog::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QDialog::changeEvent(event);
}

void SettingsDialog::retranslate() {
  setWindowTitle(tr("Settings"));
  language_group_->setTitle(tr("Language"));
  language_->setItemText(0, tr("System language"));
  language_note_->setText(tr("The interface switches as soon as you press OK."));
  folders_group_->setTitle(tr("Library folders"));
  add_->setText(tr("Add folder…"));
  remove_->setText(tr("Remove"));
}

}  // namespace hearth::gui
