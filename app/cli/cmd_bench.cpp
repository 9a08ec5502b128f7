// hearth-cli bench -m MODEL [-p 512] [-n 128] [-t N] [-r 5] [--json]: prompt processing (ppN:
// N tokens in one batch) and generation (tgN: N tokens one at a time) speed, in tokens per
// second, mean ± standard deviation over the repetitions — the same tests and figures as
// llama.cpp's llama-bench, so the two can be compared line by line.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "gpu_options.h"
#include "hearth/base/utf8_path.h"
#include "hearth/runtime/session.h"

namespace hearth::cli {

namespace {

struct BenchOptions {
  std::string model;
  std::vector<int> n_prompt{512};
  std::vector<int> n_gen{128};
  std::vector<int> threads{0};
  int reps = 5;
  int n_batch = 512;
  std::string kv_type = "f16";
  bool json = false;
  bool no_repack = false;
  std::vector<int> streams{1};  // --streams: tgN with S sessions decoded together (the server's batching)
  std::vector<std::string> n_gpu_layers{"0"};  // -ngl, several allowed (a row per value, as llama-bench)
  GpuCli gpu;
};

struct Stats {
  double mean = 0, stddev = 0;
  std::vector<double> samples;
};

Stats stats_of(std::vector<double> samples) {
  Stats s;
  for (double v : samples) s.mean += v;
  s.mean /= double(samples.size());
  if (samples.size() > 1) {
    double var = 0;
    for (double v : samples) var += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(var / double(samples.size() - 1));
  }
  s.samples = std::move(samples);
  return s;
}

std::vector<TokenId> random_tokens(int n, int64_t n_vocab, std::mt19937& rng) {
  std::uniform_int_distribution<TokenId> pick(0, TokenId(n_vocab - 1));
  std::vector<TokenId> t(static_cast<size_t>(n));
  for (auto& x : t) x = pick(rng);
  return t;
}

// Seconds for one run of the test: a prompt of n_prompt tokens in batches, then n_gen tokens
// one at a time, from an empty context.
double run_once(Session& s, int n_prompt, int n_gen, std::mt19937& rng) {
  const int64_t n_vocab = s.model().hparams().n_vocab;
  s.reset();
  const auto prompt = random_tokens(n_prompt, n_vocab, rng);
  const auto gen = random_tokens(n_gen, n_vocab, rng);
  const auto t0 = std::chrono::steady_clock::now();
  if (n_prompt > 0) unwrap(s.decode(prompt));
  for (TokenId t : gen) unwrap(s.decode(std::span<const TokenId>(&t, 1)));
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Seconds for n_gen steps of `sessions.size()` streams decoded together (Session::decode_batch,
// what the server does each step), each from a one-token context.
double run_batched(std::vector<std::unique_ptr<Session>>& sessions, int n_gen, std::mt19937& rng) {
  const int64_t n_vocab = sessions.front()->model().hparams().n_vocab;
  std::vector<Session*> ptrs;
  for (auto& s : sessions) {
    s->reset();
    unwrap(s->decode(random_tokens(1, n_vocab, rng)));
    ptrs.push_back(s.get());
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n_gen; ++i) {
    const auto step = random_tokens(int(ptrs.size()), n_vocab, rng);
    unwrap(Session::decode_batch(ptrs, step));
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int bench(const BenchOptions& o) {
  const auto kv = kv_cache_type_from_name(o.kv_type);
  if (!kv) fail(ErrorCode::InvalidArgument, "--cache-type must be f16, q8_0 or f32, not " + o.kv_type);
  if (o.reps < 1) fail(ErrorCode::InvalidArgument, "-r must be at least 1");
  struct Test {
    std::string name;
    int n_prompt, n_gen;
    int streams = 1;
  };
  std::vector<Test> tests;
  for (int p : o.n_prompt)
    if (p > 0) tests.push_back({"pp" + std::to_string(p), p, 0});
  for (int g : o.n_gen)
    for (int st : o.streams)
      if (g > 0 && st > 0)
        tests.push_back({"tg" + std::to_string(g) + (st > 1 ? "x" + std::to_string(st) : ""), 0, g, st});

  nlohmann::ordered_json records = nlohmann::ordered_json::array();
  if (!o.json) {
    std::printf("| %-30s | %10s | %8s | %-10s | %7s | %4s | %10s | %20s |\n", "model", "size", "params", "backend",
                "threads", "ngl", "test", "t/s");
    std::printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", std::string(30, '-').c_str(), std::string(10, '-').c_str(),
                std::string(8, '-').c_str(), std::string(10, '-').c_str(), std::string(7, '-').c_str(),
                std::string(4, '-').c_str(), std::string(10, '-').c_str(), std::string(20, '-').c_str());
    std::fflush(stdout);
  }
  std::mt19937 rng(1234);
  for (const std::string& ngl : o.n_gpu_layers) {
  ModelLoadOptions lo;
  lo.repack_weights = !o.no_repack;
  MemoryRequest shape;
  shape.n_ctx = std::max(16, *std::max_element(o.n_prompt.begin(), o.n_prompt.end()) +
                                 *std::max_element(o.n_gen.begin(), o.n_gen.end()));
  shape.kv_type = *kv;
  shape.n_batch = o.n_batch;
  auto model = load_with_gpu_options(o.model, o.gpu, lo, shape, o.json, &ngl);
  if (!o.json)
    std::fprintf(stderr, "hearth: loaded %s in %.0f ms (%s)\n", o.model.c_str(), model->load_seconds() * 1000,
                 model->weights_repacked() ? "weights repacked" : "weights used in place");
  const std::string name = model->name();
  const double size_gib = double(model->weight_bytes()) / double(1ull << 30);
  const double params_b = double(model->parameter_count()) / 1e9;
  const int gpu_layers = model->placement().layer_count() - model->placement().layers_on(kCpuDevice) +
                         (model->placement().output != kCpuDevice ? 1 : 0);
  const std::string backend = gpu_layers > 0 ? "Vulkan" : "CPU";
  for (int threads : o.threads) {
    for (const Test& t : tests) {
      SessionOptions so;
      so.n_ctx = std::max(t.n_prompt + t.n_gen + 1, 16);  // + the first token of a batched stream
      so.kv_type = *kv;
      so.n_threads = threads;
      so.n_batch = std::max(1, std::min(o.n_batch, std::max(t.n_prompt, 1)));
      so.n_batch = std::max(so.n_batch, t.streams);  // one pass holds a token of every stream
      std::vector<std::unique_ptr<Session>> sessions;
      for (int i = 0; i < t.streams; ++i) sessions.push_back(unwrap(Session::create(model, so)));
      Session* session = sessions.front().get();
      std::vector<double> tps;
      if (t.streams > 1) {
        // Aggregate tokens per second of all streams.
        run_batched(sessions, 1, rng);  // warm-up
        for (int r = 0; r < o.reps; ++r)
          tps.push_back(double(t.n_gen * t.streams) / run_batched(sessions, t.n_gen, rng));
      } else {
        // Warm-up (pages of the mapping, caches, thread start-up), as llama-bench does.
        run_once(*session, t.n_prompt > 0 ? t.n_prompt : 0, t.n_gen > 0 ? 1 : 0, rng);
        for (int r = 0; r < o.reps; ++r) {
          const double secs = run_once(*session, t.n_prompt, t.n_gen, rng);
          tps.push_back(double(t.n_prompt + t.n_gen) / secs);
        }
      }
      const Stats s = stats_of(tps);
      if (o.json) {
        records.push_back({{"model", name},
                           {"model_size", model->weight_bytes()},
                           {"model_n_params", model->parameter_count()},
                           {"backend", backend},
                           {"n_gpu_layers", gpu_layers},
                           {"n_threads", session->n_threads()},
                           {"type_k", o.kv_type},
                           {"repacked", model->weights_repacked()},
                           {"load_ms", model->load_seconds() * 1000},
                           {"n_batch", so.n_batch},
                           {"test", t.name},
                           {"n_prompt", t.n_prompt},
                           {"n_gen", t.n_gen},
                           {"n_streams", t.streams},
                           {"avg_ts", s.mean},
                           {"stddev_ts", s.stddev},
                           {"samples_ts", s.samples}});
      } else {
        char size[32], params[32], ts[48];
        std::snprintf(size, sizeof size, "%.2f GiB", size_gib);
        std::snprintf(params, sizeof params, "%.2f B", params_b);
        std::snprintf(ts, sizeof ts, "%.2f ± %.2f", s.mean, s.stddev);
        std::printf("| %-30s | %10s | %8s | %-10s | %7d | %4d | %10s | %20s |\n", name.substr(0, 30).c_str(), size, params,
                    backend.c_str(), session->n_threads(), gpu_layers, t.name.c_str(), ts);
        std::fflush(stdout);
      }
    }
  }
  }
  if (o.json) std::cout << records.dump(2) << "\n";
  return 0;
}

void register_bench(CLI::App& app, CommandFn& run) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand("bench", "Measure prompt processing and generation speed (like llama-bench)");
  cmd->add_option("-m,--model", o->model, "GGUF model file")->required();
  cmd->add_option("-p,--n-prompt", o->n_prompt, "prompt tokens per pp test (0: skip; several allowed)")->delimiter(',');
  cmd->add_option("-n,--n-gen", o->n_gen, "generated tokens per tg test (0: skip; several allowed)")->delimiter(',');
  cmd->add_option("-t,--threads", o->threads, "threads (0: one per core; several allowed)")->delimiter(',');
  cmd->add_option("-r,--repetitions", o->reps, "repetitions of each test (default 5)");
  cmd->add_option("-b,--batch-size", o->n_batch, "prompt tokens per forward pass (default 512)");
  cmd->add_option("--cache-type,--ctk", o->kv_type, "KV cache type: f16 (default), q8_0, f32");
  cmd->add_flag("--json", o->json, "print the results as JSON");
  cmd->add_flag("--no-repack", o->no_repack, "multiply by the mapped file's rows instead of repacked copies");
  cmd->add_option("--streams", o->streams,
                  "tg tests with S sessions decoded together, aggregate t/s (several allowed: 1,2,4; as the server)")
      ->delimiter(',');
  cmd->add_option("--ngl,--n-gpu-layers", o->n_gpu_layers, "layers on the GPU: N, all or auto (several allowed: 0,11,all)")
      ->delimiter(',');
  add_gpu_options(cmd, o->gpu, /*with_ngl=*/false);
  cmd->callback([&run, o] { run = [o] { return bench(*o); }; });
}

const CommandRegistration kRegistration{"bench", 60, register_bench};

}  // namespace
}  // namespace hearth::cli
