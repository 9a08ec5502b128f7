// Session behaviour: memory estimate vs. allocation, context full (stop / shift), stopping,
// continuing a conversation, bad input.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "hearth/runtime/memory_estimate.h"
#include "hearth/runtime/session.h"
#include "test_data.h"
#include "tiny_model.h"

namespace hearth {
namespace {

std::shared_ptr<const Model> load_tiny(const test::TempDir& dir, test::TinyModelSpec spec = {}) {
  const auto path = dir / "tiny.gguf";
  test::write_tiny_model(spec, path);
  auto m = Model::load(path);
  EXPECT_TRUE(m) << m.error().message;
  return m.value();
}

std::unique_ptr<Session> make_session(std::shared_ptr<const Model> m, SessionOptions o) {
  auto s = Session::create(std::move(m), o);
  EXPECT_TRUE(s) << s.error().message;
  return std::move(s.value());
}

GenerateOptions greedy(int n) {
  GenerateOptions g;
  g.max_tokens = n;
  g.sampling = SamplerParams::greedy();
  return g;
}

TEST(EngineMemory, EstimateEqualsAllocation) {
  test::TempDir dir;
  const auto path = dir / "tiny.gguf";
  test::write_tiny_model({.arch = "qwen2", .n_layer = 3, .tied_output = true}, path);
  uint64_t file_weights = 0;
  {
    auto file = GgufFile::open(path);
    for (const auto& t : file->tensors()) file_weights += t.size_bytes;
  }
  for (bool repack : {false, true}) {
    ModelLoadOptions lo;
    lo.repack_weights = repack;
    auto model = Model::load(path, lo);
    ASSERT_TRUE(model) << model.error().message;
    const SessionOptions so{.n_ctx = 200, .n_threads = 2, .n_batch = 48, .n_logit_rows = 7};
    auto session = make_session(model.value(), so);
    MemoryRequest req{.n_ctx = 200, .placement = {}, .n_batch = 48, .n_logit_rows = 7, .n_threads = 2};
    req.repack_weights = repack;
    auto est = estimate_memory((*model)->gguf(), req);
    ASSERT_TRUE(est) << est.error().message;
    const MemoryEstimate got = session->allocated_memory();
    ASSERT_EQ(est->devices.size(), 1u);
    ASSERT_EQ(got.devices.size(), 1u);
    EXPECT_EQ(est->devices[0].kv_cache, got.devices[0].kv_cache);
    EXPECT_EQ(est->devices[0].scratch, got.devices[0].scratch);
    EXPECT_EQ(est->devices[0].weights, got.devices[0].weights) << "repack " << repack;
    EXPECT_EQ(est->layer_weights, got.layer_weights);

    // Independent arithmetic: K and V rows of n_head_kv * head_dim values, n_ctx of them per layer.
    const uint64_t kv_row = 2 * 16 * 2;  // 2 KV heads of 16, F16
    EXPECT_EQ(est->devices[0].kv_cache, 3 * 2 * ((200 * kv_row + 63) / 64 * 64));
    EXPECT_TRUE(est->output_tied);
    EXPECT_EQ(est->layer_weights.size(), 3u);
    if (!repack) {
      EXPECT_EQ(est->devices[0].weights, file_weights);  // every tensor of the file, used in place
    } else {
      // Repacked matrices take what their rows take, plus the tied LM head's own copy of the
      // embedding table (the mapped table stays for looking up tokens).
      const uint64_t table = 96 * 64 * 4;
      EXPECT_NEAR(double(est->devices[0].weights), double(file_weights + table), 0.01 * double(file_weights));
    }
  }
}

TEST(EngineMemory, Q8_0CacheEstimateEqualsAllocation) {
  test::TempDir dir;
  auto model = load_tiny(dir, {.n_head = 2, .n_head_kv = 1});  // heads of 32
  const SessionOptions so{.n_ctx = 128, .kv_type = KvCacheType::Q8_0, .n_threads = 2, .n_batch = 16};
  auto session = make_session(model, so);
  MemoryRequest req{.n_ctx = 128, .kv_type = KvCacheType::Q8_0, .placement = {}, .n_batch = 16, .n_threads = 2};
  auto est = estimate_memory(model->gguf(), req);
  ASSERT_TRUE(est) << est.error().message;
  const MemoryEstimate got = session->allocated_memory();
  EXPECT_EQ(est->devices[0].kv_cache, got.devices[0].kv_cache);
  EXPECT_EQ(est->devices[0].scratch, got.devices[0].scratch);
  // 34 bytes per 32 values, one K and one V row of 32 per position, 2 layers.
  EXPECT_EQ(est->devices[0].kv_cache, 2 * 2 * ((128 * 34 + 63) / 64 * 64));
}

TEST(EngineMemory, Q8_0CacheNeedsWholeBlocksPerHead) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf");
  auto model = Model::load(test::shared_path("models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf"));
  ASSERT_TRUE(model);
  auto s = Session::create(model.value(), {.n_ctx = 64, .kv_type = KvCacheType::Q8_0});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::Unsupported);
  EXPECT_NE(s.error().message.find("multiples of 32"), std::string::npos) << s.error().message;
}

TEST(EngineMemory, TiedHeadOnAnotherDeviceNeedsItsOwnCopy) {
  test::TempDir dir;
  auto model = load_tiny(dir, {.tied_output = true});
  MemoryRequest req;
  req.n_ctx = 64;
  req.placement = LayerPlacement::offload_last(2, 3, DeviceId{DeviceKind::Vulkan, 0});
  auto est = estimate_memory(model->gguf(), req);
  ASSERT_TRUE(est) << est.error().message;
  ASSERT_TRUE(est->output_tied);
  const DeviceMemory* cpu = est->find(kCpuDevice);
  const DeviceMemory* gpu = est->find(DeviceId{DeviceKind::Vulkan, 0});
  ASSERT_TRUE(cpu && gpu);
  EXPECT_EQ(cpu->weights, est->token_embedding);
  EXPECT_EQ(gpu->weights, est->layer_weights[0] + est->layer_weights[1] + est->output);
  EXPECT_EQ(est->output, est->token_embedding + 64 * 4);  // the table's copy + the output norm
  EXPECT_EQ(cpu->kv_cache, 0u);
  EXPECT_EQ(gpu->kv_cache, est->layer_kv_cache[0] + est->layer_kv_cache[1]);
}

TEST(EngineSession, ContextFullStopsWithAMessage) {
  test::TempDir dir;
  auto s = make_session(load_tiny(dir), {.n_ctx = 16, .n_threads = 2});
  const std::vector<TokenId> prompt = {1, 5, 9, 11};
  auto r = s->generate(prompt, greedy(100));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->stop_reason, StopReason::ContextFull);
  EXPECT_FALSE(r->message.empty());
  // 4 + 12 tokens fill the 16 positions; the 13th is predicted from the full context and
  // returned, but there is no room to feed it.
  EXPECT_EQ(r->tokens.size(), 13u);
  EXPECT_EQ(s->n_past(), 16);
}

TEST(EngineSession, PromptLongerThanContextIsRefusedClearly) {
  test::TempDir dir;
  auto s = make_session(load_tiny(dir), {.n_ctx = 8, .n_threads = 1});
  std::vector<TokenId> prompt(20, 3);
  auto r = s->generate(prompt, greedy(5));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stop_reason, StopReason::ContextFull);
  EXPECT_NE(r->message.find("does not fit"), std::string::npos) << r->message;
  EXPECT_FALSE(s->decode(prompt).ok());
}

// With one layer, a token's cached K/V depend only on the token and its position, so after a
// shift the cache must equal a fresh evaluation of the kept tokens (up to the cache's rounding).
void expect_shift_consistent(KvCacheType kv) {
  test::TempDir dir;
  auto model = load_tiny(dir, {.n_layer = 1, .n_head = 2, .n_head_kv = 1});
  auto s = make_session(model, {.n_ctx = 32, .kv_type = kv, .n_threads = 2});
  std::vector<TokenId> tokens;
  for (int i = 0; i < 30; ++i) tokens.push_back(TokenId((i * 37 + 3) % 96));
  ASSERT_TRUE(s->decode(tokens));
  ASSERT_TRUE(s->shift_context(4, 10));
  EXPECT_EQ(s->n_past(), 20);
  ASSERT_TRUE(s->decode(std::vector<TokenId>{7}));
  const auto shifted = std::vector<float>(s->logits().begin(), s->logits().end());

  std::vector<TokenId> kept(tokens.begin(), tokens.begin() + 4);
  kept.insert(kept.end(), tokens.begin() + 14, tokens.end());
  kept.push_back(7);
  EXPECT_EQ(s->tokens(), kept);
  auto fresh = make_session(model, {.n_ctx = 32, .kv_type = kv, .n_threads = 2});
  ASSERT_TRUE(fresh->decode(kept));
  double max_diff = 0, max_logit = 0;
  for (size_t i = 0; i < shifted.size(); ++i) {
    max_diff = std::max(max_diff, double(std::abs(shifted[i] - fresh->logits()[i])));
    max_logit = std::max(max_logit, double(std::abs(fresh->logits()[i])));
  }
  EXPECT_LT(max_diff, 1e-2 * max_logit);
  // The tolerance means something: the same tokens with 10 more in between give far larger
  // differences.
  auto wrong = make_session(model, {.n_ctx = 32, .kv_type = kv, .n_threads = 2});
  std::vector<TokenId> unshifted(tokens.begin(), tokens.begin() + 4);
  unshifted.insert(unshifted.end(), 10, TokenId(0));
  unshifted.insert(unshifted.end(), tokens.begin() + 14, tokens.end());
  unshifted.push_back(7);
  ASSERT_TRUE(wrong->decode(unshifted));
  double wrong_diff = 0;
  for (size_t i = 0; i < shifted.size(); ++i) wrong_diff = std::max(wrong_diff, double(std::abs(wrong->logits()[i] - fresh->logits()[i])));
  EXPECT_GT(wrong_diff, 5 * max_diff);
}

TEST(EngineSession, ShiftKeepsTheCacheConsistent) { expect_shift_consistent(KvCacheType::F16); }
TEST(EngineSession, ShiftKeepsAQ8_0CacheConsistent) { expect_shift_consistent(KvCacheType::Q8_0); }

TEST(EngineSession, ShiftPolicyGeneratesPastTheContext) {
  test::TempDir dir;
  auto s = make_session(load_tiny(dir), {.n_ctx = 16, .n_threads = 2, .on_context_full = ContextFullPolicy::Shift, .n_keep = 2});
  const std::vector<TokenId> prompt = {1, 5, 9};
  auto r = s->generate(prompt, greedy(40));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->stop_reason, StopReason::MaxTokens);
  EXPECT_EQ(r->tokens.size(), 40u);
  EXPECT_GT(r->context_shifts, 0);
  EXPECT_LE(s->n_past(), 16);
  EXPECT_EQ(s->tokens()[0], 1);  // n_keep tokens survive
  EXPECT_EQ(s->tokens()[1], 5);
}

TEST(EngineSession, CallbackAndStopRequestEndGeneration) {
  test::TempDir dir;
  auto s = make_session(load_tiny(dir), {.n_ctx = 64, .n_threads = 2});
  const std::vector<TokenId> prompt = {1, 2, 3};
  int seen = 0;
  auto r = s->generate(prompt, greedy(50), [&](TokenId) { return ++seen < 5; });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stop_reason, StopReason::Callback);
  EXPECT_EQ(r->tokens.size(), 5u);

  // request_stop() from another thread while generating. The callback waits for that thread, so
  // the request lands before the tiny model can fill its 64-token context (which would end the
  // run with ContextFull instead, depending on scheduling).
  int count = 0;
  auto r2 = s->generate({}, greedy(-1), [&](TokenId) {
    if (++count == 3) std::thread([&] { s->request_stop(); }).join();
    return true;
  });
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->stop_reason, StopReason::Cancelled);
  EXPECT_GE(r2->tokens.size(), 3u);
}

TEST(EngineSession, StopTokenEndsGenerationAndIsNotReturned) {
  test::TempDir dir;
  auto model = load_tiny(dir);
  auto s = make_session(model, {.n_ctx = 64, .n_threads = 2});
  const std::vector<TokenId> prompt = {1, 2, 3};
  auto free_run = s->generate(prompt, greedy(6));
  ASSERT_TRUE(free_run);
  s->reset();
  GenerateOptions g = greedy(20);
  g.stop_tokens = {free_run->tokens[3]};
  auto r = s->generate(prompt, g);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stop_reason, StopReason::EndOfGeneration);
  EXPECT_EQ(r->tokens, std::vector<TokenId>(free_run->tokens.begin(), free_run->tokens.begin() + 3));
}

// Two turns in one session continue exactly like one evaluation of the whole conversation.
TEST(EngineSession, ContinuingEqualsEvaluatingEverything) {
  test::TempDir dir;
  auto model = load_tiny(dir);
  auto chat = make_session(model, {.n_ctx = 64, .n_threads = 2, .n_batch = 4});
  const std::vector<TokenId> turn1 = {1, 10, 11, 12}, turn2 = {20, 21, 22, 23, 24};
  auto a = chat->generate(turn1, greedy(5));
  ASSERT_TRUE(a);
  auto b = chat->generate(turn2, greedy(5));
  ASSERT_TRUE(b);

  std::vector<TokenId> all = turn1;
  all.insert(all.end(), a->tokens.begin(), a->tokens.end());
  all.insert(all.end(), turn2.begin(), turn2.end());
  auto once = make_session(model, {.n_ctx = 64, .n_threads = 2});
  auto c = once->generate(all, greedy(5));
  ASSERT_TRUE(c);
  EXPECT_EQ(b->tokens, c->tokens);
  EXPECT_EQ(chat->tokens().size(), all.size() + 5);
}

TEST(EngineSession, BadTokenIdsAreErrors) {
  test::TempDir dir;
  auto s = make_session(load_tiny(dir), {.n_ctx = 64, .n_threads = 1});
  const std::vector<TokenId> bad = {1, 96};
  auto st = s->decode(bad);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(s->n_past(), 0);
  auto r = s->generate(std::vector<TokenId>{-1}, greedy(1));
  EXPECT_FALSE(r);
  auto empty = s->generate({}, greedy(1));
  EXPECT_FALSE(empty);
}

TEST(EngineModel, LoadErrorsAreClear) {
  test::TempDir dir;
  auto missing = Model::load(dir / "nope.gguf");
  ASSERT_FALSE(missing);
  // An architecture the engine does not run.
  test::TinyModelSpec spec;
  spec.arch = "llama";
  test::write_tiny_model(spec, dir / "t.gguf");
  auto file = GgufFile::open(dir / "t.gguf");
  ASSERT_TRUE(file);
  {
    GgufWriter w(dir / "mamba.gguf");
    for (const auto& [k, v] : file->metadata().entries()) w.metadata().set(k, v);
    w.metadata().set("general.architecture", std::string("mamba"));
    w.write_header();
    w.commit();
  }
  auto m = Model::load(dir / "mamba.gguf");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::Unsupported);
  EXPECT_NE(m.error().message.find("mamba"), std::string::npos);
  // A tensor with the wrong shape.
  {
    GgufWriter w(dir / "bad.gguf");
    for (const auto& [k, v] : file->metadata().entries()) w.metadata().set(k, v);
    w.metadata().set("llama.feed_forward_length", uint32_t(50));
    for (const auto& t : file->tensors()) w.add_tensor(t.name, t.type, t.shape);
    w.write_header();
    for (const auto& t : file->tensors()) w.write_tensor_data(file->tensor_data(t));
    w.commit();
  }
  auto bad = Model::load(dir / "bad.gguf");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::Format);
  EXPECT_NE(bad.error().message.find("shape"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace hearth
