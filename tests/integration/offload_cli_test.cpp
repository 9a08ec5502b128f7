// -ngl and --device on run, perplexity and bench (the Vulkan device may be Mesa lavapipe:
// --allow-cpu-device). References: the CPU's greedy text (itself llama.cpp's, shared/README.md)
// and the CPU's perplexity. Skips loudly where there is no Vulkan device.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "scoped_env.h"
#include "test_data.h"

namespace hearth {
using test::run_cli;
namespace {

const char* kModel = "models/stories260K-reference-gguf/stories260K-f32.gguf";
const char* kText = "text/tinystories-excerpt-8k.txt";

bool have_vulkan_device() {
  const auto r = run_cli({"devices", "--json", "--allow-cpu-device"});
  if (r.exit_code != 0) return false;
  return !nlohmann::json::parse(r.out)["devices"].empty();
}

#define REQUIRE_VULKAN() \
  if (!have_vulkan_device()) GTEST_SKIP() << "SKIPPED: no Vulkan device (hearth-cli devices --allow-cpu-device lists none)"

TEST(OffloadCli, RunGivesTheCpusTextAtAnyLayerCount) {
  HEARTH_REQUIRE_SHARED(kModel);
  REQUIRE_VULKAN();
  const std::string model = test::shared_path(kModel).string();
  const auto cpu = run_cli({"run", "-m", model, "-p", "Once upon a time", "-n", "40", "--temp", "0"});
  ASSERT_EQ(cpu.exit_code, 0) << cpu.err;
  for (const char* ngl : {"1", "5", "all", "auto", "99"}) {
    const auto r = run_cli({"run", "-m", model, "-p", "Once upon a time", "-n", "40", "--temp", "0", "-ngl", ngl,
                            "--allow-cpu-device"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, cpu.out) << "-ngl " << ngl;
    EXPECT_NE(r.err.find("layers"), std::string::npos) << r.err;  // where the layers went
    if (std::string(ngl) == "all" || std::string(ngl) == "99") {
      EXPECT_NE(r.err.find("5/5 layers and the output on Vulkan"), std::string::npos) << r.err;
    }
    if (std::string(ngl) == "1") {
      EXPECT_NE(r.err.find("1/5 layers on Vulkan"), std::string::npos) << r.err;
    }
  }
}

TEST(OffloadCli, PerplexityAndBenchTakeGpuLayers) {
  HEARTH_REQUIRE_SHARED(kModel);
  HEARTH_REQUIRE_SHARED(kText);
  REQUIRE_VULKAN();
  const std::string model = test::shared_path(kModel).string();
  auto ppl = [&](const char* ngl) {
    const auto r = run_cli({"perplexity", "-m", model, "-f", test::shared_path(kText).string(), "-c", "128", "--chunks",
                            "6", "--json", "-ngl", ngl, "--allow-cpu-device"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["perplexity"].get<double>();
  };
  const double cpu = ppl("0");
  for (const char* ngl : {"2", "all"}) EXPECT_NEAR(ppl(ngl), cpu, 0.001 * cpu) << "-ngl " << ngl;

  const auto b = run_cli({"bench", "-m", model, "-p", "16", "-n", "4", "-r", "1", "--json", "-ngl", "0,2,all",
                          "--allow-cpu-device"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const auto j = nlohmann::json::parse(b.out);
  ASSERT_EQ(j.size(), 6u);  // pp16 and tg4 for each -ngl value
  EXPECT_EQ(j[0]["n_gpu_layers"], 0);
  EXPECT_EQ(j[0]["backend"], "CPU");
  EXPECT_EQ(j[2]["n_gpu_layers"], 2);
  EXPECT_EQ(j[4]["n_gpu_layers"], 6);  // 5 layers and the output
  EXPECT_EQ(j[4]["backend"], "Vulkan");
}

TEST(OffloadCli, BadLayerCountsAndDevicesAreClearErrors) {
  HEARTH_REQUIRE_SHARED(kModel);
  const std::string model = test::shared_path(kModel).string();
  const auto bad = run_cli({"run", "-m", model, "-p", "x", "-n", "1", "-ngl", "many"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("-ngl takes a number of layers, all or auto"), std::string::npos) << bad.err;
  REQUIRE_VULKAN();
  const auto dev = run_cli({"run", "-m", model, "-p", "x", "-n", "1", "-ngl", "2", "--device", "no-such-gpu",
                            "--allow-cpu-device"});
  EXPECT_EQ(dev.exit_code, 1);
  EXPECT_NE(dev.err.find("no such GPU"), std::string::npos) << dev.err;
}

TEST(OffloadCli, NoGpuRunsOnTheCpuAndSaysWhy) {
  HEARTH_REQUIRE_SHARED(kModel);
  const std::string model = test::shared_path(kModel).string();
  // Without --allow-cpu-device a CPU implementation of Vulkan is not a GPU; with no loader at
  // all there is none either. Either way: the CPU's answer and one line saying why.
  test::ScopedEnv no_cpu_devices("HEARTH_VULKAN_ALLOW_CPU", std::nullopt);
  test::ScopedEnv no_loader("HEARTH_VULKAN_LOADER", "/nonexistent/libvulkan.so.1");
  const auto r = run_cli({"run", "-m", model, "-p", "Once upon a time", "-n", "8", "--temp", "0", "-ngl", "99"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no GPU, running on the CPU"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Once upon a time"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace hearth

namespace hearth {
namespace {

// A GPU lost during generation (simulated: every submission reports VK_ERROR_DEVICE_LOST) ends
// the run with one clear line and exit status 1, never a crash. (The desktop app goes on on
// the CPU: tests/gui/tst_gpu_offload.cpp.)
TEST(OffloadCli, ALostGpuEndsTheRunWithOneClearLine) {
  HEARTH_REQUIRE_SHARED(kModel);
  REQUIRE_VULKAN();
  const std::string model = test::shared_path(kModel).string();
  test::ScopedEnv lose("HEARTH_VULKAN_LOSE_DEVICE", "1");
  const auto r = run_cli({"run", "-m", model, "-p", "Once upon a time", "-n", "20", "--temp", "0", "-ngl", "all",
                          "--allow-cpu-device"});
  ASSERT_FALSE(r.signaled) << r.err;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("error: the GPU stopped responding"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hearth
