// The JSON shapes of OpenAI's chat.completion, chat.completion.chunk and text_completion
// objects, as the official SDKs read them. One CompletionIdentity (id, created, model) is
// stamped on every chunk of a stream: the SDK treats a changed id as a new completion.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "server/completion_request.h"
#include "server/generation_stream.h"

namespace hearth::server {

struct CompletionIdentity {
  CompletionKind kind = CompletionKind::Chat;
  std::string id;  // "chatcmpl-…" or "cmpl-…"
  int64_t created = 0;
  std::string model;
};
CompletionIdentity new_completion_identity(CompletionKind kind, const std::string& model);

nlohmann::json usage_json(const Finish& f);

// Non-streaming: the whole answer.
nlohmann::json completion_json(const CompletionIdentity& id, const std::string& text, const Finish& f);

// Streaming: the first chunk (chat: the role, empty content), a text delta, the last chunk
// (empty delta + finish_reason), and the usage chunk (choices: []).
nlohmann::json first_chunk_json(const CompletionIdentity& id, bool include_usage);
nlohmann::json delta_chunk_json(const CompletionIdentity& id, const std::string& text, bool include_usage);
nlohmann::json final_chunk_json(const CompletionIdentity& id, const std::string& finish_reason, bool include_usage);
nlohmann::json usage_chunk_json(const CompletionIdentity& id, const Finish& f);

// "data: {json}\n\n"
std::string sse_event(const nlohmann::json& payload);

}  // namespace hearth::server
