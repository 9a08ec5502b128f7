#include "server/api_error.h"

namespace hearth::server {

nlohmann::json error_body(int status, const std::string& type, const std::string& message, const nlohmann::json& extra) {
  nlohmann::json e = {{"code", status}, {"message", message}, {"type", type}};
  for (auto it = extra.begin(); it != extra.end(); ++it) e[it.key()] = it.value();
  return {{"error", e}};
}

const char* error_type_for_status(int status) {
  struct Row {
    int status;
    const char* type;
  };
  static constexpr Row kTypes[] = {
      {400, "invalid_request_error"}, {401, "authentication_error"}, {404, "not_found_error"},
      {405, "invalid_request_error"}, {408, "timeout_error"},        {413, "invalid_request_error"},
      {414, "invalid_request_error"}, {431, "invalid_request_error"}, {501, "not_supported_error"},
      {503, "unavailable_error"},
  };
  for (const Row& r : kTypes)
    if (r.status == status) return r.type;
  return status >= 500 ? "server_error" : "invalid_request_error";
}

std::string to_wire(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace hearth::server
