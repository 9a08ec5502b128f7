// Helpers every route file uses: JSON replies, the error wrapper, registration.
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "server/api_error.h"
#include "server/server_state.h"

namespace hearth::server {

void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200);
void send_error(httplib::Response& res, const ApiError& e);

// Wraps a handler: ApiError becomes its status and body, a JSON type error (a field of the
// wrong type) a 400, anything else a 500; with `needs_model`, answers 503 + Retry-After while
// the model is loading.
using RouteFn = std::function<void(const httplib::Request&, httplib::Response&)>;
httplib::Server::Handler guarded(ServerState& state, RouteFn fn, bool needs_model = true);

// Each routes_*.cpp defines one of these; HttpServer calls them all.
void register_health_routes(httplib::Server& http, ServerState& state);
void register_model_routes(httplib::Server& http, ServerState& state);
void register_completion_routes(httplib::Server& http, ServerState& state);
void register_token_routes(httplib::Server& http, ServerState& state);
void register_metrics_routes(httplib::Server& http, ServerState& state);
void register_page_routes(httplib::Server& http, ServerState& state);

}  // namespace hearth::server
