#include "server/route_support.h"

namespace hearth::server {

void send_json(httplib::Response& res, const nlohmann::json& body, int status) {
  res.status = status;
  res.set_content(to_wire(body), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, const ApiError& e) {
  if (e.status == 503) res.set_header("Retry-After", "1");
  send_json(res, error_body(e), e.status);
}

httplib::Server::Handler guarded(ServerState& state, RouteFn fn, bool needs_model) {
  return [&state, fn = std::move(fn), needs_model](const httplib::Request& req, httplib::Response& res) {
    try {
      if (needs_model && !state.ready.load(std::memory_order_acquire))
        throw ApiError(503, "unavailable_error", "Loading model");
      fn(req, res);
    } catch (const ApiError& e) {
      send_error(res, e);
    } catch (const nlohmann::json::exception& e) {
      send_error(res, invalid_request(std::string("a field has the wrong type: ") + e.what()));
    } catch (const std::bad_alloc&) {
      send_error(res, ApiError(500, "server_error", "out of memory"));
    } catch (const std::exception& e) {
      send_error(res, ApiError(500, "server_error", e.what()));
    }
  };
}

}  // namespace hearth::server
