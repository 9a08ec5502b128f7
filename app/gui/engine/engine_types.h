// Plain values passed between the GUI thread and the engine worker: what to load, how to
// sample, one chat turn, what a finished generation reports. Qt types only (they cross
// threads in queued signals), no engine headers, so the widgets compile without the engine.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <cstdint>

namespace hearth::gui {

// What a chat does when the conversation no longer fits the model's context (LM Studio's
// choices): stop with a message, leave out turns from the middle (the system prompt and the
// first exchange stay), or keep a rolling window of the latest turns, shifting the context
// while an answer is written.
enum class ContextPolicy { StopAtLimit = 0, TruncateMiddle = 1, RollingWindow = 2 };

struct SamplingSettings {
  double temperature = 0.8;
  int top_k = 40;
  double top_p = 0.95;
  double min_p = 0.05;
  double repeat_penalty = 1.1;
  int max_tokens = 0;  // 0: no limit of its own; the answer ends at the end of text or by the context policy
  int64_t seed = -1;  // -1: a new random seed for every answer
  ContextPolicy context_policy = ContextPolicy::TruncateMiddle;

  bool operator==(const SamplingSettings&) const = default;
};

struct LoadSettings {
  int context_size = 4096;  // tokens; clamped to the model's trained maximum by the engine
  int gpu_layers = 0;       // how many of the last layers run on the GPU
  int gpu_device = -1;      // which GPU (GpuDeviceInfo::index); -1: none (plan only, all on the CPU)
  bool operator==(const LoadSettings&) const = default;
};

enum class ChatRole { System, User, Assistant };

struct ChatTurn {
  ChatRole role = ChatRole::User;
  QString content;
};

// What the engine reports about a loaded model.
struct LoadedModelInfo {
  QString path;
  QString name;
  QString device;         // e.g. "CPU (AVX2, 8 threads)"
  int context_size = 0;   // the context actually allocated
  int gpu_layers = 0;     // layers actually placed on the GPU
  int layer_count = 0;
};

enum class FinishReason { EndOfText, MaxTokens, Stopped, ContextFull, Error };

struct GenerationStats {
  FinishReason reason = FinishReason::EndOfText;
  int prompt_tokens = 0;
  int generated_tokens = 0;
  double prompt_seconds = 0;    // time to process the prompt
  double generate_seconds = 0;  // time from the first to the last generated token
  double tokens_per_second() const { return generate_seconds > 0 ? generated_tokens / generate_seconds : 0; }
  QString error;                // when reason == Error
  // Set when the engine had to move the model during this answer (the GPU was lost): where it
  // runs now ("CPU, 8 threads"). The loaded model is then all on the CPU.
  QString now_running_on;
};

}  // namespace hearth::gui

Q_DECLARE_METATYPE(hearth::gui::SamplingSettings)
Q_DECLARE_METATYPE(hearth::gui::LoadSettings)
Q_DECLARE_METATYPE(hearth::gui::ChatTurn)
Q_DECLARE_METATYPE(hearth::gui::LoadedModelInfo)
Q_DECLARE_METATYPE(hearth::gui::GenerationStats)
