// GGUF reader/writer: every metadata type, alignment, tensor table checks, and byte-identical
// round trips of every GGUF file in the shared data.
#include <gtest/gtest.h>

#include <cstring>

#include "file_util.h"
#include "hearth/io/gguf.h"
#include "hearth/io/gguf_writer.h"
#include "test_data.h"

namespace hearth {
namespace {

using test::TempDir;

// A hand-assembled GGUF, written byte by byte from the spec (independent of GgufWriter).
class SpecBuilder {
 public:
  template <class T>
  SpecBuilder& pod(T v) {
    const auto* p = reinterpret_cast<const std::byte*>(&v);
    bytes.insert(bytes.end(), p, p + sizeof v);
    return *this;
  }
  SpecBuilder& str(const std::string& s) {
    pod<uint64_t>(s.size());
    for (char c : s) bytes.push_back(std::byte(c));
    return *this;
  }
  SpecBuilder& pad_to(size_t alignment) {
    while (bytes.size() % alignment) bytes.push_back(std::byte{0});
    return *this;
  }
  std::vector<std::byte> bytes;
};

TEST(Gguf, ParsesEveryMetadataTypeFromSpecBytes) {
  SpecBuilder b;
  b.pod<uint32_t>(0x46554747).pod<uint32_t>(3).pod<uint64_t>(0).pod<uint64_t>(15);
  b.str("u8").pod<uint32_t>(0).pod<uint8_t>(200);
  b.str("i8").pod<uint32_t>(1).pod<int8_t>(-100);
  b.str("u16").pod<uint32_t>(2).pod<uint16_t>(60000);
  b.str("i16").pod<uint32_t>(3).pod<int16_t>(-30000);
  b.str("u32").pod<uint32_t>(4).pod<uint32_t>(4000000000u);
  b.str("i32").pod<uint32_t>(5).pod<int32_t>(-2000000000);
  b.str("f32").pod<uint32_t>(6).pod<float>(1.5f);
  b.str("bool").pod<uint32_t>(7).pod<uint8_t>(1);
  b.str("string").pod<uint32_t>(8).str("héllo");
  b.str("u64").pod<uint32_t>(10).pod<uint64_t>(18000000000000000000ull);
  b.str("i64").pod<uint32_t>(11).pod<int64_t>(-9000000000000000000ll);
  b.str("f64").pod<uint32_t>(12).pod<double>(2.25);
  b.str("arr.str").pod<uint32_t>(9).pod<uint32_t>(8).pod<uint64_t>(2).str("a").str("");
  b.str("arr.f32").pod<uint32_t>(9).pod<uint32_t>(6).pod<uint64_t>(3).pod<float>(1).pod<float>(-2).pod<float>(3);
  // nested: array of 2 arrays of i32: [[7], [8, 9]]
  b.str("arr.nested").pod<uint32_t>(9).pod<uint32_t>(9).pod<uint64_t>(2);
  b.pod<uint32_t>(5).pod<uint64_t>(1).pod<int32_t>(7);
  b.pod<uint32_t>(5).pod<uint64_t>(2).pod<int32_t>(8).pod<int32_t>(9);

  auto f = GgufFile::parse(b.bytes, "spec.gguf");
  ASSERT_TRUE(f.ok()) << f.error().message;
  const auto& md = f->metadata();
  ASSERT_EQ(md.size(), 15u);
  EXPECT_EQ(md.find("u8")->type(), GgufType::U8);
  EXPECT_EQ(md.get_int("u8"), 200);
  EXPECT_EQ(md.get_int("i8"), -100);
  EXPECT_EQ(md.get_int("u16"), 60000);
  EXPECT_EQ(md.get_int("i16"), -30000);
  EXPECT_EQ(md.get_uint("u32"), 4000000000u);
  EXPECT_EQ(md.get_int("i32"), -2000000000);
  EXPECT_EQ(md.get_double("f32"), 1.5);
  EXPECT_EQ(md.get_bool("bool"), true);
  EXPECT_EQ(md.get_string("string"), "héllo");
  EXPECT_EQ(md.get_uint("u64"), 18000000000000000000ull);
  EXPECT_EQ(md.get_int("u64"), std::nullopt);  // does not fit int64
  EXPECT_EQ(md.get_int("i64"), -9000000000000000000ll);
  EXPECT_EQ(md.get_double("f64"), 2.25);
  const auto* strs = md.get_array("arr.str");
  ASSERT_NE(strs, nullptr);
  ASSERT_EQ(strs->strings().size(), 2u);
  EXPECT_EQ(strs->strings()[0], "a");
  EXPECT_EQ(strs->strings()[1], "");
  const auto* floats = md.get_array("arr.f32");
  ASSERT_EQ(floats->f32s().size(), 3u);
  EXPECT_EQ(floats->f32s()[1], -2.0f);
  const auto* nested = md.get_array("arr.nested");
  ASSERT_EQ(nested->element_type(), GgufType::Array);
  const auto& inner = std::get<9>(nested->items);
  ASSERT_EQ(inner.size(), 2u);
  EXPECT_EQ(inner[1].i32s()[1], 9);
  // Keys stay in file order.
  EXPECT_EQ(md.entries()[0].first, "u8");
  EXPECT_EQ(md.entries()[14].first, "arr.nested");
}

TEST(Gguf, WriterOutputMatchesSpecLayout) {
  // Build the same file with the writer and by hand; bytes must agree.
  TempDir dir;
  GgufWriter w(dir / "w.gguf");
  w.metadata().set("general.architecture", std::string("llama"));
  w.metadata().set("general.alignment", uint32_t(64));
  w.metadata().set("flags", GgufArray::of_bools({1, 0, 1}));
  w.add_tensor("a", TensorType::F32, {3});
  w.add_tensor("b", TensorType::Q8_0, {32, 2});
  w.write_header();
  std::vector<float> a = {1, 2, 3};
  w.write_tensor_data({reinterpret_cast<const std::byte*>(a.data()), 12});
  std::vector<std::byte> q(68, std::byte{7});
  w.write_tensor_data(std::span(q).first(30));
  w.write_tensor_data(std::span(q).subspan(30));
  w.commit();

  SpecBuilder b;
  b.pod<uint32_t>(0x46554747).pod<uint32_t>(3).pod<uint64_t>(2).pod<uint64_t>(3);
  b.str("general.architecture").pod<uint32_t>(8).str("llama");
  b.str("general.alignment").pod<uint32_t>(4).pod<uint32_t>(64);
  b.str("flags").pod<uint32_t>(9).pod<uint32_t>(7).pod<uint64_t>(3).pod<uint8_t>(1).pod<uint8_t>(0).pod<uint8_t>(1);
  b.str("a").pod<uint32_t>(1).pod<uint64_t>(3).pod<uint32_t>(0).pod<uint64_t>(0);
  b.str("b").pod<uint32_t>(2).pod<uint64_t>(32).pod<uint64_t>(2).pod<uint32_t>(8).pod<uint64_t>(64);
  b.pad_to(64);
  for (float x : a) b.pod(x);
  b.pad_to(64);
  b.bytes.insert(b.bytes.end(), q.begin(), q.end());
  b.pad_to(64);
  EXPECT_EQ(test::read_bytes(dir / "w.gguf"), b.bytes);

  auto f = GgufFile::open(dir / "w.gguf");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->alignment(), 64u);
  EXPECT_EQ(f->data_offset() % 64, 0u);
  const auto* tb = f->find_tensor("b");
  ASSERT_NE(tb, nullptr);
  EXPECT_EQ(tb->offset, 64u);
  EXPECT_EQ(tb->size_bytes, 68u);
  EXPECT_EQ(tb->row_count(), 2);
  auto data = f->tensor_data(*tb);
  EXPECT_EQ(std::vector<std::byte>(data.begin(), data.end()), q);
}

TEST(Gguf, ReadsVersion2) {
  SpecBuilder b;
  b.pod<uint32_t>(0x46554747).pod<uint32_t>(2).pod<uint64_t>(0).pod<uint64_t>(1);
  b.str("k").pod<uint32_t>(4).pod<uint32_t>(5);
  auto f = GgufFile::parse(b.bytes, "v2.gguf");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->version(), 2u);
}

TEST(Gguf, RejectsBadAlignmentAndMisalignedOffsets) {
  SpecBuilder b;
  b.pod<uint32_t>(0x46554747).pod<uint32_t>(3).pod<uint64_t>(0).pod<uint64_t>(1);
  b.str("general.alignment").pod<uint32_t>(4).pod<uint32_t>(48);
  auto f = GgufFile::parse(b.bytes, "align.gguf");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("power of two"), std::string::npos) << f.error().message;

  SpecBuilder c;
  c.pod<uint32_t>(0x46554747).pod<uint32_t>(3).pod<uint64_t>(1).pod<uint64_t>(0);
  c.str("t").pod<uint32_t>(1).pod<uint64_t>(4).pod<uint32_t>(0).pod<uint64_t>(8);
  c.pad_to(32);
  c.bytes.resize(c.bytes.size() + 64);
  auto g = GgufFile::parse(c.bytes, "offset.gguf");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("not a multiple of the alignment"), std::string::npos) << g.error().message;
  EXPECT_NE(g.error().message.find("offset.gguf"), std::string::npos);
  EXPECT_NE(g.error().message.find("at byte"), std::string::npos);
}

TEST(Gguf, RejectsOverlappingTensorsAndBadShapes) {
  auto build = [](uint64_t second_offset, uint64_t dim0, uint32_t type) {
    SpecBuilder b;
    b.pod<uint32_t>(0x46554747).pod<uint32_t>(3).pod<uint64_t>(2).pod<uint64_t>(0);
    b.str("a").pod<uint32_t>(1).pod<uint64_t>(16).pod<uint32_t>(0).pod<uint64_t>(0);
    b.str("b").pod<uint32_t>(1).pod<uint64_t>(dim0).pod<uint32_t>(type).pod<uint64_t>(second_offset);
    b.pad_to(32);
    b.bytes.resize(b.bytes.size() + 256);
    return b.bytes;
  };
  EXPECT_TRUE(GgufFile::parse(build(64, 16, 0), "ok.gguf").ok());
  auto overlap = GgufFile::parse(build(32, 16, 0), "overlap.gguf");
  ASSERT_FALSE(overlap.ok());
  EXPECT_NE(overlap.error().message.find("overlaps"), std::string::npos);
  auto block = GgufFile::parse(build(64, 33, 2), "block.gguf");  // q4_0 row of 33
  ASSERT_FALSE(block.ok());
  EXPECT_NE(block.error().message.find("block size"), std::string::npos);
  auto unknown = GgufFile::parse(build(64, 16, 99), "type.gguf");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("unknown tensor type"), std::string::npos);
  auto removed = GgufFile::parse(build(64, 16, 31), "removed.gguf");
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code, ErrorCode::Unsupported);
  auto past_end = GgufFile::parse(build(1024, 16, 0), "end.gguf");
  ASSERT_FALSE(past_end.ok());
  EXPECT_NE(past_end.error().message.find("past the end"), std::string::npos);
}

TEST(Gguf, RejectsHugeCountsWithoutAllocating) {
  SpecBuilder b;
  b.pod<uint32_t>(0x46554747).pod<uint32_t>(3).pod<uint64_t>(0).pod<uint64_t>(1);
  b.str("tokens").pod<uint32_t>(9).pod<uint32_t>(8).pod<uint64_t>(uint64_t(1) << 60);
  auto f = GgufFile::parse(b.bytes, "huge.gguf");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("larger than the file can hold"), std::string::npos) << f.error().message;

  SpecBuilder c;
  c.pod<uint32_t>(0x46554747).pod<uint32_t>(3).pod<uint64_t>(~uint64_t(0)).pod<uint64_t>(0);
  EXPECT_FALSE(GgufFile::parse(c.bytes, "tensors.gguf").ok());

  SpecBuilder d;  // string length past the end
  d.pod<uint32_t>(0x46554747).pod<uint32_t>(3).pod<uint64_t>(0).pod<uint64_t>(1);
  d.pod<uint64_t>(uint64_t(1) << 62).pod<uint64_t>(0).pod<uint64_t>(0);
  auto e = GgufFile::parse(d.bytes, "key.gguf");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("past the end"), std::string::npos) << e.error().message;
}

TEST(Gguf, RejectsDeepNestingDuplicatesAndWrongMagic) {
  SpecBuilder b;
  b.pod<uint32_t>(0x46554747).pod<uint32_t>(3).pod<uint64_t>(0).pod<uint64_t>(1);
  b.str("deep").pod<uint32_t>(9);
  for (int i = 0; i < 100; ++i) b.pod<uint32_t>(9).pod<uint64_t>(1);
  b.pod<uint32_t>(0).pod<uint64_t>(0);
  auto f = GgufFile::parse(b.bytes, "deep.gguf");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("nested"), std::string::npos) << f.error().message;

  SpecBuilder d;
  d.pod<uint32_t>(0x46554747).pod<uint32_t>(3).pod<uint64_t>(0).pod<uint64_t>(2);
  d.str("k").pod<uint32_t>(0).pod<uint8_t>(1);
  d.str("k").pod<uint32_t>(0).pod<uint8_t>(2);
  auto dup = GgufFile::parse(d.bytes, "dup.gguf");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().message.find("duplicate"), std::string::npos);

  std::vector<std::byte> junk(100, std::byte{'x'});
  auto j = GgufFile::parse(junk, "junk.bin");
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.error().message.find("not a GGUF file"), std::string::npos);
}

TEST(Gguf, MissingFileIsNotFound) {
  auto f = GgufFile::open("/nonexistent/model.gguf");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::NotFound);
}

// Every GGUF in the shared folder reads, and rewriting it produces identical bytes.
std::vector<std::filesystem::path> shared_gguf_files() {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(test::shared_dir(), ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".gguf") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Gguf, SharedFilesRoundTripByteForByte) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf");
  const auto files = shared_gguf_files();
  ASSERT_GE(files.size(), 10u);
  TempDir dir;
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    auto f = GgufFile::open(path);
    ASSERT_TRUE(f.ok()) << f.error().message;
    const auto out = dir / path.filename().string();
    ASSERT_TRUE(write_gguf_copy(*f, out).ok());
    EXPECT_TRUE(test::read_bytes(out) == test::read_bytes(path)) << "round trip differs";
  }
}

TEST(Gguf, ReadsStoriesReferenceContents) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf");
  auto f = GgufFile::open(test::shared_path("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf"));
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->architecture(), "llama");
  EXPECT_EQ(f->metadata().get_int("llama.block_count"), 5);
  EXPECT_EQ(f->metadata().get_int("llama.embedding_length"), 64);
  EXPECT_EQ(f->metadata().get_int("general.file_type"), 15);  // Q4_K_M
  const auto* tokens = f->metadata().get_array("tokenizer.ggml.tokens");
  ASSERT_NE(tokens, nullptr);
  EXPECT_EQ(tokens->size(), 512u);
  const auto* emb = f->find_tensor("token_embd.weight");
  ASSERT_NE(emb, nullptr);
  EXPECT_EQ(emb->shape, (std::vector<int64_t>{64, 512}));
}

}  // namespace
}  // namespace hearth
