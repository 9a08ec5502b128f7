// Architectures beyond the llama reference files: Gemma (norm weights stored as w - 1, no lm_head)
// and the original Qwen (fused QKV, qwen.tiktoken). Expectations follow llama.cpp's
// convert_hf_to_gguf.py (GemmaModel, QwenModel): key order, the +1 on norms, merges recovered
// from the tiktoken ranks.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "file_util.h"
#include "hearth/io/gguf.h"
#include "hearth/io/safetensors.h"
#include "child_process.h"
#include "test_data.h"

namespace fs = std::filesystem;
using hearth::test::run_cli;
using nlohmann::json;

namespace {

std::vector<std::string> keys_with_prefix(const hearth::GgufMetadata& md, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& [k, v] : md.entries())
    if (k.rfind(prefix, 0) == 0) out.push_back(k);
  return out;
}

std::vector<float> tensor_f32(const hearth::GgufFile& f, const std::string& name) {
  const auto* t = f.find_tensor(name);
  EXPECT_NE(t, nullptr) << name;
  if (!t) return {};
  EXPECT_EQ(t->type, hearth::TensorType::F32);
  const auto bytes = f.tensor_data(*t);
  std::vector<float> v(bytes.size() / 4);
  std::memcpy(v.data(), bytes.data(), bytes.size());
  return v;
}

TEST(ConvertGemma, NormsGetPlusOneAndLmHeadIsDropped) {
  HEARTH_REQUIRE_SHARED("models/stories260K/tok512.model");
  hearth::test::TempDir tmp;
  const fs::path folder = tmp / "gemma-test";
  ASSERT_EQ(run_cli({"synth", "--hf", "-o", folder.string(), "--hidden", "64", "--ffn", "128", "--layers", "2", "--heads", "4",
                     "--kv-heads", "1", "--vocab", "512", "--dtype", "f32"}).exit_code, 0);
  auto config = json::parse(hearth::test::read_text(folder / "config.json"));
  config["architectures"] = {"GemmaForCausalLM"};
  config["model_type"] = "gemma";
  config["head_dim"] = 16;
  std::ofstream(folder / "config.json", std::ios::trunc) << config.dump(2);
  fs::remove(folder / "tokenizer.json");
  fs::remove(folder / "tokenizer_config.json");
  fs::copy_file(hearth::test::shared_path("models/stories260K/tok512.model"), folder / "tokenizer.model");

  const fs::path out = tmp / "gemma.gguf";
  const auto r = run_cli({"convert", folder.string(), "-o", out.string(), "--outtype", "f32", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto gguf = hearth::GgufFile::open(out);
  ASSERT_TRUE(gguf.ok());
  EXPECT_EQ(gguf->architecture(), "gemma");
  EXPECT_EQ(gguf->find_tensor("output.weight"), nullptr);  // lm_head dropped
  EXPECT_EQ(keys_with_prefix(gguf->metadata(), "gemma."),
            (std::vector<std::string>{"gemma.context_length", "gemma.embedding_length", "gemma.block_count",
                                      "gemma.feed_forward_length", "gemma.attention.head_count",
                                      "gemma.attention.head_count_kv", "gemma.attention.layer_norm_rms_epsilon",
                                      "gemma.attention.key_length", "gemma.attention.value_length"}));
  EXPECT_EQ(gguf->metadata().get_bool("tokenizer.ggml.add_space_prefix"), false);
  EXPECT_EQ(gguf->metadata().get_int("tokenizer.ggml.eot_token_id"), 107);

  auto st = hearth::SafetensorsFile::open(folder / "model.safetensors");
  ASSERT_TRUE(st.ok());
  for (const auto& [hf, gg] : {std::pair<std::string, std::string>{"model.norm.weight", "output_norm.weight"},
                               {"model.layers.1.input_layernorm.weight", "blk.1.attn_norm.weight"},
                               {"model.layers.0.post_attention_layernorm.weight", "blk.0.ffn_norm.weight"}}) {
    const auto* t = st->find(hf);
    ASSERT_NE(t, nullptr);
    const auto src = st->tensor_data(*t);
    std::vector<float> in(src.size() / 4);
    std::memcpy(in.data(), src.data(), src.size());
    const auto outv = tensor_f32(*gguf, gg);
    ASSERT_EQ(outv.size(), in.size());
    for (size_t i = 0; i < in.size(); ++i) EXPECT_EQ(outv[i], in[i] + 1.0f) << gg << "[" << i << "]";
  }
  // Non-norm tensors are unchanged.
  const auto* q = st->find("model.layers.0.mlp.up_proj.weight");
  const auto* gq = gguf->find_tensor("blk.0.ffn_up.weight");
  ASSERT_TRUE(q && gq);
  EXPECT_EQ(std::memcmp(st->tensor_data(*q).data(), gguf->tensor_data(*gq).data(), q->size_bytes()), 0);
}

// ---- Qwen 1 ---------------------------------------------------------------------------------

std::string base64(const std::string& bytes) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8 | uint8_t(bytes[i + 2]);
    for (int k = 3; k >= 0; --k) out += abc[(v >> (6 * k)) & 63];
  }
  if (i + 1 == bytes.size()) {
    const uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    out += abc[(v >> 18) & 63], out += abc[(v >> 12) & 63], out += "==";
  } else if (i + 2 == bytes.size()) {
    const uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += abc[(v >> 18) & 63], out += abc[(v >> 12) & 63], out += abc[(v >> 6) & 63], out += "=";
  }
  return out;
}

// Writes a safetensors file of F32 zeros-plus-index values.
void write_safetensors(const fs::path& path, const std::vector<std::pair<std::string, std::vector<int64_t>>>& tensors) {
  json header = json::object();
  uint64_t offset = 0;
  for (const auto& [name, shape] : tensors) {
    uint64_t n = 1;
    for (auto d : shape) n *= uint64_t(d);
    header[name] = {{"dtype", "F32"}, {"shape", shape}, {"data_offsets", {offset, offset + 4 * n}}};
    offset += 4 * n;
  }
  std::string text = header.dump();
  while (text.size() % 8) text += ' ';
  std::ofstream out(path, std::ios::binary);
  const uint64_t len = text.size();
  out.write(reinterpret_cast<const char*>(&len), 8);
  out << text;
  for (uint64_t i = 0; i < offset / 4; ++i) {
    const float v = float(i % 97) * 0.01f;
    out.write(reinterpret_cast<const char*>(&v), 4);
  }
}

TEST(ConvertQwen1, FusedQkvAndTiktokenVocabulary) {
  hearth::test::TempDir tmp;
  const fs::path folder = tmp / "qwen-test";
  fs::create_directories(folder);
  const int hidden = 64, layers = 2, ff = 128, vocab = 480;  // 258 tokens + 208 specials + padding
  json config = {{"architectures", {"QWenLMHeadModel"}}, {"hidden_size", hidden}, {"num_hidden_layers", layers},
                 {"num_attention_heads", 4}, {"intermediate_size", 2 * ff}, {"max_position_embeddings", 2048},
                 {"rotary_emb_base", 10000}, {"layer_norm_epsilon", 1e-6}, {"vocab_size", vocab}};
  std::ofstream(folder / "config.json") << config.dump(2);
  // 256 byte tokens, then "ab" (rank 256) and "abc" (rank 257 = "ab" + "c").
  std::string tiktoken;
  for (int b = 0; b < 256; ++b) tiktoken += base64(std::string(1, char(b))) + " " + std::to_string(b) + "\n";
  tiktoken += base64("ab") + " 256\n" + base64("abc") + " 257\n";
  std::ofstream(folder / "qwen.tiktoken") << tiktoken;
  std::vector<std::pair<std::string, std::vector<int64_t>>> tensors = {{"transformer.wte.weight", {vocab, hidden}}};
  for (int i = 0; i < layers; ++i) {
    const std::string p = "transformer.h." + std::to_string(i) + ".";
    tensors.push_back({p + "ln_1.weight", {hidden}});
    tensors.push_back({p + "attn.c_attn.weight", {3 * hidden, hidden}});
    tensors.push_back({p + "attn.c_attn.bias", {3 * hidden}});
    tensors.push_back({p + "attn.c_proj.weight", {hidden, hidden}});
    tensors.push_back({p + "ln_2.weight", {hidden}});
    tensors.push_back({p + "mlp.w1.weight", {ff, hidden}});
    tensors.push_back({p + "mlp.w2.weight", {ff, hidden}});
    tensors.push_back({p + "mlp.c_proj.weight", {hidden, ff}});
  }
  tensors.push_back({"transformer.ln_f.weight", {hidden}});
  tensors.push_back({"lm_head.weight", {vocab, hidden}});
  write_safetensors(folder / "model.safetensors", tensors);

  const fs::path out = tmp / "qwen.gguf";
  const auto r = run_cli({"convert", folder.string(), "-o", out.string(), "--outtype", "f16", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto gguf = hearth::GgufFile::open(out);
  ASSERT_TRUE(gguf.ok());
  EXPECT_EQ(gguf->architecture(), "qwen");
  const auto* qkv = gguf->find_tensor("blk.1.attn_qkv.weight");
  ASSERT_NE(qkv, nullptr);
  EXPECT_EQ(qkv->shape, (std::vector<int64_t>{hidden, 3 * hidden}));
  EXPECT_EQ(qkv->type, hearth::TensorType::F16);
  EXPECT_EQ(gguf->find_tensor("blk.1.attn_qkv.bias")->type, hearth::TensorType::F32);
  EXPECT_NE(gguf->find_tensor("blk.0.ffn_gate.weight"), nullptr);  // mlp.w2
  EXPECT_NE(gguf->find_tensor("output.weight"), nullptr);
  const auto& md = gguf->metadata();
  EXPECT_EQ(md.get_string("tokenizer.ggml.model"), "gpt2");
  EXPECT_EQ(md.get_string("tokenizer.ggml.pre"), "qwen2");
  const auto* tokens = md.get_array("tokenizer.ggml.tokens");
  ASSERT_NE(tokens, nullptr);
  ASSERT_EQ(tokens->strings().size(), size_t(vocab));
  EXPECT_EQ(tokens->strings()[32], "\xc4\xa0");  // byte 0x20 in GPT-2's byte alphabet (Ġ)
  EXPECT_EQ(tokens->strings()[257], "abc");
  EXPECT_EQ(tokens->strings()[258], "<|endoftext|>");
  EXPECT_EQ(tokens->strings()[259], "<|im_start|>");
  EXPECT_EQ(tokens->strings()[465], "<|extra_204|>");
  EXPECT_EQ(tokens->strings()[479], "[PAD479]");
  const auto* merges = md.get_array("tokenizer.ggml.merges");
  ASSERT_NE(merges, nullptr);
  EXPECT_EQ(std::vector<std::string>(merges->strings().begin(), merges->strings().end()),
            (std::vector<std::string>{"a b", "ab c"}));
  EXPECT_EQ(md.get_int("tokenizer.ggml.bos_token_id"), 258);
  EXPECT_EQ(md.get_int("tokenizer.ggml.eos_token_id"), 258);
  EXPECT_EQ(md.get_int("tokenizer.ggml.unknown_token_id"), 258);
}

}  // namespace
