#include "server/json_body.h"

#include "server/api_error.h"

namespace hearth::server {

int json_nesting_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

nlohmann::json parse_json_body(std::string_view body) {
  if (body.empty()) throw invalid_request("the request body is empty; send a JSON object");
  if (json_nesting_depth(body, kMaxJsonDepth) > kMaxJsonDepth)
    throw invalid_request("the request body nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() names the byte position and what was expected ("invalid UTF-8 byte", …).
    throw invalid_request(std::string("the request body is not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw invalid_request("the request body must be a JSON object");
  return j;
}

}  // namespace hearth::server
