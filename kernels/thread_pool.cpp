// Spin-then-sleep thread pool. Synchronisation is three counters: epoch_ (a new task is
// published), pending_ (workers still busy), and a sense-reversing barrier. Waiting spins with
// the CPU's pause hint for spin_us_, then falls back to C++20 atomic wait (a futex on Linux,
// WaitOnAddress on Windows), so a wake-up costs a syscall only after an idle period.
#include <chrono>

#include "hearth/kernels/cpu.h"
#include "hearth/kernels/thread_pool.h"

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)
#include <immintrin.h>
#define HEARTH_CPU_RELAX() _mm_pause()
#else
#define HEARTH_CPU_RELAX() std::this_thread::yield()
#endif

namespace hearth::kernels {

ThreadPool::ThreadPool(int n_threads) {
  n_threads_ = n_threads > 0 ? n_threads : physical_core_count();
  workers_.reserve(n_threads_ - 1);
  for (int i = 1; i < n_threads_; ++i) workers_.emplace_back([this, i] { worker_main(i); });
}

ThreadPool::~ThreadPool() {
  if (workers_.empty()) return;
  stop_ = true;
  epoch_.fetch_add(1, std::memory_order_release);
  epoch_.notify_all();
  for (auto& t : workers_) t.join();
}

// Spins until `word` differs from `seen` or the spin budget runs out, then sleeps on it.
// Returns once the value has changed.
bool ThreadPool::wait_for_change(const std::atomic<uint32_t>& word, uint32_t seen) {
  // 1. A few hundred pause-spins (a microsecond or two): the common case inside a forward
  //    pass, where the next kernel call follows within microseconds.
  for (int i = 0; i < 256; ++i) {
    if (word.load(std::memory_order_acquire) != seen) return true;
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
        if (word.load(std::memory_order_acquire) != seen) return true;
        HEARTH_CPU_RELAX();
      }
      std::this_thread::yield();
    } while (std::chrono::steady_clock::now() < deadline);
  }
  // 3. Sleep until notified.
  while (word.load(std::memory_order_acquire) == seen) word.wait(seen, std::memory_order_acquire);
  return true;
}

void ThreadPool::worker_main(int ith) {
  uint32_t seen = 0;
  for (;;) {
    wait_for_change(epoch_, seen);
    seen = epoch_.load(std::memory_order_acquire);
    if (stop_) return;
    task_fn_(task_obj_, ith, n_threads_);
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.notify_one();
  }
}

void ThreadPool::run_erased(void* obj, TaskFn fn) {
  if (n_threads_ == 1) {
    fn(obj, 0, 1);
    return;
  }
  task_obj_ = obj;
  task_fn_ = fn;
  pending_.store(static_cast<uint32_t>(n_threads_ - 1), std::memory_order_relaxed);
  epoch_.fetch_add(1, std::memory_order_release);  // publishes task_* and pending_
  epoch_.notify_all();
  fn(obj, 0, n_threads_);
  for (uint32_t left; (left = pending_.load(std::memory_order_acquire)) != 0;) wait_for_change(pending_, left);
}

void ThreadPool::barrier() {
  if (n_threads_ == 1) return;
  const uint32_t phase = barrier_phase_.load(std::memory_order_acquire);
  if (barrier_arrived_.fetch_add(1, std::memory_order_acq_rel) == static_cast<uint32_t>(n_threads_ - 1)) {
    barrier_arrived_.store(0, std::memory_order_relaxed);
    barrier_phase_.fetch_add(1, std::memory_order_release);
    barrier_phase_.notify_all();
    return;
  }
  wait_for_change(barrier_phase_, phase);
}

}  // namespace hearth::kernels
