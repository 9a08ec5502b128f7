// hearth-cli perplexity -m MODEL -f TEXT [-c CTX] [--json]: perplexity by llama.cpp's method
// (chunks of CTX tokens, BOS first, the second half of each chunk scored), printing the running
// value after every chunk and the final estimate with its uncertainty.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "hearth/base/utf8_path.h"
#include "hearth/runtime/perplexity.h"
#include "interrupt.h"

namespace hearth::cli {

namespace {

struct PerplexityCli {
  std::string model;
  std::string file;
  int n_ctx = 512;
  int n_batch = 512;
  int n_threads = 0;
  int chunks = -1;
  bool json = false;
};

int perplexity(const PerplexityCli& o) {
  std::ifstream in(hearth::utf8_path(o.file), std::ios::binary);
  if (!in) fail(ErrorCode::NotFound, o.file + ": cannot open the text file");
  std::stringstream ss;
  ss << in.rdbuf();
  auto model = unwrap(Model::load(hearth::utf8_path(o.model)));
  const Tokenizer& tok = *unwrap(model->require_tokenizer());
  const std::vector<TokenId> tokens = tok.encode(ss.str(), {.add_special = true, .parse_special = false});

  PerplexityOptions po;
  po.n_ctx = o.n_ctx;
  po.n_batch = o.n_batch;
  po.n_threads = o.n_threads;
  po.max_chunks = o.chunks;
  po.bos = tok.adds_bos() ? tok.bos() : -1;
  const int n_chunks = int(tokens.size()) / std::max(o.n_ctx, 1);
  if (!o.json)
    std::fprintf(stderr, "perplexity: %zu tokens, %d chunks of %d, scoring the second half of each\n", tokens.size(),
                 o.chunks >= 0 ? std::min(o.chunks, n_chunks) : n_chunks, o.n_ctx);
  InterruptHandler interrupt;  // Ctrl+C: stop after the current chunk
  po.on_chunk = [&](const PerplexityProgress& p) {
    if (interrupt.presses() > 0) po.cancel.cancel();
    if (o.json) return;
    if (p.chunk == 1)
      std::fprintf(stderr, "perplexity: %.2f seconds per chunk, about %.1f minutes in all\n", p.seconds,
                   p.seconds * p.n_chunks / 60.0);
    std::printf("[%d]%.4f,", p.chunk, p.perplexity);
    std::fflush(stdout);
  };
  auto result = compute_perplexity(model, tokens, po);
  const PerplexityResult r = unwrap(std::move(result));
  if (o.json) {
    nlohmann::ordered_json j;
    j["model"] = o.model;
    j["text"] = o.file;
    j["n_ctx"] = o.n_ctx;
    j["tokens"] = tokens.size();
    j["chunks"] = r.n_chunks;
    j["scored_tokens"] = r.scored_tokens;
    j["perplexity"] = r.perplexity;
    j["uncertainty"] = r.uncertainty;
    j["running"] = r.running;
    std::cout << j.dump(2) << "\n";
  } else {
    std::printf("\nFinal estimate: PPL = %.4f +/- %.5f\n", r.perplexity, r.uncertainty);
  }
  return 0;
}

void register_perplexity(CLI::App& app, CommandFn& run) {
  auto o = std::make_shared<PerplexityCli>();
  CLI::App* cmd = app.add_subcommand("perplexity", "Measure a model's perplexity on a text (llama.cpp's method)");
  cmd->add_option("-m,--model", o->model, "GGUF model file")->required();
  cmd->add_option("-f,--file", o->file, "text file")->required();
  cmd->add_option("-c,--ctx-size", o->n_ctx, "chunk length in tokens (default 512)");
  cmd->add_option("-b,--batch-size", o->n_batch, "tokens per forward pass (default 512)");
  cmd->add_option("-t,--threads", o->n_threads, "CPU threads (0: one per core)");
  cmd->add_option("--chunks", o->chunks, "score only the first N chunks");
  cmd->add_flag("--json", o->json, "print the result as JSON");
  cmd->callback([&run, o] { run = [o] { return perplexity(*o); }; });
}

const CommandRegistration kRegistration{"perplexity", 50, register_perplexity};

}  // namespace
}  // namespace hearth::cli
