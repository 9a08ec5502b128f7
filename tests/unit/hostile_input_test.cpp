// Hostile input: thousands of mutations of real GGUF and safetensors files (truncation at every
// section boundary, bit flips, huge counts and lengths, offsets past the end, JSON edits). Each
// must end in either a clean error that names the file, or a successful parse whose every
// tensor view lies inside the buffer. Run under ASan/UBSan (the `asan` preset) this also proves
// no out-of-bounds read or undefined behaviour on the way.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "file_util.h"
#include "gguf_walker.h"
#include "hearth/io/gguf.h"
#include "hearth/io/hf_folder.h"
#include "hearth/io/safetensors.h"
#include "test_data.h"

namespace hearth {
namespace {

// Copies bytes into an allocation of exactly that size so ASan flags any read past the end.
class ExactBuffer {
 public:
  explicit ExactBuffer(const std::vector<std::byte>& v) : size_(v.size()), data_(new std::byte[v.size() ? v.size() : 1]) {
    if (size_) std::memcpy(data_.get(), v.data(), size_);
  }
  std::span<const std::byte> span() const { return {data_.get(), size_}; }

 private:
  size_t size_;
  std::unique_ptr<std::byte[]> data_;
};

struct Tally {
  int variants = 0;
  int rejected = 0;
};

void check_gguf(const std::vector<std::byte>& bytes, const std::string& label, Tally& tally) {
  ++tally.variants;
  ExactBuffer buf(bytes);
  auto f = GgufFile::parse(buf.span(), "mutant.gguf");
  if (!f.ok()) {
    ++tally.rejected;
    EXPECT_NE(f.error().message.find("mutant.gguf"), std::string::npos) << label << ": " << f.error().message;
    EXPECT_EQ(f.error().message.find('\n'), std::string::npos) << label;
    return;
  }
  // Accepted: every view must be inside the buffer, every value readable.
  for (const auto& t : f->tensors()) {
    const auto data = f->tensor_data(t);
    ASSERT_GE(data.data(), buf.span().data()) << label;
    ASSERT_LE(data.data() + data.size(), buf.span().data() + buf.span().size()) << label;
    volatile std::byte sink{};
    if (!data.empty()) sink = data[data.size() - 1];
    (void)sink;
  }
  for (const auto& [k, v] : f->metadata().entries()) {
    if (const auto* a = v.as_array()) (void)a->size();
  }
}

template <class T>
void poke(std::vector<std::byte>& b, uint64_t at, T value) {
  if (at + sizeof(T) <= b.size()) std::memcpy(&b[at], &value, sizeof(T));
}

void mutate_gguf_file(const std::filesystem::path& path, Tally& tally, uint64_t seed) {
  const auto original = test::read_bytes(path);
  const auto walk = test::walk_gguf(original.data());

  // 1. Truncation at every section boundary and one byte either side.
  for (uint64_t boundary : walk.boundaries) {
    for (int64_t delta : {-1, 0, 1}) {
      const int64_t n = int64_t(boundary) + delta;
      if (n < 0 || uint64_t(n) >= original.size()) continue;
      check_gguf({original.begin(), original.begin() + n}, "truncate@" + std::to_string(n), tally);
    }
  }
  for (uint64_t n : {uint64_t(0), uint64_t(3), uint64_t(4), uint64_t(8), uint64_t(23), walk.infos_end + 1,
                     uint64_t(original.size() - 1)}) {
    if (n < original.size()) check_gguf({original.begin(), original.begin() + int64_t(n)}, "truncate@" + std::to_string(n), tally);
  }
  // Truncation inside the data of each tensor (past the tensor table).
  for (size_t i = 0; i < walk.tensors.size(); i += 3) {
    const uint64_t cut = walk.infos_end + 32 + walk.tensors[i].offset;
    if (cut < original.size()) check_gguf({original.begin(), original.begin() + int64_t(cut)}, "truncate-data", tally);
  }

  // 2. Every count, length, type, dim and offset field set to hostile values.
  const uint64_t huge[] = {~uint64_t(0), uint64_t(1) << 63, uint64_t(1) << 40, uint64_t(original.size()),
                           uint64_t(original.size()) + 1, 0x7fffffffu, 0};
  size_t field_index = 0;
  for (const auto& field : walk.fields) {
    // Sample fields so that big vocabularies don't explode the count, but keep all non-value fields near the front.
    if (field.kind == test::FieldPos::Value) continue;
    if (++field_index > 400 && field_index % 97 != 0) continue;
    for (uint64_t v : huge) {
      auto m = original;
      if (field.width == 8) poke<uint64_t>(m, field.at, v);
      else poke<uint32_t>(m, field.at, static_cast<uint32_t>(v));
      check_gguf(m, "field@" + std::to_string(field.at) + "=" + std::to_string(v), tally);
    }
  }

  // 3. Random bit flips, concentrated on the header and tensor table where they matter.
  uint64_t state = seed;
  auto next = [&] {
    state += 0x9e3779b97f4a7c15ull;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  const uint64_t header_span = std::min<uint64_t>(walk.infos_end + 64, original.size());
  for (int i = 0; i < 300; ++i) {
    auto m = original;
    const int flips = 1 + int(next() % 4);
    for (int k = 0; k < flips; ++k) {
      const uint64_t at = (k == 0 && i % 4 != 0) ? next() % header_span : next() % original.size();
      m[at] ^= std::byte(1u << (next() % 8));
    }
    check_gguf(m, "bitflip#" + std::to_string(i), tally);
  }
}

TEST(HostileInput, GgufMutationsFailCleanly) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf");
  Tally tally;
  mutate_gguf_file(test::shared_path("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf"), tally, 1);
  mutate_gguf_file(test::shared_path("models/stories260K-reference-gguf/stories260K-hf-viaHFconv-q8_0.gguf"), tally, 2);
  mutate_gguf_file(test::shared_path("models/tiny-random-llama/tiny-random-llama.gguf"), tally, 3);
  std::printf("GGUF mutations: %d variants, %d rejected with a clean error\n", tally.variants, tally.rejected);
  EXPECT_GE(tally.variants, 1000);
  EXPECT_GE(tally.rejected, tally.variants / 2);  // most mutations of the header must be caught
}

void check_safetensors(const std::vector<std::byte>& bytes, const std::string& label, Tally& tally) {
  ++tally.variants;
  ExactBuffer buf(bytes);
  auto f = SafetensorsFile::parse(buf.span(), "mutant.safetensors");
  if (!f.ok()) {
    ++tally.rejected;
    EXPECT_NE(f.error().message.find("mutant.safetensors"), std::string::npos) << label << ": " << f.error().message;
    return;
  }
  for (const auto& t : f->tensors()) {
    const auto data = f->tensor_data(t);
    ASSERT_LE(data.data() + data.size(), buf.span().data() + buf.span().size()) << label;
    ASSERT_EQ(data.size(), uint64_t(t.element_count()) * safetensors_dtype_bytes(t.dtype)) << label;
  }
}

std::vector<std::byte> with_header(const std::string& json, const std::vector<std::byte>& data) {
  std::vector<std::byte> out(8);
  const uint64_t n = json.size();
  std::memcpy(out.data(), &n, 8);
  for (char c : json) out.push_back(std::byte(c));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

TEST(HostileInput, SafetensorsMutationsFailCleanly) {
  HEARTH_REQUIRE_SHARED("models/stories260K-hf-bf16-sharded/model-00002-of-00002.safetensors");
  Tally tally;
  for (const char* rel : {"models/stories260K-hf-bf16-sharded/model-00002-of-00002.safetensors",
                          "models/stories260K-hf/model.safetensors"}) {
    const auto original = test::read_bytes(test::shared_path(rel));
    uint64_t header_len;
    std::memcpy(&header_len, original.data(), 8);
    const std::string header(reinterpret_cast<const char*>(&original[8]), header_len);
    const std::vector<std::byte> data(original.begin() + 8 + int64_t(header_len), original.end());
    ASSERT_TRUE(SafetensorsFile::parse(original, "ok").ok());

    // Truncations across the header and the data.
    for (uint64_t n = 0; n < 8 + header_len + 16; n += 7) check_safetensors({original.begin(), original.begin() + int64_t(n)}, "trunc", tally);
    for (uint64_t n = original.size() - 1; n > original.size() - 2000 && n > 8 + header_len; n -= 97)
      check_safetensors({original.begin(), original.begin() + int64_t(n)}, "trunc-data", tally);
    // Header length field.
    for (uint64_t v : {uint64_t(0), uint64_t(1), header_len - 1, header_len + 1, uint64_t(original.size()), ~uint64_t(0),
                       uint64_t(1) << 62}) {
      auto m = original;
      poke<uint64_t>(m, 0, v);
      check_safetensors(m, "header_len", tally);
    }
    // Structured JSON edits of every tensor entry.
    const auto j = nlohmann::json::parse(header);
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "__metadata__") continue;
      auto edit = [&](const std::function<void(nlohmann::json&)>& fn, const char* what) {
        nlohmann::json copy = j;
        fn(copy[it.key()]);
        check_safetensors(with_header(copy.dump(), data), what, tally);
      };
      edit([](auto& e) { e["data_offsets"][1] = e["data_offsets"][1].template get<uint64_t>() + 1; }, "end+1");
      edit([](auto& e) { e["data_offsets"][0] = 0; }, "begin=0");  // overlaps or size mismatch
      edit([&](auto& e) { e["data_offsets"][1] = data.size() + 4; }, "end past file");
      edit([](auto& e) { e["data_offsets"] = {5, 1}; }, "reversed");
      edit([](auto& e) { e["data_offsets"] = {-1, 4}; }, "negative");
      edit([](auto& e) { e["shape"].push_back(2); }, "shape lies");
      edit([](auto& e) { e["shape"] = {uint64_t(1) << 62, uint64_t(1) << 62}; }, "shape overflow");
      edit([](auto& e) { e["shape"] = "x"; }, "shape not array");
      edit([](auto& e) { e["dtype"] = "F4"; }, "unknown dtype");
      edit([](auto& e) { e["dtype"] = "F32"; }, "dtype lies");
      edit([](auto& e) { e.erase("dtype"); }, "no dtype");
      edit([](auto& e) { e = 5; }, "not object");
    }
    // Byte flips in the JSON text.
    uint64_t state = 7;
    for (int i = 0; i < 300; ++i) {
      auto m = original;
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      m[8 + (state >> 33) % header_len] ^= std::byte(1u << ((state >> 20) % 8));
      check_safetensors(m, "flip", tally);
    }
  }
  // Pathological JSON.
  check_safetensors(with_header(std::string(5000, '['), {}), "deep", tally);
  check_safetensors(with_header("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", {}), "no data", tally);
  check_safetensors(with_header("[]", {}), "array", tally);
  std::printf("safetensors mutations: %d variants, %d rejected\n", tally.variants, tally.rejected);
  EXPECT_GE(tally.variants, 1000);
}

TEST(HostileInput, HfFolderProblemsAreNamed) {
  HEARTH_REQUIRE_SHARED("models/stories260K-hf-bf16-sharded");
  const auto src = test::shared_path("models/stories260K-hf-bf16-sharded");
  auto copy_folder = [&](const std::filesystem::path& dst) {
    std::filesystem::create_directories(dst);
    for (const auto& e : std::filesystem::directory_iterator(src)) {
      std::filesystem::copy_file(e.path(), dst / e.path().filename());
      // Writable copies: on Windows a read-only file can be neither removed nor overwritten.
      std::filesystem::permissions(dst / e.path().filename(), std::filesystem::perms::owner_write,
                                   std::filesystem::perm_options::add);
    }
  };
  test::TempDir dir;
  {  // missing shard
    const auto d = dir / "missing";
    copy_folder(d);
    std::filesystem::remove(d / "model-00002-of-00002.safetensors");
    auto m = HfModelFolder::open(d);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, ErrorCode::NotFound);
    EXPECT_NE(m.error().message.find("model-00002-of-00002.safetensors"), std::string::npos) << m.error().message;
  }
  {  // truncated shard
    const auto d = dir / "truncated";
    copy_folder(d);
    auto bytes = test::read_bytes(d / "model-00001-of-00002.safetensors");
    bytes.resize(bytes.size() / 2);
    std::filesystem::permissions(d / "model-00001-of-00002.safetensors", std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
    test::write_bytes(d / "model-00001-of-00002.safetensors", bytes);
    auto m = HfModelFolder::open(d);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("model-00001-of-00002.safetensors"), std::string::npos) << m.error().message;
    EXPECT_NE(m.error().message.find("past the end"), std::string::npos) << m.error().message;
  }
  {  // index escaping the folder
    const auto d = dir / "escape";
    copy_folder(d);
    std::filesystem::permissions(d / "model.safetensors.index.json", std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
    test::write_bytes(d / "model.safetensors.index.json",
                      [] {
                        std::string s = R"({"weight_map": {"x": "../../etc/passwd"}})";
                        std::vector<std::byte> v;
                        for (char c : s) v.push_back(std::byte(c));
                        return v;
                      }());
    auto m = HfModelFolder::open(d);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("not a file in the model folder"), std::string::npos) << m.error().message;
  }
  {  // broken config.json
    const auto d = dir / "config";
    copy_folder(d);
    std::filesystem::permissions(d / "config.json", std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
    test::write_bytes(d / "config.json", {std::byte('{'), std::byte('\n'), std::byte('x')});
    auto m = HfModelFolder::open(d);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("config.json: invalid JSON at line 2"), std::string::npos) << m.error().message;
  }
  {  // not a model folder
    auto m = HfModelFolder::open(dir.path());
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("no config.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace hearth
