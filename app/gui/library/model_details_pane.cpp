#include "library/model_details_pane.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "common/format.h"
#include "common/theme.h"
#include "library/type_histogram.h"

namespace hearth::gui {

ModelDetailsPane::ModelDetailsPane(QWidget* parent) : QWidget(parent) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(12, 6, 6, 6);

  placeholder_ = new QLabel;
  placeholder_->setAlignment(Qt::AlignCenter);
  placeholder_->setWordWrap(true);
  placeholder_->setStyleSheet(QStringLiteral("color: #6a707a; font-size: 11pt;"));
  outer->addWidget(placeholder_, 1);

  content_ = new QWidget;
  auto* layout = new QVBoxLayout(content_);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(10);
  outer->addWidget(content_, 1);

  title_ = new QLabel;
  title_->setStyleSheet(QStringLiteral("font-size: 15pt; font-weight: 600;"));
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  // A long file name wraps instead of widening the pane (which squeezed the table's names).
  title_->setWordWrap(true);
  subtitle_ = new QLabel;
  subtitle_->setStyleSheet(QStringLiteral("color: #6a707a;"));
  subtitle_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  subtitle_->setWordWrap(true);
  layout->addWidget(title_);
  layout->addWidget(subtitle_);

  auto* actions = new QHBoxLayout;
  chat_ = new QPushButton(make_icon(IconKind::Chat, Qt::white), QString());
  chat_->setProperty("accent", true);
  quantize_ = new QPushButton(make_icon(IconKind::Quantize), QString());
  reveal_ = new QPushButton(make_icon(IconKind::Folder), QString());
  remove_ = new QPushButton(make_icon(IconKind::Trash, theme::kError), QString());
  remove_->setProperty("danger", true);
  // Two rows (what to do with the model, then the file) keep the labelled pane narrow enough
  // for the table beside it at 1024 pixels.
  actions->addWidget(chat_);
  actions->addWidget(quantize_);
  actions->addStretch(1);
  auto* file_actions = new QHBoxLayout;
  file_actions->addWidget(reveal_);
  file_actions->addWidget(remove_);
  file_actions->addStretch(1);
  layout->addLayout(actions);
  layout->addLayout(file_actions);
  connect(chat_, &QPushButton::clicked, this, [this] { emit chat_requested(path_); });
  connect(quantize_, &QPushButton::clicked, this, [this] { emit quantize_requested(path_); });
  connect(reveal_, &QPushButton::clicked, this, [this] { emit reveal_requested(path_); });
  connect(remove_, &QPushButton::clicked, this, [this] { emit remove_requested(path_); });

  error_ = new QLabel;
  error_->setWordWrap(true);
  error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  error_->setStyleSheet(QStringLiteral(
      "background: #fdecec; border: 1px solid #f1b5b5; border-radius: 6px; padding: 10px; color: #8e1c1c;"));
  layout->addWidget(error_);

  // Two tabs: the facts and the histogram, and the full metadata (it needs the height).
  tabs_ = new QTabWidget;
  tabs_->setDocumentMode(true);
  auto* overview_page = new QWidget;
  auto* overview_layout = new QVBoxLayout(overview_page);
  overview_layout->setContentsMargins(0, 8, 0, 0);
  overview_box_ = new QGroupBox;
  overview_ = new QFormLayout(overview_box_);
  overview_->setLabelAlignment(Qt::AlignLeft);
  overview_->setHorizontalSpacing(18);
  overview_->setVerticalSpacing(4);
  overview_layout->addWidget(overview_box_);
  types_box_ = new QGroupBox;
  auto* types_layout = new QVBoxLayout(types_box_);
  histogram_ = new TypeHistogram;
  types_layout->addWidget(histogram_);
  overview_layout->addWidget(types_box_);
  overview_layout->addStretch(1);
  auto* overview_scroll = new QScrollArea;
  overview_scroll->setWidget(overview_page);
  overview_scroll->setWidgetResizable(true);
  overview_scroll->setFrameShape(QFrame::NoFrame);
  overview_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  tabs_->addTab(overview_scroll, QString());

  metadata_box_ = new QWidget;
  auto* md_layout = new QVBoxLayout(metadata_box_);
  md_layout->setContentsMargins(0, 8, 0, 0);
  metadata_ = new QTreeWidget;
  metadata_->setColumnCount(3);
  metadata_->setRootIsDecorated(false);
  metadata_->setUniformRowHeights(true);
  metadata_->setAlternatingRowColors(true);
  metadata_->setTextElideMode(Qt::ElideRight);
  metadata_->header()->setSectionResizeMode(0, QHeaderView::Interactive);
  metadata_->header()->setSectionResizeMode(1, QHeaderView::Interactive);
  metadata_->header()->setStretchLastSection(true);
  metadata_->setColumnWidth(0, 200);
  metadata_->setColumnWidth(1, 90);
  md_layout->addWidget(metadata_);
  tabs_->addTab(metadata_box_, QString());
  layout->addWidget(tabs_, 1);
  filler_ = new QWidget;  // takes the height when there is nothing but an error to show
  layout->addWidget(filler_, 1);

  connect(&loader_, &QFutureWatcher<ModelDetails>::finished, this, [this] {
    const ModelDetails d = loader_.result();
    if (d.path != path_) return;  // the selection moved on while this file was read
    details_ = d;
    present();
    emit details_loaded(path_);
  });
  retranslate();
  present();
}

ModelDetailsPane::~ModelDetailsPane() { loader_.waitForFinished(); }

void ModelDetailsPane::show_model(const QString& path) {
  path_ = path;
  details_ = {};
  if (!path.isEmpty()) {
    loader_.setFuture(QtConcurrent::run([path] { return read_model_details(path); }));
  }
  present();
}

QString ModelDetailsPane::error_text() const { return error_->isVisible() || !details_.error.isEmpty() ? details_.error : QString(); }

void ModelDetailsPane::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ModelDetailsPane::retranslate() {
  placeholder_->setText(tr("Select a model to see its details.\n\nDrop a .gguf file or a Hugging Face folder anywhere "
                           "on this window to add it."));
  chat_->setText(tr("Chat"));
  quantize_->setText(tr("Quantize…"));
  // Visible labels: an icon alone does not say what it does (and screen readers read the text).
  reveal_->setText(tr("Show in folder"));
  remove_->setText(tr("Remove…"));
  overview_box_->setTitle(tr("Facts"));
  types_box_->setTitle(tr("Tensor types"));
  tabs_->setTabText(0, tr("Overview"));
  tabs_->setTabText(1, tr("Metadata"));
  metadata_->setHeaderLabels({tr("Key"), tr("Type"), tr("Value")});
  present();
}

void ModelDetailsPane::present() {
  const bool has_path = !path_.isEmpty();
  placeholder_->setVisible(!has_path);
  content_->setVisible(has_path);
  if (!has_path) return;

  const QFileInfo info(path_);
  const bool loaded = details_.path == path_;
  const bool readable = loaded && details_.error.isEmpty();
  // Break opportunities (zero-width spaces) after the separators file names are made of.
  QString breakable = info.completeBaseName();
  for (const QChar sep : {QChar('-'), QChar('_'), QChar('.')}) breakable.replace(sep, QString(sep) + QChar(0x200B));
  title_->setText(breakable);
  title_->setToolTip(info.completeBaseName());
  QString subtitle = QDir::toNativeSeparators(path_);
  if (readable && !details_.name.isEmpty()) subtitle = tr("%1 · %2").arg(details_.name, subtitle);
  subtitle_->setText(subtitle);

  error_->setVisible(loaded && !readable);
  if (loaded && !readable) {
    error_->setText(tr("<b>This file cannot be used.</b><br>%1").arg(details_.error.toHtmlEscaped()));
  }
  chat_->setEnabled(readable);
  quantize_->setEnabled(readable);
  tabs_->setVisible(readable);
  filler_->setVisible(!readable);
  if (!readable) return;

  while (overview_->rowCount() > 0) overview_->removeRow(0);
  const QLocale locale;
  auto add = [this](const QString& label, const QString& value) {
    auto* v = new QLabel(value);
    v->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* l = new QLabel(label);
    l->setStyleSheet(QStringLiteral("color: #6a707a;"));
    overview_->addRow(l, v);
  };
  add(tr("Architecture"), details_.architecture);
  add(tr("Parameters"), QStringLiteral("%1 (%2)").arg(format_parameters(details_.parameters),
                                                      locale.toString(qulonglong(details_.parameters))));
  add(tr("Quantization"), details_.file_type);
  add(tr("Weights"), tr("%1 in %n tensor(s)", nullptr, int(details_.tensor_count)).arg(format_bytes(details_.tensor_bytes)));
  if (details_.context_length > 0)
    add(tr("Trained context"), tr("%1 tokens").arg(locale.toString(qlonglong(details_.context_length))));
  if (details_.layer_count > 0) add(tr("Layers"), locale.toString(qlonglong(details_.layer_count)));
  if (details_.embedding_length > 0) add(tr("Embedding width"), locale.toString(qlonglong(details_.embedding_length)));
  if (details_.vocab_size > 0)
    add(tr("Vocabulary"), tr("%1 tokens (%2)").arg(locale.toString(qlonglong(details_.vocab_size)),
                                                     details_.tokenizer.isEmpty() ? tr("unknown tokenizer") : details_.tokenizer));
  add(tr("Chat template"), details_.has_chat_template ? tr("included") : tr("none (a generic template is used)"));
  add(tr("Format"), tr("GGUF version %1").arg(details_.gguf_version));

  histogram_->set_shares(details_.types);

  metadata_->clear();
  QList<QTreeWidgetItem*> items;
  for (const auto& row : details_.metadata) {
    auto* item = new QTreeWidgetItem({row.key, row.type, row.value});
    item->setToolTip(2, row.value);
    items << item;
  }
  metadata_->addTopLevelItems(items);
}

}  // namespace hearth::gui
