// The engine side of the server: --parallel N sessions over one Model (one copy of the weights,
// a KV cache each), a bounded queue of requests waiting for a session, and ONE engine thread.
// Each round it gives every session that is reading a prompt one chunk of n_batch tokens, then
// decodes the next token of EVERY generating session in one batched forward pass
// (Session::decode_batch: the weights are read once per step for all of them). A request that
// arrives joins at the next round (continuous batching); a long prompt delays the others by
// one chunk at most.
//
// Prompt cache: a new request goes to the idle session whose context shares the longest prefix
// with its prompt, and only the rest of the prompt is evaluated.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "hearth/runtime/session.h"
#include "hearth/sampling/sampler.h"
#include "hearth/tokenizer/stream_decoder.h"
#include "server/generation_stream.h"
#include "server/metrics.h"
#include "server/stop_strings.h"

namespace hearth::server {

struct SchedulerOptions {
  int n_parallel = 4;
  int queue_size = 16;
  SessionOptions session;
  size_t max_pending_bytes = 64 * 1024;  // a session whose reader lags this far behind pauses
};

struct GenerationRequest {
  std::vector<TokenId> prompt;  // not empty, fewer than n_ctx tokens (the routes check)
  SamplerParams sampling;
  int max_tokens = -1;          // -1: until an end-of-turn token or the context is full
  std::vector<std::string> stop;
};

class Scheduler {
 public:
  static Result<std::unique_ptr<Scheduler>> create(std::shared_ptr<const Model> model, SchedulerOptions options,
                                                   ServerMetrics& metrics);
  ~Scheduler();  // cancels what runs and waits, stops the engine thread
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Ends every open and queued generation with an error and stops the engine thread; later
  // submits get nullptr. Idempotent.
  void shutdown();

  // Queues a request; nullptr when the queue is full (the caller answers 503).
  std::shared_ptr<GenerationStream> submit(GenerationRequest request);

  int n_ctx() const { return n_ctx_; }
  int n_sessions() const { return int(slots_.size()); }

 private:
  struct Slot {
    std::unique_ptr<Session> session;
    std::shared_ptr<GenerationStream> stream;  // null: idle
    GenerationRequest request;
    std::optional<Sampler> sampler;
    std::optional<StreamDecoder> decoder;
    std::optional<StopStringMatcher> stops;
    size_t prompt_done = 0;  // tokens of request.prompt in the context
    TokenId pending = -1;    // sampled and sent, not yet fed
    Finish counts;
  };
  struct Queued {
    GenerationRequest request;
    std::shared_ptr<GenerationStream> stream;
  };

  Scheduler(std::shared_ptr<const Model> model, SchedulerOptions options, ServerMetrics& metrics);
  void run();
  void admit_locked();             // moves queued requests into idle slots
  bool step_prompt(Slot& slot);    // evaluates the next chunk of the slot's prompt
  void step_generation(const std::vector<Slot*>& slots);  // one token for each, in one forward pass
  void sample_and_emit(Slot& slot);
  void release(Slot& slot, const std::string& reason, const std::string& error = {});

  std::shared_ptr<const Model> model_;
  SchedulerOptions options_;
  ServerMetrics& metrics_;
  const Tokenizer* tokenizer_ = nullptr;
  int n_ctx_ = 0;
  std::vector<Slot> slots_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  std::thread engine_;
};

}  // namespace hearth::server
