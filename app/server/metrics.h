// Counters for GET /metrics (Prometheus text format), updated by the scheduler and the routes.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace hearth::server {

struct ServerMetrics {
  std::atomic<uint64_t> prompt_tokens{0};        // prompt tokens evaluated (cache hits excluded)
  std::atomic<uint64_t> prompt_tokens_cached{0}; // prompt tokens reused from a session's KV cache
  std::atomic<uint64_t> prompt_microseconds{0};
  std::atomic<uint64_t> generated_tokens{0};
  std::atomic<uint64_t> generation_microseconds{0};
  std::atomic<uint64_t> decode_passes{0};        // forward passes of generation steps
  std::atomic<uint64_t> requests_total{0};       // completions admitted to the queue
  std::atomic<uint64_t> requests_rejected{0};    // 503: the queue was full
  std::atomic<uint64_t> requests_cancelled{0};   // the client went away before the end
  std::atomic<int> requests_running{0};          // holding a session now
  std::atomic<int> requests_queued{0};           // waiting for a session now

  // The Prometheus exposition text (# HELP / # TYPE lines, one sample each).
  std::string prometheus_text(int n_sessions) const;
};

}  // namespace hearth::server
