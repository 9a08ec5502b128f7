#include "library/model_browser.h"

#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

#include "common/format.h"
#include "common/theme.h"
#include "library/model_details_pane.h"
#include "library/model_library.h"
#include "library/model_table_model.h"
#include "window/drop_router.h"
#include "window/settings.h"

namespace hearth::gui {

namespace {
// Errors read best from their start: elide them at the right (names elide in the middle).
class ElideRightDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
    QStyledItemDelegate::initStyleOption(option, index);
    option->textElideMode = Qt::ElideRight;
  }
};
}  // namespace

void reveal_in_file_manager(const QString& path) {
  const QFileInfo info(path);
#if defined(Q_OS_WIN)
  QProcess::startDetached(QStringLiteral("explorer.exe"), {QStringLiteral("/select,"), QDir::toNativeSeparators(path)});
#elif defined(Q_OS_MACOS)
  QProcess::startDetached(QStringLiteral("open"), {QStringLiteral("-R"), path});
#else
  QDesktopServices::openUrl(QUrl::fromLocalFile(info.absolutePath()));
#endif
}

ModelBrowser::ModelBrowser(ModelLibrary* library, Settings* settings, QWidget* parent)
    : QWidget(parent), library_(library), settings_(settings) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(16, 14, 16, 10);
  layout->setSpacing(8);

  auto* top = new QHBoxLayout;
  heading_ = new QLabel;
  heading_->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: 600;"));
  top->addWidget(heading_);
  top->addSpacing(16);
  filter_ = new QLineEdit;
  filter_->setClearButtonEnabled(true);
  filter_->setMinimumWidth(220);
  top->addWidget(filter_, 1);
  add_folder_ = new QPushButton(make_icon(IconKind::Folder), QString());
  add_file_ = new QPushButton(make_icon(IconKind::Add), QString());
  refresh_ = new QPushButton(make_icon(IconKind::Regenerate), QString());
  top->addWidget(add_folder_);
  top->addWidget(add_file_);
  top->addWidget(refresh_);
  layout->addLayout(top);

  folders_ = new QLabel;
  folders_->setStyleSheet(QStringLiteral("color: #6a707a;"));
  folders_->setTextFormat(Qt::RichText);
  folders_->setWordWrap(true);
  folders_->setOpenExternalLinks(true);
  layout->addWidget(folders_);

  model_ = new ModelTableModel(library_, this);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(ModelTableModel::SortRole);
  proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  proxy_->setFilterKeyColumn(-1);  // match any column
  proxy_->setSortCaseSensitivity(Qt::CaseInsensitive);

  table_ = new QTableView;
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(ModelTableModel::Name, Qt::AscendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setAlternatingRowColors(true);
  table_->setShowGrid(false);
  table_->setWordWrap(false);
  table_->setTextElideMode(Qt::ElideMiddle);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(30);
  table_->horizontalHeader()->setHighlightSections(false);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  table_->horizontalHeader()->setSectionResizeMode(ModelTableModel::Name, QHeaderView::Stretch);
  table_->horizontalHeader()->setMinimumSectionSize(60);
  table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  table_->setContextMenuPolicy(Qt::CustomContextMenu);
  table_->setItemDelegateForColumn(ModelTableModel::Architecture, new ElideRightDelegate(table_));

  empty_ = new QLabel;
  empty_->setAlignment(Qt::AlignCenter);
  empty_->setWordWrap(true);
  empty_->setStyleSheet(QStringLiteral(
      "QLabel { color: #6a707a; font-size: 12pt; border: 2px dashed #cfd3da; border-radius: 12px; background: white; }"));
  empty_page_ = new QWidget;
  auto* empty_layout = new QVBoxLayout(empty_page_);
  empty_layout->setContentsMargins(0, 0, 0, 0);
  empty_layout->addWidget(empty_, 1);
  convert_ = new QPushButton(make_icon(IconKind::Quantize, Qt::white), QString());
  convert_->setProperty("accent", true);
  empty_layout->addWidget(convert_, 0, Qt::AlignHCenter);
  connect(convert_, &QPushButton::clicked, this, &ModelBrowser::convert_dialog);
  stack_ = new QStackedWidget;
  stack_->addWidget(table_);
  stack_->addWidget(empty_page_);

  details_ = new ModelDetailsPane;
  splitter_ = new QSplitter(Qt::Horizontal);
  splitter_->addWidget(stack_);
  splitter_->addWidget(details_);
  splitter_->setStretchFactor(0, 1);
  splitter_->setStretchFactor(1, 0);
  splitter_->setChildrenCollapsible(false);
  layout_restored_ = splitter_->restoreState(settings_->splitter_state(QStringLiteral("models")));
  layout->addWidget(splitter_, 1);

  connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
  connect(add_folder_, &QPushButton::clicked, this, &ModelBrowser::add_folder_dialog);
  connect(add_file_, &QPushButton::clicked, this, &ModelBrowser::add_file_dialog);
  connect(refresh_, &QPushButton::clicked, library_, &ModelLibrary::rescan);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ModelBrowser::on_selection_changed);
  connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    const QString path = index.data(ModelTableModel::PathRole).toString();
    if (index.data(ModelTableModel::ErrorRole).toString().isEmpty()) emit chat_requested(path);
  });
  connect(table_, &QTableView::customContextMenuRequested, this, [this](const QPoint& pos) {
    const QModelIndex index = table_->indexAt(pos);
    if (!index.isValid()) return;
    const QString path = index.data(ModelTableModel::PathRole).toString();
    const bool readable = index.data(ModelTableModel::ErrorRole).toString().isEmpty();
    QMenu menu(this);
    QAction* chat = menu.addAction(make_icon(IconKind::Chat), tr("Chat with this model"));
    QAction* quantize = menu.addAction(make_icon(IconKind::Quantize), tr("Quantize…"));
    chat->setEnabled(readable);
    quantize->setEnabled(readable);
    QAction* reveal = menu.addAction(make_icon(IconKind::Folder), tr("Show in folder"));
    menu.addSeparator();
    QAction* remove = menu.addAction(make_icon(IconKind::Trash, theme::kError), tr("Remove…"));
    QAction* chosen = menu.exec(table_->viewport()->mapToGlobal(pos));
    if (chosen == chat) emit chat_requested(path);
    if (chosen == quantize) emit quantize_requested(path);
    if (chosen == reveal) reveal_in_file_manager(path);
    if (chosen == remove) remove_with_confirmation(path);
  });
  connect(details_, &ModelDetailsPane::chat_requested, this, &ModelBrowser::chat_requested);
  connect(details_, &ModelDetailsPane::quantize_requested, this, &ModelBrowser::quantize_requested);
  connect(details_, &ModelDetailsPane::reveal_requested, this, [](const QString& path) { reveal_in_file_manager(path); });
  connect(details_, &ModelDetailsPane::remove_requested, this, &ModelBrowser::remove_with_confirmation);
  // Unreadable files: their error spans the columns that would hold the facts.
  connect(proxy_, &QAbstractItemModel::layoutChanged, this, &ModelBrowser::update_spans);
  connect(proxy_, &QAbstractItemModel::modelReset, this, &ModelBrowser::update_spans);
  connect(proxy_, &QAbstractItemModel::rowsInserted, this, &ModelBrowser::update_spans);
  connect(proxy_, &QAbstractItemModel::rowsRemoved, this, &ModelBrowser::update_spans);
  connect(library_, &ModelLibrary::scan_finished, this, [this] {
    fit_columns();
    update_empty_state();
    update_folders_label();
    if (!pending_selection_.isEmpty() && select_model(pending_selection_)) pending_selection_.clear();
    if (selected_path().isEmpty() && proxy_->rowCount() > 0 && pending_selection_.isEmpty()) {
      table_->selectRow(0);
    }
  });
  connect(settings_, &Settings::library_changed, this, &ModelBrowser::update_folders_label);

  retranslate();
  update_empty_state();
}

void ModelBrowser::update_spans() {
  table_->clearSpans();
  for (int row = 0; row < proxy_->rowCount(); ++row) {
    if (!proxy_->index(row, 0).data(ModelTableModel::ErrorRole).toString().isEmpty())
      table_->setSpan(row, ModelTableModel::Architecture, 1, ModelTableModel::Size - ModelTableModel::Architecture);
  }
}

void ModelBrowser::fit_columns() {
  // Size the fact columns to their contents (readable rows only: an error would be too wide).
  const QFontMetrics fm = table_->fontMetrics();
  for (int col = ModelTableModel::Architecture; col < ModelTableModel::ColumnCount; ++col) {
    int width = fm.horizontalAdvance(model_->headerData(col, Qt::Horizontal, Qt::DisplayRole).toString()) + 28;
    for (int row = 0; row < model_->rowCount(); ++row) {
      const QModelIndex index = model_->index(row, col);
      if (!index.data(ModelTableModel::ErrorRole).toString().isEmpty()) continue;
      width = std::max(width, fm.horizontalAdvance(index.data().toString()) + 20);
    }
    table_->setColumnWidth(col, std::min(width, 220));
  }
}

void ModelBrowser::save_layout() { settings_->set_splitter_state(QStringLiteral("models"), splitter_->saveState()); }

bool ModelBrowser::select_model(const QString& path) {
  const QString canonical = QFileInfo(path).canonicalFilePath();
  const int row = model_->row_of(canonical.isEmpty() ? path : canonical);
  if (row < 0) {
    pending_selection_ = canonical.isEmpty() ? path : canonical;  // select it when the scan lists it
    return false;
  }
  const QModelIndex index = proxy_->mapFromSource(model_->index(row, 0));
  if (!index.isValid()) {
    filter_->clear();
    return select_model(path);
  }
  table_->setCurrentIndex(index);
  table_->selectRow(index.row());
  table_->scrollTo(index);
  return true;
}

QString ModelBrowser::selected_path() const {
  const QModelIndex current = table_->currentIndex();
  return current.isValid() ? current.data(ModelTableModel::PathRole).toString() : QString();
}

void ModelBrowser::on_selection_changed() {
  const QString path = selected_path();
  if (path != details_->path()) details_->show_model(path);
}

QString ModelBrowser::last_folder(const QString& fallback) const {
  const QString last = settings_->value(QStringLiteral("ui/lastFolder")).toString();
  return !last.isEmpty() && QFileInfo(last).isDir() ? last : fallback;
}

void ModelBrowser::remember_folder(const QString& path) {
  const QFileInfo info(path);
  settings_->set_value(QStringLiteral("ui/lastFolder"), info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

void ModelBrowser::add_folder_dialog() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a library folder"), last_folder(library_->primary_folder()));
  if (!folder.isEmpty()) add_folder(folder);
}

void ModelBrowser::add_file_dialog() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Add a GGUF model"), last_folder(QDir::homePath()),
                                                    tr("GGUF models (*.gguf);;All files (*)"));
  if (!file.isEmpty()) add_file(file);
}

void ModelBrowser::convert_dialog() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a Hugging Face model folder"), last_folder(QDir::homePath()));
  if (folder.isEmpty()) return;
  remember_folder(folder);
  emit convert_requested(folder);
}

void ModelBrowser::add_folder(const QString& folder) {
  remember_folder(folder);
  if (classify_drop({QUrl::fromLocalFile(folder)}).kind == DropAction::Kind::HfFolder) {
    emit convert_requested(folder);
    return;
  }
  library_->add_folder(folder);
}

void ModelBrowser::add_file(const QString& file) {
  remember_folder(file);
  const DropAction action = classify_drop({QUrl::fromLocalFile(file)});
  if (action.kind == DropAction::Kind::HfFolder) {
    emit convert_requested(action.paths.first());
    return;
  }
  select_model(library_->add_file(file));
}

void ModelBrowser::remove_with_confirmation(const QString& path) {
  const QFileInfo info(path);
  QMessageBox box(QMessageBox::Warning, tr("Remove model"),
                  tr("Move “%1” (%2) to the trash?").arg(info.fileName(), format_bytes(uint64_t(info.size()))),
                  QMessageBox::NoButton, this);
  box.setInformativeText(tr("The file is removed from the library and from the disk."));
  QPushButton* trash = box.addButton(tr("Move to Trash"), QMessageBox::DestructiveRole);
  box.addButton(QMessageBox::Cancel);
  box.setDefaultButton(QMessageBox::Cancel);
  box.exec();
  if (box.clickedButton() != trash) return;

  QString error = library_->remove_file(path, false);
  if (!error.isEmpty()) {
    // No trash on this system (or another volume): offer a permanent delete instead.
    const auto answer = QMessageBox::question(
        this, tr("Remove model"),
        tr("“%1” could not be moved to the trash (%2). Delete it permanently?").arg(info.fileName(), error),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) return;
    error = library_->remove_file(path, true);
    if (!error.isEmpty()) QMessageBox::critical(this, tr("Remove model"), tr("“%1” could not be deleted: %2").arg(info.fileName(), error));
  }
}

void ModelBrowser::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (!layout_restored_) {
    // First run: the table gets two thirds, the details the rest.
    layout_restored_ = true;
    const int w = splitter_->width();
    splitter_->setSizes({w * 2 / 3, w - w * 2 / 3});
  }
}

void ModelBrowser::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ModelBrowser::retranslate() {
  heading_->setText(tr("Models"));
  filter_->setPlaceholderText(tr("Filter by name, architecture or quantization…"));
  add_folder_->setText(tr("Add folder…"));
  add_file_->setText(tr("Add file…"));
  refresh_->setText(tr("Refresh"));
  refresh_->setToolTip(tr("Read the library folders again"));
  convert_->setText(tr("Convert a Hugging Face model…"));
  empty_->setText(tr("No models yet.\n\nDrop a .gguf file or a Hugging Face model folder anywhere on this window,\n"
                     "or add a folder that holds GGUF files."));
  model_->retranslate();
  update_folders_label();
}

void ModelBrowser::update_folders_label() {
  QStringList links;
  for (const QString& f : library_->folders()) {
    links << QStringLiteral("<a href=\"%1\" style=\"color:#b84e1c; text-decoration:none\">%2</a>")
                 .arg(QUrl::fromLocalFile(f).toString(), QDir::toNativeSeparators(f).toHtmlEscaped());
  }
  const int count = int(library_->entries().size());
  folders_->setText(tr("%n model(s) in %1", nullptr, count).arg(links.isEmpty() ? tr("no folder") : links.join(QStringLiteral(" · "))));
}

void ModelBrowser::update_empty_state() { stack_->setCurrentWidget(library_->entries().isEmpty() ? empty_page_ : static_cast<QWidget*>(table_)); }

}  // namespace hearth::gui
