// hearth-cli serve -m MODEL [--host 127.0.0.1] [--port 8080] [-c N] [--parallel 4] [--api-key K]:
// the OpenAI-compatible server (app/server/), with llama-server's flag names. It listens at once
// (/health answers 503 while the model loads), then serves until Ctrl+C.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "cli_common.h"
#include "gpu_options.h"
#include "interrupt.h"
#include "server/http_server.h"

namespace hearth::cli {

namespace {

struct ServeCli {
  server::ServerOptions o;
  std::string api_keys;      // comma-separated
  std::string api_key_file;  // one key per line
  GpuCli gpu;
  bool no_repack = false;
};

std::vector<std::string> split_keys(const std::string& text, char sep) {
  std::vector<std::string> keys;
  std::string cur;
  auto push = [&] {
    while (!cur.empty() && (cur.back() == '\r' || cur.back() == ' ')) cur.pop_back();
    if (!cur.empty()) keys.push_back(cur);
    cur.clear();
  };
  for (char c : text) {
    if (c == sep) push();
    else cur += c;
  }
  push();
  return keys;
}

int serve(ServeCli c) {
  server::ServerOptions& o = c.o;
  o.repack_weights = !c.no_repack;
  o.api_keys = split_keys(c.api_keys, ',');
  if (!c.api_key_file.empty()) {
    std::ifstream in(c.api_key_file);
    if (!in) fail(ErrorCode::NotFound, "cannot read the API key file " + c.api_key_file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto& k : split_keys(text, '\n')) o.api_keys.push_back(k);
    if (o.api_keys.empty()) fail(ErrorCode::InvalidArgument, "the API key file " + c.api_key_file + " holds no key");
  }
  {
    ModelLoadOptions lo;
    MemoryRequest shape;
    shape.n_ctx = o.n_ctx;
    shape.n_batch = o.n_batch;
    resolve_gpu_placement(o.model_path, c.gpu, lo, shape);
    o.placement = lo.placement;
    o.vulkan = lo.vulkan;
  }
  if (o.n_parallel < 1) fail(ErrorCode::InvalidArgument, "--parallel must be at least 1");
  if (!server::is_loopback_host(o.host) && o.api_keys.empty())
    std::fprintf(stderr,
                 "hearth: WARNING: listening on %s without an API key: anyone who can reach this machine can use the "
                 "model. Pass --api-key (or --api-key-file), or --host 127.0.0.1.\n",
                 o.host.c_str());

  server::HttpServer http(o);
  unwrap(http.listen());
  std::fprintf(stderr, "hearth: listening on http://%s:%d (loading %s …)\n", o.host.c_str(), http.port(),
               o.model_path.c_str());
  InterruptHandler interrupt;
  CancelToken cancel_load;
  Status loaded;
  std::atomic<bool> load_done{false};
  std::thread loader([&] {
    loaded = http.load_model(cancel_load);
    load_done = true;
  });
  while (!load_done) {
    if (interrupt.presses() > 0) cancel_load.cancel();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  loader.join();
  if (!loaded) {
    http.stop();
    throw Exception(loaded.error());
  }
  const auto& st = http.state();
  std::fprintf(stderr, "hearth: model %s ready: %d sessions of %d tokens, chat template %s; Ctrl+C stops the server\n",
               st.model_id.c_str(), st.scheduler->n_sessions(), st.scheduler->n_ctx(),
               st.chat_template->family().c_str());
  std::printf("http://%s:%d\n", o.host.c_str(), http.port());  // for scripts that started us
  std::fflush(stdout);
  while (interrupt.presses() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::fprintf(stderr, "hearth: stopping\n");
  http.stop();
  return 0;
}

void register_serve(CLI::App& app, CommandFn& run) {
  auto c = std::make_shared<ServeCli>();
  server::ServerOptions& o = c->o;
  CLI::App* cmd = app.add_subcommand("serve", "Serve a model over an OpenAI-compatible HTTP API (like llama-server)");
  cmd->add_option("-m,--model", o.model_path, "GGUF model file")->required();
  cmd->add_option("--host", o.host, "address to listen on (default 127.0.0.1: this machine only)");
  cmd->add_option("--port", o.port, "port (default 8080; 0: any free port)");
  cmd->add_option("-c,--ctx-size", o.n_ctx, "context of each session in tokens (0: the model's, at most 4096)");
  cmd->add_option("-t,--threads", o.n_threads, "CPU threads (0: one per core)");
  cmd->add_option("-b,--batch-size", o.n_batch, "prompt tokens per forward pass");
  add_gpu_options(cmd, c->gpu);
  cmd->add_option("--np,--parallel", o.n_parallel, "parallel sessions, each with its own KV cache (default 4)");
  cmd->add_option("--queue", o.queue_size, "requests that may wait for a session; more get 503 (default 16)");
  cmd->add_option("--api-key", c->api_keys, "API key(s) clients must send (comma-separated)");
  cmd->add_option("--api-key-file", c->api_key_file, "file with one API key per line");
  cmd->add_option("--alias", o.alias, "model name clients see (default: the file name)");
  cmd->add_option("--timeout", o.timeout_seconds, "seconds a connection may stay silent (read/write timeout, default 600)");
  cmd->add_option("--max-body", o.max_body_bytes, "largest request body in bytes (default 8 MiB; larger: 413)");
  cmd->add_option("--sse-ping-interval", o.ping_interval_seconds,
                  "seconds between ': ping' comments while a streamed answer is silent (0: none; default 10)");
  cmd->add_option("--cache-type,--ctk", o.kv_type, "KV cache type: f16 (default), q8_0");
  cmd->add_flag("--no-repack", c->no_repack, "multiply by the mapped file's rows instead of repacked copies");
  cmd->callback([&run, c] { run = [c] { return serve(*c); }; });
}

const CommandRegistration kRegistration{"serve", 50, register_serve};

}  // namespace
}  // namespace hearth::cli
