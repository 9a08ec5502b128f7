// An InferenceBackend that answers from a script, for testing the chat pane's behaviour
// (streaming, stop, regenerate, edit and resend, persistence) without a model. It runs on the
// real worker thread through the real InferenceController; only the text is canned. The tests
// that chat with a real model are in tst_end_to_end.cpp.
#pragma once

#include <QMutex>
#include <QStringList>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "engine/inference_backend.h"

namespace hearth::gui::test {

struct ScriptState {
  QMutex mutex;
  QStringList pieces{QStringLiteral("Once"), QStringLiteral(" upon"), QStringLiteral(" a"), QStringLiteral(" time")};
  int hold_after = -1;                 // after this many pieces, wait until stopped
  std::atomic<bool> holding{false};    // true while waiting for the stop
  QList<QList<ChatTurn>> prompts;      // what each generate() received
  int loads = 0;
  LoadSettings last_load;
};

class ScriptedInference final : public InferenceBackend {
 public:
  explicit ScriptedInference(std::shared_ptr<ScriptState> state) : state_(std::move(state)) {}

  Result<LoadedModelInfo> load(const QString& path, const LoadSettings& settings, const ProgressFn& progress,
                               const CancelToken&) override {
    if (path.contains(QLatin1String("unloadable"))) return Error{ErrorCode::Format, path.toStdString() + ": not a model"};
    for (uint64_t i = 1; i <= 4; ++i) progress({i, 4, i * 25, 100, "tensor"});
    QMutexLocker lock(&state_->mutex);
    state_->loads++;
    state_->last_load = settings;
    LoadedModelInfo info;
    info.path = path;
    info.name = QStringLiteral("Scripted model");
    info.device = QStringLiteral("Test CPU");
    info.context_size = settings.context_size;
    info.gpu_layers = settings.gpu_layers;
    info.layer_count = 4;
    return info;
  }
  void unload() override {}

  GenerationStats generate(const QList<ChatTurn>& turns, const SamplingSettings&,
                           const std::function<void(const QString&)>& on_text, const CancelToken& cancel) override {
    QStringList pieces;
    int hold_after;
    {
      QMutexLocker lock(&state_->mutex);
      state_->prompts << turns;
      pieces = state_->pieces;
      hold_after = state_->hold_after;
    }
    GenerationStats stats;
    stats.prompt_tokens = int(turns.size());
    for (int i = 0; i < pieces.size(); ++i) {
      if (cancel.cancelled()) {
        stats.reason = FinishReason::Stopped;
        return stats;
      }
      on_text(pieces[i]);
      stats.generated_tokens++;
      if (i + 1 == hold_after) {
        state_->holding = true;
        // Wait for Stop (bounded, so a broken Stop fails the test instead of hanging it).
        for (int waited = 0; !cancel.cancelled() && waited < 60000; ++waited)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        state_->holding = false;
      }
    }
    stats.reason = cancel.cancelled() ? FinishReason::Stopped : FinishReason::EndOfText;
    stats.generate_seconds = 0.5;
    return stats;
  }

 private:
  std::shared_ptr<ScriptState> state_;
};

}  // namespace hearth::gui::test
