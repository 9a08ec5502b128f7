// The engine's logits against the independent float64 reference (reference_forward.h), for
// every architecture and its features, on tiny models with random weights and on stories260K.
#include <gtest/gtest.h>

#include <cstdio>

#include <algorithm>
#include <cmath>

#include "hearth/runtime/session.h"
#include "reference_forward.h"
#include "test_data.h"
#include "tiny_model.h"

namespace hearth {
namespace {

struct Diff {
  double max_abs = 0;    // largest |engine - reference| over all logits
  double max_scale = 0;  // largest |reference| logit
};

Diff compare(const std::filesystem::path& path, const std::vector<int>& tokens, KvCacheType kv = KvCacheType::F16) {
  auto model = Model::load(path);
  EXPECT_TRUE(model) << model.error().message;
  if (!model) return {1e9, 1};
  auto session =
      Session::create(model.value(), {.n_ctx = 64, .kv_type = kv, .n_threads = 2, .n_batch = 5, .n_logit_rows = 64});
  EXPECT_TRUE(session) << session.error().message;
  std::vector<TokenId> ids(tokens.begin(), tokens.end());
  // Two decode calls, so a batch (prompt) and single tokens (generation) are both checked.
  const size_t split = ids.size() - 3;
  auto s1 = (*session)->decode(std::span(ids).first(split), true);
  EXPECT_TRUE(s1) << s1.error().message;
  std::vector<std::vector<float>> got;
  for (size_t i = 0; i < split; ++i) {
    auto l = (*session)->logits_at(int(i));
    got.emplace_back(l.begin(), l.end());
  }
  for (size_t i = split; i < ids.size(); ++i) {
    auto s = (*session)->decode(std::span(ids).subspan(i, 1));
    EXPECT_TRUE(s) << s.error().message;
    auto l = (*session)->logits();
    got.emplace_back(l.begin(), l.end());
  }

  auto file = GgufFile::open(path);
  test::ReferenceModel ref(file.value());
  const auto want = ref.forward(tokens, /*f16_cache=*/true);
  Diff d;
  for (size_t t = 0; t < want.size(); ++t) {
    EXPECT_EQ(got[t].size(), want[t].size());
    for (size_t i = 0; i < want[t].size() && i < got[t].size(); ++i) {
      d.max_abs = std::max(d.max_abs, std::abs(double(got[t][i]) - want[t][i]));
      d.max_scale = std::max(d.max_scale, std::abs(want[t][i]));
    }
  }
  return d;
}

const std::vector<int> kTokens = {1, 17, 42, 5, 88, 3, 60, 61, 9, 33, 70, 2};

void expect_close(const test::TinyModelSpec& spec, double rel_tol) {
  test::TempDir dir;
  const auto path = dir / "tiny.gguf";
  test::write_tiny_model(spec, path);
  const Diff d = compare(path, kTokens);
  EXPECT_GT(d.max_scale, 0.5) << "logits too small to mean anything";
  std::printf("%s: max |diff| %.3g of the largest logit\n", spec.arch.c_str(), d.max_abs / d.max_scale);
  EXPECT_LE(d.max_abs, rel_tol * d.max_scale) << spec.arch << ": max |diff| " << d.max_abs << " vs max |logit| "
                                              << d.max_scale;
}

// The engine computes in float32; the reference in float64 with the same three roundings to
// F16 (cached K/V, the query and the probabilities that meet them, and the input of F16
// weights). Measured differences are 1e-7 … 2e-6 of the largest logit; the bound leaves 10x room.
constexpr double kTol = 2e-5;

TEST(EngineReference, LlamaWithGqa) { expect_close({.arch = "llama"}, kTol); }
TEST(EngineReference, LlamaTiedPartialRopeLinearScaling) {
  expect_close({.arch = "llama", .n_head_kv = 4, .n_rot = 8, .rope_base = 500000.0f, .rope_linear_factor = 4.0f,
                .tied_output = true},
               kTol);
}
TEST(EngineReference, Qwen2WithBiasesAndTiedHead) { expect_close({.arch = "qwen2", .tied_output = true}, kTol); }
TEST(EngineReference, QwenFusedQkv) { expect_close({.arch = "qwen", .n_head_kv = 4}, kTol); }
TEST(EngineReference, GemmaWideHeads) {
  expect_close({.arch = "gemma", .n_head = 2, .n_head_kv = 1, .head_dim = 48, .tied_output = true}, kTol);
}
TEST(EngineReference, F16Weights) { expect_close({.arch = "llama", .weight_type = TensorType::F16}, kTol); }

// A Q8_0 cache stores K and V with 8-bit values (about 0.4 % error each); the logits stay
// within 1 % of the largest.
TEST(EngineReference, Q8_0KvCache) {
  test::TempDir dir;
  const auto path = dir / "tiny.gguf";
  test::write_tiny_model({.arch = "llama", .n_head = 2, .n_head_kv = 1}, path);  // heads of 32
  const Diff d = compare(path, kTokens, KvCacheType::Q8_0);
  EXPECT_GT(d.max_scale, 0.5);
  EXPECT_LE(d.max_abs, 1e-2 * d.max_scale) << "max |diff| " << d.max_abs << " vs max |logit| " << d.max_scale;
  const Diff f16 = compare(path, kTokens, KvCacheType::F16);
  EXPECT_LT(f16.max_abs, d.max_abs);  // the 8-bit cache is measurably coarser than F16
}

TEST(EngineReference, Stories260K) {
  const std::string rel = "models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf";
  HEARTH_REQUIRE_SHARED(rel);
  const Diff d = compare(test::shared_path(rel), {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315});
  // Trained weights give sharp attention over 8-wide heads: measured 7e-6 of the largest logit.
  std::printf("stories260K: max |diff| %.3g of the largest logit\n", d.max_abs / d.max_scale);
  EXPECT_LE(d.max_abs, 5e-5 * d.max_scale) << "max |diff| " << d.max_abs << " vs max |logit| " << d.max_scale;
}

}  // namespace
}  // namespace hearth
