// Session::decode_batch (several sessions' next tokens in one forward pass) against the
// one-session-at-a-time path, which the reference tests check against llama.cpp: the logits of
// each session must agree, whatever the sessions' lengths.
#include <gtest/gtest.h>

#include <cmath>

#include "hearth/runtime/session.h"
#include "test_data.h"

namespace hearth {
namespace {

const char* kModel = "models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf";

TEST(EngineBatch, BatchedStepMatchesSeparateSteps) {
  HEARTH_REQUIRE_SHARED(kModel);
  auto model = Model::load(test::shared_path(kModel)).value();
  const SessionOptions so{.n_ctx = 128, .n_threads = 1};
  // Three conversations of different lengths (so different positions in one pass).
  const std::vector<std::vector<TokenId>> prompts = {{1, 400, 300, 25}, {1, 7}, {1, 100, 200, 300, 400, 500, 60, 70}};
  const std::vector<TokenId> next = {42, 17, 301};
  std::vector<std::unique_ptr<Session>> batched, single;
  for (const auto& p : prompts) {
    batched.push_back(Session::create(model, so).value());
    single.push_back(Session::create(model, so).value());
    ASSERT_TRUE(batched.back()->decode(p));
    ASSERT_TRUE(single.back()->decode(p));
  }
  for (int step = 0; step < 3; ++step) {  // repeated, so the batched caches are read back too
    std::vector<Session*> ptrs;
    for (auto& s : batched) ptrs.push_back(s.get());
    std::vector<TokenId> toks;
    for (size_t i = 0; i < next.size(); ++i) toks.push_back(TokenId(next[i] + step));
    ASSERT_TRUE(Session::decode_batch(ptrs, toks));
    for (size_t i = 0; i < next.size(); ++i) {
      ASSERT_TRUE(single[i]->decode(std::span(&toks[i], 1)));
      const auto a = batched[i]->logits(), b = single[i]->logits();
      ASSERT_EQ(a.size(), b.size());
      double max_diff = 0, max_abs = 0;
      for (size_t v = 0; v < a.size(); ++v) {
        max_diff = std::max(max_diff, double(std::fabs(a[v] - b[v])));
        max_abs = std::max(max_abs, double(std::fabs(b[v])));
      }
      EXPECT_LE(max_diff, 1e-4 * std::max(1.0, max_abs)) << "session " << i << " step " << step;
      EXPECT_EQ(batched[i]->tokens(), single[i]->tokens());
    }
  }
}

TEST(EngineBatch, FullContextFailsWithoutChangingAnything) {
  HEARTH_REQUIRE_SHARED(kModel);
  auto model = Model::load(test::shared_path(kModel)).value();
  auto a = Session::create(model, {.n_ctx = 4, .n_threads = 1}).value();
  auto b = Session::create(model, {.n_ctx = 4, .n_threads = 1}).value();
  ASSERT_TRUE(a->decode(std::vector<TokenId>{1, 2, 3, 4}));
  ASSERT_TRUE(b->decode(std::vector<TokenId>{1}));
  Session* both[] = {a.get(), b.get()};
  const TokenId toks[] = {5, 6};
  const Status s = Session::decode_batch(both, toks);
  EXPECT_FALSE(s);
  EXPECT_EQ(a->n_past(), 4);
  EXPECT_EQ(b->n_past(), 1);
  const TokenId bad[] = {5, 99999};
  EXPECT_FALSE(Session::decode_batch(both, bad));
}

}  // namespace
}  // namespace hearth
