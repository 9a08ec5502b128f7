#include "hearth/sampling/sampler.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace hearth {

SamplerParams SamplerParams::greedy() {
  SamplerParams p;
  p.temperature = 0.0f;
  p.seed = 0;
  return p;
}

std::string SamplerParams::describe() const {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "repeat_last_n = %d, repeat_penalty = %.3f, frequency_penalty = %.3f, presence_penalty = %.3f, "
                "top_k = %d, top_p = %.3f, min_p = %.3f, temp = %.3f",
                repeat_last_n, repeat_penalty, frequency_penalty, presence_penalty, top_k, top_p, min_p, temperature);
  return buf;
}

Sampler::Sampler(SamplerParams params, int64_t n_vocab) : params_(params), n_vocab_(n_vocab) {
  seed_ = params_.seed == kRandomSeed
              ? uint64_t(std::chrono::high_resolution_clock::now().time_since_epoch().count())
              : params_.seed;
  rng_.seed(uint32_t(seed_));  // std::mt19937 seeded like llama.cpp's dist sampler
  cand_.reserve(size_t(n_vocab));
}

int Sampler::context_window() const { return params_.repeat_last_n; }

void Sampler::reset() {
  window_.clear();
  window_count_.clear();
  rng_.seed(uint32_t(seed_));
}

void Sampler::accept(TokenId token) {
  const int n = params_.repeat_last_n;
  if (n == 0) return;
  if (n > 0 && int(window_.size()) >= n) {
    const TokenId old = window_.front();
    window_.pop_front();
    if (--window_count_[old] == 0) window_count_.erase(old);
  }
  window_.push_back(token);
  ++window_count_[token];
}

void Sampler::apply_penalties() {
  if (params_.repeat_last_n == 0) return;
  if (params_.repeat_penalty == 1.0f && params_.frequency_penalty == 0.0f && params_.presence_penalty == 0.0f) return;
  // Candidates are still indexed by id here (the penalties run first).
  for (const auto& [id, count] : window_count_) {
    if (id < 0 || id >= TokenId(cand_.size())) continue;
    float& logit = cand_[size_t(id)].logit;
    // Dividing a negative logit would make it more likely: multiply those instead (as llama.cpp).
    logit = logit <= 0.0f ? logit * params_.repeat_penalty : logit / params_.repeat_penalty;
    logit -= float(count) * params_.frequency_penalty + params_.presence_penalty;
  }
}

constexpr auto kByLogitDesc = [](const auto& a, const auto& b) { return a.logit > b.logit; };

void Sampler::top_k(int k) {
  if (k <= 0 || k >= int(cand_.size())) return;
  std::partial_sort(cand_.begin(), cand_.begin() + k, cand_.end(), kByLogitDesc);
  cand_.resize(size_t(k));
  sorted_ = true;
}

void Sampler::softmax() {
  if (!sorted_) {
    std::sort(cand_.begin(), cand_.end(), kByLogitDesc);
    sorted_ = true;
  }
  const float max = cand_[0].logit;
  float sum = 0.0f;
  for (auto& c : cand_) {
    c.p = std::exp(c.logit - max);
    sum += c.p;
  }
  for (auto& c : cand_) c.p /= sum;
}

void Sampler::top_p(float p) {
  if (p >= 1.0f) return;
  softmax();
  float cum = 0.0f;
  for (size_t i = 0; i < cand_.size(); ++i) {
    cum += cand_[i].p;
    if (cum >= p) {
      cand_.resize(i + 1);
      return;
    }
  }
}

void Sampler::min_p(float p) {
  if (p <= 0.0f || cand_.empty()) return;
  float max = cand_[0].logit;
  for (const auto& c : cand_) max = std::max(max, c.logit);
  const float min_logit = max + std::log(p);  // p_i >= p * p_max  <=>  logit_i >= max + log(p)
  std::erase_if(cand_, [&](const Candidate& c) { return c.logit < min_logit; });
}

TokenId Sampler::sample(std::span<const float> logits) {
  cand_.resize(logits.size());
  for (size_t i = 0; i < logits.size(); ++i) cand_[i] = {TokenId(i), logits[i], 0.0f};
  sorted_ = false;
  apply_penalties();

  if (params_.temperature <= 0.0f) {
    // Greedy: the first of the highest logits.
    size_t best = 0;
    for (size_t i = 1; i < cand_.size(); ++i)
      if (cand_[i].logit > cand_[best].logit) best = i;
    return cand_[best].id;
  }

  top_k(params_.top_k);
  top_p(params_.top_p);
  min_p(params_.min_p);
  for (auto& c : cand_) c.logit /= params_.temperature;
  softmax();
  probs_.resize(cand_.size());
  for (size_t i = 0; i < cand_.size(); ++i) probs_[i] = cand_[i].p;
  std::discrete_distribution<size_t> pick(probs_.begin(), probs_.end());
  return cand_[pick(rng_)].id;
}

}  // namespace hearth
