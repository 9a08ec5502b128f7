// The Vulkan backend against the CPU backend (the reference), op by op and weight type by weight
// type, on awkward shapes (1, 2, 5, 8, 9, 17 and 40 tokens across the matrix-vector limit of 8;
// widths that are not a multiple of the 64-wide workgroups; odd row counts; KV lengths 1, 17,
// 300 and 2049), by normalised mean squared error, nmse = Σ(ref - got)² / Σ ref².
// Every output sits between guard rows filled with a byte pattern that must survive the op
// (out-of-bounds writes). Every op test runs with subgroup and with shared-memory reductions.
// Runs on any Vulkan device including Mesa lavapipe (CPU devices are allowed here); skips
// loudly when there is none (or the build has HEARTH_VULKAN=OFF).
//
// Thresholds (test-backend-ops' values; measured on lavapipe, HEARTH_TEST_VERBOSE=1 prints them):
//  - get_rows, rms_norm, add, scale, glu, rope: 1e-7. Both sides dequantize with the same
//    formulas and round the same way; what differs is the order of rms_norm's sum and the
//    drivers' exp/sin/cos/tanh in the last bits (measured 0 … 1e-13). A wrong index, a wrong
//    nibble or a missing token gives nmse of order 1.
//  - matmul: 5e-4. The CPU multiplies quantized weights by activations quantized to 8 bits
//    (Q8_0 / Q8_K blocks, step amax/127), the GPU by F32 activations; that rounding alone gives
//    nmse ≈ (1/127)² / 12 / E[x²] ≈ 1e-5 … 4e-5 (measured), so 5e-4 leaves 10x and still catches a
//    single wrong sub-block (≥ 1e-3). F32/F16/BF16 weights: same roundings, measured ~1e-14.
//  - attention: 5e-4. Online softmax in a different order and split over the KV length; an F16
//    cache rounds q and p to F16 on both sides (measured ≤ 1e-7). Cache rows past the causal
//    limit hold large values, so reading one row too many is far above the limit (checked by
//    breaking the mask in attention.comp by one row: nmse 1.3e-3 … 3.5e-2 at KV 17 … 2049).
//  - kv_store: exact for F32/F16 (one round-to-nearest-even F16 conversion on both sides);
//    Q8_0 1e-6 allows a value whose scale or reciprocal differs by an ulp to round the other
//    way (measured 0). kv_shift keys: 1e-6 (re-rotated, then re-rounded to F16/Q8_0: a rounding
//    flip of a few values); values are moved bytes, exact.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "hearth/backend/backend.h"
#include "hearth/backend/vulkan.h"
#include "hearth/quant/quantize.h"
#include "scoped_env.h"

namespace hearth {
namespace {

constexpr uint8_t kGuard = 0xA5;

double nmse(const std::vector<float>& ref, const std::vector<float>& got) {
  double num = 0, den = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    if (!std::isfinite(got[i])) return INFINITY;
    num += (double(ref[i]) - got[i]) * (double(ref[i]) - got[i]);
    den += double(ref[i]) * ref[i];
  }
  return den > 0 ? num / den : num;
}

std::vector<float> random_floats(size_t n, uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

// One tensor on both devices with the same bytes; the Vulkan one between two guard rows.
struct Both {
  Tensor cpu, gpu, gpu_all;  // gpu_all: guard row, gpu rows, guard row
};

class VulkanOps : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    open_gpu(0);
    if (!gpu_) return;  // skipped
    cpu_ = make_cpu_backend(1);
    // Bounds every test below stays within (the CPU backend sizes its Q8_0 cache expansion and
    // position tables from it).
    WorkPlan plan;
    plan.n_batch = 64;
    plan.max_in_cols = 1024;
    plan.n_ctx = 2100;
    plan.kv_type = TensorType::Q8_0;
    plan.kv_cols = 2 * 128;
    cpu_->prepare(plan);
    gpu_->prepare(plan);
    plan_ = plan;
  }

  // max_chunk_bytes: 0 = the device's limits; small values split tensors across chunks as a
  // 128 MiB maxStorageBufferRange does with a real vocabulary.
  // staging: tensors are never mapped, so uploads, downloads and zero-fills take the copy paths
  // of a discrete GPU even on lavapipe (whose memory is all host-visible).
  void open_gpu(uint64_t max_chunk_bytes, bool staging = false) {
    gpu_.reset();
    VulkanOptions o;
    o.allow_cpu_device = true;
    o.force_shared_reduction = !GetParam();
    o.max_chunk_bytes = max_chunk_bytes;
    o.force_staging = staging;
    auto b = make_vulkan_backend("", o);
    if (!b) GTEST_SKIP() << "SKIPPED: no Vulkan device: " << b.error().message;
    gpu_ = std::move(*b);
    if (GetParam() && !gpu_->uses_subgroup_reduction()) {
      const std::string name = gpu_->info().name;
      gpu_.reset();
      GTEST_SKIP() << "SKIPPED: " << name << " has no subgroup arithmetic";
    }
    if (plan_.n_batch) gpu_->prepare(plan_);
  }

  Both make(TensorType type, int64_t cols, int64_t rows, const void* bytes) {
    Both t;
    t.cpu = cpu_->allocate(type, cols, rows);
    std::memcpy(t.cpu.data, bytes, t.cpu.bytes());
    t.gpu_all = gpu_->allocate(type, cols, rows + 2);
    std::vector<uint8_t> fill(t.gpu_all.bytes(), kGuard);
    std::memcpy(fill.data() + t.gpu_all.row_stride, bytes, t.cpu.bytes());
    gpu_->write(t.gpu_all, fill.data());
    t.gpu = t.gpu_all.row_range(1, rows);
    return t;
  }
  Both make_f32(int64_t cols, int64_t rows, uint32_t seed) {
    auto v = random_floats(size_t(cols * rows), seed);
    return make(TensorType::F32, cols, rows, v.data());
  }
  Both make_quant(TensorType type, int64_t cols, int64_t rows, uint32_t seed, float range = 1.0f) {
    auto v = random_floats(size_t(cols * rows), seed, -range, range);
    const uint64_t row_bytes = *tensor_row_bytes(type, uint64_t(cols));
    std::vector<uint8_t> q(row_bytes * uint64_t(rows));
    for (int64_t r = 0; r < rows; ++r) quantize_row(type, v.data() + r * cols, q.data() + uint64_t(r) * row_bytes, cols);
    return make(type, cols, rows, q.data());
  }

  // The F32 rows of both sides, after checking the guard rows.
  std::pair<std::vector<float>, std::vector<float>> results(const Both& t) {
    gpu_->synchronize();
    std::vector<uint8_t> all(t.gpu_all.bytes());
    gpu_->read(all.data(), t.gpu_all);
    const size_t stride = t.gpu_all.row_stride;
    for (size_t i = 0; i < stride; ++i) {
      EXPECT_EQ(all[i], kGuard) << "write before the output at byte " << i;
      EXPECT_EQ(all[all.size() - stride + i], kGuard) << "write after the output at byte " << i;
      if (all[i] != kGuard || all[all.size() - stride + i] != kGuard) break;
    }
    std::vector<float> ref(size_t(t.cpu.cols * t.cpu.rows)), got(ref.size());
    for (int64_t r = 0; r < t.cpu.rows; ++r) {
      dequantize_row(t.cpu.type, t.cpu.row(r), ref.data() + r * t.cpu.cols, t.cpu.cols);
      dequantize_row(t.cpu.type, all.data() + stride * size_t(r + 1), got.data() + r * t.cpu.cols, t.cpu.cols);
    }
    return {ref, got};
  }
  void expect_close(const Both& t, double max_nmse, const std::string& what) {
    auto [ref, got] = results(t);
    const double e = nmse(ref, got);
    if (std::getenv("HEARTH_TEST_VERBOSE")) std::printf("  %-40s nmse %.3g (limit %.3g)\n", what.c_str(), e, max_nmse);
    EXPECT_LE(e, max_nmse) << what << " on " << gpu_->description();
  }

  std::unique_ptr<VulkanBackend> gpu_;
  std::unique_ptr<Backend> cpu_;
  WorkPlan plan_;
};

const TensorType kWeightTypes[] = {TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
                                   TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0, TensorType::Q2_K, TensorType::Q3_K,
                                   TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K, TensorType::IQ4_NL};

// A width that is whole blocks of the type and not a multiple of the 64-wide workgroups.
int64_t awkward_cols(TensorType t) {
  const uint32_t block = tensor_type_layout(t).block_size;
  return block == 1 ? 67 : block == 32 ? 96 : 512;
}

TEST_P(VulkanOps, GetRowsEveryTypeFromASplitTable) {
  constexpr uint64_t kChunk = 32 << 10;  // the outputs (9 rows of at most 512 floats) fit one chunk
  open_gpu(kChunk, /*staging=*/true);
  if (!gpu_) return;
  for (TensorType type : kWeightTypes) {
    const int64_t cols = awkward_cols(type), rows = 1001;
    Both table = make_quant(type, cols, rows, 1);
    // Every table spans at least two chunks (IQ4_NL, the smallest: 1003 rows of 18 bytes),
    // and the ids hit rows of several of them, in no order.
    ASSERT_GT(table.gpu_all.bytes(), kChunk) << tensor_type_name(type);
    const std::vector<TokenId> ids = {0, 1000, 7, 7, 500, 999, 1};
    Both out = make_f32(cols, int64_t(ids.size()), 2);
    cpu_->get_rows(out.cpu, table.cpu, ids);
    gpu_->get_rows(out.gpu, table.gpu, ids);
    expect_close(out, 1e-7, std::string("get_rows ") + std::string(tensor_type_name(type)));
  }
  Both table = make_quant(TensorType::F32, 8, 4, 3);
  Both out = make_f32(8, 1, 4);
  const std::vector<TokenId> bad = {4};
  EXPECT_THROW(gpu_->get_rows(out.gpu, table.gpu, bad), Exception);
}

TEST_P(VulkanOps, RmsNormAddScaleGlu) {
  for (int64_t cols : {1, 67, 1000}) {
    for (int64_t rows : {1, 3}) {
      Both in = make_f32(cols, rows, 5), w = make_f32(cols, 1, 6), out = make_f32(cols, rows, 7);
      cpu_->rms_norm(out.cpu, in.cpu, w.cpu, 1e-5f);
      gpu_->rms_norm(out.gpu, in.gpu, w.gpu, 1e-5f);
      expect_close(out, 1e-7, "rms_norm " + std::to_string(cols));

      Both a = make_f32(cols, rows, 8), b = make_f32(cols, rows, 9), y = make_f32(cols, rows, 10);
      cpu_->add(y.cpu, a.cpu, b.cpu);
      gpu_->add(y.gpu, a.gpu, b.gpu);
      expect_close(y, 1e-7, "add");
      cpu_->scale(y.cpu, -0.37f);
      gpu_->scale(y.gpu, -0.37f);
      expect_close(y, 1e-7, "scale");
      for (GluKind kind : {GluKind::SiLU, GluKind::GeluTanh}) {
        auto big = random_floats(size_t(cols * rows), 11, -12.0f, 12.0f);  // tails of both activations
        Both g = make(TensorType::F32, cols, rows, big.data());
        cpu_->glu(y.cpu, g.cpu, b.cpu, kind);
        gpu_->glu(y.gpu, g.gpu, b.gpu, kind);
        expect_close(y, 1e-7, kind == GluKind::SiLU ? "swiglu" : "geglu");
      }
    }
  }
}

TEST_P(VulkanOps, RopeNormalNeoxFactorsScaling) {
  const std::vector<float> factors = random_floats(32, 12, 1.0f, 8.0f);
  for (RopeOrdering order : {RopeOrdering::Normal, RopeOrdering::Neox}) {
    for (int n_rot : {64, 32}) {
      for (bool with_factors : {false, true}) {
        RopeParams p;
        p.n_rot = n_rot;
        p.freq_base = 10000.0f;
        p.freq_scale = with_factors ? 1.0f : 0.25f;
        p.ordering = order;
        p.freq_factors = with_factors && n_rot == 64 ? factors.data() : nullptr;
        for (int pos0 : {0, 300}) {
          Both x = make_f32(3 * 64, 5, 13);  // 3 heads of 64, 5 tokens
          cpu_->rope(x.cpu, 64, pos0, p);
          gpu_->rope(x.gpu, 64, pos0, p);
          expect_close(x, 1e-7, "rope n_rot " + std::to_string(n_rot) + " pos0 " + std::to_string(pos0));
        }
      }
    }
  }
}

TEST_P(VulkanOps, MatmulEveryTypeAcrossTheMatvecLimit) {
  for (TensorType type : kWeightTypes) {
    const int64_t cols = awkward_cols(type), rows = 37;  // odd output count
    Both w = make_quant(type, cols, rows, 20);
    Both bias = make_f32(rows, 1, 21);
    for (int64_t tokens : {1, 2, 5, 8, 9, 17, 40}) {
      Both in = make_f32(cols, tokens, 22 + uint32_t(tokens));
      Both out = make_f32(rows, tokens, 23);
      Both out2 = make_f32(rows, tokens, 24);
      const MatmulJob cpu_jobs[] = {{out.cpu, w.cpu, {}}, {out2.cpu, w.cpu, bias.cpu}};
      const MatmulJob gpu_jobs[] = {{out.gpu, w.gpu, {}}, {out2.gpu, w.gpu, bias.gpu}};
      cpu_->matmul(cpu_jobs, in.cpu);
      gpu_->matmul(gpu_jobs, in.gpu);
      const std::string what = "matmul " + std::string(tensor_type_name(type)) + " tokens " + std::to_string(tokens);
      expect_close(out, 5e-4, what);
      expect_close(out2, 5e-4, what + " + bias");
    }
  }
}

TEST_P(VulkanOps, MatmulOfAMatrixSplitAcrossChunks) {
  // 600 rows × 512: Q8_0 is 544 bytes a row, 120 rows per 64 KiB chunk, so the guarded matrix
  // (602 rows) is six chunks and the 600 rows start mid-chunk; Q4_K is 288 bytes a row, three
  // chunks. Rows never straddle two chunks; matvec (1 token) and tiled (12) run per chunk.
  open_gpu(64 << 10, /*staging=*/true);
  if (!gpu_) return;
  for (TensorType type : {TensorType::Q8_0, TensorType::Q4_K}) {
    Both w = make_quant(type, 512, 600, 30);
    Both bias = make_f32(600, 1, 33);
    for (int64_t tokens : {1, 12}) {
      Both in = make_f32(512, tokens, 31);
      Both out = make_f32(600, tokens, 32);
      const MatmulJob cj[] = {{out.cpu, w.cpu, bias.cpu}}, gj[] = {{out.gpu, w.gpu, bias.gpu}};
      cpu_->matmul(cj, in.cpu);
      gpu_->matmul(gj, in.gpu);
      expect_close(out, 5e-4, "split matmul " + std::string(tensor_type_name(type)) + " tokens " + std::to_string(tokens));
    }
  }
}

TEST_P(VulkanOps, KvStoreAttentionAndShiftEveryCacheType) {
  const AttentionShape shape{4, 2, 64, 64, 0.125f};  // GQA: two query heads per KV head
  const int64_t width = 2 * 64;
  for (TensorType kv : {TensorType::F16, TensorType::F32, TensorType::Q8_0}) {
    const std::string name(tensor_type_name(kv));
    for (int kv_len : {1, 17, 300, 2049}) {
      const int n_ctx = kv_len + 8;
      // Rows past the stored ones hold large values (the same bytes on both sides): attention
      // that reads one row beyond the causal limit sees a dominant score and fails loudly.
      Both ck = make_quant(kv, width, n_ctx, 46, 4.0f), cv = make_quant(kv, width, n_ctx, 47, 4.0f);
      KvLayer cpu_cache{ck.cpu, cv.cpu}, gpu_cache{ck.gpu, cv.gpu};
      // The first kv_len - 1 rows in one store, the last with the query tokens below.
      const int first = std::max(kv_len - 3, 0);
      if (first > 0) {
        Both k = make_f32(width, first, 40), v = make_f32(width, first, 41);
        cpu_->kv_store(cpu_cache, k.cpu, v.cpu, 0);
        gpu_->kv_store(gpu_cache, k.gpu, v.gpu, 0);
      }
      const int tokens = kv_len - first;  // 1…3 query tokens ending at position kv_len - 1
      Both k = make_f32(width, tokens, 42), v = make_f32(width, tokens, 43);
      cpu_->kv_store(cpu_cache, k.cpu, v.cpu, first);
      gpu_->kv_store(gpu_cache, k.gpu, v.gpu, first);
      expect_close(ck, kv == TensorType::Q8_0 ? 1e-6 : 0.0, "kv_store K " + name);
      expect_close(cv, kv == TensorType::Q8_0 ? 1e-6 : 0.0, "kv_store V " + name);

      Both q = make_f32(4 * 64, tokens, 44), out = make_f32(4 * 64, tokens, 45);
      cpu_->attention(out.cpu, q.cpu, cpu_cache, first, shape);
      gpu_->attention(out.gpu, q.gpu, gpu_cache, first, shape);
      expect_close(out, 5e-4, "attention " + name + " kv " + std::to_string(kv_len));

      if (kv_len == 300) {  // context shift: rows 40…299 move to 0…259, keys rotated by -40
        RopeParams rope;
        rope.n_rot = 64;
        rope.ordering = RopeOrdering::Neox;
        cpu_->kv_shift(cpu_cache, 40, 260, -40, 64, rope);
        gpu_->kv_shift(gpu_cache, 40, 260, -40, 64, rope);
        expect_close(ck, 1e-6, "kv_shift K " + name);
        expect_close(cv, 0.0, "kv_shift V " + name);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Reduction, VulkanOps, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "Subgroup" : "SharedMemory"; });


// ---- the two reduction paths against each other ----------------------------------------

using test::ScopedEnv;

std::unique_ptr<VulkanBackend> open_or_null(bool force_shared, std::string* why) {
  VulkanOptions o;
  o.allow_cpu_device = true;
  o.force_shared_reduction = force_shared;
  auto b = make_vulkan_backend("", o);
  if (!b) {
    *why = b.error().message;
    return nullptr;
  }
  return std::move(*b);
}

std::vector<float> read_f32(VulkanBackend& b, const Tensor& t) {
  std::vector<float> v(size_t(t.cols * t.rows));
  b.download(v.data(), t);
  return v;
}

// The subgroup and the shared-memory variants of every reducing shader (matvec, rms_norm,
// attention) on the same inputs: they differ only in the order of a workgroup's additions, so
// they agree to float rounding (nmse 1e-10 is ~100x above what reordering 64 partial sums of
// O(1) values gives, and far below any indexing or synchronisation bug, which gives ~1).
TEST(VulkanReductions, SubgroupAndSharedMemoryAgree) {
  std::string why;
  auto sg = open_or_null(false, &why);
  if (!sg) GTEST_SKIP() << "SKIPPED: no Vulkan device: " << why;
  if (!sg->uses_subgroup_reduction()) GTEST_SKIP() << "SKIPPED: " << sg->info().name << " has no subgroup arithmetic";
  auto sh = open_or_null(true, &why);
  ASSERT_TRUE(sh) << why;
  ASSERT_FALSE(sh->uses_subgroup_reduction());
  {
    ScopedEnv env("HEARTH_VULKAN_NO_SUBGROUP", "1");  // the environment switch does the same
    auto forced = open_or_null(false, &why);
    ASSERT_TRUE(forced) << why;
    EXPECT_FALSE(forced->uses_subgroup_reduction());
  }
  VulkanBackend* both[2] = {sg.get(), sh.get()};
  auto upload = [&](VulkanBackend& b, TensorType type, int64_t cols, int64_t rows, const void* bytes) {
    Tensor t = b.allocate(type, cols, rows);
    b.write(t, bytes);
    return t;
  };
  auto compare = [&](const std::vector<float>& a, const std::vector<float>& b, const std::string& what) {
    EXPECT_LE(nmse(a, b), 1e-10) << what;
  };

  for (TensorType type : {TensorType::F16, TensorType::Q4_0, TensorType::Q6_K}) {
    const int64_t cols = 1024, rows = 19, tokens = 5;  // matvec: 16 values per invocation
    auto v = random_floats(size_t(cols * rows), 50);
    const uint64_t row_bytes = *tensor_row_bytes(type, uint64_t(cols));
    std::vector<uint8_t> q(row_bytes * uint64_t(rows));
    for (int64_t r = 0; r < rows; ++r) quantize_row(type, v.data() + r * cols, q.data() + uint64_t(r) * row_bytes, cols);
    auto x = random_floats(size_t(cols * tokens), 51);
    std::vector<float> res[2];
    for (int i = 0; i < 2; ++i) {
      Tensor w = upload(*both[i], type, cols, rows, q.data());
      Tensor in = upload(*both[i], TensorType::F32, cols, tokens, x.data());
      Tensor out = both[i]->allocate(TensorType::F32, rows, tokens);
      const MatmulJob j[] = {{out, w, {}}};
      both[i]->matmul(j, in);
      res[i] = read_f32(*both[i], out);
    }
    compare(res[0], res[1], "matvec " + std::string(tensor_type_name(type)));
  }

  {
    const int64_t cols = 1000, rows = 3;
    auto x = random_floats(size_t(cols * rows), 52), g = random_floats(size_t(cols), 53);
    std::vector<float> res[2];
    for (int i = 0; i < 2; ++i) {
      Tensor in = upload(*both[i], TensorType::F32, cols, rows, x.data());
      Tensor w = upload(*both[i], TensorType::F32, cols, 1, g.data());
      Tensor out = both[i]->allocate(TensorType::F32, cols, rows);
      both[i]->rms_norm(out, in, w, 1e-6f);
      res[i] = read_f32(*both[i], out);
    }
    compare(res[0], res[1], "rms_norm");
  }

  {
    const AttentionShape shape{4, 2, 64, 64, 0.125f};
    const int kv_len = 700, tokens = 2, pos0 = kv_len - tokens;  // several KV splits and a reduce
    auto k = random_floats(size_t(kv_len) * 128, 54), v = random_floats(size_t(kv_len) * 128, 55);
    auto q = random_floats(size_t(tokens) * 256, 56);
    std::vector<float> res[2];
    for (int i = 0; i < 2; ++i) {
      KvLayer cache{both[i]->allocate(TensorType::F16, 128, kv_len), both[i]->allocate(TensorType::F16, 128, kv_len)};
      Tensor tk = upload(*both[i], TensorType::F32, 128, kv_len, k.data());
      Tensor tv = upload(*both[i], TensorType::F32, 128, kv_len, v.data());
      both[i]->kv_store(cache, tk, tv, 0);
      Tensor tq = upload(*both[i], TensorType::F32, 256, tokens, q.data());
      Tensor out = both[i]->allocate(TensorType::F32, 256, tokens);
      both[i]->attention(out, tq, cache, pos0, shape);
      res[i] = read_f32(*both[i], out);
    }
    compare(res[0], res[1], "attention");
  }
}

// ---- devices and the loader ----------------------------------------------------------------

TEST(VulkanDevices, MissingLoaderIsACleanNoGpu) {
#ifndef HEARTH_HAVE_VULKAN
  GTEST_SKIP() << "SKIPPED: built with HEARTH_VULKAN=OFF";
#endif
  ScopedEnv env("HEARTH_VULKAN_LOADER", "/nonexistent/libvulkan.so.1");
  auto devices = list_vulkan_devices({});
  ASSERT_FALSE(devices) << "a loader at /nonexistent was found";
  EXPECT_EQ(devices.error().code, ErrorCode::Unsupported);
  EXPECT_NE(devices.error().message.find("no Vulkan loader"), std::string::npos) << devices.error().message;
  VulkanOptions o;
  o.allow_cpu_device = true;
  auto b = make_vulkan_backend("", o);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::Unsupported);
  EXPECT_NE(b.error().message.find("/nonexistent"), std::string::npos) << b.error().message;
}

TEST(VulkanDevices, CpuImplementationsOnlyWhenAllowed) {
  ScopedEnv env("HEARTH_VULKAN_ALLOW_CPU", std::nullopt);
  VulkanOptions allowed;
  allowed.allow_cpu_device = true;
  auto all = list_vulkan_devices(allowed);
  if (!all) GTEST_SKIP() << "SKIPPED: no Vulkan device: " << all.error().message;
  auto gpus = list_vulkan_devices({});
  size_t cpus = 0;
  for (size_t i = 0; i < all->size(); ++i) {
    const VulkanDeviceInfo& d = (*all)[i];
    EXPECT_EQ(d.index, int(i));
    cpus += d.type == "cpu";
    if (i > 0) {  // discrete, integrated, virtual, cpu
      const auto rank = [](const std::string& t) {
        return t == "discrete" ? 0 : t == "integrated" ? 1 : t == "virtual" ? 2 : t == "cpu" ? 3 : 4;
      };
      EXPECT_LE(rank((*all)[i - 1].type), rank(d.type));
    }
    EXPECT_FALSE(d.name.empty());
    EXPECT_GT(d.max_storage_buffer_range, 0u);
    EXPECT_LE(d.free_bytes, d.device_local_bytes);
  }
  if (all->size() == cpus) {
    ASSERT_FALSE(gpus) << "a CPU implementation was listed without being allowed";
    EXPECT_NE(gpus.error().message.find("HEARTH_VULKAN_ALLOW_CPU"), std::string::npos) << gpus.error().message;
  } else {
    ASSERT_TRUE(gpus);
    EXPECT_EQ(gpus->size(), all->size() - cpus);
    for (const auto& d : *gpus) EXPECT_NE(d.type, "cpu");
  }
}

}  // namespace
}  // namespace hearth
