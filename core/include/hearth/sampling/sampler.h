// Choosing the next token from the logits. The chain and its semantics follow llama.cpp's
// default sampler so the same settings behave the same way in both programs:
//
//   repetition penalty (last `repeat_last_n` tokens) -> top-k -> top-p -> min-p -> temperature
//   -> draw from the softmax with a seeded RNG
//
// temperature <= 0 means greedy: the highest logit after the penalties (ties: lowest id).
// Each filter keeps at least one token; top_k <= 0, top_p >= 1, min_p <= 0 and
// repeat_penalty == 1 disable their step.
#pragma once

#include <cstdint>
#include <deque>
#include <random>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "hearth/runtime/token.h"

namespace hearth {

inline constexpr uint64_t kRandomSeed = ~uint64_t(0);  // "pick a seed from the clock"

struct SamplerParams {
  float temperature = 0.8f;
  int top_k = 40;
  float top_p = 0.95f;
  float min_p = 0.05f;
  float repeat_penalty = 1.0f;     // 1 = off; > 1 makes recent tokens less likely
  int repeat_last_n = 64;          // window of the penalty in tokens (0 = off, -1 = whole context)
  float frequency_penalty = 0.0f;  // subtracted per occurrence in the window
  float presence_penalty = 0.0f;   // subtracted once when present in the window
  uint64_t seed = kRandomSeed;

  static SamplerParams greedy();
  std::string describe() const;  // one line, like llama.cpp's "sampler params" print
};

class Sampler {
 public:
  Sampler(SamplerParams params, int64_t n_vocab);

  // Picks a token from `logits` (n_vocab values) and does NOT accept it: call accept() with the
  // token actually appended to the context (the session does this).
  TokenId sample(std::span<const float> logits);
  // Records a token of the context in the repetition window (prompt tokens too).
  void accept(TokenId token);
  // Forgets the window and re-seeds the RNG.
  void reset();

  const SamplerParams& params() const { return params_; }
  uint64_t seed() const { return seed_; }  // the seed in use (resolved when kRandomSeed)
  int context_window() const;              // tokens the penalty looks back at (-1 = unbounded)

 private:
  struct Candidate {
    TokenId id;
    float logit;
    float p;
  };
  void apply_penalties();
  void top_k(int k);
  void top_p(float p);
  void min_p(float p);
  void softmax();

  SamplerParams params_;
  int64_t n_vocab_;
  uint64_t seed_;
  std::mt19937 rng_;
  std::vector<Candidate> cand_;  // working set of the current sample() call
  std::vector<float> probs_;     // probabilities of cand_ for the final draw
  bool sorted_ = false;          // cand_ sorted by logit, descending
  std::deque<TokenId> window_;   // last repeat_last_n accepted tokens
  std::unordered_map<TokenId, int> window_count_;
};

}  // namespace hearth
