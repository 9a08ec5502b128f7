// Options shared by the commands that generate text (run, chat): model, context, threads,
// sampling — with llama.cpp's names and defaults — and the timing report they print.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "gpu_options.h"
#include "hearth/runtime/session.h"

namespace hearth::cli {

struct GenerationCli {
  std::string model;
  int n_predict = -1;       // -n: tokens to generate, -1 = until end of text or context full
  int n_ctx = 0;            // -c: 0 = the model's, at most 4096
  int n_threads = 0;        // -t
  int n_batch = 512;        // -b
  GpuCli gpu;               // -ngl, --device
  std::string kv_type = "f16";
  bool context_shift = false;
  int n_keep = 0;
  bool ignore_eos = false;
  bool no_repack = false;
  SamplerParams sampling;
  uint64_t seed = kRandomSeed;
  std::vector<std::string> stop_strings;  // --stop, repeatable: generation ends when the text contains one
};

void add_generation_options(CLI::App* cmd, GenerationCli& o);

// Loads the model (reporting on stderr) and opens a session as the options say.
struct LoadedModel {
  std::shared_ptr<const Model> model;
  std::unique_ptr<Session> session;
  const Tokenizer* tokenizer = nullptr;
};
LoadedModel load_for_generation(const GenerationCli& o);

GenerateOptions generate_options(const GenerationCli& o, const Model& model);

// "load time = … ms", prompt and generation speed, like llama.cpp's closing report (stderr).
void print_timings(double load_seconds, const Timings& t);

}  // namespace hearth::cli
