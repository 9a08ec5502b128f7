// hearth-cli template (-m MODEL | --tokenizer-config tokenizer_config.json | --template-file F
//                     [--bos-token T] [--eos-token T]) --messages FILE.json [--add-generation-prompt] [--json]
// Prints the prompt a chat template renders for an OpenAI-style `messages` array, byte for byte
// (no newline added), so Hearth's Jinja interpreter can be compared with other renderers from the
// command line. With --json: {"prompt": …, "template_origin": …} and, when a model gives the
// tokenizer, "tokens" (the ids `tokenize_chat_prompt` makes of it, as run/chat would feed them).
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "hearth/chat/chat_template.h"
#include "hearth/io/gguf.h"
#include "hearth/tokenizer/tokenizer.h"

namespace hearth::cli {

namespace {

struct TemplateOptions {
  std::string model;
  std::string tokenizer_config;
  std::string template_file;
  std::optional<std::string> bos_token;
  std::optional<std::string> eos_token;
  std::string messages;
  bool add_generation_prompt = false;
  bool json = false;
};

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(ErrorCode::NotFound, path + ": cannot open the " + what);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json parse_json(const std::string& path, const char* what) {
  auto j = nlohmann::json::parse(read_file(path, what), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) fail(ErrorCode::Format, path + ": the " + std::string(what) + " is not valid JSON");
  return j;
}

// The OpenAI `messages` array: [{"role": "user", "content": "…"}, …]. Content parts (arrays) are
// refused rather than flattened, because templates treat a list differently from a string.
std::vector<ChatMessage> read_messages(const std::string& path) {
  const nlohmann::json j = parse_json(path, "messages file");
  if (!j.is_array()) fail(ErrorCode::Format, path + ": expected a JSON array of messages");
  std::vector<ChatMessage> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const auto& m = j[i];
    const std::string where = path + ": message " + std::to_string(i);
    if (!m.is_object()) fail(ErrorCode::Format, where + " is not an object");
    if (!m.contains("role") || !m["role"].is_string()) fail(ErrorCode::Format, where + " has no string \"role\"");
    ChatMessage msg;
    msg.role = m["role"].get<std::string>();
    if (m.contains("content") && !m["content"].is_null()) {
      if (!m["content"].is_string())
        fail(ErrorCode::Unsupported, where + ": only string \"content\" is supported (not content parts)");
      msg.content = m["content"].get<std::string>();
    }
    out.push_back(std::move(msg));
  }
  return out;
}

// tokenizer_config.json spells special tokens either as a string or as an AddedToken object
// {"content": "<s>", …}; null means none.
std::string special_token_text(const nlohmann::json& config, const char* key) {
  if (!config.contains(key)) return {};
  const auto& v = config[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.contains("content") && v["content"].is_string()) return v["content"].get<std::string>();
  return {};
}

int run(const TemplateOptions& o) {
  const int sources = !o.model.empty() + !o.tokenizer_config.empty() + !o.template_file.empty();
  if (sources != 1) fail(ErrorCode::InvalidArgument, "give exactly one of -m, --tokenizer-config, --template-file");
  const std::vector<ChatMessage> messages = read_messages(o.messages);

  std::optional<ChatTemplate> tmpl;
  ChatRenderOptions render;
  render.add_generation_prompt = o.add_generation_prompt;
  std::optional<Tokenizer> tokenizer;
  if (!o.model.empty()) {
    const GgufFile file = unwrap(GgufFile::open(o.model));
    auto tok = Tokenizer::from_gguf(file.metadata());
    if (!tok) fail(tok.error().code, o.model + ": " + tok.error().message);
    tokenizer.emplace(std::move(*tok));
    tmpl = unwrap(ChatTemplate::for_model(*tokenizer));
    if (tokenizer->bos() != kNoToken) render.bos_token = std::string(tokenizer->token_text(tokenizer->bos()));
    if (tokenizer->eos() != kNoToken) render.eos_token = std::string(tokenizer->token_text(tokenizer->eos()));
  } else if (!o.tokenizer_config.empty()) {
    const nlohmann::json config = parse_json(o.tokenizer_config, "tokenizer config");
    if (!config.is_object()) fail(ErrorCode::Format, o.tokenizer_config + ": expected a JSON object");
    const auto it = config.find("chat_template");
    if (it == config.end() || !it->is_string())
      fail(ErrorCode::NotFound, o.tokenizer_config + ": has no \"chat_template\" string");
    tmpl = unwrap(ChatTemplate::parse(it->get<std::string>()));
    render.bos_token = special_token_text(config, "bos_token");
    render.eos_token = special_token_text(config, "eos_token");
  } else {
    tmpl = unwrap(ChatTemplate::parse(read_file(o.template_file, "template file")));
  }
  if (o.bos_token) render.bos_token = *o.bos_token;
  if (o.eos_token) render.eos_token = *o.eos_token;
  for (const std::string& w : tmpl->warnings()) std::fprintf(stderr, "hearth-cli: note: %s\n", w.c_str());

  const std::string prompt = unwrap(tmpl->render(messages, render));
  if (!o.json) {
    std::fwrite(prompt.data(), 1, prompt.size(), stdout);
    return 0;
  }
  nlohmann::json out;
  out["prompt"] = prompt;
  out["template_origin"] = tmpl->origin();
  out["template_family"] = tmpl->family();
  if (tokenizer) out["tokens"] = tokenize_chat_prompt(*tokenizer, prompt);
  const std::string text = out.dump(2) + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

void register_template(CLI::App& app, CommandFn& run_fn) {
  auto o = std::make_shared<TemplateOptions>();
  CLI::App* cmd = app.add_subcommand("template", "Render a chat template for a messages file, exactly");
  cmd->add_option("-m,--model", o->model, "GGUF model whose tokenizer.chat_template to use");
  cmd->add_option("--tokenizer-config", o->tokenizer_config, "a Hugging Face tokenizer_config.json");
  cmd->add_option("--template-file", o->template_file, "a Jinja template file");
  cmd->add_option("--bos-token", o->bos_token, "text of {{ bos_token }} (overrides the model's or config's)");
  cmd->add_option("--eos-token", o->eos_token, "text of {{ eos_token }} (overrides the model's or config's)");
  cmd->add_option("--messages", o->messages, "JSON file with an OpenAI `messages` array")->required();
  cmd->add_flag("--add-generation-prompt", o->add_generation_prompt, "end with the assistant's reply header");
  cmd->add_flag("--json", o->json, "print JSON with the prompt (and its token ids when -m is given)");
  cmd->callback([&run_fn, o] { run_fn = [o] { return run(*o); }; });
}

const CommandRegistration kRegistration{"template", 35, register_template};

}  // namespace
}  // namespace hearth::cli
