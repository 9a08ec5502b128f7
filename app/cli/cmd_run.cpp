// hearth-cli run -m MODEL -p PROMPT [-n N] [-c CTX] [-t THREADS] [--temp T] …: generates a
// continuation of the prompt, streaming it to stdout, then reports load time and prompt and
// generation speed on stderr (like llama.cpp's llama-cli -no-cnv). Ctrl+C stops generating.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli_common.h"
#include "hearth/base/utf8_path.h"
#include "generation_options.h"
#include "hearth/sampling/stop_strings.h"
#include "hearth/tokenizer/stream_decoder.h"
#include "interrupt.h"

namespace hearth::cli {

namespace {

struct RunOptions {
  GenerationCli gen;
  std::string prompt;
  std::string prompt_file;
  bool no_echo = false;
};

int run(const RunOptions& o) {
  std::string prompt = o.prompt;
  if (!o.prompt_file.empty()) {
    std::ifstream in(hearth::utf8_path(o.prompt_file), std::ios::binary);
    if (!in) fail(ErrorCode::NotFound, o.prompt_file + ": cannot open the prompt file");
    std::stringstream ss;
    ss << in.rdbuf();
    prompt = ss.str();
  }
  LoadedModel l = load_for_generation(o.gen);
  const Tokenizer& tok = *l.tokenizer;
  // As llama-cli: BOS if the model wants it, and special tokens written in the prompt count.
  const std::vector<TokenId> ids = tok.encode(prompt, {.add_special = true, .parse_special = true});
  const GenerateOptions gen = generate_options(o.gen, *l.model);
  Sampler sampler(gen.sampling, l.model->hparams().n_vocab);
  if (gen.sampling.temperature <= 0)
    std::fprintf(stderr, "hearth: prompt %zu tokens; greedy sampling\n\n", ids.size());
  else
    std::fprintf(stderr, "hearth: prompt %zu tokens; sampling %s, seed %llu\n\n", ids.size(),
                 gen.sampling.describe().c_str(), static_cast<unsigned long long>(sampler.seed()));
  if (!o.no_echo) {
    std::fputs(prompt.c_str(), stdout);
    std::fflush(stdout);
  }

  InterruptHandler interrupt;
  interrupt.watch(l.session.get());
  StreamDecoder stream(tok);
  StopStringMatcher stop(o.gen.stop_strings);
  auto result = l.session->generate(ids, sampler, gen, [&](TokenId id) {
    const auto step = stop.push(stream.push(id));
    std::fwrite(step.text.data(), 1, step.text.size(), stdout);
    std::fflush(stdout);
    return !step.stopped;
  });
  interrupt.watch(nullptr);
  if (!stop.stopped()) {
    const auto step = stop.push(stream.flush());
    const std::string tail = step.stopped ? step.text : step.text + stop.flush();
    std::fwrite(tail.data(), 1, tail.size(), stdout);
  }
  std::fputs("\n", stdout);
  std::fflush(stdout);
  const GenerateResult r = unwrap(std::move(result));
  if (r.stop_reason == StopReason::ContextFull) std::fprintf(stderr, "\nhearth: %s\n", r.message.c_str());
  if (r.stop_reason == StopReason::Cancelled) std::fprintf(stderr, "\nhearth: interrupted\n");
  if (stop.stopped()) std::fprintf(stderr, "\nhearth: stopped at a stop string\n");
  print_timings(l.model->load_seconds(), r.timings);
  return r.stop_reason == StopReason::Cancelled ? 1 : 0;
}

void register_run(CLI::App& app, CommandFn& run_fn) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Continue a prompt with a model, streaming the text");
  add_generation_options(cmd, o->gen);
  cmd->add_option("-p,--prompt", o->prompt, "the prompt");
  cmd->add_option("-f,--file", o->prompt_file, "read the prompt from a file");
  cmd->add_flag("--no-echo", o->no_echo, "do not print the prompt before the continuation");
  cmd->callback([&run_fn, o] { run_fn = [o] { return run(*o); }; });
}

const CommandRegistration kRegistration{"run", 40, register_run};

}  // namespace
}  // namespace hearth::cli
