#include "hearth/runtime/session.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "hearth/backend/backend.h"
#include "hearth/backend/vulkan.h"
#include "model/decoder.h"
#include "runtime/memory_plan.h"

namespace hearth {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
}  // namespace

const char* stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::EndOfGeneration: return "end of generation";
    case StopReason::MaxTokens: return "token limit";
    case StopReason::ContextFull: return "context full";
    case StopReason::Cancelled: return "cancelled";
    case StopReason::Callback: return "stopped";
  }
  return "unknown";
}

// Everything a session allocates, per device.
struct Session::State {
  struct Device {
    DeviceId id;
    std::unique_ptr<Backend> backend;
    Activations buffers;  // n_batch rows each
    uint64_t kv_bytes = 0;
    uint64_t scratch_bytes = 0;
  };
  std::vector<Device> devices;
  std::vector<size_t> layer_device;  // index into devices per layer
  size_t input_device = 0;
  size_t output_device = 0;
  std::vector<KvLayer> kv;           // per layer, on its device
  Tensor logits;                     // [n_logit_rows × n_vocab] in host memory (read by the sampler)
  Tensor device_logits;              // the same on a GPU output device (downloaded after each pass); else empty
  std::vector<float> host_logits;    // backs `logits` when the output device is a GPU
  Tensor batch_logits;               // [batch_logit_rows × n_vocab]: decode_batch() led by this session
  int batch_logit_rows = 0;
  int logit_rows_valid = 0;          // rows of `logits` the last evaluation produced
  std::vector<float> transfer;       // host staging for hidden states moving between devices
  int n_ctx = 0;
  int n_threads = 1;
  int n_evaluated = 0;               // tokens_[0 … n_evaluated) are in the KV cache

  Device& dev(size_t i) { return devices[i]; }
  size_t device_index(DeviceId id) const {
    for (size_t i = 0; i < devices.size(); ++i)
      if (devices[i].id == id) return i;
    return 0;
  }
};

Session::Session(std::shared_ptr<const Model> model, SessionOptions options)
    : model_(std::move(model)), options_(options), state_(std::make_unique<State>()) {}
Session::~Session() = default;

int Session::n_ctx() const { return state_->n_ctx; }
int Session::n_threads() const { return state_->n_threads; }

Result<std::unique_ptr<Session>> Session::create(std::shared_ptr<const Model> model, SessionOptions options) {
  return capture_errors([&]() -> std::unique_ptr<Session> {
    if (!model) fail(ErrorCode::InvalidArgument, "no model");
    const ModelHParams& hp = model->hparams();
    if (options.n_batch < 1) fail(ErrorCode::InvalidArgument, "n_batch must be at least 1");
    if (options.n_logit_rows < 1) fail(ErrorCode::InvalidArgument, "n_logit_rows must be at least 1");
    if (options.n_ctx < 0) fail(ErrorCode::InvalidArgument, "n_ctx must not be negative");
    check_kv_type(hp, options.kv_type);

    std::unique_ptr<Session> s(new Session(std::move(model), options));
    State& st = *s->state_;
    const DecoderModel& decoder = s->model_->decoder();
    const LayerPlacement& placement = s->model_->placement();
    st.n_ctx = resolve_n_ctx(hp, options.n_ctx);
    st.n_threads = resolve_n_threads(options.n_threads);
    s->options_.n_batch = std::min(options.n_batch, st.n_ctx);
    const int n_batch = s->options_.n_batch;
    const ActivationWidths widths = decoder.activation_widths();

    for (const DeviceId& id : placement.devices()) {
      State::Device d;
      d.id = id;
      if (id.kind == DeviceKind::Cpu) {
        d.backend = make_cpu_backend(st.n_threads);
      } else {
        if (!backend_supports_kv_type(id, kv_cache_tensor_type(options.kv_type)))
          fail(ErrorCode::Unsupported, id.name() + " cannot keep a " + std::string(kv_cache_type_name(options.kv_type)) +
                                           " KV cache: use f16");
        d.backend = make_vulkan_session_backend(s->model_->vulkan_device(id));
      }
      st.devices.push_back(std::move(d));
    }
    st.input_device = st.device_index(placement.input);
    st.output_device = st.device_index(placement.output);
    for (const DeviceId& id : placement.layers) st.layer_device.push_back(st.device_index(id));

    // KV cache per layer on the layer's device.
    const TensorType kv_type = kv_cache_tensor_type(options.kv_type);
    for (int il = 0; il < hp.n_layer; ++il) {
      State::Device& d = st.dev(st.layer_device[size_t(il)]);
      KvLayer kv;
      kv.k = d.backend->allocate(kv_type, hp.n_embd_k_gqa(), st.n_ctx);
      kv.v = d.backend->allocate(kv_type, hp.n_embd_v_gqa(), st.n_ctx);
      d.kv_bytes += kv_layer_bytes(hp, st.n_ctx, options.kv_type);
      st.kv.push_back(kv);
    }

    // Activations and work buffers on every device that runs a part of the model.
    for (size_t i = 0; i < st.devices.size(); ++i) {
      State::Device& d = st.dev(i);
      const bool used = i == st.input_device || i == st.output_device ||
                        std::find(st.layer_device.begin(), st.layer_device.end(), i) != st.layer_device.end();
      if (!used) continue;
      Backend& be = *d.backend;
      Activations& a = d.buffers;
      a.hidden = be.allocate(TensorType::F32, widths.n_embd, n_batch);
      a.norm = be.allocate(TensorType::F32, widths.n_embd, n_batch);
      a.qkv = be.allocate(TensorType::F32, widths.n_qkv, n_batch);
      a.attn = be.allocate(TensorType::F32, widths.n_attn, n_batch);
      a.proj = be.allocate(TensorType::F32, widths.n_embd, n_batch);
      a.gate = be.allocate(TensorType::F32, widths.n_ff, n_batch);
      a.up = be.allocate(TensorType::F32, widths.n_ff, n_batch);
      a.q = a.qkv.col_range(0, hp.n_embd_q());
      a.k = a.qkv.col_range(hp.n_embd_q(), hp.n_embd_k_gqa());
      a.v = a.qkv.col_range(hp.n_embd_q() + hp.n_embd_k_gqa(), hp.n_embd_v_gqa());
      d.scratch_bytes += activation_bytes(widths, n_batch);
      const WorkPlan plan = make_work_plan(hp, widths, options.kv_type, n_batch, st.n_ctx, st.n_threads);
      be.prepare(plan);
      d.scratch_bytes += backend_work_bytes(d.id, plan);
    }
    State::Device& out = st.dev(st.output_device);
    if (out.id.kind == DeviceKind::Cpu) {
      st.logits = out.backend->allocate(TensorType::F32, hp.n_vocab, options.n_logit_rows);
    } else {
      st.device_logits = out.backend->allocate(TensorType::F32, hp.n_vocab, options.n_logit_rows);
      st.host_logits.assign(size_t(hp.n_vocab) * size_t(options.n_logit_rows), 0.0f);
      st.logits = st.device_logits;
      st.logits.data = reinterpret_cast<std::byte*>(st.host_logits.data());
      st.logits.row_stride = size_t(hp.n_vocab) * sizeof(float);
    }
    out.scratch_bytes += logits_bytes(hp, options.n_logit_rows);
    st.transfer.resize(size_t(n_batch) * size_t(hp.n_embd));
    return s;
  });
}

MemoryEstimate Session::allocated_memory() const {
  const ModelHParams& hp = model_->hparams();
  MemoryEstimate m;
  for (const auto& d : state_->devices) {
    DeviceMemory dm;
    dm.device = d.id;
    dm.kv_cache = d.kv_bytes;
    dm.scratch = d.scratch_bytes;
    // What the backend really holds must be what the plan says (checked, not assumed).
    if (d.backend->allocated_bytes() != d.kv_bytes + d.scratch_bytes)
      fail(ErrorCode::Internal, d.id.name() + " backend holds " + std::to_string(d.backend->allocated_bytes()) +
                                    " bytes but the session planned " + std::to_string(d.kv_bytes + d.scratch_bytes));
    m.devices.push_back(dm);
  }
  // Weights: the model's bound tensors on each device (CPU: in the mapping).
  m.layer_kv_cache.assign(size_t(hp.n_layer), kv_layer_bytes(hp, state_->n_ctx, options_.kv_type));
  for (auto& dm : m.devices) dm.weights = model_->device_weight_bytes(dm.device);
  m.layer_weights = model_->layer_weight_bytes();
  return m;
}

// ---- evaluation ---------------------------------------------------------------------------

namespace {

Activations views(const Activations& full, int n) {
  Activations a;
  a.hidden = full.hidden.row_range(0, n);
  a.norm = full.norm.row_range(0, n);
  a.qkv = full.qkv.row_range(0, n);
  a.q = full.q.row_range(0, n);
  a.k = full.k.row_range(0, n);
  a.v = full.v.row_range(0, n);
  a.attn = full.attn.row_range(0, n);
  a.proj = full.proj.row_range(0, n);
  a.gate = full.gate.row_range(0, n);
  a.up = full.up.row_range(0, n);
  return a;
}

}  // namespace

void Session::forward(std::span<const TokenId> tokens, int pos0, int first_logit, int logit_row) {
  State& st = *state_;
  const DecoderModel& decoder = model_->decoder();
  const int n = int(tokens.size());
  Forward f;
  f.tokens = tokens;
  f.pos0 = pos0;
  f.n_tokens = n;

  size_t cur = st.input_device;
  auto enter = [&](size_t device) {
    if (device != cur) {
      // Hand the residual stream over to the next device.
      float* staging = st.transfer.data();
      auto& from = st.dev(cur);
      auto& to = st.dev(device);
      from.backend->download(staging, views(from.buffers, n).hidden);
      to.backend->upload(views(to.buffers, n).hidden, staging);
      cur = device;
    }
    f.be = st.dev(cur).backend.get();
    f.a = views(st.dev(cur).buffers, n);
  };

  enter(st.input_device);
  decoder.embed(f);
  for (size_t il = 0; il < st.kv.size(); ++il) {
    enter(st.layer_device[il]);
    f.kv = &st.kv[il];
    decoder.layer(f, int(il));
  }
  enter(st.output_device);
  if (first_logit < n) {
    f.first_logit_row = first_logit;
    const Tensor& target = st.device_logits.empty() ? st.logits : st.device_logits;
    f.logits = target.row_range(logit_row, n - first_logit);
    decoder.head(f);
  }
  for (auto& d : st.devices) d.backend->synchronize();
  if (first_logit < n && !st.device_logits.empty())
    st.dev(st.output_device).backend->download(st.logits.f32_row(logit_row), f.logits);
}

void Session::check_ids(std::span<const TokenId> tokens) const {
  const int64_t n_vocab = model_->hparams().n_vocab;
  for (TokenId t : tokens)
    if (t < 0 || t >= n_vocab)
      fail(ErrorCode::InvalidArgument,
           "token id " + std::to_string(t) + " is outside the vocabulary (0…" + std::to_string(n_vocab - 1) + ")");
}

Status Session::evaluate_pending(bool all_logits) {
  return capture_errors([&] {
    State& st = *state_;
    const int n_pending = int(tokens_.size()) - st.n_evaluated;
    if (n_pending <= 0) return;
    if (all_logits && n_pending > options_.n_logit_rows)
      fail(ErrorCode::InvalidArgument, "asked for logits of " + std::to_string(n_pending) + " tokens but the session keeps " +
                                           std::to_string(options_.n_logit_rows) + " (SessionOptions::n_logit_rows)");
    const int base = st.n_evaluated;
    st.logit_rows_valid = 0;
    while (st.n_evaluated < int(tokens_.size())) {
      if (stop_requested_.load(std::memory_order_relaxed)) fail(ErrorCode::Cancelled, "stopped");
      const int start = st.n_evaluated;
      const int n = std::min(options_.n_batch, int(tokens_.size()) - start);
      const bool last = start + n == int(tokens_.size());
      const int first_logit = all_logits ? 0 : (last ? n - 1 : n);
      const int logit_row = all_logits ? start - base : 0;
      const auto t0 = Clock::now();
      forward(std::span<const TokenId>(tokens_).subspan(size_t(start), size_t(n)), start, first_logit, logit_row);
      const double dt = seconds_since(t0);
      if (n == 1) {
        timings_.generated_tokens += 1;
        timings_.generation_seconds += dt;
      } else {
        timings_.prompt_tokens += n;
        timings_.prompt_seconds += dt;
      }
      st.n_evaluated += n;
    }
    st.logit_rows_valid = all_logits ? n_pending : 1;
  });
}

Status Session::decode(std::span<const TokenId> tokens, bool all_logits) {
  stop_requested_.store(false, std::memory_order_relaxed);
  auto checked = capture_errors([&] {
    check_ids(tokens);
    if (tokens_.size() + tokens.size() > size_t(state_->n_ctx))
      fail(ErrorCode::InvalidArgument, "the context is full: " + std::to_string(tokens_.size()) + " + " +
                                           std::to_string(tokens.size()) + " tokens do not fit in " +
                                           std::to_string(state_->n_ctx));
  });
  if (!checked) return checked;
  tokens_.insert(tokens_.end(), tokens.begin(), tokens.end());
  Status s = evaluate_pending(all_logits);
  if (!s) tokens_.resize(size_t(state_->n_evaluated));  // what was not evaluated is not in the context
  return s;
}

Status Session::decode_batch(std::span<Session* const> sessions, std::span<const TokenId> tokens) {
  return capture_errors([&] {
    if (sessions.size() != tokens.size())
      fail(ErrorCode::InvalidArgument, "decode_batch: " + std::to_string(sessions.size()) + " sessions but " +
                                           std::to_string(tokens.size()) + " tokens");
    if (sessions.empty()) return;
    Session& lead = *sessions[0];
    State& L = *lead.state_;
    bool shared_pass = sessions.size() > 1 && sessions.size() <= size_t(lead.options_.n_batch);
    for (size_t i = 0; i < sessions.size(); ++i) {
      Session& s = *sessions[i];
      s.check_ids(tokens.subspan(i, 1));
      if (s.tokens_.size() + 1 > size_t(s.state_->n_ctx))
        fail(ErrorCode::InvalidArgument, "the context is full: " + std::to_string(s.tokens_.size()) + " + 1 tokens do not fit in " +
                                             std::to_string(s.state_->n_ctx));
      for (size_t j = 0; j < i; ++j)
        if (sessions[j] == &s) fail(ErrorCode::InvalidArgument, "decode_batch: a session appears twice");
      shared_pass = shared_pass && s.model_ == lead.model_ && s.state_->n_ctx == L.n_ctx &&
                    s.options_.kv_type == lead.options_.kv_type && s.state_->n_evaluated == int(s.tokens_.size());
    }
    if (!shared_pass) {
      for (size_t i = 0; i < sessions.size(); ++i) {
        Status st = sessions[i]->decode(tokens.subspan(i, 1));
        if (!st) throw Exception(st.error());
      }
      return;
    }

    // One pass for all sequences, on the lead session's buffers, device by device as forward()
    // goes; each sequence's KV cache is its own session's (one model, so the same devices: a
    // GPU's sessions share one VkDevice and its memory).
    const int n = int(sessions.size());
    const ModelHParams& hp = lead.model_->hparams();
    const DecoderModel& decoder = lead.model_->decoder();
    State::Device& out_dev = L.dev(L.output_device);
    if (L.batch_logit_rows < n) {  // grows to the largest batch seen (at most --parallel rows)
      L.batch_logits = out_dev.backend->allocate(TensorType::F32, hp.n_vocab, n);
      L.batch_logit_rows = n;
      out_dev.scratch_bytes += logits_bytes(hp, n);
    }
    std::vector<SequenceRows> seqs(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) seqs[size_t(i)] = {i, 1, sessions[size_t(i)]->state_->n_evaluated, nullptr};
    const auto t0 = Clock::now();
    Forward f;
    f.tokens = tokens;
    f.n_tokens = n;
    f.sequences = seqs;
    size_t cur = L.input_device;
    auto enter = [&](size_t device) {
      if (device != cur) {
        float* staging = L.transfer.data();
        L.dev(cur).backend->download(staging, views(L.dev(cur).buffers, n).hidden);
        L.dev(device).backend->upload(views(L.dev(device).buffers, n).hidden, staging);
        cur = device;
      }
      f.be = L.dev(cur).backend.get();
      f.a = views(L.dev(cur).buffers, n);
    };
    enter(L.input_device);
    decoder.embed(f);
    for (size_t il = 0; il < L.kv.size(); ++il) {
      enter(L.layer_device[il]);
      for (int i = 0; i < n; ++i) seqs[size_t(i)].kv = &sessions[size_t(i)]->state_->kv[il];
      decoder.layer(f, int(il));
    }
    enter(L.output_device);
    f.first_logit_row = 0;
    f.logits = L.batch_logits.row_range(0, n);
    decoder.head(f);
    for (auto& d : L.devices) d.backend->synchronize();
    std::vector<float> host_rows;  // a GPU's logits, read once for all sequences
    if (out_dev.id.kind != DeviceKind::Cpu) {
      host_rows.resize(size_t(n) * size_t(hp.n_vocab));
      out_dev.backend->download(host_rows.data(), f.logits);
    }
    auto logit_row = [&](int i) {
      return host_rows.empty() ? L.batch_logits.f32_row(i) : host_rows.data() + size_t(i) * size_t(hp.n_vocab);
    };
    const double dt = seconds_since(t0);
    for (int i = 0; i < n; ++i) {
      Session& s = *sessions[size_t(i)];
      std::memcpy(s.state_->logits.f32_row(0), logit_row(i), size_t(hp.n_vocab) * sizeof(float));
      s.state_->logit_rows_valid = 1;
      s.tokens_.push_back(tokens[size_t(i)]);
      s.state_->n_evaluated += 1;
      s.timings_.generated_tokens += 1;
      s.timings_.generation_seconds += dt / n;  // each session's share of the pass
    }
  });
}

std::span<const float> Session::logits() const {
  const State& st = *state_;
  if (st.logit_rows_valid == 0) return {};
  return logits_at(st.logit_rows_valid - 1);
}

std::span<const float> Session::logits_at(int i) const {
  const State& st = *state_;
  if (i < 0 || i >= st.logit_rows_valid) return {};
  return {st.logits.f32_row(i), size_t(model_->hparams().n_vocab)};
}

void Session::reset() {
  tokens_.clear();
  state_->n_evaluated = 0;
  state_->logit_rows_valid = 0;
  timings_ = {};
}

Status Session::truncate(int n_tokens) {
  if (n_tokens < 0 || size_t(n_tokens) > tokens_.size())
    return Error{ErrorCode::InvalidArgument, "cannot truncate " + std::to_string(tokens_.size()) + " tokens to " +
                                                 std::to_string(n_tokens)};
  if (size_t(n_tokens) < tokens_.size()) {
    tokens_.resize(size_t(n_tokens));
    state_->n_evaluated = std::min(state_->n_evaluated, n_tokens);
    state_->logit_rows_valid = 0;
  }
  return {};
}

Status Session::shift_context(int n_keep, int n_discard) {
  State& st = *state_;
  if (n_keep < 0 || n_discard <= 0 || n_keep + n_discard > st.n_evaluated)
    return Error{ErrorCode::InvalidArgument, "cannot drop " + std::to_string(n_discard) + " tokens after " +
                                                 std::to_string(n_keep) + " of " + std::to_string(st.n_evaluated)};
  const DecoderModel& decoder = model_->decoder();
  const int first = n_keep + n_discard;
  const int count = st.n_evaluated - first;
  for (size_t il = 0; il < st.kv.size(); ++il) {
    Backend& be = *st.dev(st.layer_device[il]).backend;
    be.kv_shift(st.kv[il], first, count, -n_discard, int(model_->hparams().head_dim_k), decoder.rope_params());
  }
  tokens_.erase(tokens_.begin() + n_keep, tokens_.begin() + first);
  st.n_evaluated -= n_discard;
  return {};
}

bool Session::make_room(GenerateResult& r) {
  State& st = *state_;
  const int n_ctx = st.n_ctx;
  while (int(tokens_.size()) > n_ctx) {
    const int pending = int(tokens_.size()) - st.n_evaluated;
    const int n_keep = std::clamp(options_.n_keep, 0, st.n_evaluated);
    const int n_discard = (st.n_evaluated - n_keep) / 2;
    if (options_.on_context_full == ContextFullPolicy::Stop || n_discard == 0 || pending > n_ctx - n_keep) {
      r.stop_reason = StopReason::ContextFull;
      if (st.n_evaluated == 0 || pending > n_ctx - n_keep) {
        r.message = "the prompt (" + std::to_string(pending) + " tokens) does not fit in the context of " +
                    std::to_string(n_ctx) + " tokens: shorten it or use a larger context";
      } else {
        r.message = "the context is full (" + std::to_string(n_ctx) +
                    " tokens): start a new conversation, use a larger context, or let the context shift";
      }
      tokens_.resize(size_t(st.n_evaluated));
      return false;
    }
    Status s = shift_context(n_keep, n_discard);
    if (!s) throw Exception(s.error());
    ++r.context_shifts;
  }
  return true;
}

Result<GenerateResult> Session::generate(std::span<const TokenId> prompt, const GenerateOptions& options,
                                         const TokenCallback& on_token) {
  Sampler sampler(options.sampling, model_->hparams().n_vocab);
  for (TokenId t : tokens_) sampler.accept(t);  // the repetition window sees the conversation so far
  return generate(prompt, sampler, options, on_token);
}

Result<GenerateResult> Session::generate(std::span<const TokenId> prompt, Sampler& sampler,
                                         const GenerateOptions& options, const TokenCallback& on_token) {
  stop_requested_.store(false, std::memory_order_relaxed);
  return capture_errors([&]() -> GenerateResult {
    State& st = *state_;
    check_ids(prompt);
    check_ids(options.stop_tokens);
    tokens_.insert(tokens_.end(), prompt.begin(), prompt.end());
    for (TokenId t : prompt) sampler.accept(t);
    if (tokens_.empty()) fail(ErrorCode::InvalidArgument, "nothing to continue from: the prompt is empty (give at least BOS)");
    // Continuing without logits (after truncate()): evaluate the last token again.
    if (st.n_evaluated == int(tokens_.size()) && st.logit_rows_valid == 0) st.n_evaluated -= 1;

    GenerateResult r;
    const Timings before = timings_;
    int generated = 0;
    for (;;) {
      if (!make_room(r)) break;
      Status s = evaluate_pending(false);
      if (!s) {
        if (s.error().code != ErrorCode::Cancelled) throw Exception(s.error());
        r.stop_reason = StopReason::Cancelled;
        break;
      }
      if (stop_requested_.load(std::memory_order_relaxed)) {
        r.stop_reason = StopReason::Cancelled;
        break;
      }
      if (options.max_tokens >= 0 && generated >= options.max_tokens) {
        r.stop_reason = StopReason::MaxTokens;
        break;
      }
      const TokenId token = sampler.sample(logits());
      sampler.accept(token);
      // The sampled token is fed at the start of the next evaluation (this call's next step,
      // or the next generate()), so a stopped answer still belongs to the conversation.
      tokens_.push_back(token);
      if (std::find(options.stop_tokens.begin(), options.stop_tokens.end(), token) != options.stop_tokens.end()) {
        r.stop_reason = StopReason::EndOfGeneration;
        break;
      }
      r.tokens.push_back(token);
      ++generated;
      if (on_token && !on_token(token)) {
        r.stop_reason = StopReason::Callback;
        break;
      }
      if (options.max_tokens >= 0 && generated >= options.max_tokens) {
        r.stop_reason = StopReason::MaxTokens;  // the last token stays pending: no pass is wasted on it
        break;
      }
    }
    r.timings.prompt_tokens = timings_.prompt_tokens - before.prompt_tokens;
    r.timings.prompt_seconds = timings_.prompt_seconds - before.prompt_seconds;
    r.timings.generated_tokens = timings_.generated_tokens - before.generated_tokens;
    r.timings.generation_seconds = timings_.generation_seconds - before.generation_seconds;
    return r;
  });
}

}  // namespace hearth
