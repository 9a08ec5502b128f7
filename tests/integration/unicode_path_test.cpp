// File names outside ASCII: a model in a folder such as C:\Users\张伟\模型\ must convert,
// quantize and load. On Linux this checks the UTF-8 plumbing; in the Windows build (run under
// wine) it checks every UTF-8 <-> UTF-16 crossing at the Win32 boundary: the command line,
// the folder walk, the memory map and the atomic rename.
#include <gtest/gtest.h>

#include <filesystem>

#include "file_util.h"
#include "hearth/base/utf8_path.h"
#include "child_process.h"
#include "test_data.h"

namespace {

namespace fs = std::filesystem;
using hearth::path_utf8;
using hearth::utf8_path;
using hearth::test::read_bytes;
using hearth::test::run_cli;
using hearth::test::shared_path;

constexpr const char* kStoriesHf = "models/stories260K-hf";
constexpr const char* kReferenceF32 = "models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf";

TEST(UnicodePaths, ConvertQuantizeAndRunInAChineseFolder) {
  HEARTH_REQUIRE_SHARED(kStoriesHf);
  HEARTH_REQUIRE_SHARED(kReferenceF32);
  hearth::test::TempDir tmp;
  // The model folder keeps its ASCII name: llama.cpp's reference file was converted from a
  // folder of that name, and the converter derives general.name from it.
  const fs::path models = tmp.path() / utf8_path("张伟") / utf8_path("模型");
  const fs::path hf = models / "stories260K-hf";
  fs::create_directories(hf);
  for (const auto& entry : fs::directory_iterator(shared_path(kStoriesHf)))
    fs::copy_file(entry.path(), hf / entry.path().filename());

  const fs::path f32 = models / utf8_path("故事-f32.gguf");
  auto r = run_cli({"convert", path_utf8(hf), "-o", path_utf8(f32), "--outtype", "f32", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_bytes(f32), read_bytes(shared_path(kReferenceF32))) << "differs from llama.cpp's conversion";

  // Quantizing in the Chinese folder writes the same bytes as quantizing llama.cpp's file in an
  // ASCII folder (the path must not matter).
  const fs::path q_unicode = models / utf8_path("故事-Q4_K_M.gguf");
  r = run_cli({"quantize", path_utf8(f32), path_utf8(q_unicode), "Q4_K_M"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path q_ascii = tmp.path() / "ascii-Q4_K_M.gguf";
  r = run_cli({"quantize", path_utf8(shared_path(kReferenceF32)), path_utf8(q_ascii), "Q4_K_M"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_bytes(q_unicode), read_bytes(q_ascii));

  // Loading and generating: llama-cli's greedy text for this model (see engine_cli_test.cpp).
  r = run_cli({"run", "-m", path_utf8(f32), "-p", "Once upon a time", "-n", "12", "--temp", "0", "-t", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Once upon a time, there was a little girl named Lily.", 0), 0u) << r.out;

  // A missing file in a Chinese folder is reported with its name intact.
  const std::string missing = path_utf8(models / utf8_path("没有.gguf"));
  r = run_cli({"run", "-m", missing, "-p", "x", "-n", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("没有.gguf"), std::string::npos) << r.err;
}

}  // namespace
