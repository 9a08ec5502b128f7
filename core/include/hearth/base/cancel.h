// Progress reporting and cancellation for long operations (convert, quantize, load, generate).
// The engine polls the CancelToken between units of work; the UI sets it from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace hearth {

class CancelToken {
 public:
  CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  void cancel() const noexcept { flag_->store(true, std::memory_order_relaxed); }
  void reset() const noexcept { flag_->store(false, std::memory_order_relaxed); }
  bool cancelled() const noexcept { return flag_->load(std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;  // shared so copies handed to workers see the same flag
};

struct ProgressInfo {
  uint64_t item = 0;         // index of the unit being worked on (e.g. tensor i)
  uint64_t item_count = 0;   // number of units
  uint64_t bytes_done = 0;   // bytes processed so far, over the whole operation
  uint64_t bytes_total = 0;  // bytes the whole operation will process (0 when unknown)
  std::string label;         // what is being worked on, e.g. a tensor name
  std::string_view stage;    // the kind of work: "convert", "quantize" (a literal; empty: unnamed)
};

using ProgressFn = std::function<void(const ProgressInfo&)>;

}  // namespace hearth
