// hearth-cli perplexity -m MODEL -f TEXT [-c CTX] [--json]: perplexity by llama.cpp's method
// (chunks of CTX tokens, BOS first, the second half of each chunk scored), printing the running
// value after every chunk and the final estimate with its uncertainty.
//   --kl-divergence-base FILE            also save the scored log-probs to FILE (llama.cpp's format)
//   --kl-divergence --kl-divergence-base FILE
//                                        compare MODEL with the log-probs in FILE (its tokens and
//                                        context; -f is not needed) and print llama-perplexity's report
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "gpu_options.h"
#include "hearth/base/utf8_path.h"
#include "hearth/runtime/kl_divergence.h"
#include "hearth/runtime/perplexity.h"
#include "interrupt.h"
#include "kl_divergence_report.h"

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
  std::string kld_base;  // --kl-divergence-base FILE
  bool kld = false;      // --kl-divergence
  GpuCli gpu;
};

std::shared_ptr<const Model> load_model(const PerplexityCli& o) {
  MemoryRequest shape;
  shape.n_ctx = o.n_ctx;
  shape.n_batch = std::min(o.n_batch, o.n_ctx);
  shape.n_logit_rows = shape.n_batch;
  shape.n_threads = o.n_threads;
  const ModelLoadOptions defaults;
  return load_with_gpu_options(o.model, o.gpu, defaults, shape, o.json);
}

int kl_divergence(const PerplexityCli& o) {
  auto model = load_model(o);
  const Tokenizer& tok = *unwrap(model->require_tokenizer());
  KlDivergenceOptions ko;
  ko.n_batch = o.n_batch;
  ko.n_threads = o.n_threads;
  ko.max_chunks = o.chunks;
  ko.bos = tok.adds_bos() ? tok.bos() : -1;
  InterruptHandler interrupt;  // Ctrl+C: stop after the current chunk
  ko.on_chunk = [&](const KlDivergenceProgress& p) {
    if (interrupt.presses() > 0) ko.cancel.cancel();
    if (o.json) return;
    if (p.chunk == 1) {
      std::fprintf(stderr, "kl-divergence: %.2f seconds per chunk, about %.1f minutes in all\n", p.seconds,
                   p.seconds * p.n_chunks / 60.0);
      print_kl_divergence_progress_header(stdout);
    }
    print_kl_divergence_progress(stdout, p);
    std::fflush(stdout);
  };
  const KlDivergenceStats s = unwrap(compute_kl_divergence(model, o.kld_base, ko));
  if (o.json) {
    nlohmann::ordered_json j;
    j["model"] = o.model;
    j["base"] = o.kld_base;
    j.update(kl_divergence_json(s));
    std::cout << j.dump(2) << "\n";
  } else {
    std::printf("\n");
    print_kl_divergence_report(stdout, s);
  }
  return 0;
}

int perplexity(const PerplexityCli& o) {
  if (o.kld) return kl_divergence(o);
  std::ifstream in(hearth::utf8_path(o.file), std::ios::binary);
  if (!in) fail(ErrorCode::NotFound, o.file + ": cannot open the text file");
  std::stringstream ss;
  ss << in.rdbuf();
  auto model = load_model(o);
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
  if (!o.kld_base.empty() && !o.json) std::fprintf(stderr, "perplexity: saving the log-probs to %s\n", o.kld_base.c_str());
  auto result = o.kld_base.empty() ? compute_perplexity(model, tokens, po) : save_base_logits(model, tokens, o.kld_base, po);
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
  CLI::Option* file = cmd->add_option("-f,--file", o->file, "text file (not with --kl-divergence)");
  cmd->add_option("-c,--ctx-size", o->n_ctx, "chunk length in tokens (default 512)");
  cmd->add_option("-b,--batch-size", o->n_batch, "tokens per forward pass (default 512)");
  cmd->add_option("-t,--threads", o->n_threads, "CPU threads (0: one per core)");
  cmd->add_option("--chunks", o->chunks, "score only the first N chunks");
  CLI::Option* base = cmd->add_option("--kl-divergence-base", o->kld_base,
                                      "llama.cpp base-logits file: written from this model, or read with --kl-divergence");
  cmd->add_flag("--kl-divergence", o->kld, "compare the model with the logits in --kl-divergence-base (its text and context)")
      ->needs(base)
      ->excludes(file);
  cmd->add_flag("--json", o->json, "print the result as JSON");
  add_gpu_options(cmd, o->gpu);
  cmd->callback([&run, o] {
    if (!o->kld && o->file.empty()) throw CLI::RequiredError("-f,--file (a text; not needed with --kl-divergence)");
    run = [o] { return perplexity(*o); };
  });
}

const CommandRegistration kRegistration{"perplexity", 50, register_perplexity};

}  // namespace
}  // namespace hearth::cli
