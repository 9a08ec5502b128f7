// The server: an HTTP listener (cpp-httplib, one worker thread per connection from a bounded
// pool) with the routes, authentication, CORS and the error shape, plus the model loaded in the
// background so /health can say 503 until it is ready.
//
//   HttpServer server(options);
//   if (auto s = server.listen(); !s) fail(s.error());  // binds now: a taken port is an error here
//   if (auto s = server.load_model(); !s) ...           // /health answers 503 meanwhile
//   ... server.stop();
#pragma once

#include <memory>
#include <thread>

#include "hearth/base/cancel.h"
#include "hearth/base/result.h"
#include "server/server_options.h"
#include "server/server_state.h"

namespace httplib {
class Server;
}

namespace hearth::server {

class HttpServer {
 public:
  explicit HttpServer(ServerOptions options);
  ~HttpServer();  // stops serving and the scheduler
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds host:port (port 0: a free one) and serves on a background thread.
  Status listen();
  int port() const { return port_; }
  // Loads the model and opens the sessions; blocks. Until it returns, model routes answer 503.
  // `cancel` (e.g. Ctrl+C) makes it return Cancelled between tensors.
  Status load_model(const CancelToken& cancel = {});
  void stop();

  ServerState& state() { return *state_; }

 private:
  void configure();
  std::unique_ptr<ServerState> state_;
  std::unique_ptr<httplib::Server> http_;
  std::thread listener_;
  int port_ = 0;
};

}  // namespace hearth::server
