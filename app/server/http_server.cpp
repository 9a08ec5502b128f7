#include "server/http_server.h"

#include <httplib.h>

#include <chrono>
#include <cstring>
#include <filesystem>

#include "hearth/runtime/kv_cache_type.h"
#include "server/route_support.h"

namespace hearth::server {

namespace {

// Routes a client may call without the API key (as llama-server: health checks, model list, the page).
bool is_public_path(const std::string& path) {
  static const char* const kPublic[] = {"/health", "/v1/health", "/models", "/v1/models", "/", "/index.html"};
  for (const char* p : kPublic)
    if (path == p) return true;
  return false;
}

std::string presented_key(const httplib::Request& req) {
  const std::string auth = req.get_header_value("Authorization");
  const std::string bearer = "Bearer ";
  if (auth.compare(0, bearer.size(), bearer) == 0) return auth.substr(bearer.size());
  return req.get_header_value("X-Api-Key");
}

bool key_matches(const std::vector<std::string>& keys, const std::string& given) {
  bool match = false;
  for (const auto& k : keys) {
    // Compare every byte of every key: the time taken says nothing about how close a guess was.
    unsigned diff = k.size() == given.size() ? 0u : 1u;
    for (size_t i = 0; i < k.size(); ++i) diff |= unsigned(uint8_t(k[i]) ^ uint8_t(i < given.size() ? given[i] : 0));
    match |= diff == 0;
  }
  return match;
}

// Browsers may call the server from pages served by this machine only (a page on the web must
// not drive a local model); other clients send no Origin and are unaffected.
bool is_local_origin(const std::string& origin) {
  for (const char* prefix : {"http://127.0.0.1", "http://localhost", "http://[::1]"})
    if (origin.compare(0, std::strlen(prefix), prefix) == 0) {
      const char next = origin.size() > std::strlen(prefix) ? origin[std::strlen(prefix)] : '\0';
      if (next == '\0' || next == ':' || next == '/') return true;
    }
  return false;
}

std::string message_for_status(int status, const ServerOptions& o) {
  switch (status) {
    case 404: return "no such route";
    case 405: return "method not allowed on this route";
    case 413: return "the request body is larger than the server's limit of " + std::to_string(o.max_body_bytes) +
                     " bytes (--max-body)";
    case 414: return "the request line is too long";
    case 408: return "the request did not arrive in time";
    default: return status >= 500 ? "internal server error" : "malformed HTTP request";
  }
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

HttpServer::HttpServer(ServerOptions options)
    : state_(std::make_unique<ServerState>()), http_(std::make_unique<httplib::Server>()) {
  state_->options = std::move(options);
  const ServerOptions& o = state_->options;
  state_->model_id = o.alias.empty() ? std::filesystem::path(o.model_path).filename().string() : o.alias;
  state_->created =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  configure();
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::configure() {
  ServerState& st = *state_;
  const ServerOptions& o = st.options;
  httplib::Server& http = *http_;
  // One thread per connection: every session, every queued request and a few quick calls
  // (/health, /metrics) at once; connections beyond that wait for a thread.
  const size_t threads = size_t(o.n_parallel + o.queue_size + 4);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_read_timeout(o.timeout_seconds, 0);
  http.set_write_timeout(o.timeout_seconds, 0);
  http.set_keep_alive_timeout(5);
  http.set_payload_max_length(o.max_body_bytes);

  http.set_pre_routing_handler([&st](const httplib::Request& req, httplib::Response& res) {
    const std::string origin = req.get_header_value("Origin");
    if (!origin.empty() && is_local_origin(origin)) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
      res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      // Reflect what the browser asks for: "*" does not cover Authorization (Fetch spec).
      const std::string asked = req.get_header_value("Access-Control-Request-Headers");
      res.set_header("Access-Control-Allow-Headers", asked.empty() ? "Content-Type, Authorization" : asked);
    }
    if (req.method == "OPTIONS") {
      res.status = 204;
      return httplib::Server::HandlerResponse::Handled;
    }
    const auto& keys = st.options.api_keys;
    if (!keys.empty() && !is_public_path(req.path) && !key_matches(keys, presented_key(req))) {
      send_error(res, ApiError(401, "authentication_error", "Invalid API Key"));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Statuses httplib sets itself (404, 413, 400 for a malformed request) get the JSON error shape.
  http.set_error_handler(httplib::Server::HandlerWithResponse([&st](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a route's own error
    send_json(res, error_body(res.status, error_type_for_status(res.status), message_for_status(res.status, st.options)),
              res.status);
    return httplib::Server::HandlerResponse::Handled;
  }));

  register_health_routes(http, st);
  register_model_routes(http, st);
  register_completion_routes(http, st);
  register_token_routes(http, st);
  register_metrics_routes(http, st);
  register_page_routes(http, st);
}

Status HttpServer::listen() {
  const ServerOptions& o = state_->options;
  if (o.port < 0 || o.port > 65535) return Error{ErrorCode::InvalidArgument, "--port must be 0…65535"};
  if (o.port == 0) {
    port_ = http_->bind_to_any_port(o.host);
    if (port_ <= 0) return Error{ErrorCode::Io, "cannot listen on " + o.host + ": no free port or a bad address"};
  } else {
    if (!http_->bind_to_port(o.host, o.port))
      return Error{ErrorCode::Io, "cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                      ": the port is taken or the address is not this machine's"};
    port_ = o.port;
  }
  listener_ = std::thread([this] { http_->listen_after_bind(); });
  return {};
}

Status HttpServer::load_model(const CancelToken& cancel) {
  return capture_errors([&] {
    ServerState& st = *state_;
    const ServerOptions& o = st.options;
    const auto kv = kv_cache_type_from_name(o.kv_type);
    if (!kv) fail(ErrorCode::InvalidArgument, "--cache-type must be f16 or q8_0, not " + o.kv_type);
    ModelLoadOptions lo;
    lo.repack_weights = o.repack_weights;
    lo.cancel = cancel;
    lo.placement = o.placement;
    lo.vulkan = o.vulkan;
    st.model = Model::load(o.model_path, lo).value();
    st.tokenizer = st.model->require_tokenizer().value();
    st.chat_template = ChatTemplate::for_model(*st.tokenizer).value();
    SchedulerOptions so;
    so.n_parallel = o.n_parallel;
    so.queue_size = o.queue_size;
    so.session.n_ctx = o.n_ctx;
    so.session.n_threads = o.n_threads;
    so.session.n_batch = o.n_batch;
    so.session.kv_type = *kv;
    st.scheduler = Scheduler::create(st.model, so, st.metrics).value();
    st.ready.store(true, std::memory_order_release);
  });
}

void HttpServer::stop() {
  // Ends open generations first (their streams finish with an error), so no connection thread
  // waits for an answer while httplib joins them.
  if (state_->scheduler) state_->scheduler->shutdown();
  if (http_) http_->stop();
  if (listener_.joinable()) listener_.join();
  state_->ready.store(false, std::memory_order_release);
  state_->scheduler.reset();
}

}  // namespace hearth::server
