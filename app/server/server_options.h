// What `hearth-cli serve` is told, with llama-server's flag names and defaults where it has them.
#pragma once

#include "hearth/backend/vulkan.h"
#include "hearth/runtime/placement.h"
#include <cstddef>
#include <string>
#include <vector>

namespace hearth::server {

struct ServerOptions {
  std::string model_path;         // -m
  std::string host = "127.0.0.1"; // --host
  int port = 8080;                // --port (0: any free port; HttpServer::port() says which)
  int n_ctx = 0;                  // -c: context of EACH session (0: the model's, at most 4096)
  int n_threads = 0;              // -t (0: one per core)
  int n_batch = 512;              // -b: prompt tokens per forward pass (and per scheduler step)
  int n_parallel = 4;             // --parallel: sessions (each its own KV cache, one copy of the weights)
  int queue_size = 16;            // --queue: requests that may wait for a session; beyond it 503
  std::vector<std::string> api_keys;  // --api-key / --api-key-file; empty: no authentication
  std::string alias;              // --alias: the model id clients see (default: the file name)
  int timeout_seconds = 600;      // --timeout: a connection's read/write timeout
  size_t max_body_bytes = size_t(8) << 20;  // --max-body: larger request bodies get 413
  int ping_interval_seconds = 10; // --sse-ping-interval: ": ping" while a prompt is processed (0: off)
  std::string kv_type = "f16";    // --cache-type
  bool repack_weights = true;     // --no-repack turns it off
  LayerPlacement placement;       // from -ngl/--device (empty: all on the CPU)
  VulkanOptions vulkan;           // how the placement's GPU is opened
};

// True for 127.0.0.0/8, ::1 and "localhost": nobody else can reach such a server.
bool is_loopback_host(const std::string& host);

}  // namespace hearth::server
