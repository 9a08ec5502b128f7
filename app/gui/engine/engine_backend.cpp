// InferenceBackend on Hearth's core engine: Model (memory-mapped GGUF), Session (KV cache,
// generate with a per-token callback), the model's tokenizer and chat template, and a
// StreamDecoder so a character split over several tokens is shown only when complete.
#include "engine/inference_backend.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "common/format.h"
#include "hearth/chat/chat_template.h"
#include "hearth/io/gguf.h"
#include "hearth/model/hparams.h"
#include "hearth/runtime/memory_estimate.h"
#include "hearth/runtime/model.h"
#include "hearth/runtime/session.h"
#include "hearth/tokenizer/stream_decoder.h"
#include "hearth/tokenizer/tokenizer.h"

namespace hearth::gui {

namespace {

std::string role_name(ChatRole role) {
  switch (role) {
    case ChatRole::System: return "system";
    case ChatRole::User: return "user";
    case ChatRole::Assistant: return "assistant";
  }
  return "user";
}

SamplerParams sampler_params(const SamplingSettings& s) {
  SamplerParams p;
  p.temperature = float(s.temperature);
  p.top_k = s.top_k;
  p.top_p = float(s.top_p);
  p.min_p = float(s.min_p);
  p.repeat_penalty = float(s.repeat_penalty);
  p.seed = s.seed < 0 ? kRandomSeed : uint64_t(s.seed);
  return p;
}

// Calls session.request_stop() as soon as the token is cancelled — also while a long prompt is
// being evaluated, where no per-token callback runs.
class StopWatcher {
 public:
  StopWatcher(Session& session, const CancelToken& cancel)
      : thread_([&session, cancel, this] {
          while (!done_.load(std::memory_order_relaxed)) {
            if (cancel.cancelled()) {
              session.request_stop();
              return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
          }
        }) {}
  ~StopWatcher() {
    done_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

class EngineBackend final : public InferenceBackend {
 public:
  Result<LoadedModelInfo> load(const QString& path, const LoadSettings& settings, const ProgressFn& progress,
                               const CancelToken& cancel) override {
    unload();
    return capture_errors([&]() -> LoadedModelInfo {
      ModelLoadOptions options;
      options.progress = progress;
      options.cancel = cancel;
      options.prefetch = true;
      // The last gpu_layers blocks on the chosen GPU (all of them: the output head too, as the
      // offload picture counts it). When the GPU is short of memory at load (another program
      // took it since the picture was drawn), fewer layers are tried until the load fits.
      int n_gpu = 0, n_layer = 0;
      if (settings.gpu_layers > 0 && settings.gpu_device >= 0) {
        auto file = GgufFile::open(path.toStdString());
        if (!file) throw Exception(file.error());
        auto hp = read_hparams(*file);
        if (!hp) throw Exception(hp.error());
        n_layer = int(hp->n_layer);
        n_gpu = std::min(settings.gpu_layers, n_layer);
      }
      const DeviceId gpu{DeviceKind::Vulkan, std::max(settings.gpu_device, 0)};
      Result<std::shared_ptr<const Model>> model = Error{ErrorCode::Internal, "not loaded"};
      for (;;) {
        options.placement = n_gpu > 0 ? LayerPlacement::offload_last(n_layer, n_gpu == n_layer ? n_layer + 1 : n_gpu, gpu)
                                      : LayerPlacement{};
        model = Model::load(path.toStdString(), options);
        if (model || model.error().code != ErrorCode::OutOfMemory || n_gpu == 0) break;
        n_gpu = std::max(0, n_gpu - std::max(1, n_gpu / 4));
      }
      if (!model) throw Exception(model.error());
      auto tokenizer = Tokenizer::from_gguf((*model)->gguf().metadata());
      if (!tokenizer) throw Exception(tokenizer.error());
      auto chat_template = ChatTemplate::for_model(*tokenizer);
      if (!chat_template) throw Exception(chat_template.error());
      SessionOptions session_options;
      session_options.n_ctx = std::min<int>(settings.context_size, int((*model)->hparams().n_ctx_train));
      auto session = Session::create(*model, session_options);
      if (!session) throw Exception(session.error());

      model_ = *model;
      path_ = path;
      settings_ = settings;
      tokenizer_.emplace(std::move(*tokenizer));
      template_.emplace(std::move(*chat_template));
      session_ = std::move(*session);
      stop_tokens_.clear();
      for (TokenId id = 0; id < tokenizer_->vocab_size(); ++id)
        if (tokenizer_->is_end_of_generation(id)) stop_tokens_.push_back(id);

      LoadedModelInfo info;
      info.path = path;
      info.name = QString::fromStdString(model_->name());
      info.device = QCoreApplication::translate("hearth::gui::EngineBackend", "CPU, %n thread(s)", nullptr,
                                                session_->n_threads());
      if (n_gpu > 0) {
        const auto device = model_->vulkan_device(gpu);
        const MemoryEstimate held = session_->allocated_memory();
        const DeviceMemory* on_gpu = held.find(gpu);
        info.device = QCoreApplication::translate("hearth::gui::EngineBackend", "%1/%2 layers on %3, %4")
                          .arg(n_gpu)
                          .arg(n_layer)
                          .arg(QString::fromStdString(device->info().name))
                          .arg(format_bytes(on_gpu ? on_gpu->total() : 0));
      }
      info.context_size = session_->n_ctx();
      info.gpu_layers = n_gpu;
      info.layer_count = int(model_->hparams().n_layer);
      return info;
    });
  }

  void unload() override {
    session_.reset();
    template_.reset();
    tokenizer_.reset();
    model_.reset();
  }

  GenerationStats generate(const QList<ChatTurn>& turns, const SamplingSettings& sampling,
                           const std::function<void(const QString&)>& on_text, const CancelToken& cancel) override {
    GenerationStats stats;
    if (!session_) {
      stats.reason = FinishReason::Error;
      stats.error = QCoreApplication::translate("hearth::gui::EngineBackend", "No model is loaded.");
      return stats;
    }
    // The turns shown to the model: all of them, or fewer when the policy allows leaving some
    // out so that the prompt plus room for the answer fits the context.
    QList<ChatTurn> shown = turns;
    const int n_ctx = session_->n_ctx();
    const int answer_room = sampling.max_tokens > 0 ? std::min(sampling.max_tokens, n_ctx / 2) : n_ctx / 4;
    std::vector<TokenId> prompt;
    for (;;) {
      auto rendered = render(shown);
      if (!rendered) return failed(rendered.error().message);
      prompt = std::move(*rendered);
      if (prompt.empty()) return failed("the chat template produced an empty prompt");
      const bool fits = int(prompt.size()) + answer_room <= n_ctx;
      if (fits || sampling.context_policy == ContextPolicy::StopAtLimit) break;
      const int drop = turn_to_leave_out(shown, sampling.context_policy);
      if (drop < 0) break;  // only the system prompt and the last message are left
      shown.removeAt(drop);
    }
    if (prompt.size() >= size_t(n_ctx)) {
      return failed(QCoreApplication::translate("hearth::gui::EngineBackend",
                                                "The conversation (%1 tokens) does not fit in the context of %2 tokens. "
                                                "Start a new chat, choose a larger context size in Memory and offload, "
                                                "or let the chat leave out old turns (Sampling: when the conversation "
                                                "outgrows the context).")
                        .arg(prompt.size())
                        .arg(n_ctx)
                        .toStdString());
    }
    if (Status s = use_policy(sampling.context_policy, shown); !s) return failed(s.error().message);

    // Keep what the KV cache already holds of this prompt (the earlier turns) and evaluate
    // only the rest; at least one token is fed so there are fresh logits.
    const auto& held = session_->tokens();
    size_t common = 0;
    while (common < held.size() && common < prompt.size() && held[common] == prompt[common]) ++common;
    common = std::min(common, prompt.size() - 1);
    if (common < held.size()) {
      if (Status s = session_->truncate(int(common)); !s) {
        session_->reset();
        common = 0;
      }
    }

    GenerateOptions options;
    options.max_tokens = sampling.max_tokens > 0 ? sampling.max_tokens : -1;
    options.sampling = sampler_params(sampling);
    options.stop_tokens = stop_tokens_;
    StreamDecoder decoder(*tokenizer_);
    Result<GenerateResult> result = [&] {
      StopWatcher watcher(*session_, cancel);
      return session_->generate(std::span(prompt).subspan(common), options, [&](TokenId token) {
        const std::string piece = decoder.push(token);
        if (!piece.empty()) on_text(QString::fromStdString(piece));
        return !cancel.cancelled();
      });
    }();
    if (const std::string tail = decoder.flush(); !tail.empty()) on_text(QString::fromStdString(tail));
    if (!result && result.error().code == ErrorCode::DeviceLost) {
      // The answer is lost with the GPU; the model is loaded again on the CPU (the file is
      // still mapped, so this takes a moment) and the app goes on there.
      GenerationStats lost = failed(QCoreApplication::translate("hearth::gui::EngineBackend",
                                                                "The GPU stopped responding (%1). Hearth now runs this "
                                                                "model on the CPU: send your message again. Reload to "
                                                                "try the GPU again.")
                                        .arg(QString::fromStdString(result.error().message))
                                        .toStdString());
      LoadSettings on_cpu = settings_;
      on_cpu.gpu_device = -1;
      const QString path = path_;
      auto reloaded = load(path, on_cpu, {}, CancelToken{});
      if (reloaded) lost.now_running_on = reloaded->device;
      return lost;
    }
    if (!result) return failed(result.error().message);

    const GenerateResult& r = *result;
    stats.prompt_tokens = r.timings.prompt_tokens;
    stats.prompt_seconds = r.timings.prompt_seconds;
    stats.generated_tokens = int(r.tokens.size());
    stats.generate_seconds = r.timings.generation_seconds;
    switch (r.stop_reason) {
      case StopReason::EndOfGeneration: stats.reason = FinishReason::EndOfText; break;
      case StopReason::MaxTokens: stats.reason = FinishReason::MaxTokens; break;
      case StopReason::ContextFull: stats.reason = FinishReason::ContextFull; break;
      case StopReason::Cancelled:
      case StopReason::Callback: stats.reason = FinishReason::Stopped; break;
    }
    return stats;
  }

 private:
  Result<std::vector<TokenId>> render(const QList<ChatTurn>& turns) const {
    std::vector<ChatMessage> messages;
    for (const auto& t : turns) messages.push_back({role_name(t.role), t.content.toStdString()});
    auto rendered = template_->render(messages, *tokenizer_, true);
    if (!rendered) return rendered.error();
    return tokenize_chat_prompt(*tokenizer_, *rendered);
  }

  // Which turn to leave out next, or -1 when none may go. The system prompt and the last
  // message always stay; "truncate middle" keeps the first exchange (what the chat is about)
  // while there is a middle to drop, then drops the oldest like the rolling window.
  static int turn_to_leave_out(const QList<ChatTurn>& turns, ContextPolicy policy) {
    int first = 0;
    while (first < turns.size() && turns[first].role == ChatRole::System) ++first;
    const int last = int(turns.size()) - 1;
    if (policy == ContextPolicy::TruncateMiddle && first + 2 < last) return first + 2;
    return first < last ? first : -1;
  }

  // The rolling window needs a session that shifts its context instead of stopping, keeping
  // the system prompt at the front; the other policies stop. A session is made again only when
  // that changes (its KV cache is then re-filled from the prompt).
  Status use_policy(ContextPolicy policy, const QList<ChatTurn>& shown) {
    SessionOptions wanted = session_->options();
    wanted.on_context_full = policy == ContextPolicy::RollingWindow ? ContextFullPolicy::Shift : ContextFullPolicy::Stop;
    wanted.n_keep = 0;
    if (policy == ContextPolicy::RollingWindow) {
      QList<ChatTurn> system;
      for (const auto& t : shown)
        if (t.role == ChatRole::System) system << t;
      // The tokens the system prompt's rendering shares with any later prompt (at least BOS).
      if (!system.isEmpty()) {
        if (auto kept = render(system); kept) wanted.n_keep = int(kept->size());
      }
      wanted.n_keep = std::clamp(wanted.n_keep, 1, session_->n_ctx() / 2);
    }
    const SessionOptions& now = session_->options();
    if (now.on_context_full == wanted.on_context_full && now.n_keep == wanted.n_keep) return {};
    auto session = Session::create(model_, wanted);
    if (!session) return session.error();
    session_ = std::move(*session);
    return {};
  }

  static GenerationStats failed(const std::string& message) {
    GenerationStats stats;
    stats.reason = FinishReason::Error;
    stats.error = QString::fromStdString(message);
    return stats;
  }

  std::shared_ptr<const Model> model_;
  QString path_;           // of the loaded model, and what it was loaded with
  LoadSettings settings_;
  std::optional<Tokenizer> tokenizer_;
  std::optional<ChatTemplate> template_;
  std::unique_ptr<Session> session_;
  std::vector<TokenId> stop_tokens_;
};

}  // namespace

std::unique_ptr<InferenceBackend> make_engine_backend() { return std::make_unique<EngineBackend>(); }

}  // namespace hearth::gui
