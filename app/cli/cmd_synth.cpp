// hearth-cli synth [--like tiny|tinyllama-1.1b|qwen2.5-0.5b|llama-3.2-1b] -o OUT [--type Q4_0 | --hf]
// A model with a real model's shapes and seeded random weights — a GGUF of the given type (F16
// by default; any quantization mix) or, with --hf, a Hugging Face folder — for benchmarks and
// tests without downloading a model. The shape options override the preset's, so tests can make
// small models of any architecture the synthetic writer knows.
#include <cstdio>

#include "cli_common.h"
#include "hearth/base/utf8_path.h"
#include "hearth/model/synthetic_model.h"

namespace hearth::cli {

namespace {

struct SynthOptions {
  std::string like = "tiny";
  std::string output;
  std::string type = "F16";     // GGUF type
  bool hf = false;
  std::string dtype = "bf16";   // safetensors dtype of an HF folder
  int shards = 1;
  int64_t layers = 0;
  uint64_t seed = 1;
  int threads = 0;
  bool tied = false;
  std::string arch;
  int64_t hidden = 0, ffn = 0, heads = 0, kv_heads = 0, vocab = 0;
};

SyntheticHfSpec spec_for(const SynthOptions& o) {
  auto spec = synthetic_hf_preset(o.like);
  if (!spec) {
    std::string names;
    for (const auto& n : synthetic_hf_preset_names()) names += (names.empty() ? "" : ", ") + n;
    fail(ErrorCode::InvalidArgument, "unknown --like " + o.like + " (choose one of: " + names + ")");
  }
  if (o.dtype == "bf16") spec->dtype = SafetensorsDtype::BF16;
  else if (o.dtype == "f16") spec->dtype = SafetensorsDtype::F16;
  else if (o.dtype == "f32") spec->dtype = SafetensorsDtype::F32;
  else fail(ErrorCode::InvalidArgument, "--dtype must be bf16, f16 or f32");
  if (!o.hf && (o.dtype != "bf16" || o.shards != 1)) {
    fail(ErrorCode::InvalidArgument, "--dtype and --shards describe a Hugging Face folder: add --hf");
  }
  if (o.layers > 0) spec->layers = o.layers;
  if (o.tied) spec->tied_embeddings = true;
  if (!o.arch.empty()) spec->architecture = o.arch;
  if (o.hidden > 0) spec->hidden = o.hidden;
  if (o.ffn > 0) spec->ffn = o.ffn;
  if (o.heads > 0) spec->heads = o.heads;
  if (o.kv_heads > 0) spec->kv_heads = o.kv_heads;
  if (o.vocab > 0) spec->vocab = o.vocab;
  spec->shards = o.shards;
  spec->seed = o.seed;
  return *spec;
}

int synth(const SynthOptions& o) {
  SyntheticModelOptions so;
  so.spec = spec_for(o);
  so.output = hearth::utf8_path(o.output);
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
  if (last_percent >= 0) std::fputc('\n', stderr);
  std::printf("wrote %s (%s shapes, %lld layers, %s, seed %llu)\n", o.output.c_str(), o.like.c_str(),
              static_cast<long long>(so.spec.layers), o.hf ? ("Hugging Face folder, " + o.dtype).c_str() : o.type.c_str(),
              static_cast<unsigned long long>(o.seed));
  return 0;
}

void register_synth(CLI::App& app, CommandFn& run) {
  auto o = std::make_shared<SynthOptions>();
  CLI::App* cmd = app.add_subcommand("synth", "Write a model with a real model's shapes and random weights (GGUF or HF)");
  cmd->add_option("--like", o->like, "shapes to copy: tiny (default), tinyllama-1.1b, llama-3.2-1b, qwen2.5-0.5b");
  cmd->add_option("-o,--output", o->output, "the .gguf file (or, with --hf, the folder) to write")->required();
  cmd->add_option("--type", o->type, "GGUF type: F16 (default), F32, BF16, or a quantization such as Q4_0, Q4_K_M, Q8_0");
  cmd->add_flag("--hf", o->hf, "write a Hugging Face folder instead of a GGUF file");
  cmd->add_option("--dtype", o->dtype, "with --hf: safetensors dtype bf16 (default), f16 or f32");
  cmd->add_option("--shards", o->shards, "with --hf: number of safetensors shards (default 1)");
  cmd->add_option("--layers", o->layers, "override the layer count");
  cmd->add_option("--seed", o->seed, "random seed (default 1)");
  cmd->add_option("-t,--threads", o->threads, "quantization threads (0: all)");
  cmd->add_option("--arch", o->arch, "llama or qwen2 (default: the preset's)");
  cmd->add_option("--hidden", o->hidden, "override hidden_size");
  cmd->add_option("--ffn", o->ffn, "override intermediate_size");
  cmd->add_option("--heads", o->heads, "override num_attention_heads");
  cmd->add_option("--kv-heads", o->kv_heads, "override num_key_value_heads");
  cmd->add_option("--vocab", o->vocab, "override vocab_size");
  cmd->add_flag("--tied", o->tied, "tie the output to the token embedding (no lm_head)");
  cmd->callback([&run, o] { run = [o] { return synth(*o); }; });
}

const CommandRegistration kRegistration{"synth", 75, register_synth};

}  // namespace
}  // namespace hearth::cli
