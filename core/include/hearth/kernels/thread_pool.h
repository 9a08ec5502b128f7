// A persistent pool of compute threads for the CPU kernels.
//
// A token of a small model is a few hundred kernel calls, each a few microseconds long, so
// the pool never creates threads per call: workers live as long as the pool and, between
// calls, spin for a short while (so the next call starts in well under a microsecond) and
// then sleep on a futex (so an idle app does not burn a core). The calling thread is worker
// 0 and does its share of every task.
//
// Two ways to run work:
//   pool.run([&](int ith, int nth) { ... });       every thread runs the task exactly once
//                                                  (static splits, barrier() allowed)
//   pool.run_cooperative([&](int ith) { ... });   the caller runs the task, and so does each
//                                                  worker that wakes up before the caller is
//                                                  done with it; the task must share its work
//                                                  through counters (any subset of threads
//                                                  finishes it). The caller never waits for a
//                                                  worker that has not started: on a busy
//                                                  machine (a game, a browser, a compiler) a
//                                                  descheduled worker costs nothing.
//   pool.parallel_for(n, grain, [&](int64_t begin, int64_t end, int ith) { ... });
//                                                  cooperative chunks of [0, n)
//
// run*() are not reentrant and must be called from one thread at a time (the engine's
// decode thread). Tasks must not throw.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <type_traits>
#include <vector>

namespace hearth::kernels {

class ThreadPool {
 public:
  // n_threads <= 0 means physical_core_count().
  explicit ThreadPool(int n_threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return n_threads_; }

  // How long an idle worker spins before it sleeps (default 200 µs; 0 = sleep at once).
  void set_spin_microseconds(int us) { spin_us_.store(us, std::memory_order_relaxed); }

  // Runs task(ith, nth) once on each of the nth = size() threads; returns when all are done.
  template <class F>
  void run(F&& task) {
    using Fn = std::remove_reference_t<F>;
    run_erased(const_cast<void*>(static_cast<const void*>(&task)),
               [](void* obj, int ith, int nth) { (*static_cast<Fn*>(obj))(ith, nth); }, false);
  }

  // Runs task(ith) on the caller (ith 0) and on every worker that joins in time (see above).
  template <class F>
  void run_cooperative(F&& task) {
    using Fn = std::remove_reference_t<F>;
    run_erased(const_cast<void*>(static_cast<const void*>(&task)),
               [](void* obj, int ith, int) { (*static_cast<Fn*>(obj))(ith); }, true);
  }

  // Inside run(): returns when every thread of the pool has reached it.
  void barrier();

  // For short waits inside a task (another thread finishing a step): spins with the CPU's
  // pause hint, then yields between polls.
  template <class Done>
  static void spin_until(Done done) {
    for (int i = 0; !done(); ++i) {
      if (i < 256)
        cpu_relax();
      else
        std::this_thread::yield();
    }
  }
  static void cpu_relax();

  // Splits [0, n) into chunks of `grain` items (the last one shorter) and calls
  // fn(begin, end, ith) for each, handing chunks out from a shared counter.
  template <class F>
  void parallel_for(int64_t n, int64_t grain, F&& fn) {
    if (n <= 0) return;
    if (grain < 1) grain = 1;
    const int64_t n_chunks = (n + grain - 1) / grain;
    if (n_threads_ == 1 || n_chunks == 1) {
      for (int64_t c = 0; c < n_chunks; ++c) fn(c * grain, std::min(n, (c + 1) * grain), 0);
      return;
    }
    std::atomic<int64_t> next{0};
    run_cooperative([&](int ith) {
      for (int64_t c = next.fetch_add(1, std::memory_order_relaxed); c < n_chunks;
           c = next.fetch_add(1, std::memory_order_relaxed))
        fn(c * grain, std::min(n, (c + 1) * grain), ith);
    });
  }

 private:
  using TaskFn = void (*)(void*, int, int);
  void run_erased(void* obj, TaskFn fn, bool cooperative);
  void worker_main(int ith);
  void wait_for_change(const std::atomic<uint32_t>& word, uint32_t seen);

  int n_threads_ = 1;
  std::vector<std::thread> workers_;
  std::atomic<int> spin_us_{200};

  // The published task (read by workers after they see epoch_ change; in cooperative mode
  // only after they registered in job_).
  void* task_obj_ = nullptr;
  TaskFn task_fn_ = nullptr;
  bool stop_ = false;

  alignas(64) std::atomic<uint32_t> epoch_{0};    // bumped once per run
  // The current job: epoch << 32 | cooperative bit | closed bit | workers inside the task.
  alignas(64) std::atomic<uint64_t> job_{0};
  alignas(64) std::atomic<uint32_t> pending_{0};  // run(): workers still running the task
  alignas(64) std::atomic<uint32_t> barrier_arrived_{0};
  alignas(64) std::atomic<uint32_t> barrier_phase_{0};
};

}  // namespace hearth::kernels
