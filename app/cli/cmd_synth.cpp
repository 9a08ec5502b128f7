// hearth-cli synth --like tinyllama-1.1b|qwen2.5-0.5b|llama-3.2-1b|tiny -o OUT [--type Q4_0]:
// a model with a real model's shapes and seeded random weights — a GGUF of the given type
// (F16 by default; any quantization mix) or, with --hf, a Hugging Face folder — for benchmarks
// and tests without downloading a model.
#include <cstdio>

#include "cli_common.h"
#include "hearth/model/synthetic_model.h"

namespace hearth::cli {

namespace {

struct SynthOptions {
  std::string like = "tiny";
  std::string output;
  std::string type = "F16";
  bool hf = false;
  int64_t layers = 0;
  uint64_t seed = 1;
  int threads = 0;
};

int synth(const SynthOptions& o) {
  auto spec = synthetic_hf_preset(o.like);
  if (!spec) {
    std::string names;
    for (const auto& n : synthetic_hf_preset_names()) names += (names.empty() ? "" : ", ") + n;
    fail(ErrorCode::InvalidArgument, "unknown --like " + o.like + " (choose one of: " + names + ")");
  }
  if (o.layers > 0) spec->layers = o.layers;
  spec->seed = o.seed;
  SyntheticModelOptions so;
  so.spec = *spec;
  so.output = o.output;
  so.gguf = !o.hf;
  so.type = o.type;
  so.threads = o.threads;
  so.name = "synthetic " + o.like;
  // Three stages report in turn (weights, conversion, quantization): one line each.
  int last_percent = -1;
  auto progress = [&](const ProgressInfo& p) {
    if (p.bytes_total == 0) return;
    const int percent = int(p.bytes_done * 100 / p.bytes_total);
    if (percent < last_percent) std::fputc('\n', stderr);
    if (percent != last_percent) std::fprintf(stderr, "\r%3d%%", percent);
    last_percent = percent;
  };
  unwrap(write_synthetic_model(so, progress));
  std::fputc('\n', stderr);
  std::printf("wrote %s (%s shapes, %lld layers, %s, seed %llu)\n", o.output.c_str(), o.like.c_str(),
              static_cast<long long>(spec->layers), o.hf ? "Hugging Face folder" : o.type.c_str(),
              static_cast<unsigned long long>(o.seed));
  return 0;
}

void register_synth(CLI::App& app, CommandFn& run) {
  auto o = std::make_shared<SynthOptions>();
  CLI::App* cmd = app.add_subcommand("synth", "Write a model with a real model's shapes and random weights (GGUF or HF)");
  cmd->add_option("--like", o->like, "shapes to copy: tiny, tinyllama-1.1b, llama-3.2-1b, qwen2.5-0.5b")->required();
  cmd->add_option("-o,--output", o->output, "the .gguf file (or, with --hf, the folder) to write")->required();
  cmd->add_option("--type", o->type, "GGUF type: F16 (default), F32, BF16, or a quantization such as Q4_0, Q4_K_M, Q8_0");
  cmd->add_flag("--hf", o->hf, "write a Hugging Face folder instead of a GGUF file");
  cmd->add_option("--layers", o->layers, "override the layer count");
  cmd->add_option("--seed", o->seed, "random seed (default 1)");
  cmd->add_option("-t,--threads", o->threads, "quantization threads (0: all)");
  cmd->callback([&run, o] { run = [o] { return synth(*o); }; });
}

const CommandRegistration kRegistration{"synth", 75, register_synth};

}  // namespace
}  // namespace hearth::cli
