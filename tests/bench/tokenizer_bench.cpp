// Tokenizer and chat-template speed: encoding the 30 KB TinyStories excerpt (what perplexity
// tokenizes), building a tokenizer from GGUF metadata (model load), streaming decode and
// rendering a chat template.
//   HEARTH_TEST_DATA=/path/to/shared build/release/tests/bench/hearth-tokenizer-bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "hearth/chat/chat_template.h"
#include <nlohmann/json.hpp>

#include "hearth/io/gguf.h"
#include "hearth/io/hf_folder.h"
#include "hearth/tokenizer/hf_vocab.h"
#include "hearth/tokenizer/stream_decoder.h"
#include "hearth/tokenizer/tokenizer.h"

namespace hearth {
namespace {

std::filesystem::path shared(const std::string& relative) {
  const char* env = std::getenv("HEARTH_TEST_DATA");
  const std::filesystem::path root =
      env && *env ? std::filesystem::path(env) : std::filesystem::path(HEARTH_SOURCE_DIR).parent_path() / "shared";
  return root / relative;
}

std::string story() {
  std::ifstream in(shared("text/tinystories-excerpt.txt"), std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::map<std::string, std::string>& models() {
  static const std::map<std::string, std::string> m = {
      {"stories260K", "models/stories260K-reference-gguf/stories260K-f32.gguf"},
      {"llama-spm", "tokenizers/llama.cpp-vocab/ggml-vocab-llama-spm.gguf"},
      {"gpt-2", "tokenizers/llama.cpp-vocab/ggml-vocab-gpt-2.gguf"},
      {"deepseek-llm", "tokenizers/llama.cpp-vocab/ggml-vocab-deepseek-llm.gguf"},
      {"bert-bge", "tokenizers/llama.cpp-vocab/ggml-vocab-bert-bge.gguf"},
  };
  return m;
}

// One GGUF file (and tokenizer) per model, opened on first use.
struct Loaded {
  std::optional<GgufFile> file;
  std::optional<Tokenizer> tokenizer;
};
Loaded* load(const std::string& name) {
  static std::map<std::string, Loaded> cache;
  Loaded& l = cache[name];
  if (!l.file) {
    auto f = GgufFile::open(shared(models().at(name)));
    if (!f) return nullptr;
    l.file.emplace(std::move(*f));
    auto t = Tokenizer::from_gguf(l.file->metadata());
    if (!t) return nullptr;
    l.tokenizer.emplace(std::move(*t));
  }
  return &l;
}

void Tokenizer_EncodeStory(benchmark::State& state, const std::string& name) {
  Loaded* l = load(name);
  const std::string text = story();
  if (!l || text.empty()) {
    state.SkipWithError("shared data missing (set HEARTH_TEST_DATA)");
    return;
  }
  size_t n = 0;
  for (auto _ : state) {
    auto ids = l->tokenizer->encode(text);
    n = ids.size();
    benchmark::DoNotOptimize(ids.data());
  }
  state.counters["tokens"] = double(n);
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(text.size()));
}

void Tokenizer_FromGguf(benchmark::State& state, const std::string& name) {
  Loaded* l = load(name);
  if (!l) {
    state.SkipWithError("shared data missing (set HEARTH_TEST_DATA)");
    return;
  }
  for (auto _ : state) {
    auto t = Tokenizer::from_gguf(l->file->metadata());
    benchmark::DoNotOptimize(t.ok());
  }
  state.counters["vocab"] = double(l->tokenizer->vocab_size());
}

void Tokenizer_DecodeStoryStreaming(benchmark::State& state) {
  Loaded* l = load("llama-spm");
  const std::string text = story();
  if (!l || text.empty()) {
    state.SkipWithError("shared data missing (set HEARTH_TEST_DATA)");
    return;
  }
  const auto ids = l->tokenizer->encode(text);
  for (auto _ : state) {
    StreamDecoder stream(*l->tokenizer);
    size_t bytes = 0;
    for (TokenId id : ids) bytes += stream.push(id).size();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(ids.size()));
}

void Tokenizer_LoadQwen3TokenizerJson(benchmark::State& state) {
  if (!std::filesystem::exists(shared("tokenizers/hf-qwen3/tokenizer.json"))) {
    state.SkipWithError("shared data missing (set HEARTH_TEST_DATA)");
    return;
  }
  for (auto _ : state) {
    auto v = vocab_from_tokenizer_folder(shared("tokenizers/hf-qwen3"));
    benchmark::DoNotOptimize(v.ok());
  }
}

void Chat_RenderQwen3Template(benchmark::State& state) {
  auto config = read_json_file(shared("tokenizers/hf-qwen3/tokenizer_config.json"));
  if (!config) {
    state.SkipWithError("shared data missing (set HEARTH_TEST_DATA)");
    return;
  }
  auto t = ChatTemplate::parse((*config)["chat_template"].get<std::string>());
  std::vector<ChatMessage> messages = {{"system", "You are a helpful assistant."}};
  for (int i = 0; i < 20; ++i) {
    messages.push_back({"user", "Question number " + std::to_string(i) + "?"});
    messages.push_back({"assistant", "Answer number " + std::to_string(i) + "."});
  }
  messages.push_back({"user", "Last question?"});
  for (auto _ : state) {
    auto out = t->render(messages, {.add_generation_prompt = true});
    benchmark::DoNotOptimize(out.ok());
  }
}

BENCHMARK_CAPTURE(Tokenizer_EncodeStory, stories260K, std::string("stories260K"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Tokenizer_EncodeStory, llama_spm, std::string("llama-spm"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Tokenizer_EncodeStory, gpt2, std::string("gpt-2"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Tokenizer_EncodeStory, deepseek_llm, std::string("deepseek-llm"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Tokenizer_EncodeStory, bert_bge, std::string("bert-bge"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Tokenizer_FromGguf, llama_spm, std::string("llama-spm"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Tokenizer_FromGguf, deepseek_llm, std::string("deepseek-llm"))->Unit(benchmark::kMillisecond);
BENCHMARK(Tokenizer_DecodeStoryStreaming)->Unit(benchmark::kMillisecond);
BENCHMARK(Tokenizer_LoadQwen3TokenizerJson)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(Chat_RenderQwen3Template)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hearth
