// The compute thread pool and CPU detection.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/kernels/cpu.h"
#include "hearth/kernels/thread_pool.h"

namespace hearth {
namespace {

using kernels::ThreadPool;

TEST(ThreadPool, EveryThreadRunsEachTaskOnce) {
  for (int n : {1, 2, 3, 5}) {
    ThreadPool pool(n);
    ASSERT_EQ(pool.size(), n);
    for (int rep = 0; rep < 300; ++rep) {
      std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
      std::atomic<int> wrong_nth{0};
      pool.run([&](int ith, int nth) {
        hits[static_cast<size_t>(ith)].fetch_add(1);
        if (nth != n) wrong_nth.fetch_add(1);
      });
      for (auto& h : hits) ASSERT_EQ(h.load(), 1) << "threads " << n << " rep " << rep;
      ASSERT_EQ(wrong_nth.load(), 0);
    }
  }
}

TEST(ThreadPool, CooperativeTasksRunOnTheCallerAndHelpers) {
  for (int n : {1, 2, 3}) {
    ThreadPool pool(n);
    for (int rep = 0; rep < 300; ++rep) {
      std::atomic<int> next{0}, done{0}, calls{0};
      std::atomic<int> bad_ith{0};
      pool.run_cooperative([&](int ith) {
        calls.fetch_add(1);
        if (ith < 0 || ith >= n) bad_ith.fetch_add(1);
        while (next.fetch_add(1) < 1000) done.fetch_add(1);
      });
      ASSERT_EQ(done.load(), 1000);
      ASSERT_GE(calls.load(), 1);  // at least the caller
      ASSERT_LE(calls.load(), n);  // at most once per thread
      ASSERT_EQ(bad_ith.load(), 0);
    }
  }
}

TEST(ThreadPool, CooperativeCallerDoesNotWaitForASleepingWorker) {
  ThreadPool pool(2);
  pool.set_spin_microseconds(0);
  // A task the caller finishes alone: returns even if the worker never joins, and the pool
  // stays usable (mixing both kinds of runs).
  for (int rep = 0; rep < 200; ++rep) {
    int sum = 0;
    pool.run_cooperative([&](int ith) {
      if (ith == 0) sum = 42;
    });
    ASSERT_EQ(sum, 42);
    std::atomic<int> all{0};
    pool.run([&](int, int) { all.fetch_add(1); });
    ASSERT_EQ(all.load(), 2);
  }
}

TEST(ThreadPool, DefaultSizeIsThePhysicalCoreCount) {
  ThreadPool pool;
  EXPECT_EQ(pool.size(), kernels::physical_core_count());
  EXPECT_GE(kernels::physical_core_count(), 1);
  EXPECT_LE(kernels::physical_core_count(), kernels::logical_cpu_count());
}

TEST(ThreadPool, BarrierSeparatesPhases) {
  ThreadPool pool(3);
  for (int rep = 0; rep < 200; ++rep) {
    std::vector<int> phase1(3, 0);
    std::atomic<int> errors{0};
    pool.run([&](int ith, int nth) {
      phase1[static_cast<size_t>(ith)] = rep + 1;
      pool.barrier();
      for (int j = 0; j < nth; ++j)
        if (phase1[static_cast<size_t>(j)] != rep + 1) errors.fetch_add(1);
      pool.barrier();  // twice in a row: the barrier must be reusable at once
    });
    ASSERT_EQ(errors.load(), 0) << rep;
  }
}

TEST(ThreadPool, ParallelForCoversEveryIndexOnce) {
  ThreadPool pool(3);
  for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{7}, int64_t{64}, int64_t{1000}, int64_t{12345}}) {
    for (int64_t grain : {int64_t{1}, int64_t{3}, int64_t{16}, int64_t{5000}}) {
      std::vector<std::atomic<int>> seen(static_cast<size_t>(n));
      pool.parallel_for(n, grain, [&](int64_t b, int64_t e, int ith) {
        EXPECT_LT(b, e);
        EXPECT_LE(e - b, grain);
        EXPECT_GE(ith, 0);
        EXPECT_LT(ith, 3);
        for (int64_t i = b; i < e; ++i) seen[static_cast<size_t>(i)].fetch_add(1);
      });
      for (int64_t i = 0; i < n; ++i) ASSERT_EQ(seen[static_cast<size_t>(i)].load(), 1) << n << " " << grain;
    }
  }
}

TEST(ThreadPool, WakesWorkersThatFellAsleep) {
  ThreadPool pool(2);
  pool.set_spin_microseconds(0);  // idle workers sleep at once
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::atomic<int> count{0};
  for (int rep = 0; rep < 50; ++rep) {
    pool.run([&](int, int) { count.fetch_add(1); });
    if (rep % 10 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(count.load(), 100);
}

TEST(ThreadPool, DestroysCleanlyWhileWorkersSleep) {
  for (int rep = 0; rep < 20; ++rep) {
    ThreadPool pool(3);
    pool.set_spin_microseconds(rep % 2 ? 0 : 50);
    pool.run([](int, int) {});
    if (rep % 3 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  SUCCEED();
}

TEST(CpuFeatures, DetectionIsConsistent) {
  const auto& f = kernels::cpu_features();
  EXPECT_TRUE(kernels::isa_supported(kernels::Isa::Scalar));
  EXPECT_LE(static_cast<int>(kernels::active_isa()), static_cast<int>(kernels::best_supported_isa()));
  if (kernels::isa_supported(kernels::Isa::Avx2)) {
    EXPECT_TRUE(f.avx2 && f.fma && f.f16c && f.os_saves_ymm);
  }
  if (f.avx2) {
    EXPECT_TRUE(f.avx);
  }
  EXPECT_FALSE(kernels::cpu_summary().empty());
}

TEST(CpuFeatures, IsaCanBeForcedDownAndBack) {
  const kernels::Isa saved = kernels::active_isa();
  kernels::set_active_isa(kernels::Isa::Scalar);
  EXPECT_EQ(kernels::active_isa(), kernels::Isa::Scalar);
  if (kernels::isa_supported(kernels::Isa::Avx2)) {
    kernels::set_active_isa(kernels::Isa::Avx2);
    EXPECT_EQ(kernels::active_isa(), kernels::Isa::Avx2);
  } else {
    EXPECT_THROW(kernels::set_active_isa(kernels::Isa::Avx2), Exception);
  }
  kernels::set_active_isa(saved);
}

TEST(CpuFeatures, IsaNames) {
  EXPECT_EQ(kernels::isa_from_name("scalar"), kernels::Isa::Scalar);
  EXPECT_EQ(kernels::isa_from_name("AVX2"), kernels::Isa::Avx2);
  EXPECT_EQ(kernels::isa_from_name("none"), kernels::Isa::Scalar);
  EXPECT_EQ(kernels::isa_from_name("avx9000"), std::nullopt);
  EXPECT_EQ(kernels::isa_name(kernels::Isa::Avx2), "avx2");
}

}  // namespace
}  // namespace hearth
