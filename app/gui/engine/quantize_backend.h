// The seam between the quantization wizard and the core's convert/quantize API. Runs on a
// worker thread; reports progress per tensor and returns promptly once cancelled. Outputs are
// written atomically by the core (temporary file, renamed when complete), so a cancelled or
// failed run leaves no partial file behind.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>

#include "hearth/base/cancel.h"
#include "hearth/base/result.h"

namespace hearth::gui {

class QuantizeBackend {
 public:
  virtual ~QuantizeBackend() = default;

  // Whether `type` ("Q4_K_M", "F16", …) can be produced from this kind of source.
  virtual bool supports(const QString& type, bool source_is_gguf) const = 0;
  // Exact bytes of the output file for this source and type, or why this type cannot be made
  // from this model.
  virtual Result<uint64_t> estimate_output_bytes(const QString& source, bool source_is_gguf,
                                                 const QString& type) const = 0;
  // Converts an HF folder (or requantizes a GGUF) into `output_path`.
  virtual Status run(const QString& source, bool source_is_gguf, const QString& type, const QString& output_path,
                     const ProgressFn& progress, const CancelToken& cancel) = 0;
  // The relative time each run() of a batch of `types` will take, for the progress bar and the
  // time estimate (a K-quant search takes several times as long as Q8_0; a Hugging Face
  // source's conversion is paid by the first run that needs it). Default: all equal.
  virtual QList<double> relative_work(bool source_is_gguf, const QStringList& types) const {
    (void)source_is_gguf;
    return QList<double>(types.size(), 1.0);
  }
  // Called once after the last run() of a batch (also after a cancel or an error): drops
  // anything kept between runs, such as an intermediate conversion.
  virtual void finish_batch() {}
};

std::unique_ptr<QuantizeBackend> make_core_quantize_backend();

}  // namespace hearth::gui
