// TEMPORARY: a minimal fork-join pool so the CPU backend runs before the kernels branch lands
// its thread pool. To be replaced by kernels/' pool (and this file deleted).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hearth::cpu {

class TempThreadPool {
 public:
  explicit TempThreadPool(int n_threads);
  ~TempThreadPool();
  int size() const { return n_threads_; }
  // Runs fn(task, thread) for task in [0, n_tasks) on all threads (the caller is thread 0).
  void run(int64_t n_tasks, const std::function<void(int64_t task, int thread)>& fn);

 private:
  void worker(int thread);
  void drain(int thread);

  int n_threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  uint64_t generation_ = 0;
  bool stop_ = false;
  const std::function<void(int64_t, int)>* fn_ = nullptr;
  int64_t n_tasks_ = 0;
  std::atomic<int64_t> next_{0};
  int busy_ = 0;
};

}  // namespace hearth::cpu
