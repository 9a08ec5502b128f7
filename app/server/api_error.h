// Errors as OpenAI clients expect them: {"error": {"message", "type", "code"}} with the HTTP
// status the SDKs map to their error classes (400 BadRequestError, 401 AuthenticationError, …).
// Handlers throw ApiError; the route wrapper turns it into the response.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace hearth::server {

struct ApiError : std::runtime_error {
  ApiError(int status, std::string type, const std::string& message, nlohmann::json extra = nlohmann::json::object())
      : std::runtime_error(message), status(status), type(std::move(type)), extra(std::move(extra)) {}
  int status;
  std::string type;      // invalid_request_error, authentication_error, exceed_context_size_error, …
  nlohmann::json extra;  // more fields of the error object (n_prompt_tokens, n_ctx, param)
};

inline ApiError invalid_request(const std::string& message) { return {400, "invalid_request_error", message}; }

// The response body for an error: {"error": {"code": status, "message", "type", ...extra}}.
nlohmann::json error_body(int status, const std::string& type, const std::string& message,
                          const nlohmann::json& extra = nlohmann::json::object());
inline nlohmann::json error_body(const ApiError& e) { return error_body(e.status, e.type, e.what(), e.extra); }

// The error type llama-server and OpenAI use for a status without a more specific one.
const char* error_type_for_status(int status);

// Serialises for the wire: invalid UTF-8 (never produced by us, but possible in echoed input)
// becomes U+FFFD instead of an exception.
std::string to_wire(const nlohmann::json& j);

}  // namespace hearth::server
