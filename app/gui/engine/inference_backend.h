// The one seam between the chat pane and the inference engine. Everything here runs on the
// engine's worker thread (see InferenceWorker); implementations may block for as long as the
// work takes, report progress through the callbacks and must return promptly once the cancel
// token is set.
#pragma once

#include <QList>
#include <QString>
#include <functional>
#include <memory>

#include "engine/engine_types.h"
#include "hearth/base/cancel.h"
#include "hearth/base/result.h"

namespace hearth::gui {

class InferenceBackend {
 public:
  virtual ~InferenceBackend() = default;

  // Loads a model, replacing the loaded one. `progress` receives bytes done / total.
  virtual Result<LoadedModelInfo> load(const QString& path, const LoadSettings& settings, const ProgressFn& progress,
                                       const CancelToken& cancel) = 0;
  virtual void unload() = 0;

  // Writes the assistant's answer to `turns` (system prompt first when there is one). `on_text`
  // receives each new piece of text as soon as it is complete UTF-8.
  virtual GenerationStats generate(const QList<ChatTurn>& turns, const SamplingSettings& sampling,
                                   const std::function<void(const QString&)>& on_text, const CancelToken& cancel) = 0;
};

// The backend of this build: the core engine.
std::unique_ptr<InferenceBackend> make_engine_backend();

}  // namespace hearth::gui
