// `hearth-cli inspect` on the shared models: what it prints must agree with the files'
// contents, read independently by the spec-level walker in tests/support/gguf_walker.h (a
// second, minimal GGUF reader written from the spec, so the CLI is not checked against itself).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "file_util.h"
#include "gguf_walker.h"
#include "child_process.h"
#include "test_data.h"

namespace hearth {
namespace {

using nlohmann::json;
using test::run_cli;

const char* kTypeNames[] = {"f32", "f16", "q4_0", "q4_1", "", "", "q5_0", "q5_1", "q8_0", "q8_1", "q2_K", "q3_K",
                            "q4_K", "q5_K", "q6_K", "q8_K"};

TEST(InspectCli, AgreesWithEverySharedGguf) {
  HEARTH_REQUIRE_SHARED("models");
  int checked = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(test::shared_path("models"))) {
    if (e.path().extension() != ".gguf") continue;
    SCOPED_TRACE(e.path().string());
    const auto r = run_cli({"inspect", "--json", e.path().string()});
    ASSERT_FALSE(r.signaled);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::ordered_json::parse(r.out);  // keeps the file's key order
    const auto bytes = test::read_bytes(e.path());
    const auto spec = test::walk_gguf(bytes.data());
    ASSERT_EQ(j["tensors"].size(), spec.tensors.size());
    for (size_t i = 0; i < spec.tensors.size(); ++i) {
      const auto& jt = j["tensors"][i];
      EXPECT_EQ(jt["name"], spec.tensors[i].name);
      EXPECT_EQ(jt["shape"].get<std::vector<uint64_t>>(), spec.tensors[i].shape);
      EXPECT_EQ(jt["offset"].get<uint64_t>(), spec.tensors[i].offset);
      if (spec.tensors[i].type < 16) {
        EXPECT_EQ(jt["type"], kTypeNames[spec.tensors[i].type]);
      }
    }
    ASSERT_EQ(j["metadata"].size(), spec.keys.size());
    size_t k = 0;
    const char* value_types[] = {"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"};
    for (auto it = j["metadata"].begin(); it != j["metadata"].end(); ++it, ++k) {
      EXPECT_EQ(it.key(), spec.keys[k].first);
      EXPECT_EQ(it.value()["type"], value_types[spec.keys[k].second]) << it.key();
    }
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

TEST(InspectCli, SummaryOfQ4KM) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf");
  const auto r = run_cli({"inspect", "--json", test::shared_path("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json s = json::parse(r.out)["summary"];
  EXPECT_EQ(s["architecture"], "llama");
  EXPECT_EQ(s["file_type"], "Q4_K - Medium");
  EXPECT_EQ(s["layers"], 5);
  EXPECT_EQ(s["vocab_size"], 512);
  EXPECT_EQ(s["tokenizer"], "llama");
  // Text mode mentions the same facts.
  const auto t = run_cli({"inspect", test::shared_path("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf").string()});
  ASSERT_EQ(t.exit_code, 0);
  EXPECT_NE(t.out.find("Q4_K - Medium"), std::string::npos);
  EXPECT_NE(t.out.find("token_embd.weight"), std::string::npos);
  EXPECT_NE(t.out.find("more"), std::string::npos);  // the 512-token array is abbreviated
}

TEST(InspectCli, HfFolders) {
  HEARTH_REQUIRE_SHARED("models/stories260K-hf-bf16-sharded");
  for (const char* folder : {"models/stories260K-hf", "models/stories260K-hf-bf16-sharded"}) {
    SCOPED_TRACE(folder);
    const auto r = run_cli({"inspect", "--json", test::shared_path(folder).string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(r.out);
    const json config = json::parse(test::read_text(test::shared_path(folder) / "config.json"));
    EXPECT_EQ(j["summary"]["architecture"], config["architectures"][0]);
    EXPECT_EQ(j["summary"]["layers"], config["num_hidden_layers"]);
    EXPECT_EQ(j["summary"]["vocab_size"], config["vocab_size"]);
    EXPECT_EQ(j["summary"]["context_length"], config["max_position_embeddings"]);
    // Every tensor of the index (or the single file) is listed with its shape.
    uint64_t params = 0;
    for (const auto& t : j["tensors"]) {
      uint64_t n = 1;
      for (auto d : t["shape"]) n *= d.get<uint64_t>();
      params += n;
    }
    EXPECT_EQ(j["summary"]["parameters"].get<uint64_t>(), params);
  }
  const auto sharded = run_cli({"inspect", "--json", test::shared_path("models/stories260K-hf-bf16-sharded").string()});
  const json j = json::parse(sharded.out);
  EXPECT_EQ(j["shards"].size(), 2u);
  EXPECT_EQ(j["summary"]["file_type"], "BF16");
  const json index = json::parse(test::read_text(test::shared_path("models/stories260K-hf-bf16-sharded/model.safetensors.index.json")));
  EXPECT_EQ(j["tensors"].size(), index["weight_map"].size());
}

TEST(InspectCli, BadInputExitsOneWithOneLine) {
  test::TempDir dir;
  test::write_bytes(dir / "junk.gguf", std::vector<std::byte>(64, std::byte{'G'}));
  for (const std::string& path : {(dir / "junk.gguf").string(), (dir / "missing.gguf").string(), dir.path().string()}) {
    SCOPED_TRACE(path);
    const auto r = run_cli({"inspect", path});
    ASSERT_FALSE(r.signaled);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("error"), std::string::npos);
  }
  const auto usage = run_cli({"inspect"});
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace hearth
