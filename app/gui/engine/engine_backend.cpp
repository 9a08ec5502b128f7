// InferenceBackend on Hearth's core engine (hearth/runtime: Model, Session, sampling; chat
// templates from hearth/chat).
//
// INTERIM: the engine (issue 6) is not on main yet. Until it lands this backend reports that
// honestly at load time instead of pretending; the adapter shape (load with progress/cancel,
// generate with a per-piece callback and a cancel token) is what the engine branch exposes.
#include "engine/inference_backend.h"

#include <QCoreApplication>

namespace hearth::gui {

namespace {

class EngineBackend final : public InferenceBackend {
 public:
  Result<LoadedModelInfo> load(const QString& path, const LoadSettings&, const ProgressFn&, const CancelToken&) override {
    return Error{ErrorCode::Unsupported,
                 QCoreApplication::translate("hearth::gui::EngineBackend",
                                             "%1: this build of Hearth has no inference engine yet")
                     .arg(path)
                     .toStdString()};
  }
  void unload() override {}
  GenerationStats generate(const QList<ChatTurn>&, const SamplingSettings&, const std::function<void(const QString&)>&,
                           const CancelToken&) override {
    GenerationStats stats;
    stats.reason = FinishReason::Error;
    stats.error = QCoreApplication::translate("hearth::gui::EngineBackend", "No model is loaded.");
    return stats;
  }
};

}  // namespace

std::unique_ptr<InferenceBackend> make_engine_backend() { return std::make_unique<EngineBackend>(); }

}  // namespace hearth::gui
