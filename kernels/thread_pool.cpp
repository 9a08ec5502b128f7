// Spin-then-sleep thread pool. A run publishes the task, then bumps epoch_ (workers wait on
// it). run(): every worker runs the task and counts itself out of pending_. run_cooperative():
// a worker first registers in job_ (same epoch, not yet closed); the caller closes the job
// when its own call returns and waits only for registered workers. Waiting spins with the
// CPU's pause hint, then polls with yields until spin_us_ is spent, then sleeps in C++20 atomic
// wait (a futex on Linux, WaitOnAddress on Windows).
#include <chrono>

#include "hearth/kernels/cpu.h"
#include "hearth/kernels/thread_pool.h"

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)
#include <immintrin.h>
#define HEARTH_CPU_RELAX() _mm_pause()
#else
#define HEARTH_CPU_RELAX() std::this_thread::yield()
#endif

#ifdef _WIN32
#include <windows.h>  // WaitOnAddress, WakeByAddressAll/Single (synchronization library)
#endif

namespace hearth::kernels {

namespace {

// Sleeping until a word changes. libstdc++ 12 without futexes (MinGW) implements
// std::atomic::wait/notify with a mutex/condition-variable pool that can lose a wake-up
// (GCC PR libstdc++/106183, fixed in 12.3): under wine the pool's threads slept forever. On
// Windows the system's own address wait is used instead.
#ifdef _WIN32
void sleep_while_equal(const std::atomic<uint32_t>& word, uint32_t seen) {
  static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));
  while (word.load(std::memory_order_acquire) == seen)
    WaitOnAddress(const_cast<std::atomic<uint32_t>*>(&word), &seen, sizeof seen, INFINITE);
}
void wake_all(std::atomic<uint32_t>& word) { WakeByAddressAll(&word); }
void wake_one(std::atomic<uint32_t>& word) { WakeByAddressSingle(&word); }
#else
void sleep_while_equal(const std::atomic<uint32_t>& word, uint32_t seen) {
  while (word.load(std::memory_order_acquire) == seen) word.wait(seen, std::memory_order_acquire);
}
void wake_all(std::atomic<uint32_t>& word) { word.notify_all(); }
void wake_one(std::atomic<uint32_t>& word) { word.notify_one(); }
#endif

constexpr uint64_t kCooperative = uint64_t{1} << 31;
constexpr uint64_t kClosed = uint64_t{1} << 30;
constexpr uint64_t kCountMask = kClosed - 1;
inline uint32_t job_epoch(uint64_t job) { return static_cast<uint32_t>(job >> 32); }

}  // namespace

void ThreadPool::cpu_relax() { HEARTH_CPU_RELAX(); }

ThreadPool::ThreadPool(int n_threads) {
  n_threads_ = n_threads > 0 ? n_threads : physical_core_count();
  workers_.reserve(n_threads_ - 1);
  for (int i = 1; i < n_threads_; ++i) workers_.emplace_back([this, i] { worker_main(i); });
}

ThreadPool::~ThreadPool() {
  if (workers_.empty()) return;
  stop_ = true;
  epoch_.fetch_add(1, std::memory_order_release);
  wake_all(epoch_);
  for (auto& t : workers_) t.join();
}

void ThreadPool::wait_for_change(const std::atomic<uint32_t>& word, uint32_t seen) {
  // 1. A few hundred pause-spins (a microsecond or two): the common case inside a forward
  //    pass, where the next kernel call follows within microseconds.
  for (int i = 0; i < 256; ++i) {
    if (word.load(std::memory_order_acquire) != seen) return;
    HEARTH_CPU_RELAX();
  }
  // 2. Until the spin budget is spent, keep polling but yield the core between polls, so a
  //    thread we wait for that shares this core (more threads than free cores, a busy
  //    machine) gets to run.
  const int spin_us = spin_us_.load(std::memory_order_relaxed);
  if (spin_us > 0) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(spin_us);
    do {
      for (int i = 0; i < 16; ++i) {
        if (word.load(std::memory_order_acquire) != seen) return;
        HEARTH_CPU_RELAX();
      }
      std::this_thread::yield();
    } while (std::chrono::steady_clock::now() < deadline);
  }
  // 3. Sleep until notified.
  sleep_while_equal(word, seen);
}

void ThreadPool::worker_main(int ith) {
  uint32_t seen = 0;
  for (;;) {
    wait_for_change(epoch_, seen);
    seen = epoch_.load(std::memory_order_acquire);
    if (stop_) return;
    uint64_t job = job_.load(std::memory_order_acquire);
    if (job_epoch(job) != seen) continue;  // a later run already replaced it (cooperative only)
    if (!(job & kCooperative)) {
      task_fn_(task_obj_, ith, n_threads_);
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) wake_one(pending_);
      continue;
    }
    // Cooperative: join only while the job is still open.
    while (job_epoch(job) == seen && !(job & kClosed)) {
      if (job_.compare_exchange_weak(job, job + 1, std::memory_order_acq_rel, std::memory_order_acquire)) {
        task_fn_(task_obj_, ith, n_threads_);
        job_.fetch_sub(1, std::memory_order_acq_rel);
        break;
      }
    }
  }
}

void ThreadPool::run_erased(void* obj, TaskFn fn, bool cooperative) {
  if (n_threads_ == 1) {
    fn(obj, 0, 1);
    return;
  }
  task_obj_ = obj;
  task_fn_ = fn;
  const uint32_t epoch = epoch_.load(std::memory_order_relaxed) + 1;
  pending_.store(static_cast<uint32_t>(n_threads_ - 1), std::memory_order_relaxed);
  job_.store(uint64_t{epoch} << 32 | (cooperative ? kCooperative : 0), std::memory_order_relaxed);
  epoch_.store(epoch, std::memory_order_release);  // publishes task_*, pending_, job_
  wake_all(epoch_);
  fn(obj, 0, n_threads_);
  if (cooperative) {
    job_.fetch_or(kClosed, std::memory_order_acq_rel);
    spin_until([&] { return (job_.load(std::memory_order_acquire) & kCountMask) == 0; });
  } else {
    for (uint32_t left; (left = pending_.load(std::memory_order_acquire)) != 0;) wait_for_change(pending_, left);
  }
}

void ThreadPool::barrier() {
  if (n_threads_ == 1) return;
  const uint32_t phase = barrier_phase_.load(std::memory_order_acquire);
  if (barrier_arrived_.fetch_add(1, std::memory_order_acq_rel) == static_cast<uint32_t>(n_threads_ - 1)) {
    barrier_arrived_.store(0, std::memory_order_relaxed);
    barrier_phase_.fetch_add(1, std::memory_order_release);
    wake_all(barrier_phase_);
    return;
  }
  wait_for_change(barrier_phase_, phase);
}

}  // namespace hearth::kernels
