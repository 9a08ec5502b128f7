#include "wizard/target_page.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "common/format.h"
#include "wizard/quant_catalog.h"
#include "wizard/quantize_wizard.h"

namespace hearth::gui {

TargetPage::TargetPage() {
  auto* layout = new QVBoxLayout(this);
  table_ = new QTableWidget(0, ColumnCount);
  table_->verticalHeader()->hide();
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setAlternatingRowColors(true);
  table_->setShowGrid(false);
  table_->verticalHeader()->setDefaultSectionSize(28);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->horizontalHeader()->setHighlightSections(false);
  requantize_note_ = new QLabel;
  requantize_note_->setWordWrap(true);
  requantize_note_->setStyleSheet(QStringLiteral("background: #fff4e5; border: 1px solid #f0c987; border-radius: 6px; padding: 6px 8px;"));
  requantize_note_->hide();
  layout->addWidget(requantize_note_);
  layout->addWidget(table_, 1);
  total_ = new QLabel;
  layout->addWidget(total_);

  connect(table_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (item->column() == Type) {
      update_total();
      emit completeChanged();
    }
  });
  // A click anywhere on a row toggles it.
  connect(table_, &QTableWidget::cellClicked, this, [this](int row, int column) {
    if (column == Type) return;
    auto* item = table_->item(row, Type);
    if (item && (item->flags() & Qt::ItemIsEnabled))
      item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
  });
  connect(&estimator_, &QFutureWatcher<Estimates>::finished, this, [this] {
    const Estimates e = estimator_.result();
    estimates_ = e.sizes;
    errors_ = e.errors;
    fill_table();
    emit estimates_ready();
  });
  retranslate();
}

TargetPage::~TargetPage() { estimator_.waitForFinished(); }

QuantizeWizard* TargetPage::owner() const { return qobject_cast<QuantizeWizard*>(wizard()); }

void TargetPage::initializePage() {
  QuantizeWizard* w = owner();
  const SourceInspection& source = w->choices().source;
  if (estimated_for_ != source.path) {
    estimated_for_ = source.path;
    estimates_.clear();
    errors_.clear();
    QuantizeBackend* backend = w->backend();
    const QString path = source.path;
    const bool gguf = source.is_gguf;
    estimator_.setFuture(QtConcurrent::run([backend, path, gguf] {
      Estimates e;
      for (const auto& option : quant_options()) {
        if (!backend->supports(option.name, gguf)) continue;
        auto bytes = backend->estimate_output_bytes(path, gguf, option.name);
        if (bytes.ok()) e.sizes.insert(option.name, *bytes);
        else e.errors.insert(option.name, QString::fromStdString(bytes.error().message));
      }
      return e;
    }));
  }
  fill_table();
}

void TargetPage::fill_table() {
  QuantizeWizard* w = owner();
  if (!w) return;
  const SourceInspection& source = w->choices().source;
  const QStringList previously = checked_types();
  const QSignalBlocker block(table_);
  table_->setRowCount(0);
  const QLocale locale;
  const bool requantizing = source.already_quantized();
  requantize_note_->setVisible(requantizing);
  requantize_note_->setText(tr("This file is already quantized (%1). Every type made from it loses quality again, and "
                               "F16, BF16 or F32 cannot bring back what was lost. Use the original (unquantized) model if "
                               "you have it; otherwise tick a type on purpose — none is preselected.")
                                .arg(source.dtype));
  for (const auto& option : quant_options()) {
    if (!w->backend()->supports(option.name, source.is_gguf)) continue;
    const int row = table_->rowCount();
    table_->insertRow(row);
    // A type this model cannot be made in (e.g. rows that do not fill the type's blocks) is
    // shown, greyed, with the reason.
    const QString impossible = errors_.value(option.name);
    auto* type = new QTableWidgetItem(option.name);
    type->setFlags(impossible.isEmpty() ? Qt::ItemIsEnabled | Qt::ItemIsUserCheckable : Qt::ItemIsUserCheckable);
    // An already quantized source gets no preselection: re-quantizing must be an explicit choice.
    const bool preselect = !requantizing && option.name == kDefaultQuantType;
    const bool checked = impossible.isEmpty() && (previously.isEmpty() ? preselect : previously.contains(option.name));
    type->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    QFont bold = type->font();
    bold.setBold(true);
    type->setFont(bold);
    table_->setItem(row, Type, type);

    const auto bytes = estimates_.value(option.name, 0);
    const double bpw = bytes && source.parameters ? double(bytes) * 8.0 / double(source.parameters) : option.nominal_bpw;
    auto* bits = new QTableWidgetItem(impossible.isEmpty() ? locale.toString(bpw, 'f', 2) : QStringLiteral("–"));
    bits->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->setItem(row, Bits, bits);
    auto* size = new QTableWidgetItem(bytes ? format_bytes(bytes)
                                            : estimator_.isRunning() ? tr("estimating…")
                                            : !impossible.isEmpty()  ? tr("not possible")
                                                                     : tr("unknown"));
    size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->setItem(row, Size, size);
    // From a quantized source nothing is lossless: the loss already made stays, and adds up.
    const QString quality = !requantizing ? quality_label(option)
                            : option.ppl_increase && *option.ppl_increase >= 0.01 ? tr("loses quality again")
                                                                                   : tr("no better than the source");
    table_->setItem(row, Quality, new QTableWidgetItem(quality));
    QString cost = option.ppl_increase
                       ? tr("%1 perplexity on %2").arg(QStringLiteral("%1%2").arg(*option.ppl_increase >= 0 ? "+" : "").arg(*option.ppl_increase, 0, 'f', 4),
                                                         option.reference)
                       : tr("the unquantized reference");
    // Why a type is not possible is said in the row itself, not only in a tooltip.
    if (!impossible.isEmpty()) cost = tr("Not possible: %1").arg(impossible);
    table_->setItem(row, Cost, new QTableWidgetItem(cost));
    for (int c = 0; c < ColumnCount; ++c) {
      auto* item = table_->item(row, c);
      if (!item) continue;
      if (c != Type) item->setFlags(impossible.isEmpty() ? Qt::ItemIsEnabled : Qt::NoItemFlags);
      if (!impossible.isEmpty()) item->setToolTip(tr("%1 cannot be made from this model: %2").arg(option.name, impossible));
    }
  }
  table_->resizeColumnsToContents();
  update_total();
  emit completeChanged();
}

QStringList TargetPage::checked_types() const {
  QStringList out;
  for (int r = 0; r < table_->rowCount(); ++r)
    if (auto* item = table_->item(r, Type); item && item->checkState() == Qt::Checked) out << item->text();
  return out;
}

void TargetPage::set_checked(const QString& type, bool checked) {
  for (int r = 0; r < table_->rowCount(); ++r)
    if (auto* item = table_->item(r, Type); item && item->text() == type) item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void TargetPage::update_total() {
  const QStringList types = checked_types();
  uint64_t total = 0;
  for (const auto& t : types) total += estimates_.value(t, 0);
  total_->setText(types.isEmpty() ? tr("Tick at least one type.")
                                  : tr("%n file(s), about %1 in total.", nullptr, int(types.size())).arg(format_bytes(total)));
}

bool TargetPage::isComplete() const { return !checked_types().isEmpty(); }

bool TargetPage::validatePage() {
  QuantizeWizard* w = owner();
  w->choices().types = checked_types();
  w->choices().estimated_bytes = estimates_;
  return isComplete();
}

void TargetPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWizardPage::changeEvent(event);
}

void TargetPage::retranslate() {
  setTitle(tr("Target types"));
  setSubTitle(tr("Smaller types use less memory and run faster but lose some quality. Q4_K_M is a good balance; "
                 "tick several to compare."));
  table_->setHorizontalHeaderLabels(
      {tr("Type"), tr("Bits per weight"), tr("Size for this model"), tr("Quality"), tr("Quality cost (published by llama.cpp)")});
  if (owner()) fill_table();
}

}  // namespace hearth::gui
