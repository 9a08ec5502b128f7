#include "server/openai_format.h"

#include <chrono>
#include <random>

#include "server/api_error.h"

namespace hearth::server {

namespace {

using nlohmann::json;

constexpr const char* kFingerprint = "hearth-0.1.0";

bool is_chat(const CompletionIdentity& id) { return id.kind == CompletionKind::Chat; }

json envelope(const CompletionIdentity& id, bool chunk) {
  const char* object = is_chat(id) ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion";
  return {{"id", id.id}, {"object", object}, {"created", id.created}, {"model", id.model},
          {"system_fingerprint", kFingerprint}};
}

json chunk(const CompletionIdentity& id, json delta_or_text, json finish_reason, bool include_usage) {
  json c = envelope(id, true);
  json choice = {{"index", 0}};
  if (is_chat(id)) choice["delta"] = std::move(delta_or_text);
  else choice["text"] = std::move(delta_or_text);
  choice["logprobs"] = nullptr;
  choice["finish_reason"] = std::move(finish_reason);
  c["choices"] = json::array({choice});
  if (include_usage) c["usage"] = nullptr;  // as OpenAI: null on every chunk but the usage chunk
  return c;
}

}  // namespace

CompletionIdentity new_completion_identity(CompletionKind kind, const std::string& model) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string suffix;
  for (int i = 0; i < 24; ++i) suffix += kHex[rng() % 16];
  CompletionIdentity id;
  id.kind = kind;
  id.id = (kind == CompletionKind::Chat ? "chatcmpl-" : "cmpl-") + suffix;
  id.created = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  id.model = model;
  return id;
}

json usage_json(const Finish& f) {
  return {{"prompt_tokens", f.prompt_tokens},
          {"completion_tokens", f.completion_tokens},
          {"total_tokens", f.prompt_tokens + f.completion_tokens},
          {"prompt_tokens_details", {{"cached_tokens", f.cached_tokens}}}};
}

json completion_json(const CompletionIdentity& id, const std::string& text, const Finish& f) {
  json c = envelope(id, false);
  json choice = {{"index", 0}};
  if (is_chat(id)) choice["message"] = {{"role", "assistant"}, {"content", text}};
  else choice["text"] = text;
  choice["logprobs"] = nullptr;
  choice["finish_reason"] = f.reason;
  c["choices"] = json::array({choice});
  c["usage"] = usage_json(f);
  return c;
}

json first_chunk_json(const CompletionIdentity& id, bool include_usage) {
  if (is_chat(id)) return chunk(id, {{"role", "assistant"}, {"content", ""}}, nullptr, include_usage);
  return chunk(id, "", nullptr, include_usage);
}

json delta_chunk_json(const CompletionIdentity& id, const std::string& text, bool include_usage) {
  if (is_chat(id)) return chunk(id, {{"content", text}}, nullptr, include_usage);
  return chunk(id, text, nullptr, include_usage);
}

json final_chunk_json(const CompletionIdentity& id, const std::string& finish_reason, bool include_usage) {
  return chunk(id, is_chat(id) ? json::object() : json(""), finish_reason, include_usage);
}

json usage_chunk_json(const CompletionIdentity& id, const Finish& f) {
  json c = envelope(id, true);
  c["choices"] = json::array();
  c["usage"] = usage_json(f);
  return c;
}

std::string sse_event(const json& payload) { return "data: " + to_wire(payload) + "\n\n"; }

}  // namespace hearth::server
