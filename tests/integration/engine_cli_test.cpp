// hearth-cli run / chat / perplexity / bench on the shared stories260K models, against
// llama.cpp's outputs: its perplexity figures in shared/README.md, and llama-cli's greedy text.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "file_util.h"
#include "child_process.h"
#include "test_data.h"
#include "tiny_model.h"

namespace hearth {
namespace {

using nlohmann::json;
using test::run_cli;

std::string model_path(const std::string& name) {
  return test::shared_path("models/stories260K-reference-gguf/stories260K-" + name + ".gguf").string();
}

// llama.cpp's figures (shared/README.md: AVX2 build, 2 threads, tinystories-excerpt.txt, -c 128).
struct PplReference {
  const char* file;
  double ppl;
};
constexpr PplReference kPpl[] = {{"hf-viaHFconv-f32", 5.6945}, {"hf-viaHFconv-f16", 5.6945},
                                 {"hf-viaHFconv-q8_0", 5.6911}, {"Q6_K", 5.6911},
                                 {"Q4_K_M", 5.8230},           {"Q2_K", 5.9440}};

TEST(EngineCli, PerplexityMatchesLlamaCppWithinATenthOfAPercent) {
  HEARTH_REQUIRE_SHARED("text/tinystories-excerpt.txt");
  for (const auto& ref : kPpl) {
    const auto r = run_cli({"perplexity", "-m", model_path(ref.file), "-f",
                            test::shared_path("text/tinystories-excerpt.txt").string(), "-c", "128", "-t", "2", "--json"});
    ASSERT_EQ(r.exit_code, 0) << ref.file << ": " << r.err;
    const json j = json::parse(r.out);
    const double ppl = j["perplexity"].get<double>();
    EXPECT_NEAR(ppl, ref.ppl, ref.ppl * 0.001) << ref.file;
    EXPECT_EQ(j["chunks"].get<int>(), 121) << ref.file;  // llama.cpp: "calculating perplexity over 121 chunks"
    EXPECT_EQ(j["running"].size(), 121u);
  }
}

TEST(EngineCli, PerplexityPrintsRunningAndFinalValues) {
  HEARTH_REQUIRE_SHARED("text/tinystories-excerpt.txt");
  const auto r = run_cli({"perplexity", "-m", model_path("hf-viaHFconv-f32"), "-f",
                          test::shared_path("text/tinystories-excerpt.txt").string(), "-c", "128", "--chunks", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("[1]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[3]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Final estimate: PPL = "), std::string::npos) << r.out;
}

// Greedy continuation of "Once upon a time": llama-cli -m <f32 file> -p "Once upon a time"
// -n 40 --temp 0 -t 2 -no-cnv printed " Once upon a time, there was a little girl named Lily.
// She loved to play outside in the park. One day, she saw a big, red ball." (the same text for
// the Q4_K_M file).
TEST(EngineCli, RunGreedyMatchesLlamaCli) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf");
  for (const char* file : {"hf-viaHFconv-f32", "Q4_K_M"}) {
    const auto r = run_cli({"run", "-m", model_path(file), "-p", "Once upon a time", "-n", "40", "--temp", "0", "-t", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.substr(0, r.out.find_last_not_of("\n") + 1),
              "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, "
              "she saw a big, red ball.")
        << file;
    EXPECT_NE(r.err.find("prompt eval time"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("tokens per second"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("load time"), std::string::npos) << r.err;
  }
}

TEST(EngineCli, RunWithSamplingIsReproducibleWithASeed) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf");
  auto once = [] {
    return run_cli({"run", "-m", model_path("hf-viaHFconv-f32"), "-p", "The dog", "-n", "30", "--temp", "1.0",
                    "--top-k", "20", "--top-p", "0.9", "--min-p", "0.02", "--repeat-penalty", "1.1", "-s", "42"});
  };
  const auto a = once(), b = once();
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_GT(a.out.size(), std::string("The dog").size() + 20);
}

TEST(EngineCli, ContextFullStopsWithAMessage) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf");
  const auto r = run_cli({"run", "-m", model_path("hf-viaHFconv-f32"), "-p", "Once upon a time", "-c", "32", "--temp",
                          "0", "--ignore-eos"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("context is full"), std::string::npos) << r.err;
  const auto shifted = run_cli({"run", "-m", model_path("hf-viaHFconv-f32"), "-p", "Once upon a time", "-c", "32",
                                "-n", "100", "--temp", "0", "--ignore-eos", "--context-shift", "--keep", "1"});
  ASSERT_EQ(shifted.exit_code, 0) << shifted.err;
  EXPECT_EQ(shifted.err.find("context is full"), std::string::npos) << shifted.err;
  // 100 tokens sampled; the last is not fed (like llama.cpp, which reports 99 runs for -n 100).
  EXPECT_NE(shifted.err.find("/    99 runs"), std::string::npos) << shifted.err;
}

TEST(EngineCli, ChatTakesTurnsFromStdin) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf");
  const auto r = test::run_process({HEARTH_CLI_PATH, "chat", "-m", model_path("hf-viaHFconv-f32"), "-n", "20", "--temp",
                                    "0", "--system", "You tell stories."},
                                   "Once upon a time\n/clear\nThe cat\n/exit\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(conversation cleared)"), std::string::npos) << r.out;
  EXPECT_GE(std::count(r.out.begin(), r.out.end(), '>'), 3) << r.out;
  EXPECT_NE(r.err.find("chatml"), std::string::npos) << r.err;  // stories260K has no template of its own
}

TEST(EngineCli, BenchPrintsJson) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf");
  const auto r = run_cli({"bench", "-m", model_path("Q4_K_M"), "-p", "32", "-n", "8", "-r", "2", "-t", "2", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["test"], "pp32");
  EXPECT_EQ(j[1]["test"], "tg8");
  for (const auto& rec : j) {
    EXPECT_GT(rec["avg_ts"].get<double>(), 0.0);
    EXPECT_EQ(rec["samples_ts"].size(), 2u);
  }
  const auto text = run_cli({"bench", "-m", model_path("Q4_K_M"), "-p", "16", "-n", "4", "-r", "2"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("pp16"), std::string::npos);
  EXPECT_NE(text.out.find(" ± "), std::string::npos);
}

TEST(EngineCli, ErrorsExitOneWithOneLine) {
  const auto missing = run_cli({"run", "-m", "/nonexistent/model.gguf", "-p", "hi"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
  const auto usage = run_cli({"run", "-p", "hi"});  // no -m
  EXPECT_EQ(usage.exit_code, 2);
  const auto bad_value = run_cli({"bench", "-m", "/nonexistent.gguf", "-r", "0"});
  EXPECT_EQ(bad_value.exit_code, 1);

  // A model file without a tokenizer can be benchmarked but not prompted with text.
  test::TempDir dir;
  test::write_tiny_model({}, dir / "tiny.gguf");
  const auto no_tok = run_cli({"run", "-m", (dir / "tiny.gguf").string(), "-p", "hi"});
  EXPECT_EQ(no_tok.exit_code, 1);
  EXPECT_NE(no_tok.err.find("tokenizer"), std::string::npos) << no_tok.err;
  const auto bench = run_cli({"bench", "-m", (dir / "tiny.gguf").string(), "-p", "8", "-n", "4", "-r", "1"});
  EXPECT_EQ(bench.exit_code, 0) << bench.err;

  // A Hugging Face folder given as the model says what to do with it.
  std::filesystem::create_directory(dir / "hf");
  std::ofstream(dir / "hf" / "config.json") << "{}";
  const auto folder = run_cli({"run", "-m", (dir / "hf").string(), "-p", "hi"});
  EXPECT_EQ(folder.exit_code, 1);
  EXPECT_NE(folder.err.find("convert"), std::string::npos) << folder.err;
}

}  // namespace
}  // namespace hearth

namespace hearth {
namespace {

// synth writes loadable models of every architecture the synthetic writer knows, deterministic
// for a seed, in the type asked for.
TEST(EngineCli, SynthWritesRunnableModels) {
  test::TempDir dir;
  const std::string a = (dir / "a.gguf").string(), b = (dir / "b.gguf").string(), q = (dir / "q.gguf").string();
  ASSERT_EQ(run_cli({"synth", "--like", "tiny", "-o", a, "--seed", "5"}).exit_code, 0);
  ASSERT_EQ(run_cli({"synth", "--like", "tiny", "-o", b, "--seed", "5"}).exit_code, 0);
  EXPECT_TRUE(test::read_bytes(a) == test::read_bytes(b)) << "the same seed must give the same file";
  const auto r = run_cli({"synth", "--like", "tiny", "-o", q, "--type", "Q4_0", "--layers", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto info = run_cli({"inspect", "--json", q});
  const json j = json::parse(info.out);
  EXPECT_EQ(j["summary"]["layers"], 1);
  EXPECT_EQ(j["summary"]["file_type"], "Q4_0");
  const auto run = run_cli({"run", "-m", q, "-p", "hello", "-n", "8", "--temp", "0"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const auto hf = run_cli({"synth", "--like", "tiny", "--hf", "-o", (dir / "hf").string()});
  ASSERT_EQ(hf.exit_code, 0) << hf.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "hf" / "config.json"));
  // No scratch files are left next to the outputs.
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) entries += e.path().filename().string()[0] == '.';
  EXPECT_EQ(entries, 0);
  const auto bad = run_cli({"synth", "--like", "gpt-5", "-o", a});
  EXPECT_EQ(bad.exit_code, 1);
}

}  // namespace
}  // namespace hearth
