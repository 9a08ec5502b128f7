#include "wizard/source_page.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "common/format.h"
#include "common/theme.h"
#include "wizard/quantize_wizard.h"

namespace hearth::gui {

SourcePage::SourcePage() {
  auto* layout = new QVBoxLayout(this);
  layout->setSpacing(12);

  auto* drop = new QFrame;
  drop->setObjectName(QStringLiteral("dropZone"));
  drop->setStyleSheet(QStringLiteral(
      "#dropZone { border: 2px dashed #d9a78c; border-radius: 12px; background: #fffaf7; }"
      "#dropZone QLabel { color: #6a4a3a; font-size: 11pt; }"));
  drop->setMinimumHeight(130);
  auto* drop_layout = new QVBoxLayout(drop);
  drop_text_ = new QLabel;
  drop_text_->setAlignment(Qt::AlignCenter);
  drop_text_->setWordWrap(true);
  auto* buttons = new QHBoxLayout;
  choose_folder_ = new QPushButton(make_icon(IconKind::Folder), QString());
  choose_file_ = new QPushButton(make_icon(IconKind::Models), QString());
  buttons->addStretch(1);
  buttons->addWidget(choose_folder_);
  buttons->addWidget(choose_file_);
  buttons->addStretch(1);
  drop_layout->addStretch(1);
  drop_layout->addWidget(drop_text_);
  drop_layout->addLayout(buttons);
  drop_layout->addStretch(1);
  layout->addWidget(drop);

  path_edit_ = new QLineEdit;
  path_edit_->setClearButtonEnabled(true);
  layout->addWidget(path_edit_);

  status_ = new QLabel;
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(status_);

  facts_box_ = new QGroupBox;
  facts_ = new QFormLayout(facts_box_);
  facts_->setHorizontalSpacing(18);
  layout->addWidget(facts_box_);
  layout->addStretch(1);

  connect(choose_folder_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a Hugging Face model folder"),
                                                          path_.isEmpty() ? QDir::homePath() : path_);
    if (!dir.isEmpty()) set_path(dir);
  });
  connect(choose_file_, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose a GGUF model to requantize"), QDir::homePath(),
                                                      tr("GGUF models (*.gguf)"));
    if (!file.isEmpty()) set_path(file);
  });
  connect(path_edit_, &QLineEdit::returnPressed, this, [this] { set_path(path_edit_->text().trimmed()); });
  connect(&reader_, &QFutureWatcher<SourceInspection>::finished, this, [this] {
    const SourceInspection result = reader_.result();
    if (result.path != path_) return;
    inspection_ = result;
    present();
    emit completeChanged();
    emit inspected();
  });
  retranslate();
}

SourcePage::~SourcePage() { reader_.waitForFinished(); }

QuantizeWizard* SourcePage::owner() const { return qobject_cast<QuantizeWizard*>(wizard()); }

void SourcePage::set_path(const QString& path) {
  path_ = QDir::cleanPath(path);
  path_edit_->setText(QDir::toNativeSeparators(path_));
  inspection_ = {};
  if (!path_.isEmpty()) {
    const QString p = path_;
    reader_.setFuture(QtConcurrent::run([p] { return inspect_source(p); }));
  }
  present();
  emit completeChanged();
}

QString SourcePage::error_text() const { return inspection_.error; }

bool SourcePage::isComplete() const { return !path_.isEmpty() && inspection_.path == path_ && inspection_.ok(); }

bool SourcePage::validatePage() {
  if (auto* w = owner()) w->choices().source = inspection_;
  return isComplete();
}

void SourcePage::present() {
  const bool has = !path_.isEmpty();
  const bool done = has && inspection_.path == path_;
  facts_box_->setVisible(done && inspection_.ok());
  if (!has) {
    status_->clear();
    status_->hide();
    return;
  }
  status_->show();
  if (!done) {
    status_->setStyleSheet(QStringLiteral("color: #6a707a;"));
    status_->setText(tr("Reading %1…").arg(QDir::toNativeSeparators(path_)));
    return;
  }
  if (!inspection_.ok()) {
    status_->setStyleSheet(QStringLiteral(
        "background: #fdecec; border: 1px solid #f1b5b5; border-radius: 6px; padding: 8px; color: #8e1c1c;"));
    status_->setText(tr("This cannot be converted: %1").arg(inspection_.error));
    return;
  }
  status_->setStyleSheet(QStringLiteral(
      "background: #eaf6ef; border: 1px solid #b5dec4; border-radius: 6px; padding: 8px; color: #1d5c37;"));
  status_->setText(inspection_.is_gguf ? tr("A GGUF model: it can be requantized to another type.")
                                       : tr("A Hugging Face model folder: it can be converted and quantized."));

  while (facts_->rowCount() > 0) facts_->removeRow(0);
  const QLocale locale;
  auto add = [this](const QString& label, const QString& value, bool warn = false) {
    auto* l = new QLabel(label);
    l->setStyleSheet(QStringLiteral("color: #6a707a;"));
    auto* v = new QLabel(value);
    v->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (warn) v->setStyleSheet(QStringLiteral("color: #b26a00;"));
    facts_->addRow(l, v);
  };
  add(tr("Name"), inspection_.name);
  add(tr("Architecture"), inspection_.architecture);
  add(tr("Parameters"), QStringLiteral("%1 (%2)").arg(format_parameters(inspection_.parameters),
                                                      locale.toString(qulonglong(inspection_.parameters))));
  if (inspection_.is_gguf) {
    add(tr("Type"), inspection_.dtype);
    add(tr("Weights"), format_bytes(inspection_.bytes));
  } else {
    add(tr("Weights"), tr("%1, %2 in %n safetensors file(s)", nullptr, inspection_.shards)
                           .arg(inspection_.dtype, format_bytes(inspection_.bytes)));
  }
  add(tr("Tokenizer"), inspection_.tokenizer.isEmpty() ? tr("none found: the model cannot be used for chat")
                                                       : inspection_.tokenizer,
      inspection_.tokenizer.isEmpty());
  add(tr("Chat template"), inspection_.chat_template ? tr("included") : tr("none (a generic template will be used)"));
  if (inspection_.context_length > 0) add(tr("Trained context"), tr("%1 tokens").arg(locale.toString(qlonglong(inspection_.context_length))));
  if (inspection_.layer_count > 0) add(tr("Layers"), locale.toString(qlonglong(inspection_.layer_count)));
}

void SourcePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWizardPage::changeEvent(event);
}

void SourcePage::retranslate() {
  setTitle(tr("Source"));
  setSubTitle(tr("Drop a Hugging Face model folder (config.json and *.safetensors) or a GGUF file anywhere on the "
                 "window, or choose one."));
  drop_text_->setText(tr("Drop a model folder or a .gguf file here"));
  choose_folder_->setText(tr("Choose folder…"));
  choose_file_->setText(tr("Choose GGUF file…"));
  path_edit_->setPlaceholderText(tr("Path of a model folder or GGUF file"));
  facts_box_->setTitle(tr("What was found"));
  present();
}

}  // namespace hearth::gui
