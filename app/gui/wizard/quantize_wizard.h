// The quantization wizard, embedded as the Quantize page: 1 Source (an HF folder or a GGUF to
// requantize, validated), 2 Target types (bits per weight, size for this model, published
// quality cost; Q4_K_M preselected, several may be ticked), 3 Output folder and file names,
// 4 Run (overall and per-tensor progress, elapsed/remaining, Cancel) and a summary. Finished
// files join the library.
#pragma once

#include <QStringList>
#include <QWizard>
#include <memory>

#include "engine/quantize_backend.h"
#include "engine/quantize_job.h"
#include "wizard/source_inspection.h"

namespace hearth::gui {

class ModelLibrary;
class Settings;
class SourcePage;
class TargetPage;
class OutputPage;
class RunPage;

// What the pages decide, read by the pages after them.
struct WizardChoices {
  SourceInspection source;
  QStringList types;                          // ticked on the target page, in table order
  QHash<QString, uint64_t> estimated_bytes;   // type -> estimated output size
  QString output_folder;
  QList<QuantizeTarget> targets;              // final names, set by the output page
};

class QuantizeWizard : public QWizard {
  Q_OBJECT

 public:
  enum PageId { Source, Target, Output, Run };

  QuantizeWizard(ModelLibrary* library, std::unique_ptr<QuantizeBackend> backend, QWidget* parent = nullptr);
  ~QuantizeWizard() override;

  // Starts over with this source (an HF folder or a GGUF file) and validates it.
  void set_source(const QString& path);
  bool running() const;

  WizardChoices& choices() { return choices_; }
  QuantizeBackend* backend() const { return backend_.get(); }
  ModelLibrary* library() const { return library_; }

  SourcePage* source_page() const { return source_; }
  TargetPage* target_page() const { return target_; }
  OutputPage* output_page() const { return output_; }
  RunPage* run_page() const { return run_; }

 signals:
  void model_created(const QString& path);
  void chat_requested(const QString& path);
  void show_requested(const QString& path);
  void running_changed(bool running);

 public slots:
  void reject() override;  // Cancel: stops a run, otherwise starts over (the wizard is a page)
  void accept() override;  // Finish: starts over, ready for the next model

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  ModelLibrary* library_;
  std::unique_ptr<QuantizeBackend> backend_;
  WizardChoices choices_;
  SourcePage* source_ = nullptr;
  TargetPage* target_ = nullptr;
  OutputPage* output_ = nullptr;
  RunPage* run_ = nullptr;
};

}  // namespace hearth::gui
