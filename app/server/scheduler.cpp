#include "server/scheduler.h"

#include <algorithm>
#include <chrono>

namespace hearth::server {

namespace {
using Clock = std::chrono::steady_clock;
uint64_t microseconds_since(Clock::time_point t) {
  return uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t).count());
}
size_t common_prefix(const std::vector<TokenId>& a, const std::vector<TokenId>& b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}
}  // namespace

Scheduler::Scheduler(std::shared_ptr<const Model> model, SchedulerOptions options, ServerMetrics& metrics)
    : model_(std::move(model)), options_(std::move(options)), metrics_(metrics) {}

Result<std::unique_ptr<Scheduler>> Scheduler::create(std::shared_ptr<const Model> model, SchedulerOptions options,
                                                     ServerMetrics& metrics) {
  return capture_errors([&]() -> std::unique_ptr<Scheduler> {
    if (options.n_parallel < 1) fail(ErrorCode::InvalidArgument, "--parallel must be at least 1");
    if (options.queue_size < 0) fail(ErrorCode::InvalidArgument, "--queue must not be negative");
    std::unique_ptr<Scheduler> s(new Scheduler(std::move(model), std::move(options), metrics));
    s->tokenizer_ = s->model_->require_tokenizer().value();
    for (int i = 0; i < s->options_.n_parallel; ++i) {
      Slot slot;
      slot.session = Session::create(s->model_, s->options_.session).value();
      s->slots_.push_back(std::move(slot));
    }
    s->n_ctx_ = s->slots_.front().session->n_ctx();
    s->engine_ = std::thread([p = s.get()] { p->run(); });
    return s;
  });
}

Scheduler::~Scheduler() { shutdown(); }

void Scheduler::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (engine_.joinable()) engine_.join();
}

std::shared_ptr<GenerationStream> Scheduler::submit(GenerationRequest request) {
  auto stream = std::make_shared<GenerationStream>();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return nullptr;
    const int busy = int(std::count_if(slots_.begin(), slots_.end(), [](const Slot& s) { return s.stream != nullptr; }));
    const int free_slots = int(slots_.size()) - busy;
    if (int(queue_.size()) >= free_slots + options_.queue_size) {
      metrics_.requests_rejected++;
      return nullptr;
    }
    queue_.push_back({std::move(request), stream});
    metrics_.requests_total++;
    metrics_.requests_queued++;
  }
  wake_.notify_all();
  return stream;
}

void Scheduler::admit_locked() {
  while (!queue_.empty()) {
    Queued& q = queue_.front();
    if (q.stream->cancelled()) {  // gave up while waiting
      q.stream->finish({.reason = "cancelled"});
      metrics_.requests_cancelled++;
      metrics_.requests_queued--;
      queue_.pop_front();
      continue;
    }
    // The idle session that already holds the longest prefix of this prompt.
    Slot* best = nullptr;
    size_t best_common = 0;
    for (Slot& s : slots_) {
      if (s.stream) continue;
      const size_t common = common_prefix(s.session->tokens(), q.request.prompt);
      if (!best || common > best_common) {
        best = &s;
        best_common = common;
      }
    }
    if (!best) return;
    Slot& slot = *best;
    // At least one prompt token is evaluated, so there are logits to sample from.
    const size_t keep = std::min(best_common, q.request.prompt.size() - 1);
    if (!slot.session->truncate(int(keep))) slot.session->reset();
    slot.prompt_done = size_t(slot.session->n_past());
    slot.request = std::move(q.request);
    slot.stream = std::move(q.stream);
    slot.sampler.emplace(slot.request.sampling, model_->hparams().n_vocab);
    for (TokenId t : slot.request.prompt) slot.sampler->accept(t);  // the repetition window sees the prompt
    slot.decoder.emplace(*tokenizer_);
    slot.stops.emplace(slot.request.stop);
    slot.pending = -1;
    slot.counts = {};
    slot.counts.prompt_tokens = int(slot.request.prompt.size());
    slot.counts.cached_tokens = int(slot.prompt_done);
    metrics_.prompt_tokens_cached += slot.prompt_done;
    metrics_.requests_queued--;
    metrics_.requests_running++;
    queue_.pop_front();
  }
}

void Scheduler::release(Slot& slot, const std::string& reason, const std::string& error) {
  Finish f = slot.counts;
  f.reason = reason;
  f.error = error;
  if (reason == "cancelled") metrics_.requests_cancelled++;
  slot.stream->finish(std::move(f));
  std::lock_guard lock(mutex_);
  slot.stream.reset();
  metrics_.requests_running--;
}

void Scheduler::sample_and_emit(Slot& slot) {
  const TokenId token = slot.sampler->sample(slot.session->logits());
  slot.sampler->accept(token);
  auto finish_with_rest = [&](const char* reason) {
    slot.stream->push(slot.stops->push(slot.decoder->flush()).text + slot.stops->flush());
    release(slot, reason);
  };
  if (tokenizer_->is_end_of_generation(token)) return finish_with_rest("stop");
  slot.counts.completion_tokens++;
  const StopStringMatcher::Step step = slot.stops->push(slot.decoder->push(token));
  slot.stream->push(step.text);
  if (step.stopped) return release(slot, "stop");
  const int max_tokens = slot.request.max_tokens;
  if (max_tokens >= 0 && slot.counts.completion_tokens >= max_tokens) return finish_with_rest("length");
  if (slot.session->n_past() >= n_ctx_) return finish_with_rest("length");  // no room to feed it
  slot.pending = token;
}

bool Scheduler::step_prompt(Slot& slot) {
  const auto t0 = Clock::now();
  const auto& prompt = slot.request.prompt;
  const size_t n = std::min(prompt.size() - slot.prompt_done, size_t(slot.session->options().n_batch));
  Status s = slot.session->decode(std::span(prompt).subspan(slot.prompt_done, n));
  if (!s) {
    release(slot, "error", s.error().message);
    return true;
  }
  slot.prompt_done += n;
  metrics_.prompt_tokens += n;
  metrics_.prompt_microseconds += microseconds_since(t0);
  if (slot.prompt_done == prompt.size()) sample_and_emit(slot);
  return true;
}

void Scheduler::step_generation(const std::vector<Slot*>& slots) {
  const auto t0 = Clock::now();
  std::vector<Session*> sessions;
  std::vector<TokenId> tokens;
  for (Slot* slot : slots) {
    sessions.push_back(slot->session.get());
    tokens.push_back(slot->pending);
  }
  // One forward pass for every session that is generating (continuous batching).
  Status s = Session::decode_batch(sessions, tokens);
  if (!s) {
    for (Slot* slot : slots) release(*slot, "error", s.error().message);
    return;
  }
  metrics_.decode_passes++;
  metrics_.generated_tokens += slots.size();
  metrics_.generation_microseconds += microseconds_since(t0);
  for (Slot* slot : slots) sample_and_emit(*slot);
}

void Scheduler::run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      admit_locked();
      const bool any_active = std::any_of(slots_.begin(), slots_.end(), [](const Slot& s) { return s.stream != nullptr; });
      if (stopping_) break;
      if (!any_active) {
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        continue;
      }
    }
    bool worked = false;
    std::vector<Slot*> generating;
    for (Slot& slot : slots_) {
      if (!slot.stream) continue;
      if (slot.stream->cancelled()) {
        release(slot, "cancelled");
        worked = true;
      } else if (slot.stream->pending_bytes() > options_.max_pending_bytes) {
        continue;  // its reader is behind
      } else if (slot.prompt_done < slot.request.prompt.size()) {
        worked |= step_prompt(slot);  // a chunk of a prompt per round: others wait one chunk at most
      } else {
        generating.push_back(&slot);
      }
    }
    if (!generating.empty()) {
      step_generation(generating);
      worked = true;
    }
    if (!worked) {  // every active reader is behind: give them a moment
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(2));
    }
  }
  // Shutting down: end everything still open.
  for (Slot& slot : slots_)
    if (slot.stream) release(slot, "error", "the server is shutting down");
  std::lock_guard lock(mutex_);
  for (Queued& q : queue_) q.stream->finish({.reason = "error", .error = "the server is shutting down"});
  queue_.clear();
}

}  // namespace hearth::server
