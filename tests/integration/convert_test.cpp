// hearth-cli convert against llama.cpp's convert_hf_to_gguf.py: the shared stories260K-hf folders
// and the *-viaHFconv-*.gguf files llama.cpp made from them (see shared/README.md) must match
// byte for byte. Hostile folders must fail with a clear message and leave nothing behind, and a
// conversion killed mid-write must never leave a partial file at the target path.
#include <gtest/gtest.h>

#ifndef _WIN32
#include <signal.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <chrono>
#include <fstream>
#include <filesystem>
#include <thread>

#include "file_util.h"
#include "hearth/convert/convert.h"
#include "child_process.h"
#include "test_data.h"

namespace fs = std::filesystem;
using hearth::test::read_bytes;
using hearth::test::run_cli;
using hearth::test::shared_path;

namespace {

const char* const kStoriesHf = "models/stories260K-hf";
const char* const kStoriesSharded = "models/stories260K-hf-bf16-sharded";
const char* const kRefDir = "models/stories260K-reference-gguf/";

// A writable copy of a shared model folder, named like the original (the name feeds general.name).
fs::path copy_folder(const hearth::test::TempDir& tmp, const char* relative) {
  const fs::path src = shared_path(relative);
  const fs::path dst = tmp / src.filename().string();
  fs::create_directories(dst);
  for (const auto& e : fs::directory_iterator(src)) {
    fs::copy_file(e.path(), dst / e.path().filename());
    fs::permissions(dst / e.path().filename(), fs::perms::owner_read | fs::perms::owner_write);
  }
  return dst;
}

// Files in a folder other than the given inputs: what a failed run left behind.
std::vector<std::string> gguf_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find(".gguf") != std::string::npos) out.push_back(name);
  }
  return out;
}

class ConvertStories : public ::testing::TestWithParam<const char*> {};

TEST_P(ConvertStories, MatchesLlamaCppByteForByte) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  const std::string type = GetParam();
  hearth::test::TempDir tmp;
  const fs::path out = tmp / ("out-" + type + ".gguf");
  const auto r = run_cli({"convert", shared_path(kStoriesHf).string(), "-o", out.string(), "--outtype", type, "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_bytes(out), read_bytes(shared_path(std::string(kRefDir) + "stories260K-hf-viaHFconv-" + type + ".gguf")));
}

INSTANTIATE_TEST_SUITE_P(Reference, ConvertStories, ::testing::Values("f32", "f16", "bf16", "q8_0"));

TEST(Convert, ShardedBf16FolderMatchesLlamaCpp) {
  HEARTH_REQUIRE_SHARED(kStoriesSharded);
  hearth::test::TempDir tmp;
  const fs::path out = tmp / "sharded.gguf";
  const auto r = run_cli({"convert", shared_path(kStoriesSharded).string(), "-o", out.string(), "--outtype", "f32", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_bytes(out), read_bytes(shared_path(std::string(kRefDir) + "stories260K-hf-bf16-sharded-viaHFconv-f32.gguf")));
}

TEST(Convert, AutoPicksBf16ForF32WeightsAndNamesTheFileLikeLlamaCpp) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  hearth::test::TempDir tmp;
  const fs::path folder = copy_folder(tmp, kStoriesHf);
  // No -o: llama.cpp's default name, inside the model folder.
  const auto r = run_cli({"convert", folder.string(), "--outtype", "auto", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path out = folder / "stories260K-Hf-260K-BF16.gguf";
  ASSERT_TRUE(fs::exists(out)) << r.out;
  EXPECT_EQ(read_bytes(out), read_bytes(shared_path(std::string(kRefDir) + "stories260K-hf-viaHFconv-bf16.gguf")));
}

TEST(Convert, ProgressCountsEveryTensorAndTheEstimateIsExact) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  hearth::test::TempDir tmp;
  hearth::ConvertOptions options;
  options.input = shared_path(kStoriesHf);
  options.output = tmp / "p.gguf";
  options.out_type = hearth::ConvertOutType::Q8_0;
  const auto plan = hearth::plan_hf_conversion(options);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  std::vector<uint64_t> items;
  const auto report = hearth::convert_hf_to_gguf(options, [&](const hearth::ProgressInfo& p) { items.push_back(p.item); });
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(items.size(), plan->tensors.size() + 1);  // each tensor, then "done"
  for (size_t i = 0; i < items.size(); ++i) EXPECT_EQ(items[i], i);
  EXPECT_EQ(plan->output_bytes, fs::file_size(options.output));
  EXPECT_EQ(report->parameter_count, 260032u);
}

TEST(Convert, CancelLeavesNothingBehind) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  hearth::test::TempDir tmp;
  hearth::ConvertOptions options;
  options.input = shared_path(kStoriesHf);
  options.output = tmp / "c.gguf";
  hearth::CancelToken cancel;
  int calls = 0;
  const auto r = hearth::convert_hf_to_gguf(
      options, [&](const hearth::ProgressInfo&) { if (++calls == 10) cancel.cancel(); }, cancel);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, hearth::ErrorCode::Cancelled);
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

// ---- hostile and unsupported inputs -------------------------------------------------------

struct FailCase {
  int exit_code;
  std::string err;
};

FailCase convert_expect_failure(const fs::path& folder, const fs::path& out) {
  const auto r = run_cli({"convert", folder.string(), "-o", out.string(), "-q"});
  return {r.exit_code, r.err};
}

TEST(ConvertRejects, TruncatedShard) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  hearth::test::TempDir tmp;
  const fs::path folder = copy_folder(tmp, kStoriesHf);
  fs::resize_file(folder / "model.safetensors", fs::file_size(folder / "model.safetensors") - 1000);
  const auto r = convert_expect_failure(folder, tmp / "out.gguf");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("model.safetensors"), std::string::npos) << r.err;
  EXPECT_TRUE(gguf_files(tmp.path()).empty());
  EXPECT_TRUE(gguf_files(folder).empty());
}

TEST(ConvertRejects, MissingShard) {
  HEARTH_REQUIRE_SHARED(kStoriesSharded);
  hearth::test::TempDir tmp;
  const fs::path folder = copy_folder(tmp, kStoriesSharded);
  fs::remove(folder / "model-00002-of-00002.safetensors");
  const auto r = convert_expect_failure(folder, tmp / "out.gguf");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("model-00002-of-00002.safetensors"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("missing"), std::string::npos) << r.err;
  EXPECT_TRUE(gguf_files(tmp.path()).empty());
}

TEST(ConvertRejects, ConfigThatLiesAboutShapes) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  hearth::test::TempDir tmp;
  const fs::path folder = copy_folder(tmp, kStoriesHf);
  std::string config = hearth::test::read_text(folder / "config.json");
  config.replace(config.find("\"intermediate_size\": 172"), 24, "\"intermediate_size\": 256");
  std::ofstream(folder / "config.json", std::ios::trunc) << config;
  const auto r = convert_expect_failure(folder, tmp / "out.gguf");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("config.json implies"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mlp"), std::string::npos) << r.err;
  EXPECT_TRUE(gguf_files(tmp.path()).empty());
}

TEST(ConvertRejects, ConfigWithMoreLayersThanTheWeights) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  hearth::test::TempDir tmp;
  const fs::path folder = copy_folder(tmp, kStoriesHf);
  std::string config = hearth::test::read_text(folder / "config.json");
  config.replace(config.find("\"num_hidden_layers\": 5"), 22, "\"num_hidden_layers\": 6");
  std::ofstream(folder / "config.json", std::ios::trunc) << config;
  const auto r = convert_expect_failure(folder, tmp / "out.gguf");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("layer 5"), std::string::npos) << r.err;
  EXPECT_TRUE(gguf_files(tmp.path()).empty());
}

TEST(ConvertRejects, UnsupportedDtype) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  hearth::test::TempDir tmp;
  const fs::path folder = copy_folder(tmp, kStoriesHf);
  // Re-label the first tensor as I32 (same element size, so the file stays consistent).
  auto bytes = read_bytes(folder / "model.safetensors");
  std::string head(reinterpret_cast<const char*>(bytes.data()), std::min<size_t>(bytes.size(), 4096));
  const size_t at = head.find("\"F32\"");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 1] = std::byte{'I'};
  hearth::test::write_bytes(folder / "model.safetensors", bytes);
  const auto r = convert_expect_failure(folder, tmp / "out.gguf");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("I32"), std::string::npos) << r.err;
  EXPECT_TRUE(gguf_files(tmp.path()).empty());
}

TEST(ConvertRejects, UnsupportedArchitectureNamesItAndListsTheSupportedOnes) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  hearth::test::TempDir tmp;
  const fs::path folder = copy_folder(tmp, kStoriesHf);
  std::string config = hearth::test::read_text(folder / "config.json");
  config.replace(config.find("LlamaForCausalLM"), 16, "MambaForCausalLM");
  std::ofstream(folder / "config.json", std::ios::trunc) << config;
  const auto r = convert_expect_failure(folder, tmp / "out.gguf");
  EXPECT_EQ(r.exit_code, 1);
  for (const char* s : {"MambaForCausalLM", "LlamaForCausalLM", "Qwen2ForCausalLM", "QWenLMHeadModel", "GemmaForCausalLM"}) {
    EXPECT_NE(r.err.find(s), std::string::npos) << s << " missing from: " << r.err;
  }
  EXPECT_TRUE(gguf_files(tmp.path()).empty());
}

TEST(ConvertRejects, MissingTokenizer) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  hearth::test::TempDir tmp;
  const fs::path folder = copy_folder(tmp, kStoriesHf);
  fs::remove(folder / "tokenizer.model");
  const auto r = convert_expect_failure(folder, tmp / "out.gguf");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no tokenizer"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tokenizer.model"), std::string::npos) << r.err;
  EXPECT_TRUE(gguf_files(tmp.path()).empty());
}

TEST(ConvertRejects, BrokenTokenizerModel) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  hearth::test::TempDir tmp;
  const fs::path folder = copy_folder(tmp, kStoriesHf);
  std::ofstream(folder / "tokenizer.model", std::ios::trunc) << "this is not a protobuf";
  const auto r = convert_expect_failure(folder, tmp / "out.gguf");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("tokenizer.model"), std::string::npos) << r.err;
  EXPECT_TRUE(gguf_files(tmp.path()).empty());
}

#ifndef _WIN32  // fork/SIGKILL; the Windows build (TerminateProcess) does not have this test yet
// ---- killed mid-write -----------------------------------------------------------------------

// Bytes the process `pid` has written to an open file in `dir`, found through /proc/PID/fd
// (the file may have no name there: O_TMPFILE); 0 when it has none open.
uint64_t bytes_open_in(pid_t pid, const fs::path& dir) {
  std::error_code ec;
  uint64_t most = 0;
  const std::string prefix = fs::canonical(dir).string() + "/";
  for (const auto& e : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    const fs::path link = fs::read_symlink(e.path(), ec);
    if (ec || link.string().rfind(prefix, 0) != 0) continue;
    struct stat st {};
    if (::stat(e.path().c_str(), &st) == 0) most = std::max<uint64_t>(most, uint64_t(st.st_size));
  }
  return most;
}

// Starts hearth-cli, waits until it has written part of its output into `dir`, SIGKILLs it, and
// checks that the folder holds nothing new afterwards: no partial file, named or hidden.
void kill_during_write(const std::vector<std::string>& args, const fs::path& dir) {
  std::vector<fs::path> before;
  for (const auto& e : fs::directory_iterator(dir)) before.push_back(e.path());
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    static const std::string cli = HEARTH_CLI_PATH;
    argv.push_back(const_cast<char*>(cli.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    seen = bytes_open_in(pid, dir) > 0;
    if (!seen) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(seen) << "the output was never being written";
  EXPECT_TRUE(WIFSIGNALED(status)) << "the process finished before it could be killed";
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir))
    if (std::find(before.begin(), before.end(), e.path()) == before.end()) left.push_back(e.path().filename().string());
  EXPECT_TRUE(left.empty()) << "the killed process left " << left.size() << " file(s) behind, e.g. " << left.front();
}

TEST(ConvertKilled, TargetHoldsNothingOrThePreviousFile) {
  hearth::test::TempDir tmp;
  // Big enough (~60 MB of output) that the write takes a while.
  ASSERT_EQ(run_cli({"synth", "--hf", "-o", (tmp / "hf").string(), "--hidden", "512", "--ffn", "1536", "--layers", "8",
                     "--vocab", "4096", "--dtype", "f32"}).exit_code, 0);
  const fs::path out_dir = tmp / "out";
  fs::create_directories(out_dir);
  const fs::path target = out_dir / "model.gguf";
  kill_during_write({"convert", (tmp / "hf").string(), "-o", target.string(), "--outtype", "f32", "-q"}, out_dir);
  EXPECT_FALSE(fs::exists(target));

  // With a previous complete file at the target, it is still there, unchanged.
  const std::string previous = "previous complete file";
  std::ofstream(target) << previous;
  kill_during_write({"convert", (tmp / "hf").string(), "-o", target.string(), "--outtype", "f32", "-q"}, out_dir);
  EXPECT_EQ(hearth::test::read_text(target), previous);
}

TEST(QuantizeKilled, TargetHoldsNothingOrThePreviousFile) {
  hearth::test::TempDir tmp;
  ASSERT_EQ(run_cli({"synth", "--hf", "-o", (tmp / "hf").string(), "--hidden", "512", "--ffn", "1536", "--layers", "8",
                     "--vocab", "4096", "--dtype", "f32"}).exit_code, 0);
  ASSERT_EQ(run_cli({"convert", (tmp / "hf").string(), "-o", (tmp / "in.gguf").string(), "--outtype", "f32", "-q"}).exit_code, 0);
  const fs::path out_dir = tmp / "out";
  fs::create_directories(out_dir);
  const fs::path target = out_dir / "q.gguf";
  std::ofstream(target) << "previous";
  kill_during_write({"quantize", (tmp / "in.gguf").string(), target.string(), "F16", "-t", "1", "-q"}, out_dir);
  EXPECT_EQ(hearth::test::read_text(target), "previous");
}

#endif  // !_WIN32
}  // namespace
