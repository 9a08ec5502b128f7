#include "server/completion_request.h"

#include <cmath>

#include "server/api_error.h"

namespace hearth::server {

namespace {

using nlohmann::json;

ApiError bad_field(const std::string& name, const std::string& what) {
  return ApiError(400, "invalid_request_error", "'" + name + "' " + what, {{"param", name}});
}

bool present(const json& body, const char* key) { return body.contains(key) && !body.at(key).is_null(); }

// A number field within [lo, hi], or `fallback` when absent.
double number(const json& body, const char* key, double lo, double hi, double fallback) {
  if (!present(body, key)) return fallback;
  const json& v = body.at(key);
  if (!v.is_number()) throw bad_field(key, "must be a number");
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < lo || d > hi)
    throw bad_field(key, "must be between " + json(lo).dump() + " and " + json(hi).dump());
  return d;
}

int64_t integer(const json& body, const char* key, int64_t lo, int64_t hi, int64_t fallback) {
  if (!present(body, key)) return fallback;
  const json& v = body.at(key);
  if (!v.is_number_integer()) throw bad_field(key, "must be an integer");
  const int64_t i = v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX) ? INT64_MAX : v.get<int64_t>();
  if (i < lo || i > hi) throw bad_field(key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return i;
}

bool boolean(const json& body, const char* key, bool fallback) {
  if (!present(body, key)) return fallback;
  if (!body.at(key).is_boolean()) throw bad_field(key, "must be true or false");
  return body.at(key).get<bool>();
}

// "content" is a string, or an array of parts of which only {"type": "text"} is understood.
std::string message_content(const json& content, size_t index) {
  const std::string field = "messages[" + std::to_string(index) + "].content";
  if (content.is_null()) return {};
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array()) throw bad_field(field, "must be a string or an array of content parts");
  std::string text;
  for (const json& part : content) {
    if (!part.is_object() || !part.contains("type") || !part.at("type").is_string())
      throw bad_field(field, "has a part without a \"type\"");
    const std::string type = part.at("type").get<std::string>();
    if (type != "text")
      throw bad_field(field, "has a part of type \"" + type + "\"; this model reads text only");
    if (!part.contains("text") || !part.at("text").is_string()) throw bad_field(field, "has a text part without \"text\"");
    text += part.at("text").get<std::string>();
  }
  return text;
}

}  // namespace

std::vector<ChatMessage> parse_messages(const json& body) {
  if (!present(body, "messages")) throw bad_field("messages", "is required");
  const json& list = body.at("messages");
  if (!list.is_array() || list.empty()) throw bad_field("messages", "must be a non-empty array");
  std::vector<ChatMessage> messages;
  for (size_t i = 0; i < list.size(); ++i) {
    const json& m = list[i];
    const std::string field = "messages[" + std::to_string(i) + "]";
    if (!m.is_object()) throw bad_field(field, "must be an object");
    if (!m.contains("role") || !m.at("role").is_string()) throw bad_field(field + ".role", "must be a string");
    std::string role = m.at("role").get<std::string>();
    if (role == "developer") role = "system";  // OpenAI's newer name for the system role
    if (role != "system" && role != "user" && role != "assistant" && role != "tool")
      throw bad_field(field + ".role", "must be system, developer, user, assistant or tool, not \"" + role + "\"");
    messages.push_back({role, message_content(m.contains("content") ? m.at("content") : json(), i)});
  }
  return messages;
}

CompletionRequest parse_completion_request(const json& body, CompletionKind kind) {
  CompletionRequest r;
  r.kind = kind;
  if (kind == CompletionKind::Chat) {
    r.messages = parse_messages(body);
  } else {
    if (!present(body, "prompt")) throw bad_field("prompt", "is required");
    const json& p = body.at("prompt");
    if (p.is_string()) {
      r.prompt = p.get<std::string>();
    } else if (p.is_array() && p.size() == 1 && p[0].is_string()) {
      r.prompt = p[0].get<std::string>();
    } else if (p.is_array() && !p.empty() && std::all_of(p.begin(), p.end(), [](const json& t) { return t.is_number_integer(); })) {
      for (const json& t : p) r.prompt_tokens.push_back(TokenId(std::clamp<int64_t>(t.get<int64_t>(), -1, INT32_MAX)));
    } else {
      throw bad_field("prompt", "must be a string, an array of one string, or an array of token ids");
    }
  }

  SamplerParams& s = r.sampling;
  s.temperature = float(number(body, "temperature", 0, 100, s.temperature));
  s.top_p = float(number(body, "top_p", 0, 1, s.top_p));
  s.top_k = int(integer(body, "top_k", 0, 1 << 30, s.top_k));
  s.min_p = float(number(body, "min_p", 0, 1, s.min_p));
  s.repeat_penalty = float(number(body, "repeat_penalty", 0.01, 100, s.repeat_penalty));
  s.presence_penalty = float(number(body, "presence_penalty", -2, 2, s.presence_penalty));
  s.frequency_penalty = float(number(body, "frequency_penalty", -2, 2, s.frequency_penalty));
  if (present(body, "seed")) {
    const int64_t seed = integer(body, "seed", INT64_MIN, INT64_MAX, -1);
    s.seed = seed < 0 ? kRandomSeed : uint64_t(seed);  // -1 (llama.cpp): a random seed
  }

  const int64_t limit = 1 << 30;
  if (present(body, "max_completion_tokens")) r.max_tokens = int(integer(body, "max_completion_tokens", 1, limit, -1));
  else if (present(body, "max_tokens")) r.max_tokens = int(integer(body, "max_tokens", 1, limit, -1));
  else if (present(body, "n_predict")) r.max_tokens = int(integer(body, "n_predict", -1, limit, -1));  // llama.cpp's name

  if (present(body, "stop")) {
    const json& stop = body.at("stop");
    if (stop.is_string()) {
      r.stop.push_back(stop.get<std::string>());
    } else if (stop.is_array()) {
      if (stop.size() > 16) throw bad_field("stop", "may list at most 16 strings");
      for (const json& x : stop) {
        if (!x.is_string()) throw bad_field("stop", "must be a string or an array of strings");
        r.stop.push_back(x.get<std::string>());
      }
    } else {
      throw bad_field("stop", "must be a string or an array of strings");
    }
  }

  r.stream = boolean(body, "stream", false);
  if (present(body, "stream_options")) {
    const json& so = body.at("stream_options");
    if (!so.is_object()) throw bad_field("stream_options", "must be an object");
    r.include_usage = boolean(so, "include_usage", false);
  }
  if (integer(body, "n", 1, INT32_MAX, 1) != 1) throw bad_field("n", "must be 1: this server returns one choice per request");
  // Chat sends logprobs as a boolean, the legacy completions API as a count.
  const bool wants_logprobs = kind == CompletionKind::Chat ? boolean(body, "logprobs", false)
                                                           : integer(body, "logprobs", 0, 20, 0) > 0;
  if (wants_logprobs) throw bad_field("logprobs", "is not supported by this server");
  return r;
}

}  // namespace hearth::server
