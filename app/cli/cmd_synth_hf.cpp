// hearth-cli synth-hf --like PRESET -o FOLDER [--dtype bf16|f16|f32] [--layers N] [--shards N] [--seed S]
// Writes a Hugging Face model folder with a real model's shapes and deterministic random weights
// (for benchmarks and tests of convert / quantize without downloading a model).
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "hearth/convert/synthetic_hf.h"

namespace hearth::cli {

namespace {

struct SynthCliOptions {
  std::string like = "tiny";
  std::string output;
  std::string dtype = "bf16";
  int64_t layers = 0;
  int shards = 1;
  uint64_t seed = 1;
  bool tied = false;
  std::string arch;
  int64_t hidden = 0, ffn = 0, heads = 0, kv_heads = 0, vocab = 0;
};

int run_synth(const SynthCliOptions& o) {
  auto spec = synthetic_hf_preset(o.like);
  if (!spec) {
    std::string names;
    for (const auto& n : synthetic_hf_preset_names()) names += (names.empty() ? "" : ", ") + n;
    fail(ErrorCode::InvalidArgument, "unknown preset " + o.like + " (choose one of: " + names + ")");
  }
  if (o.dtype == "bf16") spec->dtype = SafetensorsDtype::BF16;
  else if (o.dtype == "f16") spec->dtype = SafetensorsDtype::F16;
  else if (o.dtype == "f32") spec->dtype = SafetensorsDtype::F32;
  else fail(ErrorCode::InvalidArgument, "--dtype must be bf16, f16 or f32");
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
  unwrap(write_synthetic_hf_folder(*spec, o.output));
  std::printf("wrote %s (%s shapes, %lld layers, %s)\n", o.output.c_str(), o.like.c_str(),
              static_cast<long long>(spec->layers), o.dtype.c_str());
  return 0;
}

void register_synth(CLI::App& app, CommandFn& run) {
  auto opts = std::make_shared<SynthCliOptions>();
  auto* cmd = app.add_subcommand("synth-hf", "Write a Hugging Face model folder with real shapes and random weights");
  cmd->add_option("--like", opts->like, "shapes to copy: tiny, tinyllama-1.1b, llama-3.2-1b, qwen2.5-0.5b");
  cmd->add_option("-o,--output", opts->output, "folder to write")->required();
  cmd->add_option("--dtype", opts->dtype, "bf16 (default), f16 or f32");
  cmd->add_option("--layers", opts->layers, "override the layer count");
  cmd->add_option("--shards", opts->shards, "number of safetensors shards (default 1)");
  cmd->add_option("--seed", opts->seed, "random seed (default 1)");
  cmd->add_option("--arch", opts->arch, "llama or qwen2 (default: the preset's)");
  cmd->add_option("--hidden", opts->hidden, "override hidden_size");
  cmd->add_option("--ffn", opts->ffn, "override intermediate_size");
  cmd->add_option("--heads", opts->heads, "override num_attention_heads");
  cmd->add_option("--kv-heads", opts->kv_heads, "override num_key_value_heads");
  cmd->add_option("--vocab", opts->vocab, "override vocab_size");
  cmd->add_flag("--tied", opts->tied, "tie the output to the token embedding (no lm_head)");
  cmd->callback([opts, &run] { run = [opts] { return run_synth(*opts); }; });
}

const CommandRegistration kRegistration{"synth-hf", 90, register_synth};

}  // namespace

}  // namespace hearth::cli
