// The fields of POST /v1/chat/completions and /v1/completions that Hearth honours, read and
// checked once. Unknown fields are ignored (clients send many); known fields with a wrong type
// or value are a 400 that names the field.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hearth/chat/chat_template.h"
#include "hearth/runtime/token.h"
#include "hearth/sampling/sampler.h"

namespace hearth::server {

enum class CompletionKind { Chat, Text };

struct CompletionRequest {
  CompletionKind kind = CompletionKind::Chat;
  std::vector<ChatMessage> messages;  // Chat
  std::string prompt;                 // Text, as a string
  std::vector<TokenId> prompt_tokens; // Text, given as token ids
  SamplerParams sampling;             // llama-server's defaults where the request says nothing
  int max_tokens = -1;                // max_tokens or max_completion_tokens; -1: no limit
  std::vector<std::string> stop;
  bool stream = false;
  bool include_usage = false;         // stream_options.include_usage
};

// Throws ApiError 400 naming the field.
CompletionRequest parse_completion_request(const nlohmann::json& body, CompletionKind kind);

// The messages array of a chat request (also used by /apply-template).
std::vector<ChatMessage> parse_messages(const nlohmann::json& body);

}  // namespace hearth::server
