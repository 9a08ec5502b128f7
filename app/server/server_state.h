// What the routes share: options, counters, and — once loading has finished — the model, its
// tokenizer and chat template, and the scheduler. `ready` turns true exactly once, after
// everything below it is set; routes that need the model answer 503 before that.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "hearth/chat/chat_template.h"
#include "hearth/runtime/model.h"
#include "server/metrics.h"
#include "server/scheduler.h"
#include "server/server_options.h"

namespace hearth::server {

struct ServerState {
  ServerOptions options;
  ServerMetrics metrics;
  std::string model_id;  // --alias, else the model file's name
  int64_t created = 0;   // unix time the server started (the "created" of /v1/models)

  std::atomic<bool> ready{false};
  std::shared_ptr<const Model> model;
  const Tokenizer* tokenizer = nullptr;
  std::optional<ChatTemplate> chat_template;
  std::unique_ptr<Scheduler> scheduler;
};

}  // namespace hearth::server
