// Vocabularies read from Hugging Face files "as the converter will", checked against
// llama.cpp's test cases and against the GGUF llama.cpp's converter wrote from the same files.
#include <gtest/gtest.h>

#include <cstdio>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "hearth/io/gguf.h"
#include "hearth/io/hf_folder.h"
#include "hearth/tokenizer/hf_vocab.h"
#include "hearth/tokenizer/tokenizer.h"
#include "test_data.h"
#include "tokenizer_cases.h"

namespace hearth {
namespace {

std::string show_ids(const std::vector<TokenId>& ids) {
  std::string s;
  for (TokenId id : ids) s += std::to_string(id) + " ";
  return s;
}

Tokenizer load_folder(const std::string& relative) {
  auto vocab = vocab_from_tokenizer_folder(test::shared_path(relative));
  if (!vocab) throw Exception(vocab.error());
  auto tok = Tokenizer::create(std::move(*vocab));
  if (!tok) throw Exception(tok.error());
  return std::move(*tok);
}

void expect_cases(const Tokenizer& tok, const std::string& case_name) {
  const auto base = test::shared_path("tokenizers/llama.cpp-vocab/ggml-vocab-" + case_name + ".gguf");
  const auto cases = test::read_tokenizer_cases(base.string() + ".inp", base.string() + ".out");
  ASSERT_EQ(cases.size(), 46u) << case_name;
  for (const auto& c : cases) {
    const auto ids = tok.encode(c.text, {.add_special = false, .parse_special = false});
    EXPECT_EQ(ids, c.ids) << case_name << ": \"" << c.text << "\"\n got      " << show_ids(ids) << "\n expected "
                          << show_ids(c.ids);
    EXPECT_EQ(tok.decode(ids), c.text) << case_name << ": round trip";
  }
}

// Qwen3's tokenizer.json carries Qwen2's byte-level BPE; llama.cpp's qwen2 and
// deepseek-r1-qwen cases (the latter's vocabulary differs only in added tokens) must pass.
TEST(HfTokenizerJson, Qwen3MatchesQwen2Cases) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-qwen3/tokenizer.json");
  HEARTH_REQUIRE_SHARED("tokenizers/llama.cpp-vocab/ggml-vocab-qwen2.gguf.inp");
  const Tokenizer tok = load_folder("tokenizers/hf-qwen3");
  EXPECT_EQ(tok.vocab().model, "gpt2");
  EXPECT_EQ(tok.vocab().pre, "qwen2");  // found by llama.cpp's check hash e636dc30…
  EXPECT_EQ(tok.vocab_size(), 151669);  // 151643 + 26 added tokens (no config.json to pad to)
  expect_cases(tok, "qwen2");
  expect_cases(tok, "deepseek-r1-qwen");
}

TEST(HfTokenizerJson, Llama3MatchesLlamaBpeCases) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-llama3/tokenizer.json");
  HEARTH_REQUIRE_SHARED("tokenizers/llama.cpp-vocab/ggml-vocab-llama-bpe.gguf.inp");
  const Tokenizer tok = load_folder("tokenizers/hf-llama3");
  // This tokenizer.json has no BOS post-processor, so llama.cpp's check hash is Smaug's
  // (c136ed14…: Llama 3's vocabulary without BOS); its model.ignore_merges = true is what
  // llama.cpp implements as llama-bpe, and that is the name we write (with a warning).
  EXPECT_EQ(tok.vocab().pre, "llama-bpe");
  bool noted = false;
  for (const auto& w : tok.warnings()) noted = noted || w.find("smaug-bpe") != std::string::npos;
  EXPECT_TRUE(noted);
  EXPECT_EQ(tok.vocab_size(), 128256);
  expect_cases(tok, "llama-bpe");
  // Llama 3 adds <|begin_of_text|> (the llama-bpe default; tokenizer_config.json says nothing).
  EXPECT_TRUE(tok.adds_bos());
  EXPECT_EQ(tok.bos(), 128000);
  EXPECT_EQ(tok.token_text(tok.eos()), "<|end_of_text|>");
  EXPECT_EQ(tok.token_text(tok.eot()), "<|eot_id|>");
  EXPECT_TRUE(tok.is_end_of_generation(tok.eot()));
}

// Hugging Face's BPE with byte fallback, written from its definition: merge the adjacent pair
// with the lowest merge rank (leftmost on ties) until none applies; symbols that are not tokens
// are spelled with <0xNN> byte tokens. The text is normalized as tokenizer.json says (prepend
// U+2581, spaces to U+2581) and is one word (no pre-tokenizer).
std::vector<TokenId> reference_hf_bpe(const nlohmann::json& tj, const std::string& text) {
  const auto& vocab = tj["model"]["vocab"];
  // Pair -> rank; the key is "<length of left>:" + left + right, which is unambiguous.
  auto key = [](const std::string& l, const std::string& r) { return std::to_string(l.size()) + ":" + l + r; };
  std::unordered_map<std::string, size_t> ranks;
  const auto& merges = tj["model"]["merges"];
  for (size_t r = 0; r < merges.size(); ++r) {
    std::pair<std::string, std::string> p;
    if (merges[r].is_string()) {
      const std::string m = merges[r];
      const size_t sp = m.find(' ', 1);
      p = {m.substr(0, sp), m.substr(sp + 1)};
    } else {
      p = {merges[r][0], merges[r][1]};
    }
    ranks.emplace(key(p.first, p.second), r);
  }
  std::string norm = "\xe2\x96\x81";
  for (char c : text) norm += (c == ' ') ? std::string("\xe2\x96\x81") : std::string(1, c);
  std::vector<std::string> syms;
  for (size_t i = 0; i < norm.size();) {
    const unsigned char c = static_cast<unsigned char>(norm[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    syms.push_back(norm.substr(i, len));
    i += len;
  }
  while (true) {
    size_t best = SIZE_MAX, at = 0;
    for (size_t i = 0; i + 1 < syms.size(); ++i) {
      const auto it = ranks.find(key(syms[i], syms[i + 1]));
      if (it != ranks.end() && it->second < best) best = it->second, at = i;
    }
    if (best == SIZE_MAX) break;
    syms[at] += syms[at + 1];
    syms.erase(syms.begin() + long(at) + 1);
  }
  std::vector<TokenId> ids;
  for (const auto& s : syms) {
    if (vocab.contains(s)) {
      ids.push_back(vocab[s].get<TokenId>());
      continue;
    }
    for (unsigned char b : s) {
      char name[8];
      std::snprintf(name, sizeof name, "<0x%02X>", b);
      ids.push_back(vocab[name].get<TokenId>());
    }
  }
  return ids;
}

// hf-llama2's tokenizer.json (a 32000-token SentencePiece vocabulary exported as BPE with byte
// fallback; its ids are Mistral's, not those of the ggml llama-spm vocabulary) becomes a "llama"
// vocabulary whose scores follow the merge ranks: SentencePiece-style merging over those scores
// must give what Hugging Face's rank-ordered BPE gives.
TEST(HfTokenizerJson, ByteFallbackJsonMatchesReferenceBpe) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-llama2/tokenizer.json");
  HEARTH_REQUIRE_SHARED("tokenizers/llama.cpp-vocab/ggml-vocab-llama-spm.gguf.inp");
  const Tokenizer tok = load_folder("tokenizers/hf-llama2");
  EXPECT_EQ(tok.vocab().model, "llama");
  EXPECT_EQ(tok.vocab_size(), 32000);
  const auto tj = read_json_file(test::shared_path("tokenizers/hf-llama2/tokenizer.json"));
  ASSERT_TRUE(tj.ok());
  const auto base = test::shared_path("tokenizers/llama.cpp-vocab/ggml-vocab-llama-spm.gguf");
  auto cases = test::read_tokenizer_cases(base.string() + ".inp", base.string() + ".out");
  ASSERT_EQ(cases.size(), 46u);
  cases.push_back({"Once upon a time, there was a little girl named Lily. 她喜欢在公园里玩。", {}});
  cases.push_back({"  double  spaces\tand\ttabs\n\nnewlines  ", {}});
  for (const auto& c : cases) {
    if (c.text.empty()) continue;  // HF prepends nothing to an empty text
    const auto ids = tok.encode(c.text, {.add_special = false});
    EXPECT_EQ(ids, reference_hf_bpe(*tj, c.text)) << "\"" << c.text << "\"";
    EXPECT_EQ(tok.decode(ids), c.text);
  }
}

// Llama 2's tokenizer.model parsed by our protobuf reader: same cases, real scores.
TEST(SentencePieceModel, Llama2ModelMatchesLlamaSpmCases) {
  HEARTH_REQUIRE_SHARED("tokenizers/llama2-spm/tokenizer.model");
  const Tokenizer tok = load_folder("tokenizers/llama2-spm");
  EXPECT_EQ(tok.vocab_size(), 32000);
  expect_cases(tok, "llama-spm");
}

// The tokenizer keys we derive from stories260K-hf equal those llama.cpp's converter wrote
// into stories260K-hf-viaHFconv-f32.gguf from the same folder.
TEST(SentencePieceModel, Stories260KHfFolderEqualsConverterOutput) {
  HEARTH_REQUIRE_SHARED("models/stories260K-hf/tokenizer.model");
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf");
  auto folder = HfModelFolder::open(test::shared_path("models/stories260K-hf"));
  ASSERT_TRUE(folder.ok()) << folder.error().message;
  auto ours = vocab_from_hf_folder(*folder);
  ASSERT_TRUE(ours.ok()) << ours.error().message;
  auto ref_file = GgufFile::open(test::shared_path("models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf"));
  ASSERT_TRUE(ref_file.ok());

  GgufMetadata written;
  write_vocab_to_gguf(*ours, written);
  std::vector<std::string> ref_keys;
  for (const auto& [key, value] : ref_file->metadata().entries()) {
    if (key.rfind("tokenizer.", 0) == 0) ref_keys.push_back(key);
  }
  std::vector<std::string> our_keys;
  for (const auto& [key, value] : written.entries()) our_keys.push_back(key);
  EXPECT_EQ(our_keys, ref_keys);  // same keys in the same order
  for (const auto& key : ref_keys) {
    const GgufValue* a = written.find(key);
    const GgufValue* b = ref_file->metadata().find(key);
    ASSERT_TRUE(a && b) << key;
    EXPECT_TRUE(*a == *b) << key << " differs";
  }
}

TEST(HfTokenizerJson, Gemma3LoadsAsSentencePieceStyle) {
  HEARTH_REQUIRE_SHARED("tokenizers/hf-gemma3/tokenizer.json");
  const Tokenizer tok = load_folder("tokenizers/hf-gemma3");
  EXPECT_EQ(tok.vocab().model, "llama");
  EXPECT_EQ(tok.token_text(tok.bos()), "<bos>");
  EXPECT_EQ(tok.token_text(tok.eos()), "<end_of_turn>");  // tokenizer_config.json's eos_token
  ASSERT_TRUE(tok.vocab().chat_template.has_value());
  // Gemma's tokenizer.json has no dummy-prefix step (its normalizer only replaces spaces), so
  // the vocabulary says add_space_prefix = false, as llama.cpp's Gemma converter writes.
  EXPECT_EQ(tok.vocab().add_space_prefix, std::optional<bool>(false));
  EXPECT_FALSE(tok.adds_space_prefix());
  const auto ids = tok.encode("Hello world", {.add_special = true});
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids.front(), tok.bos());
  EXPECT_EQ(tok.token_text(ids[1]), "Hello");  // no leading ▁
  EXPECT_EQ(tok.decode(ids), "Hello world");
  // The Mistral-style Llama 2 export prepends ▁ with a Prepend normalizer: no key written.
  const Tokenizer mistral = load_folder("tokenizers/hf-llama2");
  EXPECT_FALSE(mistral.vocab().add_space_prefix.has_value());
  EXPECT_TRUE(mistral.adds_space_prefix());
}

}  // namespace
}  // namespace hearth
