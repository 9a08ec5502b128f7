#include "server/generation_stream.h"

namespace hearth::server {

GenerationStream::Update GenerationStream::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return !text_.empty() || (finish_ && !finish_taken_); });
  Update u;
  u.text.swap(text_);
  if (finish_ && !finish_taken_) {
    u.finish = finish_;
    finish_taken_ = true;
  }
  return u;
}

void GenerationStream::push(const std::string& text) {
  if (text.empty()) return;
  {
    std::lock_guard lock(mutex_);
    text_ += text;
  }
  cv_.notify_one();
}

void GenerationStream::finish(Finish f) {
  {
    std::lock_guard lock(mutex_);
    if (finish_) return;
    finish_ = std::move(f);
  }
  cv_.notify_one();
}

size_t GenerationStream::pending_bytes() const {
  std::lock_guard lock(mutex_);
  return text_.size();
}

}  // namespace hearth::server
