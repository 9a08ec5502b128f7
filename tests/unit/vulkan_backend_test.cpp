// The Vulkan backend against the CPU backend, op by op and weight type by weight type, on
// awkward shapes (1-9 and 17 tokens across the matrix-vector limit of 8, widths that are not a
// multiple of the workgroup, odd row counts, KV lengths 1, 17, 300 and 2049), by normalised mean
// squared error with test-backend-ops' thresholds (1e-7 norm/rope/get_rows/element-wise, 5e-4
// matmul/attention). Every output sits between guard rows filled with a byte pattern that must
// survive the op (out-of-bounds writes). Every test runs with subgroup and with shared-memory
// reductions. Runs on any Vulkan device including Mesa lavapipe (CPU devices are allowed
// here); skips loudly when there is none.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "hearth/backend/backend.h"
#include "hearth/backend/vulkan.h"
#include "hearth/quant/quantize.h"

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
  void open_gpu(uint64_t max_chunk_bytes) {
    gpu_.reset();
    VulkanOptions o;
    o.allow_cpu_device = true;
    o.force_shared_reduction = !GetParam();
    o.max_chunk_bytes = max_chunk_bytes;
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
  Both make_quant(TensorType type, int64_t cols, int64_t rows, uint32_t seed) {
    auto v = random_floats(size_t(cols * rows), seed);
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
    EXPECT_LE(nmse(ref, got), max_nmse) << what << " on " << gpu_->description();
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
  open_gpu(64 << 10);
  if (!gpu_) return;
  for (TensorType type : kWeightTypes) {
    const int64_t cols = awkward_cols(type), rows = 301;  // the table spans several 64 KiB chunks
    Both table = make_quant(type, cols, rows, 1);
    const std::vector<TokenId> ids = {0, 300, 7, 7, 150, 299, 1};
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
  // 600 rows of Q8_0 × 512 = 326 KiB: six 64 KiB chunks, rows never straddling two.
  open_gpu(64 << 10);
  if (!gpu_) return;
  Both w = make_quant(TensorType::Q8_0, 512, 600, 30);
  for (int64_t tokens : {1, 12}) {
    Both in = make_f32(512, tokens, 31);
    Both out = make_f32(600, tokens, 32);
    const MatmulJob cj[] = {{out.cpu, w.cpu, {}}}, gj[] = {{out.gpu, w.gpu, {}}};
    cpu_->matmul(cj, in.cpu);
    gpu_->matmul(gj, in.gpu);
    expect_close(out, 5e-4, "split matmul tokens " + std::to_string(tokens));
  }
}

TEST_P(VulkanOps, KvStoreAttentionAndShiftEveryCacheType) {
  const AttentionShape shape{4, 2, 64, 64, 0.125f};  // GQA: two query heads per KV head
  const int64_t width = 2 * 64;
  for (TensorType kv : {TensorType::F16, TensorType::F32, TensorType::Q8_0}) {
    const std::string name(tensor_type_name(kv));
    for (int kv_len : {1, 17, 300, 2049}) {
      const int n_ctx = kv_len + 8;
      std::vector<uint8_t> zeros(*tensor_row_bytes(kv, width) * size_t(n_ctx), 0);
      Both ck = make(kv, width, n_ctx, zeros.data()), cv = make(kv, width, n_ctx, zeros.data());
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

}  // namespace
}  // namespace hearth
