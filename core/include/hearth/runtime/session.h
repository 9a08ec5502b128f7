// A conversation with a model: the KV cache of `n_ctx` positions, the tokens in it, scratch
// buffers, and the forward pass driver. One thread drives a Session (e.g. the GUI's worker
// QThread); request_stop() may be called from any thread.
//
//   auto session = Session::create(model, {.n_ctx = 2048});
//   GenerateOptions gen{.max_tokens = 256, .sampling = params, .stop_tokens = {eos}};
//   auto result = (*session)->generate(prompt_ids, gen, [&](TokenId t) { show(decoder.push(t)); return true; });
//
// Tokens fed by decode() or generate() are appended to the context; generate() continues from
// what is already there (chat turns reuse the cache), reset() empties it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/runtime/kv_cache_type.h"
#include "hearth/runtime/memory_estimate.h"
#include "hearth/runtime/model.h"
#include "hearth/runtime/token.h"
#include "hearth/sampling/sampler.h"

namespace hearth {

// What generate() does when the context has no room for the next token.
enum class ContextFullPolicy {
  Stop,   // stop with StopReason::ContextFull and a message
  Shift,  // like llama.cpp's context shift: keep the first n_keep tokens, drop half of the rest
};

struct SessionOptions {
  int n_ctx = 0;                        // 0: the model's training context, at most 4096
  KvCacheType kv_type = KvCacheType::F16;
  int n_threads = 0;                    // 0: one per core
  int n_batch = 512;                    // prompt tokens per forward pass
  int n_logit_rows = 1;                 // logits rows decode(all_logits=true) can return (perplexity: n_batch)
  ContextFullPolicy on_context_full = ContextFullPolicy::Stop;
  int n_keep = 0;                       // tokens kept at the start on a shift (e.g. BOS + system prompt)
};

enum class StopReason {
  EndOfGeneration,  // sampled one of GenerateOptions::stop_tokens
  MaxTokens,        // generated max_tokens
  ContextFull,      // no room left and the policy is Stop
  Cancelled,        // request_stop() was called
  Callback,         // the token callback returned false
};
const char* stop_reason_name(StopReason reason);

struct GenerateOptions {
  int max_tokens = -1;               // -1: until a stop token or the context is full
  SamplerParams sampling;
  std::vector<TokenId> stop_tokens;  // end-of-generation ids; a sampled one ends generation and is not fed
};

// Called once per generated token (stop tokens excluded), before it is fed back. Return false to stop.
using TokenCallback = std::function<bool(TokenId token)>;

struct Timings {
  int prompt_tokens = 0;        // tokens evaluated in batches (prompt processing)
  double prompt_seconds = 0;
  int generated_tokens = 0;     // tokens sampled and evaluated one by one
  double generation_seconds = 0;
  double prompt_tokens_per_second() const { return prompt_seconds > 0 ? prompt_tokens / prompt_seconds : 0; }
  double generation_tokens_per_second() const {
    return generation_seconds > 0 ? generated_tokens / generation_seconds : 0;
  }
};

struct GenerateResult {
  std::vector<TokenId> tokens;  // generated, in order (a final stop token excluded)
  StopReason stop_reason = StopReason::MaxTokens;
  std::string message;          // for ContextFull: what happened and what to do
  int context_shifts = 0;       // how many times the context was shifted
  Timings timings;              // of this call only
};

class Session {
 public:
  static Result<std::unique_ptr<Session>> create(std::shared_ptr<const Model> model, SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Evaluates `tokens` at the end of the context, n_batch at a time. Afterwards logits() is the
  // prediction after the last token; with all_logits, logits_at(i) after token i (at most
  // n_logit_rows tokens per call). Fails (nothing changed) when the tokens do not fit.
  Status decode(std::span<const TokenId> tokens, bool all_logits = false);
  std::span<const float> logits() const;          // [n_vocab]

  // Batched decoding: feeds tokens[i] to sessions[i], all in ONE forward pass when they can
  // share it (same model on one device, same context size, KV type and threads, nothing else
  // pending), so the weights are read once for all of them; otherwise one pass each. Afterwards
  // each session's logits() is its prediction. Fails (nothing changed) when a token id is bad
  // or a session's context is full.
  static Status decode_batch(std::span<Session* const> sessions, std::span<const TokenId> tokens);
  std::span<const float> logits_at(int i) const;  // [n_vocab], i < tokens of the last decode

  // Feeds `prompt` (may be empty to continue), then samples and feeds tokens until a stop
  // condition. Errors (bad token ids, out of memory) come back as Error; stops are not errors.
  Result<GenerateResult> generate(std::span<const TokenId> prompt, const GenerateOptions& options,
                                  const TokenCallback& on_token = {});
  // The same with a caller-owned sampler (its RNG and repetition window persist across calls).
  Result<GenerateResult> generate(std::span<const TokenId> prompt, Sampler& sampler, const GenerateOptions& options,
                                  const TokenCallback& on_token = {});

  // Drops the context (KV cache and tokens) and the timings.
  void reset();
  // Thread-safe: the running generate()/decode() stops after the current token (or prompt batch).
  void request_stop() noexcept { stop_requested_.store(true, std::memory_order_relaxed); }

  // Drops the first `n_discard` tokens after `n_keep`, moving the rest down (re-rotating keys).
  Status shift_context(int n_keep, int n_discard);
  // Keeps the first n tokens of the context (e.g. to edit the last chat turn).
  Status truncate(int n_tokens);

  const std::vector<TokenId>& tokens() const { return tokens_; }  // what is in the context
  int n_past() const { return int(tokens_.size()); }
  int n_ctx() const;
  const SessionOptions& options() const { return options_; }
  const Model& model() const { return *model_; }
  const Timings& timings() const { return timings_; }
  int n_threads() const;

  // Bytes this session actually allocated, per device (KV cache, scratch) plus the model's
  // weights: what estimate_memory() predicts for the same request.
  MemoryEstimate allocated_memory() const;

 private:
  Session(std::shared_ptr<const Model> model, SessionOptions options);
  // Evaluates tokens_[n_evaluated …) n_batch at a time; logits for the last token, or for every
  // one with all_logits. Fails with Cancelled when stopped between batches.
  Status evaluate_pending(bool all_logits);
  // One forward pass of `tokens` at pos0; logits of tokens [first_logit, n) into rows from logit_row.
  void forward(std::span<const TokenId> tokens, int pos0, int first_logit, int logit_row);
  // Makes room for the pending tokens (shift or stop); false with r.stop_reason set when it cannot.
  bool make_room(GenerateResult& r);
  void check_ids(std::span<const TokenId> tokens) const;

  struct State;
  std::shared_ptr<const Model> model_;
  SessionOptions options_;
  std::unique_ptr<State> state_;
  std::vector<TokenId> tokens_;
  Timings timings_;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace hearth
