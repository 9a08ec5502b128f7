// The sampler against llama.cpp's sampler chain, and its single steps on hand-made logits.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

#include "hearth/sampling/sampler.h"

namespace hearth {
namespace {

// Synthetic logits for step s, the token sampled at the previous step boosted by 3 (so the
// repetition penalty has something to do).
std::vector<float> synthetic_logits(int n_vocab, int step, int prev) {
  std::vector<float> l(static_cast<size_t>(n_vocab));
  for (int i = 0; i < n_vocab; ++i)
    l[size_t(i)] = 4.0f * std::sin(0.37f * float(i) + 1.3f * float(step)) +
                   0.002f * float((i * 7919 + step * 104729) % 1000) + (i == prev ? 3.0f : 0.0f);
  return l;
}

std::vector<TokenId> run_chain(const SamplerParams& p) {
  Sampler s(p, 1000);
  std::vector<TokenId> out;
  int prev = 0;
  for (int step = 0; step < 60; ++step) {
    const TokenId t = s.sample(synthetic_logits(1000, step, prev));
    s.accept(t);
    out.push_back(t);
    prev = t;
  }
  return out;
}

// Expected ids: llama.cpp (Feb 2025 build in /tmp/llama.cpp) through a harness linking libllama
// that builds the chain penalties(last_n, repeat, freq, present) -> top_k -> top_p(min_keep 1)
// -> min_p(min_keep 1) -> temp -> dist(seed) — the order of llama.cpp's default sampler —
// applies it to the same synthetic logits (formula above) for 60 steps, accepting each pick.
TEST(SamplerVsLlamaCpp, DefaultChainWithRepeatPenalty) {
  SamplerParams p{.temperature = 0.8f, .top_k = 40, .top_p = 0.95f, .min_p = 0.05f, .repeat_penalty = 1.1f,
                  .repeat_last_n = 64, .seed = 1234};
  const std::vector<TokenId> want = {
      582, 900, 218, 621, 126, 971, 289, 337, 61,  958, 411, 187, 319, 452, 447, 444, 219, 437, 77,  159,
      614, 32,  879, 874, 821, 646, 236, 910, 907, 224, 544, 576, 350, 891, 802, 255, 659, 299, 567, 105,
      475, 12,  875, 192, 596, 134, 403, 400, 261, 851, 389, 843, 789, 650, 697, 151, 776, 144, 819, 238};
  EXPECT_EQ(run_chain(p), want);
}

TEST(SamplerVsLlamaCpp, HotTopPWithFrequencyAndPresencePenalties) {
  SamplerParams p{.temperature = 1.5f, .top_k = 0, .top_p = 0.9f, .min_p = 0.0f, .repeat_penalty = 1.3f,
                  .repeat_last_n = 16, .frequency_penalty = 0.1f, .presence_penalty = 0.2f, .seed = 42};
  const std::vector<TokenId> want = {
      600, 443, 472, 502, 40,  650, 85,  981, 605, 312, 869, 932, 469, 179, 600, 834, 629, 437, 434, 277,
      222, 967, 741, 689, 821, 920, 744, 469, 451, 499, 631, 98,  350, 603, 276, 84,  65,  928, 975, 360,
      985, 151, 416, 737, 496, 222, 724, 994, 599, 256, 969, 608, 535, 687, 545, 458, 351, 433, 767, 493};
  EXPECT_EQ(run_chain(p), want);
}

TEST(SamplerVsLlamaCpp, GreedyWithPenalty) {
  SamplerParams p{.temperature = 0.0f, .top_k = 40, .top_p = 0.95f, .min_p = 0.05f, .repeat_penalty = 1.5f,
                  .repeat_last_n = 8, .seed = 7};
  const std::vector<TokenId> want = {
      531, 935, 660, 299, 24,  292, 17,  557, 961, 686, 411, 951, 47,  179, 40,  308, 33,  437, 977, 702,
      427, 831, 470, 59,  463, 188, 728, 453, 857, 582, 357, 82,  214, 75,  479, 204, 608, 469, 873, 598,
      101, 641, 230, 634, 359, 899, 624, 349, 753, 528, 117, 385, 110, 650, 375, 779, 640, 365, 4,   272};
  EXPECT_EQ(run_chain(p), want);
}

TEST(SamplerVsLlamaCpp, WideTopKAndMinP) {
  SamplerParams p{.temperature = 0.7f, .top_k = 200, .top_p = 1.0f, .min_p = 0.1f, .repeat_penalty = 1.0f,
                  .repeat_last_n = 64, .seed = 99};
  const std::vector<TokenId> want = {
      190, 665, 539, 130, 246, 953, 713, 166, 537, 787, 868, 696, 964, 673, 193, 274, 542, 317, 350, 939,
      799, 354, 488, 381, 258, 969, 880, 589, 94,  311, 629, 47,  486, 175, 615, 748, 880, 741, 552, 19,
      424, 999, 672, 57,  904, 321, 741, 282, 532, 682, 389, 131, 944, 582, 273, 508, 198, 909, 90,  781};
  EXPECT_EQ(run_chain(p), want);
}

TEST(Sampler, GreedyTakesTheFirstHighest) {
  Sampler s(SamplerParams::greedy(), 5);
  EXPECT_EQ(s.sample(std::vector<float>{1, 3, 2, 3, 0}), 1);
}

TEST(Sampler, RepeatPenaltyDividesPositiveAndMultipliesNegative) {
  SamplerParams p = SamplerParams::greedy();
  p.repeat_penalty = 2.0f;
  p.repeat_last_n = 2;
  Sampler s(p, 3);
  s.accept(0);
  // token 0: 3.0 / 2 = 1.5 < 2.0 → token 1 wins
  EXPECT_EQ(s.sample(std::vector<float>{3.0f, 2.0f, -1.0f}), 1);
  // negatives get more negative: token 2 penalised 2 * -0.5 = -1 < -0.8
  Sampler n(p, 3);
  n.accept(2);
  EXPECT_EQ(n.sample(std::vector<float>{-0.9f, -0.8f, -0.5f}), 1);
  // the window forgets: after two more tokens, token 0 is no longer penalised
  s.accept(1);
  s.accept(2);
  EXPECT_EQ(s.sample(std::vector<float>{3.0f, 2.0f, -1.0f}), 0);
}

TEST(Sampler, TopKOneIsGreedyAtAnyTemperature) {
  SamplerParams p{.temperature = 5.0f, .top_k = 1, .seed = 3};
  Sampler s(p, 4);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(s.sample(std::vector<float>{0.1f, 0.3f, 0.2f, 0.25f}), 1);
}

TEST(Sampler, MinPNeverPicksUnlikelyTokens) {
  // p = softmax(log [0.5, 0.3, 0.15, 0.05]); min_p 0.2 keeps tokens with p >= 0.1: ids 0..2.
  SamplerParams p{.temperature = 1.0f, .top_k = 0, .top_p = 1.0f, .min_p = 0.2f, .seed = 11};
  Sampler s(p, 4);
  const std::vector<float> logits = {std::log(0.5f), std::log(0.3f), std::log(0.15f), std::log(0.05f)};
  std::map<TokenId, int> counts;
  for (int i = 0; i < 4000; ++i) counts[s.sample(logits)]++;
  EXPECT_EQ(counts[3], 0);
  // The kept tokens are drawn in proportion 0.5 : 0.3 : 0.15 (renormalised).
  EXPECT_NEAR(counts[0] / 4000.0, 0.5 / 0.95, 0.03);
  EXPECT_NEAR(counts[2] / 4000.0, 0.15 / 0.95, 0.03);
}

TEST(Sampler, TopPKeepsTheSmallestSetReachingP) {
  SamplerParams p{.temperature = 1.0f, .top_k = 0, .top_p = 0.7f, .min_p = 0.0f, .seed = 5};
  Sampler s(p, 4);
  const std::vector<float> logits = {std::log(0.5f), std::log(0.3f), std::log(0.15f), std::log(0.05f)};
  std::map<TokenId, int> counts;
  for (int i = 0; i < 2000; ++i) counts[s.sample(logits)]++;
  EXPECT_GT(counts[0], 0);
  EXPECT_GT(counts[1], 0);
  EXPECT_EQ(counts[2] + counts[3], 0);
}

TEST(Sampler, SameSeedSameDraws) {
  SamplerParams p{.temperature = 1.0f, .top_k = 0, .top_p = 1.0f, .min_p = 0.0f, .seed = 77};
  const std::vector<float> logits(50, 0.0f);
  Sampler a(p, 50), b(p, 50);
  std::vector<TokenId> da, db;
  for (int i = 0; i < 30; ++i) {
    da.push_back(a.sample(logits));
    db.push_back(b.sample(logits));
  }
  EXPECT_EQ(da, db);
  p.seed = 78;
  Sampler c(p, 50);
  std::vector<TokenId> dc;
  for (int i = 0; i < 30; ++i) dc.push_back(c.sample(logits));
  EXPECT_NE(da, dc);
  a.reset();  // re-seeds: the same draws again
  std::vector<TokenId> again;
  for (int i = 0; i < 30; ++i) again.push_back(a.sample(logits));
  EXPECT_EQ(again, da);
}

}  // namespace
}  // namespace hearth
