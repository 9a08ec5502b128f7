// Chat templates: turning a conversation into the exact text a model was fine-tuned on.
//
// Hearth runs the model's own template (tokenizer.chat_template, a Jinja template) with a small,
// safe Jinja interpreter — the subset Hugging Face chat templates use: if/for/set/macro,
// namespace(), filters such as trim/tojson/length, string methods, loop.*, whitespace control
// with trim_blocks and lstrip_blocks as transformers renders them. Loops only walk finite lists,
// and step, output and recursion limits stop a hostile template with an error.
//
// Models without a template get ChatML. A template the interpreter cannot parse falls back to
// the built-in template of the family it recognisably belongs to (Llama 3, Gemma, …); one it
// cannot place gives an error that quotes its beginning.
//
//   auto tmpl = ChatTemplate::for_model(tokenizer);
//   auto prompt = tmpl->render(messages, {.add_generation_prompt = true,
//                                         .bos_token = "<s>", .eos_token = "</s>"});
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/tokenizer/vocab.h"

namespace hearth {

class Tokenizer;

struct ChatMessage {
  std::string role;     // "system", "user" or "assistant"
  std::string content;
};

struct ChatRenderOptions {
  bool add_generation_prompt = true;  // end with the header of the assistant's next reply
  std::string bos_token;              // texts the template may print ({{ bos_token }})
  std::string eos_token;
};

class ChatTemplate {
 public:
  // Parses template text; errors name the line and the problem.
  static Result<ChatTemplate> parse(std::string source);
  // A built-in template by name: chatml, qwen3, llama2, llama3, gemma, mistral, phi3, deepseek,
  // deepseek3, yi. Unknown names list the known ones.
  static Result<ChatTemplate> builtin(std::string_view name);
  // The template a vocabulary carries (tokenizer.chat_template), ChatML when it has none, or the
  // family's built-in when its own does not parse here (warnings() says so).
  static Result<ChatTemplate> for_vocab(const VocabData& vocab);
  static Result<ChatTemplate> for_model(const Tokenizer& tokenizer);

  Result<std::string> render(std::span<const ChatMessage> messages, const ChatRenderOptions& options) const;
  // The same, with BOS/EOS texts taken from the tokenizer.
  Result<std::string> render(std::span<const ChatMessage> messages, const Tokenizer& tokenizer,
                             bool add_generation_prompt = true) const;

  const std::string& source() const;
  // The family the template looks like ("chatml", "llama3", "gemma", … or "custom").
  const std::string& family() const;
  // "model", "builtin" (asked for by name), "fallback-chatml" (model had none) or
  // "fallback-family" (the model's did not parse; its family's built-in is used).
  const std::string& origin() const;
  const std::vector<std::string>& warnings() const;

  struct Impl;

 private:
  std::shared_ptr<const Impl> impl_;
};

std::vector<std::string_view> builtin_chat_template_names();
// Recognises a template's family by the markers it prints; "custom" when none matches.
std::string detect_chat_template_family(std::string_view source);

// Tokens of a rendered chat prompt: control tokens in it are parsed, and BOS is added only when
// the model wants one and the template did not already print it (no double BOS).
std::vector<TokenId> tokenize_chat_prompt(const Tokenizer& tokenizer, std::string_view rendered);

}  // namespace hearth
