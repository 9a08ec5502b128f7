#include "generation_options.h"
#include "hearth/base/utf8_path.h"

#include <cstdio>

#include "cli_common.h"

namespace hearth::cli {

void add_generation_options(CLI::App* cmd, GenerationCli& o) {
  cmd->add_option("-m,--model", o.model, "GGUF model file")->required();
  cmd->add_option("-n,--n-predict", o.n_predict, "tokens to generate (-1: until the end of the text or a full context)");
  cmd->add_option("-c,--ctx-size", o.n_ctx, "context size in tokens (0: the model's, at most 4096)");
  cmd->add_option("-t,--threads", o.n_threads, "CPU threads (0: one per core)");
  cmd->add_option("-b,--batch-size", o.n_batch, "prompt tokens per forward pass");
  add_gpu_options(cmd, o.gpu);
  cmd->add_option("--cache-type,--ctk", o.kv_type, "KV cache type: f16 (default), q8_0");
  cmd->add_flag("--context-shift", o.context_shift,
                "when the context is full, drop the older half (after --keep tokens) instead of stopping");
  cmd->add_option("--keep", o.n_keep, "tokens of the prompt kept at a context shift (BOS is always kept)");
  cmd->add_flag("--ignore-eos", o.ignore_eos, "keep generating after the end-of-text token");
  cmd->add_flag("--no-repack", o.no_repack, "multiply by the mapped file's rows instead of repacked copies");
  cmd->add_option("--temp", o.sampling.temperature, "temperature (0: greedy)")->capture_default_str();
  cmd->add_option("--top-k", o.sampling.top_k, "top-k (0: off)")->capture_default_str();
  cmd->add_option("--top-p", o.sampling.top_p, "top-p (1: off)")->capture_default_str();
  cmd->add_option("--min-p", o.sampling.min_p, "min-p (0: off)")->capture_default_str();
  cmd->add_option("--repeat-penalty", o.sampling.repeat_penalty, "repetition penalty (1: off)")->capture_default_str();
  cmd->add_option("--repeat-last-n", o.sampling.repeat_last_n, "tokens the penalty looks back at (-1: all)")
      ->capture_default_str();
  cmd->add_option("--frequency-penalty", o.sampling.frequency_penalty, "per occurrence in the window")->capture_default_str();
  cmd->add_option("--presence-penalty", o.sampling.presence_penalty, "once per token in the window")->capture_default_str();
  cmd->add_option("--stop,-r,--reverse-prompt", o.stop_strings,
                  "stop when the generated text contains TEXT (repeatable; the stop text is not printed)")
      ->allow_extra_args(false);
  cmd->add_option("-s,--seed", o.seed, "random seed (default: from the clock)");
}

LoadedModel load_for_generation(const GenerationCli& o) {
  const auto kv = kv_cache_type_from_name(o.kv_type);
  if (!kv) fail(ErrorCode::InvalidArgument, "--cache-type must be f16 or q8_0, not " + o.kv_type);
  LoadedModel l;
  ModelLoadOptions lo;
  lo.repack_weights = !o.no_repack;
  MemoryRequest shape;
  shape.n_ctx = o.n_ctx;
  shape.kv_type = *kv;
  shape.n_batch = o.n_batch;
  shape.n_threads = o.n_threads;
  l.model = load_with_gpu_options(o.model, o.gpu, lo, shape);
  l.tokenizer = unwrap(l.model->require_tokenizer());
  SessionOptions so;
  so.n_ctx = o.n_ctx;
  so.kv_type = *kv;
  so.n_threads = o.n_threads;
  so.n_batch = o.n_batch;
  so.on_context_full = o.context_shift ? ContextFullPolicy::Shift : ContextFullPolicy::Stop;
  so.n_keep = o.n_keep;
  l.session = unwrap(Session::create(l.model, so));
  std::fprintf(stderr, "hearth: loaded %s (%s, %s parameters, %s) in %.0f ms; context %d, %d threads\n",
               l.model->name().c_str(), l.model->architecture().c_str(), human_count(l.model->parameter_count()).c_str(),
               human_bytes(l.model->weight_bytes()).c_str(), l.model->load_seconds() * 1000, l.session->n_ctx(),
               l.session->n_threads());
  return l;
}

GenerateOptions generate_options(const GenerationCli& o, const Model& model) {
  GenerateOptions g;
  g.max_tokens = o.n_predict;
  g.sampling = o.sampling;
  g.sampling.seed = o.seed;
  if (!o.ignore_eos) g.stop_tokens = model.end_of_generation_tokens();
  return g;
}

void print_timings(double load_seconds, const Timings& t) {
  auto line = [](const char* what, double seconds, int n, const char* unit) {
    const double ms = seconds * 1000;
    std::fprintf(stderr, "hearth: %-16s = %10.2f ms / %5d %-6s (%8.2f ms per token, %8.2f tokens per second)\n", what, ms, n,
                 unit, n ? ms / n : 0.0, seconds > 0 ? n / seconds : 0.0);
  };
  std::fprintf(stderr, "\nhearth: %-16s = %10.2f ms\n", "load time", load_seconds * 1000);
  line("prompt eval time", t.prompt_seconds, t.prompt_tokens, "tokens");
  line("eval time", t.generation_seconds, t.generated_tokens, "runs");
  std::fprintf(stderr, "hearth: %-16s = %10.2f ms / %5d tokens\n", "total time",
               (load_seconds + t.prompt_seconds + t.generation_seconds) * 1000, t.prompt_tokens + t.generated_tokens);
}

}  // namespace hearth::cli
