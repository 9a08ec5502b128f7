// Greedy generation on stories260K must match llama.cpp token for token.
//
// Reference ids: llama.cpp (the AVX2 build in /tmp/llama.cpp/build, Feb 2025) through a 40-line
// harness linking libllama: llama_model_load_from_file, a context with n_ctx 512 / 2 threads,
// llama_decode of [BOS], then 256 times: argmax of llama_get_logits_ith(ctx, -1) (temperature
// 0), print it, llama_decode of that one token. F16 KV cache, no flash attention (defaults).
#include <gtest/gtest.h>

#include <vector>

#include "hearth/runtime/session.h"
#include "test_data.h"

namespace hearth {
namespace {

constexpr const char* kDir = "models/stories260K-reference-gguf/";

// "Once upon a time, there was a little girl named Lily. She loved to play ..."
const std::vector<TokenId> kF32 = {
    403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337, 410, 408,
    419, 292, 411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432, 352, 266, 268, 388, 426,
    338, 391, 266, 267, 337, 335, 312, 432, 398, 312, 286, 267, 414, 270, 333, 415, 426, 13,  438, 310, 439, 419,
    357, 336, 432, 313, 438, 310, 432, 278, 316, 439, 419, 298, 414, 267, 265, 282, 295, 433, 426, 436, 317, 286,
    296, 418, 269, 279, 292, 416, 439, 413, 409, 416, 327, 263, 415, 294, 267, 400, 426, 338, 336, 432, 313, 442,
    391, 267, 337, 335, 364, 420, 268, 388, 432, 398, 359, 280, 303, 439, 413, 272, 417, 264, 312, 426, 436, 13,
    438, 310, 286, 296, 418, 269, 279, 292, 416, 439, 413, 409, 416, 327, 263, 415, 294, 267, 400, 426, 338, 336,
    432, 313, 442, 439, 423, 262, 304, 420, 422, 432, 317, 426, 359, 279, 292, 416, 439, 413, 409, 416, 327, 263,
    415, 294, 267, 400, 426, 436, 13,  438, 310, 279, 292, 416, 439, 413, 391, 267, 281, 421, 427, 311, 357, 432,
    384, 358, 336, 432, 313, 442, 439, 423, 262, 304, 420, 422, 432, 357, 426, 359, 279, 292, 416, 439, 413, 409,
    416, 327, 263, 415, 294, 267, 400, 426, 436, 320, 285, 357, 336, 432, 313, 455, 289, 439, 413, 263, 304, 420,
    422, 432, 317, 426, 410, 448, 411, 280, 303, 281, 421, 427, 364, 426};

std::vector<TokenId> greedy(const std::string& file, int n) {
  auto model = Model::load(test::shared_path(std::string(kDir) + file));
  EXPECT_TRUE(model) << model.error().message;
  auto session = Session::create(model.value(), {.n_ctx = 512, .n_threads = 2});
  EXPECT_TRUE(session) << session.error().message;
  GenerateOptions opt;
  opt.max_tokens = n;
  opt.sampling = SamplerParams::greedy();
  const TokenId bos = 1;
  auto r = session.value()->generate({&bos, 1}, opt);
  EXPECT_TRUE(r) << r.error().message;
  return r.value().tokens;
}

TEST(EngineGreedy, Stories260KF32MatchesLlamaCpp) {
  HEARTH_REQUIRE_SHARED(std::string(kDir) + "stories260K-hf-viaHFconv-f32.gguf");
  const auto got = greedy("stories260K-hf-viaHFconv-f32.gguf", int(kF32.size()));
  ASSERT_EQ(got.size(), kF32.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], kF32[i]) << "first difference at token " << i;
}

}  // namespace
}  // namespace hearth
