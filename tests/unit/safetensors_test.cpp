// safetensors reader and Hugging Face folders, on the shared stories260K folders.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "file_util.h"
#include "hearth/base/half.h"
#include "hearth/io/hf_folder.h"
#include "hearth/io/safetensors.h"
#include "test_data.h"

namespace hearth {
namespace {

TEST(Safetensors, ParsesHandWrittenFile) {
  // Two tensors written by hand from the format description.
  const std::string header =
      R"({"__metadata__":{"format":"pt"},"b":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]},)"
      R"("a":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]}})";
  std::vector<std::byte> file(8);
  const uint64_t n = header.size();
  std::memcpy(file.data(), &n, 8);
  for (char c : header) file.push_back(std::byte(c));
  const float a[2] = {1.5f, -2.0f};
  const uint16_t b[2] = {0x3f80, 0xc000};  // 1.0, -2.0 in bf16
  file.insert(file.end(), reinterpret_cast<const std::byte*>(a), reinterpret_cast<const std::byte*>(a) + 8);
  file.insert(file.end(), reinterpret_cast<const std::byte*>(b), reinterpret_cast<const std::byte*>(b) + 4);

  auto f = SafetensorsFile::parse(file, "hand.safetensors");
  ASSERT_TRUE(f.ok()) << f.error().message;
  ASSERT_EQ(f->tensors().size(), 2u);
  EXPECT_EQ(f->tensors()[0].name, "a");  // sorted by data offset
  EXPECT_EQ(f->metadata().at("format"), "pt");
  const auto* tb = f->find("b");
  ASSERT_NE(tb, nullptr);
  EXPECT_EQ(tb->dtype, SafetensorsDtype::BF16);
  const auto data = f->tensor_data(*tb);
  uint16_t got[2];
  std::memcpy(got, data.data(), 4);
  EXPECT_EQ(bf16_to_f32(got[0]), 1.0f);
  EXPECT_EQ(bf16_to_f32(got[1]), -2.0f);
}

TEST(Safetensors, RecognisesAllDtypes) {
  for (const char* name : {"F32", "F16", "BF16", "I8", "U8", "I32", "F64", "I16", "I64", "BOOL"}) {
    const auto dt = safetensors_dtype_from_name(name);
    ASSERT_TRUE(dt.has_value()) << name;
    EXPECT_EQ(safetensors_dtype_name(*dt), name);
  }
  EXPECT_EQ(safetensors_dtype_bytes(SafetensorsDtype::F64), 8u);
  EXPECT_EQ(safetensors_dtype_bytes(SafetensorsDtype::I8), 1u);
}

TEST(HfFolder, ShardedBf16MatchesSingleFileF32) {
  HEARTH_REQUIRE_SHARED("models/stories260K-hf-bf16-sharded");
  auto sharded = HfModelFolder::open(test::shared_path("models/stories260K-hf-bf16-sharded"));
  ASSERT_TRUE(sharded.ok()) << sharded.error().message;
  auto single = HfModelFolder::open(test::shared_path("models/stories260K-hf"));
  ASSERT_TRUE(single.ok()) << single.error().message;

  EXPECT_EQ(sharded->shards().size(), 2u);
  EXPECT_EQ(single->shards().size(), 1u);
  EXPECT_EQ(sharded->architecture(), "LlamaForCausalLM");
  EXPECT_EQ(sharded->config()["num_hidden_layers"], 5);
  ASSERT_NE(sharded->tokenizer_config(), nullptr);
  ASSERT_NE(sharded->generation_config(), nullptr);
  EXPECT_TRUE(sharded->tokenizer_model_path().has_value());
  EXPECT_FALSE(sharded->tokenizer_json_path().has_value());

  // Every tensor listed in the index is found in its shard, and the BF16 values are the F32
  // values rounded to bfloat16.
  const auto index = nlohmann::json::parse(
      test::read_text(test::shared_path("models/stories260K-hf-bf16-sharded/model.safetensors.index.json")));
  ASSERT_EQ(sharded->tensors().size(), index["weight_map"].size());
  ASSERT_EQ(sharded->tensors().size(), single->tensors().size());
  for (auto it = index["weight_map"].begin(); it != index["weight_map"].end(); ++it) {
    SCOPED_TRACE(it.key());
    const auto ref = sharded->find(it.key());
    ASSERT_TRUE(ref.has_value());
    EXPECT_EQ(std::filesystem::path(ref->shard->name()).filename(), it.value().get<std::string>());
    const auto f32 = single->find(it.key());
    ASSERT_TRUE(f32.has_value());
    ASSERT_EQ(ref->tensor->shape, f32->tensor->shape);
    ASSERT_EQ(ref->tensor->dtype, SafetensorsDtype::BF16);
    ASSERT_EQ(f32->tensor->dtype, SafetensorsDtype::F32);
    const auto bf = ref->shard->tensor_data(*ref->tensor);
    const auto fl = f32->shard->tensor_data(*f32->tensor);
    const int64_t n = ref->tensor->element_count();
    for (int64_t i = 0; i < n; ++i) {
      uint16_t h;
      float x;
      std::memcpy(&h, bf.data() + 2 * i, 2);
      std::memcpy(&x, fl.data() + 4 * i, 4);
      ASSERT_EQ(h, f32_to_bf16(x)) << "element " << i;
    }
  }
}

TEST(HfFolder, LooksLikeModelFolder) {
  HEARTH_REQUIRE_SHARED("models/stories260K-hf");
  EXPECT_TRUE(HfModelFolder::looks_like_model_folder(test::shared_path("models/stories260K-hf")));
  EXPECT_FALSE(HfModelFolder::looks_like_model_folder(test::shared_path("models")));
  EXPECT_FALSE(HfModelFolder::looks_like_model_folder(test::shared_path("models/stories260K-hf/config.json")));
}

}  // namespace
}  // namespace hearth
