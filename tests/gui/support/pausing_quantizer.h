// Wraps the real QuantizeBackend and holds the first conversion at its first progress report
// until Cancel is pressed — so a test can cancel mid-file deterministically, however fast the
// machine converts. Everything else is the real conversion.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "engine/quantize_backend.h"

namespace hearth::gui::test {

class PausingQuantizer final : public QuantizeBackend {
 public:
  explicit PausingQuantizer(std::unique_ptr<QuantizeBackend> real, std::shared_ptr<std::atomic<bool>> paused)
      : real_(std::move(real)), paused_(std::move(paused)) {}

  bool supports(const QString& type, bool gguf) const override { return real_->supports(type, gguf); }
  Result<uint64_t> estimate_output_bytes(const QString& source, bool gguf, const QString& type) const override {
    return real_->estimate_output_bytes(source, gguf, type);
  }
  Status run(const QString& source, bool gguf, const QString& type, const QString& output, const ProgressFn& progress,
             const CancelToken& cancel) override {
    bool held = false;
    const ProgressFn hold = [&](const ProgressInfo& info) {
      if (progress) progress(info);
      if (!held) {
        held = true;
        *paused_ = true;
        for (int waited = 0; !cancel.cancelled() && waited < 60000; ++waited)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    };
    return real_->run(source, gguf, type, output, hold, cancel);
  }

 private:
  std::unique_ptr<QuantizeBackend> real_;
  std::shared_ptr<std::atomic<bool>> paused_;
};

}  // namespace hearth::gui::test
