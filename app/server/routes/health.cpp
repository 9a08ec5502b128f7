// GET /health (and /v1/health): 503 while the model loads, then 200. Needs no API key.
#include "server/route_support.h"

namespace hearth::server {

void register_health_routes(httplib::Server& http, ServerState& state) {
  for (const char* path : {"/health", "/v1/health"})
    http.Get(path, guarded(state, [&state](const httplib::Request&, httplib::Response& res) {
               if (!state.ready.load(std::memory_order_acquire)) throw ApiError(503, "unavailable_error", "Loading model");
               send_json(res, {{"status", "ok"}});
             }, /*needs_model=*/false));
}

}  // namespace hearth::server
