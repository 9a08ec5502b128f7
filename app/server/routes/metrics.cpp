// GET /metrics: Prometheus text (tokens and seconds processed, requests running and queued).
#include "server/route_support.h"

namespace hearth::server {

void register_metrics_routes(httplib::Server& http, ServerState& state) {
  http.Get("/metrics", guarded(state, [&state](const httplib::Request&, httplib::Response& res) {
             const int sessions = state.ready.load(std::memory_order_acquire) ? state.scheduler->n_sessions() : 0;
             res.set_content(state.metrics.prometheus_text(sessions), "text/plain; version=0.0.4; charset=utf-8");
           }, /*needs_model=*/false));
}

}  // namespace hearth::server
