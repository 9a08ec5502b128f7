// Split GGUF models: hostile and broken shard sets give clear errors naming the shard; a good
// set opens as one model from any of its shards. The shards here are written field by field
// from the gguf-split layout (split.no u16, split.count u16, split.tensors.count i32; metadata
// only in the first shard), not with split_gguf().
#include <gtest/gtest.h>

#include <filesystem>
#include <cstring>
#include <fstream>
#include <unistd.h>

#include "hearth/io/gguf_split.h"
#include "hearth/io/gguf_writer.h"

namespace hearth {
namespace {

namespace fs = std::filesystem;

struct ShardSpec {
  std::vector<std::string> tensors;
  GgufValue count = uint16_t(2);
  GgufValue no = uint16_t(0);
  int32_t tensors_count = 0;
  std::string name;  // general.name, when set
};

class GgufSplit : public ::testing::Test {
 protected:
  fs::path dir_ = fs::temp_directory_path() / ("hearth-split-unit-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write_shard(const std::string& file, const ShardSpec& s, bool first) {
    GgufWriter w(dir_ / file);
    if (first) w.metadata().set("general.architecture", GgufValue(std::string("llama")));
    if (!s.name.empty()) w.metadata().set("general.name", GgufValue(s.name));
    w.metadata().set("split.no", s.no);
    w.metadata().set("split.count", s.count);
    w.metadata().set("split.tensors.count", GgufValue(s.tensors_count));
    for (const auto& t : s.tensors) w.add_tensor(t, TensorType::F32, {4});
    w.write_header();
    for (size_t i = 0; i < s.tensors.size(); ++i) {
      const float v[4] = {float(i), 1, 2, 3};
      w.write_tensor_data(std::as_bytes(std::span(v)));
    }
    w.commit();
    return dir_ / file;
  }
  // A good two-shard model: a, b in the first shard, c in the second.
  void write_good() {
    write_shard("m-00001-of-00002.gguf", {{"a", "b"}, uint16_t(2), uint16_t(0), 3}, true);
    write_shard("m-00002-of-00002.gguf", {{"c"}, uint16_t(2), uint16_t(1), 3}, false);
  }
  static std::string error_of(const fs::path& p) {
    auto f = GgufFile::open(p);
    return f ? std::string("opened") : f.error().message;
  }
};

TEST_F(GgufSplit, AnyShardOpensTheWholeModel) {
  write_good();
  for (const char* name : {"m-00001-of-00002.gguf", "m-00002-of-00002.gguf"}) {
    auto f = GgufFile::open(dir_ / name);
    ASSERT_TRUE(f) << f.error().message;
    EXPECT_EQ(f->shard_count(), 2u);
    EXPECT_EQ(f->architecture(), "llama");  // the first shard's metadata
    ASSERT_EQ(f->tensors().size(), 3u);
    const auto* c = f->find_tensor("c");
    ASSERT_NE(c, nullptr);
    const auto bytes = f->tensor_data(*c);
    ASSERT_EQ(bytes.size(), 16u);
    float v[4];
    std::memcpy(v, bytes.data(), 16);
    EXPECT_EQ(v[0], 0.f);  // c is tensor 0 of shard 2
    EXPECT_EQ(v[3], 3.f);
  }
}

TEST_F(GgufSplit, MissingShardIsNamed) {
  write_shard("m-00001-of-00002.gguf", {{"a", "b"}, uint16_t(2), uint16_t(0), 3}, true);
  const std::string e = error_of(dir_ / "m-00001-of-00002.gguf");
  EXPECT_NE(e.find("m-00002-of-00002.gguf"), std::string::npos) << e;
  EXPECT_NE(e.find("missing"), std::string::npos) << e;
}

TEST_F(GgufSplit, OverlappingTensorsAreRefused) {
  write_shard("m-00001-of-00002.gguf", {{"a", "b"}, uint16_t(2), uint16_t(0), 3}, true);
  write_shard("m-00002-of-00002.gguf", {{"b"}, uint16_t(2), uint16_t(1), 3}, false);
  const std::string e = error_of(dir_ / "m-00001-of-00002.gguf");
  EXPECT_NE(e.find("tensor b is also in shard 1"), std::string::npos) << e;
}

TEST_F(GgufSplit, ShardOfAnotherModelIsRefused) {
  write_shard("m-00001-of-00002.gguf", {{"a", "b"}, uint16_t(2), uint16_t(0), 3, "alpha"}, true);
  write_shard("m-00002-of-00002.gguf", {{"c"}, uint16_t(2), uint16_t(1), 3, "beta"}, false);
  EXPECT_NE(error_of(dir_ / "m-00001-of-00002.gguf").find("another model"), std::string::npos);
  // A shard of a model with another tensor count.
  write_shard("m-00002-of-00002.gguf", {{"c"}, uint16_t(2), uint16_t(1), 7}, false);
  EXPECT_NE(error_of(dir_ / "m-00001-of-00002.gguf").find("another model"), std::string::npos);
}

TEST_F(GgufSplit, CountsOutOfRangeOrInconsistent) {
  // 2^31 (a u16 cannot hold it; a hostile file stores it as u32).
  write_shard("m-00001-of-00002.gguf", {{"a"}, uint32_t(1u << 31), uint16_t(0), 3}, true);
  EXPECT_NE(error_of(dir_ / "m-00001-of-00002.gguf").find("split.count must be"), std::string::npos);
  // The second shard says 0 shards.
  write_shard("m-00001-of-00002.gguf", {{"a", "b"}, uint16_t(2), uint16_t(0), 3}, true);
  write_shard("m-00002-of-00002.gguf", {{"c"}, uint16_t(0), uint16_t(1), 3}, false);
  EXPECT_NE(error_of(dir_ / "m-00001-of-00002.gguf").find("expected 2 of 2"), std::string::npos);
  // split.no beyond the count.
  write_shard("m-00002-of-00002.gguf", {{"c"}, uint16_t(2), uint16_t(5), 3}, false);
  EXPECT_NE(error_of(dir_ / "m-00002-of-00002.gguf").find("not below split.count"), std::string::npos);
  // The tensors do not add up to split.tensors.count.
  write_shard("m-00002-of-00002.gguf", {{}, uint16_t(2), uint16_t(1), 3}, false);
  EXPECT_NE(error_of(dir_ / "m-00001-of-00002.gguf").find("hold 2 tensors"), std::string::npos);
}

TEST_F(GgufSplit, NamesMustMatchTheSplitKeys) {
  // A shard renamed (or a path made up to reach another file) is refused, not guessed at.
  write_good();
  fs::rename(dir_ / "m-00001-of-00002.gguf", dir_ / "model.gguf");
  EXPECT_NE(error_of(dir_ / "model.gguf").find("does not end in \"-00001-of-00002.gguf\""), std::string::npos);
  fs::rename(dir_ / "m-00002-of-00002.gguf", dir_ / "m-00002-of-00003.gguf");
  EXPECT_NE(error_of(dir_ / "m-00002-of-00003.gguf").find("does not end in"), std::string::npos);
}

TEST_F(GgufSplit, ZeroCountMeansMergedNotSplit) {
  // gguf-split --merge leaves split.count = 0 in the merged file: one plain file.
  write_shard("merged.gguf", {{"a", "b", "c"}, uint16_t(0), uint16_t(0), 3}, true);
  auto f = GgufFile::open(dir_ / "merged.gguf");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->shard_count(), 1u);
  EXPECT_EQ(f->tensors().size(), 3u);
}

TEST(GgufSplitNames, PathsAndSizesAsGgufSplit) {
  EXPECT_EQ(gguf_split_path("out/m", 1, 3).string(), "out/m-00002-of-00003.gguf");
  EXPECT_EQ(gguf_split_prefix("out/m-00002-of-00003.gguf", 1, 3)->string(), "out/m");
  EXPECT_FALSE(gguf_split_prefix("out/m-00002-of-00003.gguf", 0, 3));
  EXPECT_FALSE(gguf_split_prefix("-00001-of-00001.gguf", 0, 1));  // nothing before the suffix
  EXPECT_EQ(*parse_split_size("2G"), 2000000000u);
  EXPECT_EQ(*parse_split_size("500M"), 500000000u);
  EXPECT_FALSE(parse_split_size("0G"));
  EXPECT_FALSE(parse_split_size("2GB"));
  EXPECT_FALSE(parse_split_size("2"));
  EXPECT_FALSE(parse_split_size("-1M"));
}

}  // namespace
}  // namespace hearth
