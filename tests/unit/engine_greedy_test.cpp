// Greedy generation on stories260K must match llama.cpp token for token.
//
// Reference ids: llama.cpp (the AVX2 build in /tmp/llama.cpp/build, Feb 2025) through a 40-line
// harness linking libllama: llama_model_load_from_file, a context with n_ctx 512 / 2 threads,
// llama_decode of [BOS], then 256 times: argmax of llama_get_logits_ith(ctx, -1) (temperature
// 0), print it, llama_decode of that one token. F16 KV cache, no flash attention (defaults).
#include <gtest/gtest.h>

#include <algorithm>
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


// The same harness on the quantized references; `near_ties` are the steps where llama.cpp's own
// two best logits are less than 0.15 apart (read from the same harness's logits).
struct QuantReference {
  const char* file;
  std::vector<TokenId> tokens;
  std::vector<int> near_ties;
};

const QuantReference kQ6K = {"stories260K-Q6_K.gguf",
  {
    403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337, 410, 408,
    419, 292, 411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432, 352, 266, 268, 388, 426,
    338, 391, 266, 267, 337, 335, 312, 432, 398, 312, 286, 267, 414, 270, 333, 415, 426, 13, 438, 310, 439, 419,
    357, 336, 432, 313, 438, 316, 439, 419, 298, 414, 267, 265, 282, 295, 433, 426, 436, 317, 286, 296, 418, 269,
    279, 292, 416, 439, 413, 409, 416, 327, 263, 415, 294, 267, 400, 426, 338, 336, 432, 313, 442, 391, 267, 337,
    335, 284, 411, 432, 398, 359, 280, 303, 439, 413, 272, 417, 264, 312, 426, 436, 13, 438, 310, 286, 296, 418,
    269, 279, 292, 416, 439, 413, 409, 416, 327, 263, 415, 294, 267, 400, 426, 338, 336, 432, 313, 442, 439, 423,
    262, 304, 420, 422, 432, 317, 426, 359, 279, 292, 416, 439, 413, 409, 416, 327, 263, 415, 294, 267, 400, 426,
    436, 13, 438, 310, 279, 292, 416, 439, 413, 391, 267, 281, 421, 427, 311, 357, 432, 384, 358, 336, 432, 313,
    442, 439, 423, 262, 304, 420, 422, 432, 357, 426, 359, 279, 292, 416, 439, 413, 409, 416, 327, 263, 415, 294,
    267, 400, 426, 436, 320, 285, 357, 336, 432, 313, 442, 439, 423, 262, 304, 420, 422, 432, 317, 426, 359, 279,
    292, 416, 439, 413, 409, 416, 327, 263, 415, 294, 267, 400, 426, 436},
  {20, 61, 71, 81, 103, 111, 112, 148, 167, 180, 187, 190, 214, 224, 230, 246}};

const QuantReference kQ4KM = {"stories260K-Q4_K_M.gguf",
  {
    403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337, 410, 408,
    419, 292, 411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432, 352, 266, 268, 388, 426,
    338, 391, 266, 267, 337, 335, 312, 432, 398, 312, 286, 267, 414, 270, 333, 415, 426, 13, 438, 310, 439, 419,
    357, 336, 432, 313, 438, 310, 432, 364, 280, 303, 439, 413, 272, 417, 264, 312, 426, 410, 448, 411, 280, 303,
    439, 413, 272, 417, 264, 312, 426, 436, 13, 438, 310, 286, 296, 418, 269, 279, 292, 416, 439, 413, 409, 416,
    327, 263, 415, 294, 267, 400, 426, 338, 336, 432, 313, 442, 439, 423, 262, 304, 420, 422, 432, 317, 426, 359,
    279, 292, 416, 439, 413, 409, 416, 327, 263, 415, 294, 267, 400, 426, 436, 13, 438, 310, 336, 432, 313, 442,
    439, 423, 262, 304, 420, 422, 432, 357, 426, 359, 279, 292, 416, 439, 413, 409, 416, 327, 263, 415, 294, 267,
    400, 426, 436, 13, 440, 285, 357, 336, 432, 313, 442, 439, 423, 262, 304, 420, 422, 432, 317, 426, 359, 279,
    292, 416, 439, 413, 409, 416, 327, 263, 415, 294, 267, 400, 426, 436, 13, 438, 310, 336, 432, 313, 442, 439,
    423, 262, 304, 420, 422, 432, 357, 426, 359, 279, 292, 416, 439, 413, 409, 416, 327, 263, 415, 294, 267, 400,
    426, 436, 13, 438, 310, 336, 432, 313, 442, 439, 423, 262, 304, 420},
  {27, 61, 73, 96, 99, 118, 122, 137, 169, 202, 234, 243}};

const QuantReference kQ2K = {"stories260K-Q2_K.gguf",
  {
    403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337, 335, 311,
    267, 422, 419, 269, 311, 357, 343, 426, 385, 328, 432, 317, 439, 419, 357, 343, 267, 341, 311, 351, 358, 286,
    399, 280, 414, 341, 269, 262, 415, 327, 266, 311, 261, 370, 268, 414, 444, 426, 317, 286, 399, 344, 444, 429,
    275, 266, 267, 262, 411, 411, 311, 267, 422, 419, 426, 13, 438, 310, 439, 419, 357, 343, 267, 341, 311, 351,
    358, 280, 389, 416, 439, 413, 272, 417, 264, 312, 426, 317, 286, 399, 393, 269, 279, 411, 429, 292, 266, 267,
    298, 414, 267, 265, 282, 295, 433, 426, 338, 263, 377, 267, 265, 282, 295, 433, 269, 394, 261, 370, 268, 414,
    444, 373, 280, 414, 421, 304, 431, 425, 421, 267, 422, 419, 426, 338, 286, 384, 393, 269, 308, 303, 355, 311,
    357, 343, 387, 281, 421, 427, 299, 311, 426, 13, 438, 310, 286, 393, 267, 281, 421, 427, 311, 357, 343, 426,
    338, 263, 377, 267, 265, 282, 295, 433, 269, 394, 261, 370, 432, 352, 266, 268, 414, 444, 426, 338, 286, 384,
    393, 269, 308, 303, 355, 311, 357, 343, 387, 281, 421, 427, 299, 311, 426, 410, 453, 420, 287, 351, 328, 353,
    432, 317, 269, 311, 357, 343, 263, 377, 267, 265, 282, 295, 433, 267, 337, 426, 1, 403, 407, 261, 378, 432,
    383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267},
  {20, 27, 46, 55, 68, 72, 73, 77, 84, 89, 94, 102, 104, 110, 114, 130, 133, 141, 145, 153, 185, 192, 199, 200, 203, 235}};

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

// Activation quantization (Q8_0 / Q8_K inputs of the integer dot products) turns float
// rounding differences of ~1e-7 into logit differences of ~0.1, so a free-running generation
// with quantized weights follows llama.cpp until the first near-tie and may branch there (as
// two llama.cpp builds with different SIMD paths do). The Q6_K and Q2_K files (Q8_0 and IQ4_NL
// tensors here) branch at tokens ~50: a scalar Q8_0 dot that sums in ggml's AVX2 lane order
// (8 partial sums of 4 products per block, then its pairwise reduction) reproduces all 200+
// tokens, so what remains is summation order, not arithmetic; we keep our own kernels' order. The check is therefore teacher-forced:
// the engine is fed llama.cpp's greedy sequence and must choose llama.cpp's next token at every
// step where llama.cpp itself is not at a near-tie — at least 200 of the 256 steps.
void expect_matches_teacher_forced(const QuantReference& ref) {
  auto model = Model::load(test::shared_path(std::string(kDir) + ref.file));
  ASSERT_TRUE(model) << model.error().message;
  auto session = Session::create(model.value(), {.n_ctx = 512, .n_threads = 2});
  ASSERT_TRUE(session) << session.error().message;
  Session& s = *session.value();
  TokenId input = 1;  // BOS
  int compared = 0;
  for (size_t step = 0; step < ref.tokens.size(); ++step) {
    ASSERT_TRUE(s.decode(std::span<const TokenId>(&input, 1)));
    const auto logits = s.logits();
    const TokenId ours = TokenId(std::max_element(logits.begin(), logits.end()) - logits.begin());
    const bool tie = std::find(ref.near_ties.begin(), ref.near_ties.end(), int(step)) != ref.near_ties.end();
    if (!tie) {
      EXPECT_EQ(ours, ref.tokens[step]) << ref.file << ": step " << step;
      ++compared;
    }
    input = ref.tokens[step];
  }
  EXPECT_GE(compared, 200);
}

void expect_free_run_prefix(const QuantReference& ref, int prefix) {
  const auto got = greedy(ref.file, prefix);
  ASSERT_EQ(got.size(), size_t(prefix));
  for (int i = 0; i < prefix; ++i) ASSERT_EQ(got[size_t(i)], ref.tokens[size_t(i)]) << ref.file << ": token " << i;
}

TEST(EngineGreedy, Stories260KQ6KMatchesLlamaCpp) {
  HEARTH_REQUIRE_SHARED(std::string(kDir) + kQ6K.file);
  // Until llama.cpp's first near-tie the free-running generation must be identical.
  expect_free_run_prefix(kQ6K, kQ6K.near_ties.front());
  expect_matches_teacher_forced(kQ6K);
}
TEST(EngineGreedy, Stories260KQ4KMMatchesLlamaCpp) {
  HEARTH_REQUIRE_SHARED(std::string(kDir) + kQ4KM.file);
  // The whole greedy run: with F16 rounding where llama.cpp rounds (inputs of the F16
  // ffn_down tensors, query and probabilities against the F16 cache) no near-tie flips here.
  expect_free_run_prefix(kQ4KM, int(kQ4KM.tokens.size()));
  expect_matches_teacher_forced(kQ4KM);
}
TEST(EngineGreedy, Stories260KQ2KMatchesLlamaCpp) {
  HEARTH_REQUIRE_SHARED(std::string(kDir) + kQ2K.file);
  expect_free_run_prefix(kQ2K, kQ2K.near_ties.front());
  expect_matches_teacher_forced(kQ2K);
}

// F16 weights: free-running, all 256 tokens (llama.cpp gives the F32 sequence for this file too;
// there is no integer activation quantization on this path).
TEST(EngineGreedy, Stories260KF16MatchesLlamaCpp) {
  HEARTH_REQUIRE_SHARED(std::string(kDir) + "stories260K-hf-viaHFconv-f16.gguf");
  const auto got = greedy("stories260K-hf-viaHFconv-f16.gguf", int(kF32.size()));
  ASSERT_EQ(got.size(), kF32.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], kF32[i]) << "first difference at token " << i;
}

}  // namespace
}  // namespace hearth
