#include "server/metrics.h"

#include <cstdio>

namespace hearth::server {

std::string ServerMetrics::prometheus_text(int n_sessions) const {
  struct Row {
    const char* name;
    const char* type;
    const char* help;
    double value;
  };
  const double us = 1e-6;
  const Row rows[] = {
      {"prompt_tokens_total", "counter", "Prompt tokens evaluated.", double(prompt_tokens.load())},
      {"prompt_tokens_cached_total", "counter", "Prompt tokens reused from a session's KV cache.",
       double(prompt_tokens_cached.load())},
      {"prompt_seconds_total", "counter", "Seconds spent evaluating prompts.", double(prompt_microseconds.load()) * us},
      {"tokens_predicted_total", "counter", "Tokens generated.", double(generated_tokens.load())},
      {"tokens_predicted_seconds_total", "counter", "Seconds spent generating tokens.",
       double(generation_microseconds.load()) * us},
      {"decode_passes_total", "counter", "Forward passes of generation steps.", double(decode_passes.load())},
      {"requests_total", "counter", "Completion requests admitted.", double(requests_total.load())},
      {"requests_rejected_total", "counter", "Completion requests refused with 503 (queue full).",
       double(requests_rejected.load())},
      {"requests_cancelled_total", "counter", "Completions stopped because the client went away.",
       double(requests_cancelled.load())},
      {"requests_processing", "gauge", "Requests holding a session.", double(requests_running.load())},
      {"requests_deferred", "gauge", "Requests waiting for a session.", double(requests_queued.load())},
      {"sessions_total", "gauge", "Parallel sessions (--parallel).", double(n_sessions)},
  };
  std::string out;
  char line[256];
  for (const Row& r : rows) {
    std::snprintf(line, sizeof line, "# HELP hearth_%s %s\n# TYPE hearth_%s %s\nhearth_%s %.17g\n", r.name, r.help, r.name,
                  r.type, r.name, r.value);
    out += line;
  }
  return out;
}

}  // namespace hearth::server
