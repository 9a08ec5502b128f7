// The channel between the engine thread (producer) and the HTTP thread that answers one request
// (consumer): text as it is generated, then how it ended. The consumer may cancel at any time
// (its client went away); the engine then frees the session at its next step.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

namespace hearth::server {

struct Finish {
  std::string reason;  // "stop", "length", "cancelled" or "error"
  std::string error;   // for "error": what went wrong
  int prompt_tokens = 0;      // tokens of the prompt
  int cached_tokens = 0;      // of which reused from the session's KV cache
  int completion_tokens = 0;  // tokens generated (a final end-of-turn token excluded)
};

class GenerationStream {
 public:
  // ---- consumer (HTTP thread) ----
  struct Update {
    std::string text;              // new text since the last wait (valid UTF-8)
    std::optional<Finish> finish;  // set once: the generation is over
  };
  // Returns as soon as there is text or the end, or after `timeout` with nothing.
  Update wait(std::chrono::milliseconds timeout);
  void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }

  // ---- producer (engine thread) ----
  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }
  void push(const std::string& text);
  void finish(Finish f);
  size_t pending_bytes() const;  // text not yet taken by the consumer (backpressure)

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::string text_;
  std::optional<Finish> finish_;
  bool finish_taken_ = false;
  std::atomic<bool> cancelled_{false};
};

}  // namespace hearth::server
