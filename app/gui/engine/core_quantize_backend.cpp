// QuantizeBackend on the core's convert/quantize API (hearth/convert, hearth/quant).
//
// INTERIM: convert + quantize (issue 5) are not on main yet. Until they land, sizes are
// estimated from the source's parameter count and each type's nominal bits per weight, and
// run() reports honestly that this build cannot convert.
#include <QCoreApplication>
#include <QFileInfo>

#include "engine/quantize_backend.h"
#include "hearth/io/gguf.h"
#include "hearth/io/hf_folder.h"
#include "hearth/io/model_summary.h"
#include "wizard/quant_catalog.h"

namespace hearth::gui {

namespace {

class CoreQuantizeBackend final : public QuantizeBackend {
 public:
  bool supports(const QString& type, bool) const override { return find_quant_option(type) != nullptr; }

  std::optional<uint64_t> estimate_output_bytes(const QString& source, bool source_is_gguf,
                                                const QString& type) const override {
    const QuantOption* option = find_quant_option(type);
    if (!option) return std::nullopt;
    uint64_t params = 0;
    if (source_is_gguf) {
      auto file = GgufFile::open(source.toStdString());
      if (!file.ok()) return std::nullopt;
      params = summarize(*file).parameter_count;
    } else {
      auto folder = HfModelFolder::open(source.toStdString());
      if (!folder.ok()) return std::nullopt;
      for (const auto& t : folder->tensors()) params += uint64_t(t.tensor->element_count());
    }
    return uint64_t(double(params) * option->nominal_bpw / 8.0);
  }

  Status run(const QString& source, bool, const QString&, const QString&, const ProgressFn&, const CancelToken&) override {
    return Error{ErrorCode::Unsupported,
                 QCoreApplication::translate("hearth::gui::CoreQuantizeBackend",
                                             "%1: this build of Hearth cannot convert or quantize yet")
                     .arg(QFileInfo(source).fileName())
                     .toStdString()};
  }
};

}  // namespace

std::unique_ptr<QuantizeBackend> make_core_quantize_backend() { return std::make_unique<CoreQuantizeBackend>(); }

}  // namespace hearth::gui
