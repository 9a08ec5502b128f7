#include "hearth/chat/chat_template.h"

#include "chat/builtin_templates.h"
#include "chat/jinja_interpreter.h"
#include "hearth/tokenizer/tokenizer.h"

namespace hearth {

struct ChatTemplate::Impl {
  std::string source;
  jinja::Body body;
  std::string family;
  std::string origin;
  std::vector<std::string> warnings;
};

namespace {

// The first line (or 60 characters) of a template, for messages.
std::string opening(std::string_view source) {
  std::string s(source.substr(0, std::min<size_t>(source.size(), 60)));
  if (const size_t nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return "\"" + s + (source.size() > s.size() ? "…\"" : "\"");
}

std::shared_ptr<ChatTemplate::Impl> compile(std::string source, std::string origin) {
  auto impl = std::make_shared<ChatTemplate::Impl>();
  impl->body = jinja::parse_template(source);  // throws jinja::TemplateError
  impl->family = chat_detail::detect_family(source);
  impl->source = std::move(source);
  impl->origin = std::move(origin);
  return impl;
}

}  // namespace

Result<ChatTemplate> ChatTemplate::parse(std::string source) {
  try {
    ChatTemplate t;
    t.impl_ = compile(std::move(source), "model");
    return t;
  } catch (const jinja::TemplateError& e) {
    return Error{ErrorCode::Format, std::string("chat template: ") + e.what()};
  }
}

Result<ChatTemplate> ChatTemplate::builtin(std::string_view name) {
  const auto* b = chat_detail::find_builtin_template(name);
  if (!b) {
    std::string known;
    for (auto n : builtin_chat_template_names()) known += (known.empty() ? "" : ", ") + std::string(n);
    return Error{ErrorCode::InvalidArgument, "unknown chat template \"" + std::string(name) + "\"; built-in: " + known};
  }
  ChatTemplate t;
  t.impl_ = compile(std::string(b->source), "builtin");
  auto impl = std::const_pointer_cast<Impl>(t.impl_);
  impl->family = std::string(b->name);
  return t;
}

Result<ChatTemplate> ChatTemplate::for_vocab(const VocabData& vocab) {
  if (!vocab.chat_template || vocab.chat_template->empty()) {
    auto t = builtin("chatml");
    if (!t) return t;
    auto impl = std::const_pointer_cast<Impl>(t->impl_);
    impl->origin = "fallback-chatml";
    impl->warnings.push_back("the model has no chat template; using ChatML");
    return t;
  }
  try {
    ChatTemplate t;
    t.impl_ = compile(*vocab.chat_template, "model");
    return t;
  } catch (const jinja::TemplateError& e) {
    const std::string family = chat_detail::detect_family(*vocab.chat_template);
    if (chat_detail::find_builtin_template(family)) {
      auto t = builtin(family);
      if (!t) return t;
      auto impl = std::const_pointer_cast<Impl>(t->impl_);
      impl->origin = "fallback-family";
      impl->warnings.push_back("the model's chat template uses something Hearth's template engine does not support (" +
                               std::string(e.what()) + "); using the built-in " + family + " template instead");
      return t;
    }
    return Error{ErrorCode::Unsupported, "the model's chat template (" + opening(*vocab.chat_template) +
                                             ", family not recognised) cannot be used: " + e.what() +
                                             ". Choose a built-in template instead (chatml, llama3, gemma, …)"};
  }
}

Result<ChatTemplate> ChatTemplate::for_model(const Tokenizer& tokenizer) { return for_vocab(tokenizer.vocab()); }

Result<std::string> ChatTemplate::render(std::span<const ChatMessage> messages, const ChatRenderOptions& options) const {
  jinja::ValueList list;
  for (const ChatMessage& m : messages) {
    jinja::ValueDict d;
    d.set("role", jinja::Value(m.role));
    d.set("content", jinja::Value(m.content));
    list.emplace_back(std::move(d));
  }
  jinja::ValueDict globals;
  globals.set("messages", jinja::Value(std::move(list)));
  globals.set("add_generation_prompt", jinja::Value(options.add_generation_prompt));
  globals.set("bos_token", jinja::Value(options.bos_token));
  globals.set("eos_token", jinja::Value(options.eos_token));
  try {
    return jinja::render(impl_->body, globals);
  } catch (const jinja::TemplateError& e) {
    return Error{ErrorCode::InvalidArgument, "chat template (" + impl_->family + "), " + e.what()};
  }
}

Result<std::string> ChatTemplate::render(std::span<const ChatMessage> messages, const Tokenizer& tokenizer,
                                         bool add_generation_prompt) const {
  ChatRenderOptions options;
  options.add_generation_prompt = add_generation_prompt;
  if (tokenizer.bos() != kNoToken) options.bos_token = std::string(tokenizer.token_text(tokenizer.bos()));
  if (tokenizer.eos() != kNoToken) options.eos_token = std::string(tokenizer.token_text(tokenizer.eos()));
  return render(messages, options);
}

const std::string& ChatTemplate::source() const { return impl_->source; }
const std::string& ChatTemplate::family() const { return impl_->family; }
const std::string& ChatTemplate::origin() const { return impl_->origin; }
const std::vector<std::string>& ChatTemplate::warnings() const { return impl_->warnings; }

std::vector<std::string_view> builtin_chat_template_names() {
  std::vector<std::string_view> names;
  for (const auto& b : chat_detail::builtin_templates()) names.push_back(b.name);
  return names;
}

std::string detect_chat_template_family(std::string_view source) { return chat_detail::detect_family(source); }

std::vector<TokenId> tokenize_chat_prompt(const Tokenizer& tokenizer, std::string_view rendered) {
  // Templates often print {{ bos_token }} themselves; then the tokenizer must not add another.
  bool template_has_bos = false;
  if (tokenizer.bos() != kNoToken) {
    const std::string_view bos = tokenizer.token_text(tokenizer.bos());
    template_has_bos = !bos.empty() && rendered.substr(0, bos.size()) == bos;
  }
  return tokenizer.encode(rendered, {.add_special = !template_has_bos, .parse_special = true});
}

}  // namespace hearth
