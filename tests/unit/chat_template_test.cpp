// Chat templates rendered for a fixed conversation. Each expected string was derived by reading
// the template by hand (the reasoning is in the comment above it) and then cross-checked with
// Python's jinja2 3.1 configured as transformers renders chat templates (trim_blocks,
// lstrip_blocks, loopcontrols, raise_exception, tojson without HTML escaping).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hearth/chat/chat_template.h"
#include "hearth/io/gguf.h"
#include "hearth/io/hf_folder.h"
#include "hearth/tokenizer/hf_vocab.h"
#include "hearth/tokenizer/tokenizer.h"
#include "test_data.h"

namespace hearth {
namespace {

// The fixed conversation: a system prompt, then user / assistant / user. The Chinese text
// checks that UTF-8 passes through untouched.
const std::vector<ChatMessage> kConversation = {
    {"system", "You are a helpful assistant."},
    {"user", "Hello! 你好"},
    {"assistant", "Hi there. How can I help?"},
    {"user", "What is 2+2?"},
};

std::string template_from_config(const std::string& folder) {
  auto config = read_json_file(test::shared_path("tokenizers/" + folder + "/tokenizer_config.json"));
  if (!config) throw Exception(config.error());
  return (*config)["chat_template"].get<std::string>();
}

std::string render(const std::string& source, const std::string& bos, const std::string& eos = "",
                   bool add_generation_prompt = true, const std::vector<ChatMessage>& messages = kConversation) {
  auto t = ChatTemplate::parse(source);
  if (!t) throw Exception(t.error());
  auto out = t->render(messages, {.add_generation_prompt = add_generation_prompt, .bos_token = bos, .eos_token = eos});
  if (!out) throw Exception(out.error());
  return *out;
}

// Llama 3 (hf-llama3): every message becomes <|start_header_id|>ROLE<|end_header_id|>\n\n,
// the trimmed content and <|eot_id|>; the first one is preceded by bos_token. This template
// then always prints the assistant header (it does not test add_generation_prompt).
TEST(ChatTemplate, Llama3FromTokenizerConfig) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-llama3/tokenizer_config.json");
  const std::string expected =
      "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant.<|eot_id|>"
      "<|start_header_id|>user<|end_header_id|>\n\nHello! 你好<|eot_id|>"
      "<|start_header_id|>assistant<|end_header_id|>\n\nHi there. How can I help?<|eot_id|>"
      "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
      "<|start_header_id|>assistant<|end_header_id|>\n\n";
  const std::string source = template_from_config("hf-llama3");
  EXPECT_EQ(render(source, "<|begin_of_text|>"), expected);
  EXPECT_EQ(render(source, "<|begin_of_text|>", "", false), expected);  // header printed regardless
  EXPECT_EQ(detect_chat_template_family(source), "llama3");
}

// Gemma 3 (hf-gemma3): bos_token, then the system text + "\n\n" is put in front of the first
// user turn (loop_messages skips the system message); assistant turns are named "model"; each
// turn is <start_of_turn>ROLE\n + trimmed content + <end_of_turn>\n; the generation prompt is
// <start_of_turn>model\n. The `-` markers and trim_blocks remove all template indentation.
TEST(ChatTemplate, Gemma3FromTokenizerConfig) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-gemma3/tokenizer_config.json");
  const std::string expected =
      "<bos><start_of_turn>user\nYou are a helpful assistant.\n\nHello! 你好<end_of_turn>\n"
      "<start_of_turn>model\nHi there. How can I help?<end_of_turn>\n"
      "<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n"
      "<start_of_turn>model\n";
  const std::string source = template_from_config("hf-gemma3");
  EXPECT_EQ(render(source, "<bos>"), expected);
  // Without the generation prompt the last line is missing.
  EXPECT_EQ(render(source, "<bos>", "", false), expected.substr(0, expected.size() - std::string("<start_of_turn>model\n").size()));
  // Roles that do not alternate reach raise_exception(); its message is the error.
  const std::vector<ChatMessage> bad = {{"user", "a"}, {"user", "b"}};
  auto t = ChatTemplate::parse(source);
  ASSERT_TRUE(t.ok());
  auto r = t->render(bad, {.bos_token = "<bos>"});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("Conversation roles must alternate"), std::string::npos) << r.error().message;
}

// Qwen3 (hf-qwen3): no tools, so the system message is printed as
// <|im_start|>system\n…<|im_end|>\n; a reversed loop finds the last user query (index 3) with a
// namespace; user turns are ChatML; the assistant turn comes before the last query, so it is
// printed without a <think> block; the generation prompt is <|im_start|>assistant\n.
TEST(ChatTemplate, Qwen3FromTokenizerConfig) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-qwen3/tokenizer_config.json");
  const std::string expected =
      "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
      "<|im_start|>user\nHello! 你好<|im_end|>\n"
      "<|im_start|>assistant\nHi there. How can I help?<|im_end|>\n"
      "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
      "<|im_start|>assistant\n";
  const std::string source = template_from_config("hf-qwen3");
  EXPECT_EQ(render(source, ""), expected);
  EXPECT_EQ(detect_chat_template_family(source), "qwen3");

  // An assistant reply after the last query, holding reasoning: content.split('</think>')
  // separates the reasoning (stripped of newlines) from the answer, and the turn is written
  // with a normalized <think>\n…\n</think>\n\n block.
  const std::vector<ChatMessage> thinking = {
      {"user", "2+2?"},
      {"assistant", "<think>\nAdd them.\n</think>\n\n4"},
  };
  EXPECT_EQ(render(source, "", "", false, thinking),
            "<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n<think>\nAdd them.\n</think>\n\n4<|im_end|>\n");
}

// Phi-3 (the template in ggml-vocab-phi-3.gguf): bos_token, then each user message as
// <|user|>\n…<|end|>\n<|assistant|>\n and each assistant message as …<|end|>\n. This template
// has no branch for the system role, so the system prompt is dropped.
TEST(ChatTemplate, Phi3FromGguf) {
  HEARTH_REQUIRE_SHARED("tokenizers/llama.cpp-vocab/ggml-vocab-phi-3.gguf");
  auto file = GgufFile::open(test::shared_path("tokenizers/llama.cpp-vocab/ggml-vocab-phi-3.gguf"));
  ASSERT_TRUE(file.ok());
  auto tok = Tokenizer::from_gguf(file->metadata());
  ASSERT_TRUE(tok.ok());
  auto t = ChatTemplate::for_model(*tok);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->origin(), "model");
  EXPECT_EQ(t->family(), "phi3");
  auto out = t->render(kConversation, *tok);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out,
            "<s><|user|>\nHello! 你好<|end|>\n<|assistant|>\nHi there. How can I help?<|end|>\n"
            "<|user|>\nWhat is 2+2?<|end|>\n<|assistant|>\n");
}

struct BuiltinCase {
  const char* name;
  const char* expected;  // with bos "<s>" and eos "</s>"
};

// The built-in templates (sources in core/chat/builtin_templates.cpp), same conversation:
const BuiltinCase kBuiltinCases[] = {
    // ChatML: <|im_start|>ROLE\nCONTENT<|im_end|>\n for each message, then the assistant header.
    {"chatml",
     "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello! 你好<|im_end|>\n"
     "<|im_start|>assistant\nHi there. How can I help?<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
     "<|im_start|>assistant\n"},
    // Yi chat models use ChatML.
    {"yi",
     "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello! 你好<|im_end|>\n"
     "<|im_start|>assistant\nHi there. How can I help?<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
     "<|im_start|>assistant\n"},
    // Qwen3 without reasoning in the history prints as ChatML.
    {"qwen3",
     "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello! 你好<|im_end|>\n"
     "<|im_start|>assistant\nHi there. How can I help?<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
     "<|im_start|>assistant\n"},
    // Llama 2: the system prompt goes inside the first [INST] between <<SYS>> markers; each user
    // turn is bos + "[INST] " + stripped text + " [/INST]", each assistant turn " " + text + " " +
    // eos. Llama 2 has no generation prompt (the last [/INST] is it).
    {"llama2",
     "<s>[INST] <<SYS>>\nYou are a helpful assistant.\n<</SYS>>\n\nHello! 你好 [/INST] Hi there. How can I help? "
     "</s><s>[INST] What is 2+2? [/INST]"},
    // Llama 3: as the hf-llama3 case, with bos "<s>".
    {"llama3",
     "<s><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant.<|eot_id|>"
     "<|start_header_id|>user<|end_header_id|>\n\nHello! 你好<|eot_id|><|start_header_id|>assistant<|end_header_id|>"
     "\n\nHi there. How can I help?<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
     "<|start_header_id|>assistant<|end_header_id|>\n\n"},
    // Gemma: as the hf-gemma3 case, with bos "<s>".
    {"gemma",
     "<s><start_of_turn>user\nYou are a helpful assistant.\n\nHello! 你好<end_of_turn>\n<start_of_turn>model\n"
     "Hi there. How can I help?<end_of_turn>\n<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n"},
    // Mistral v1: bos, the system prompt + "\n\n" opens the first " [INST] … [/INST]"; assistant
    // turns are " " + text + eos.
    {"mistral",
     "<s> [INST] You are a helpful assistant.\n\nHello! 你好 [/INST] Hi there. How can I help?</s> [INST] What is "
     "2+2? [/INST]"},
    // Phi-3.5: <|ROLE|>\nCONTENT<|end|>\n for system, user and assistant, then <|assistant|>\n.
    {"phi3",
     "<|system|>\nYou are a helpful assistant.<|end|>\n<|user|>\nHello! 你好<|end|>\n<|assistant|>\n"
     "Hi there. How can I help?<|end|>\n<|user|>\nWhat is 2+2?<|end|>\n<|assistant|>\n"},
    // DeepSeek LLM: bos, system text + "\n\n", "User: …\n\n", "Assistant: …" + eos, and the
    // generation prompt "Assistant:" (no space).
    {"deepseek",
     "<s>You are a helpful assistant.\n\nUser: Hello! 你好\n\nAssistant: Hi there. How can I help?</s>User: What "
     "is 2+2?\n\nAssistant:"},
    // DeepSeek V3 / R1: bos, system text + "\n\n", <｜User｜>text, <｜Assistant｜>text<｜end▁of▁sentence｜>.
    {"deepseek3",
     "<s>You are a helpful assistant.\n\n<｜User｜>Hello! 你好<｜Assistant｜>Hi there. How can I help?"
     "<｜end▁of▁sentence｜><｜User｜>What is 2+2?<｜Assistant｜>"},
};

TEST(ChatTemplate, BuiltinTemplates) {
  for (const BuiltinCase& c : kBuiltinCases) {
    auto t = ChatTemplate::builtin(c.name);
    ASSERT_TRUE(t.ok()) << c.name << ": " << t.error().message;
    auto out = t->render(kConversation, {.add_generation_prompt = true, .bos_token = "<s>", .eos_token = "</s>"});
    ASSERT_TRUE(out.ok()) << c.name << ": " << out.error().message;
    EXPECT_EQ(*out, c.expected) << c.name;
  }
  EXPECT_EQ(builtin_chat_template_names().size(), std::size(kBuiltinCases));
  auto unknown = ChatTemplate::builtin("nope");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("chatml"), std::string::npos);  // lists the known names
}

TEST(ChatTemplate, ModelWithoutTemplateFallsBackToChatml) {
  VocabData vocab;
  auto t = ChatTemplate::for_vocab(vocab);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->origin(), "fallback-chatml");
  EXPECT_EQ(t->family(), "chatml");
  EXPECT_FALSE(t->warnings().empty());
}

TEST(ChatTemplate, UnparsableTemplateFallsBackToItsFamilyOrNamesIt) {
  VocabData vocab;
  // A Llama 3 template with a construct we do not run ({% include %}): recognised by its
  // markers, replaced by the built-in llama3 template.
  vocab.chat_template = "{% include 'x' %}<|start_header_id|>{{ m }}<|end_header_id|>";
  auto t = ChatTemplate::for_vocab(vocab);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->origin(), "fallback-family");
  EXPECT_EQ(t->family(), "llama3");
  ASSERT_FALSE(t->warnings().empty());
  // An unknown family: the error quotes the template's beginning and the problem.
  vocab.chat_template = "{% for m in messages %}{{ m.content }}{% endfor";
  auto bad = ChatTemplate::for_vocab(vocab);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("{% for m in messages %}"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("line 1"), std::string::npos) << bad.error().message;
}

TEST(ChatTemplate, TokenizeChatPromptAvoidsDoubleBos) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-llama3/tokenizer.json");
  auto vocab = vocab_from_tokenizer_folder(test::shared_path("tokenizers/hf-llama3"));
  ASSERT_TRUE(vocab.ok());
  auto tok = Tokenizer::create(std::move(*vocab));
  ASSERT_TRUE(tok.ok());
  auto t = ChatTemplate::for_model(*tok);
  ASSERT_TRUE(t.ok());
  auto prompt = t->render(kConversation, *tok);
  ASSERT_TRUE(prompt.ok());
  const auto ids = tokenize_chat_prompt(*tok, *prompt);
  ASSERT_GE(ids.size(), 3u);
  EXPECT_EQ(ids[0], 128000);  // <|begin_of_text|> once, from the template
  EXPECT_NE(ids[1], 128000);
  EXPECT_EQ(ids[1], *tok->find_token("<|start_header_id|>"));
  EXPECT_EQ(tok->decode(ids, {.render_special = true}), *prompt);
}

}  // namespace
}  // namespace hearth
