// hearth-cli chat -m MODEL [--system TEXT]: an interactive conversation using the model's chat
// template. Each turn feeds only the new part of the rendered conversation (the KV cache keeps
// the rest); replies stream as they are generated. Ctrl+C stops the current answer, a second
// Ctrl+C (or one at the prompt) quits; /clear starts over, /exit quits.
#include <cstdio>
#include <iostream>
#include <string>

#include "cli_common.h"
#include "console.h"
#include "generation_options.h"
#include "hearth/chat/chat_template.h"
#include "hearth/sampling/stop_strings.h"
#include "hearth/tokenizer/stream_decoder.h"
#include "interrupt.h"

namespace hearth::cli {

namespace {

struct ChatCli {
  GenerationCli gen;
  std::string system;
  std::string template_name;
};

class Conversation {
 public:
  Conversation(LoadedModel& l, ChatTemplate tmpl, std::string system)
      : l_(l), tmpl_(std::move(tmpl)), system_(std::move(system)) {
    reset();
  }

  void reset() {
    l_.session->reset();
    messages_.clear();
    if (!system_.empty()) messages_.push_back({"system", system_});
    fed_text_.clear();
  }

  // The tokens to feed for a new user message: the part of the rendered conversation that is
  // not in the context yet.
  std::vector<TokenId> add_user(const std::string& text) {
    messages_.push_back({"user", text});
    const std::string full = unwrap(tmpl_.render(messages_, *l_.tokenizer, true));
    if (l_.session->n_past() > 0 && full.compare(0, fed_text_.size(), fed_text_) == 0) {
      const std::string delta = full.substr(fed_text_.size());
      fed_text_ = full;
      return l_.tokenizer->encode(delta, {.add_special = false, .parse_special = true});
    }
    // First turn, or the template rewrote earlier turns (e.g. trimmed a reply): start over.
    l_.session->reset();
    fed_text_ = full;
    return tokenize_chat_prompt(*l_.tokenizer, full);
  }

  void add_reply(const std::string& text, const std::string& fed) {
    messages_.push_back({"assistant", text});
    fed_text_ += fed;
  }

 private:
  LoadedModel& l_;
  ChatTemplate tmpl_;
  std::string system_;
  std::vector<ChatMessage> messages_;
  std::string fed_text_;  // the text whose tokens are in the context
};

int chat(const ChatCli& o) {
  LoadedModel l = load_for_generation(o.gen);
  const Tokenizer& tok = *l.tokenizer;
  ChatTemplate tmpl = o.template_name.empty() ? unwrap(ChatTemplate::for_model(tok))
                                              : unwrap(ChatTemplate::builtin(o.template_name));
  for (const auto& w : tmpl.warnings()) std::fprintf(stderr, "hearth: note: %s\n", w.c_str());
  std::fprintf(stderr, "hearth: chat template: %s (%s). Ctrl+C stops an answer, twice quits; /clear, /exit.\n\n",
               tmpl.family().c_str(), tmpl.origin().c_str());
  GenerateOptions gen = generate_options(o.gen, *l.model);
  if (gen.stop_tokens.empty()) fail(ErrorCode::Unsupported, "the model's tokenizer names no end-of-turn token");
  Sampler sampler(gen.sampling, l.model->hparams().n_vocab);
  Conversation conv(l, std::move(tmpl), o.system);
  InterruptHandler interrupt;

  for (;;) {
    std::fputs("> ", stdout);
    std::fflush(stdout);
    const int presses_before = interrupt.presses();
    std::string line;
    if (!read_line_utf8(line)) {
      if (interrupt.presses() > presses_before || std::cin.eof()) break;
      std::cin.clear();
      continue;
    }
    if (line == "/exit" || line == "/quit") break;
    if (line == "/clear") {
      conv.reset();
      sampler.reset();
      std::fputs("(conversation cleared)\n", stdout);
      continue;
    }
    if (line.empty()) continue;

    const std::vector<TokenId> prompt = conv.add_user(line);
    StreamDecoder stream(tok);
    StopStringMatcher stop(o.gen.stop_strings);
    std::string reply;
    interrupt.watch(l.session.get());
    const int presses_at_start = interrupt.presses();
    auto result = l.session->generate(prompt, sampler, gen, [&](TokenId id) {
      const auto step = stop.push(stream.push(id));
      reply += step.text;
      std::fwrite(step.text.data(), 1, step.text.size(), stdout);
      std::fflush(stdout);
      return !step.stopped;
    });
    interrupt.watch(nullptr);
    std::string tail;
    if (!stop.stopped()) {
      const auto step = stop.push(stream.flush());
      tail = step.stopped ? step.text : step.text + stop.flush();
    }
    reply += tail;
    std::fwrite(tail.data(), 1, tail.size(), stdout);
    std::fputs("\n", stdout);
    const GenerateResult r = unwrap(std::move(result));
    // What went into the context: the reply's tokens, and the end-of-turn token when sampled.
    std::string fed = tok.decode(r.tokens, {.render_special = true, .strip_leading_space = false});
    if (r.stop_reason == StopReason::EndOfGeneration) fed += std::string(tok.token_piece(l.session->tokens().back(), true));
    conv.add_reply(reply, fed);
    if (r.stop_reason == StopReason::ContextFull) std::fprintf(stderr, "hearth: %s\n", r.message.c_str());
    if (r.stop_reason == StopReason::Cancelled && interrupt.presses() - presses_at_start >= 2) break;
  }
  std::fputs("\n", stdout);
  print_timings(l.model->load_seconds(), l.session->timings());
  return 0;
}

void register_chat(CLI::App& app, CommandFn& run) {
  auto o = std::make_shared<ChatCli>();
  CLI::App* cmd = app.add_subcommand("chat", "Talk with a model interactively, using its chat template");
  add_generation_options(cmd, o->gen);
  cmd->add_option("--system", o->system, "system prompt");
  cmd->add_option("--chat-template", o->template_name,
                  "use a built-in template instead of the model's: chatml, llama2, llama3, gemma, mistral, qwen3, …");
  cmd->callback([&run, o] { run = [o] { return chat(*o); }; });
}

const CommandRegistration kRegistration{"chat", 45, register_chat};

}  // namespace
}  // namespace hearth::cli
