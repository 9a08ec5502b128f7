// `hearth-cli template` against the published chat formats. The expected prompts are written by
// hand from the template texts in the Hugging Face tokenizer_config.json files (../shared/
// tokenizers/hf-*, as published) and the formats their model cards document — Llama 3's header
// format, Qwen's ChatML with Qwen3's empty <think> block for a final assistant turn, Gemma's
// <start_of_turn> turns with the system prompt folded into the first user turn — never from
// Hearth's own output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "test_data.h"

namespace hearth {
namespace {

namespace fs = std::filesystem;
using test::run_cli;

// user content with surrounding spaces: Llama 3 and Gemma trim it, Qwen does not.
const char* kConversation = R"([
  {"role": "system", "content": "You are terse."},
  {"role": "user", "content": " Hi there "},
  {"role": "assistant", "content": "Hello."},
  {"role": "user", "content": "Bye"}
])";

class TemplateCli : public ::testing::Test {
 protected:
  fs::path dir_ = fs::temp_directory_path() / ("hearth-template-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  static std::string config(const char* family) {
    return test::shared_path(std::string("tokenizers/hf-") + family + "/tokenizer_config.json").string();
  }
};

TEST_F(TemplateCli, Llama3HeaderFormat) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-llama3/tokenizer_config.json");
  const auto r = run_cli({"template", "--tokenizer-config", config("llama3"), "--messages",
                          write("m.json", kConversation), "--add-generation-prompt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>"
            "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
            "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\n");
}

TEST_F(TemplateCli, Qwen3ChatMl) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-qwen3/tokenizer_config.json");
  const std::string messages = write("m.json", kConversation);
  auto r = run_cli({"template", "--tokenizer-config", config("qwen3"), "--messages", messages, "--add-generation-prompt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\n Hi there <|im_end|>\n"
            "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n");
  // Without the flag the prompt ends after the last turn.
  r = run_cli({"template", "--tokenizer-config", config("qwen3"), "--messages", messages});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.ends_with("<|im_start|>user\nBye<|im_end|>\n")) << r.out;
  // An assistant turn after the last user query gets Qwen3's (empty) think block.
  r = run_cli({"template", "--tokenizer-config", config("qwen3"), "--messages",
               write("a.json", R"([{"role":"user","content":"Q"},{"role":"assistant","content":"Sure"}])")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nSure<|im_end|>\n");
}

TEST_F(TemplateCli, Gemma3FoldsSystemIntoFirstTurn) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-gemma3/tokenizer_config.json");
  auto r = run_cli({"template", "--tokenizer-config", config("gemma3"), "--messages", write("m.json", kConversation),
                    "--add-generation-prompt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "<bos><start_of_turn>user\nYou are terse.\n\nHi there<end_of_turn>\n"
            "<start_of_turn>model\nHello.<end_of_turn>\n<start_of_turn>user\nBye<end_of_turn>\n"
            "<start_of_turn>model\n");
  // The template's own raise_exception for roles that do not alternate is an error, not output.
  r = run_cli({"template", "--tokenizer-config", config("gemma3"), "--messages",
               write("bad.json", R"([{"role":"user","content":"a"},{"role":"user","content":"b"}])")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("alternate"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(TemplateCli, TemplateFileWithTokenOverrides) {
  const std::string tmpl = write("t.jinja",
                                 "{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{{ eos_token }}"
                                 "{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}");
  const auto r = run_cli({"template", "--template-file", tmpl, "--bos-token", "<B>", "--eos-token", "<E>", "--messages",
                          write("m.json", R"([{"role":"user","content":"x\ny"}])"), "--add-generation-prompt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "<B>[user]x\ny<E>[assistant]");  // exactly: no newline added
}

TEST_F(TemplateCli, ModelWithoutTemplateUsesChatMlAndJsonHasTokens) {
  const char* kStories = "models/stories260K-reference-gguf/stories260K-f32.gguf";
  HEARTH_REQUIRE_SHARED(kStories);
  const auto r = run_cli({"template", "-m", test::shared_path(kStories).string(), "--messages",
                          write("m.json", R"([{"role":"user","content":"Hi"}])"), "--add-generation-prompt", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["prompt"], "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
  EXPECT_EQ(j["template_origin"], "fallback-chatml");
  ASSERT_TRUE(j["tokens"].is_array());
  EXPECT_EQ(j["tokens"][0], 1);  // stories260K adds BOS (id 1) and ChatML printed none
}

TEST_F(TemplateCli, BadInputIsAClearError) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-llama2/tokenizer_config.json");
  const std::string messages = write("m.json", kConversation);
  auto r = run_cli({"template", "--tokenizer-config", config("llama2"), "--messages", messages});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("chat_template"), std::string::npos) << r.err;  // hf-llama2 ships none
  r = run_cli({"template", "--tokenizer-config", config("qwen3"), "--messages", write("x.json", "{\"role\": 1}")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("array"), std::string::npos) << r.err;
  r = run_cli({"template", "--tokenizer-config", config("qwen3"), "--messages",
               write("p.json", R"([{"role":"user","content":[{"type":"text","text":"x"}]}])")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("content parts"), std::string::npos) << r.err;
  r = run_cli({"template", "--messages", messages});
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace hearth
