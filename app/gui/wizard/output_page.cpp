#include "wizard/output_page.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QStorageInfo>
#include <QTableWidget>
#include <QVBoxLayout>

#include "common/format.h"
#include "common/theme.h"
#include "library/model_library.h"
#include "wizard/quantize_wizard.h"

namespace hearth::gui {

namespace {
enum Column { TypeColumn, NameColumn, SizeColumn };

// Characters no file system of ours accepts in a name.
bool valid_file_name(const QString& name) {
  static const QRegularExpression bad(QStringLiteral("[<>:\"/\\\\|?*\\x00-\\x1f]"));
  return !name.trimmed().isEmpty() && !name.contains(bad) && name != QLatin1String(".") && name != QLatin1String("..");
}
}  // namespace

OutputPage::OutputPage() {
  setCommitPage(true);  // "Start": once running there is no going back
  auto* layout = new QVBoxLayout(this);
  auto* row = new QHBoxLayout;
  folder_label_ = new QLabel;
  folder_ = new QLineEdit;
  browse_ = new QPushButton(make_icon(IconKind::Folder), QString());
  row->addWidget(folder_label_);
  row->addWidget(folder_, 1);
  row->addWidget(browse_);
  layout->addLayout(row);

  table_ = new QTableWidget(0, 3);
  table_->verticalHeader()->hide();
  table_->setShowGrid(false);
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
  table_->horizontalHeader()->setHighlightSections(false);
  table_->verticalHeader()->setDefaultSectionSize(28);
  layout->addWidget(table_, 1);
  space_ = new QLabel;
  space_->setWordWrap(true);
  layout->addWidget(space_);

  connect(browse_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the output folder"), folder());
    if (!dir.isEmpty()) set_folder(dir);
  });
  connect(folder_, &QLineEdit::textChanged, this, [this] {
    update_space();
    emit completeChanged();
  });
  connect(table_, &QTableWidget::itemChanged, this, [this] { emit completeChanged(); });
  retranslate();
}

QuantizeWizard* OutputPage::owner() const { return qobject_cast<QuantizeWizard*>(wizard()); }

QString OutputPage::default_file_name(const QString& model_name, const QString& type) {
  QString base = model_name.trimmed();
  base.replace(QRegularExpression(QStringLiteral("[<>:\"/\\\\|?*\\s]+")), QStringLiteral("-"));
  // Requantizing "model-Q8_0.gguf" should give "model-Q4_K_M.gguf", not "model-Q8_0-Q4_K_M".
  base.remove(QRegularExpression(QStringLiteral("-(F32|F16|BF16|Q\\d(_K)?(_[01SML])?)$"), QRegularExpression::CaseInsensitiveOption));
  if (base.isEmpty()) base = QStringLiteral("model");
  return QStringLiteral("%1-%2.gguf").arg(base, type);
}

void OutputPage::initializePage() {
  QuantizeWizard* w = owner();
  if (folder().isEmpty()) set_folder(w->library()->primary_folder());
  const auto& choices = w->choices();
  QString model = choices.source.is_gguf ? QFileInfo(choices.source.path).completeBaseName()
                                         : QFileInfo(choices.source.path).fileName();
  if (model.isEmpty()) model = choices.source.name;
  const QSignalBlocker block(table_);
  table_->setRowCount(0);
  for (const QString& type : choices.types) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    auto* t = new QTableWidgetItem(type);
    t->setFlags(Qt::ItemIsEnabled);
    table_->setItem(row, TypeColumn, t);
    table_->setItem(row, NameColumn, new QTableWidgetItem(default_file_name(model, type)));
    const uint64_t bytes = choices.estimated_bytes.value(type, 0);
    auto* size = new QTableWidgetItem(bytes ? format_bytes(bytes) : QString());
    size->setFlags(Qt::ItemIsEnabled);
    size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->setItem(row, SizeColumn, size);
  }
  table_->resizeColumnToContents(TypeColumn);
  table_->resizeColumnToContents(SizeColumn);
  update_space();
}

QString OutputPage::folder() const { return QDir::fromNativeSeparators(folder_->text().trimmed()); }
void OutputPage::set_folder(const QString& folder) { folder_->setText(QDir::toNativeSeparators(folder)); }

QStringList OutputPage::file_names() const {
  QStringList names;
  for (int r = 0; r < table_->rowCount(); ++r) names << table_->item(r, NameColumn)->text().trimmed();
  return names;
}

bool OutputPage::isComplete() const {
  if (folder().isEmpty()) return false;
  const QStringList names = file_names();
  for (const QString& n : names)
    if (!valid_file_name(n)) return false;
  return !names.isEmpty() && QSet<QString>(names.begin(), names.end()).size() == names.size();
}

void OutputPage::update_space() {
  QuantizeWizard* w = owner();
  if (!w) return;
  QString probe = folder();
  while (!probe.isEmpty() && !QFileInfo::exists(probe)) probe = QFileInfo(probe).path();  // the folder may not exist yet
  const QStorageInfo storage(probe);
  uint64_t needed = 0;
  for (const QString& t : w->choices().types) needed += w->choices().estimated_bytes.value(t, 0);
  if (!storage.isValid()) {
    space_->clear();
    return;
  }
  const uint64_t free = uint64_t(storage.bytesAvailable());
  const bool enough = free >= needed;
  space_->setStyleSheet(enough ? QStringLiteral("color: #6a707a;") : QStringLiteral("color: #c62828;"));
  space_->setText(enough ? tr("Free on this disk: %1 (about %2 needed).").arg(format_bytes(free), format_bytes(needed))
                         : tr("Not enough free space: %1 free, about %2 needed.").arg(format_bytes(free), format_bytes(needed)));
}

bool OutputPage::validatePage() {
  QuantizeWizard* w = owner();
  const QString dir = folder();
  if (!QDir().mkpath(dir)) {
    QMessageBox::warning(this, tr("Output folder"), tr("The folder %1 cannot be created.").arg(QDir::toNativeSeparators(dir)));
    return false;
  }
  QList<QuantizeTarget> targets;
  QStringList existing;
  const QStringList names = file_names();
  for (int i = 0; i < names.size(); ++i) {
    QString name = names[i];
    if (!name.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive)) name += QStringLiteral(".gguf");
    const QString path = QDir(dir).filePath(name);
    if (QFileInfo::exists(path)) existing << name;
    if (QFileInfo(path) == QFileInfo(w->choices().source.path)) {
      QMessageBox::warning(this, tr("Output file"), tr("%1 is the source itself; choose another name.").arg(name));
      return false;
    }
    targets << QuantizeTarget{table_->item(i, TypeColumn)->text(), path};
  }
  if (!existing.isEmpty()) {
    const auto answer = QMessageBox::question(
        this, tr("Replace files?"),
        tr("These files already exist and will be replaced when the new ones are complete:\n%1").arg(existing.join(QLatin1Char('\n'))),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) return false;
  }
  w->choices().output_folder = dir;
  w->choices().targets = targets;
  return true;
}

void OutputPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWizardPage::changeEvent(event);
}

void OutputPage::retranslate() {
  setTitle(tr("Output"));
  setSubTitle(tr("Files written to a library folder appear in Models as soon as they are complete."));
  folder_label_->setText(tr("Folder:"));
  browse_->setText(tr("Browse…"));
  table_->setHorizontalHeaderLabels({tr("Type"), tr("File name"), tr("Estimated size")});
  setButtonText(QWizard::CommitButton, tr("Start"));
  update_space();
}

}  // namespace hearth::gui
