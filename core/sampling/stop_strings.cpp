#include "hearth/sampling/stop_strings.h"

#include <algorithm>

namespace hearth {

StopStringMatcher::StopStringMatcher(std::vector<std::string> stop_strings) {
  for (std::string& s : stop_strings)
    if (!s.empty()) stops_.push_back(std::move(s));
}

StopStringMatcher::Step StopStringMatcher::push(std::string_view text) {
  Step step;
  if (stopped_) {
    step.stopped = true;
    return step;
  }
  held_.append(text);
  // The stop string that completes first wins, so the result does not depend on how the text
  // was split into pieces; of two ending at the same byte, the longer (it contains the other).
  size_t best_end = std::string::npos;
  size_t best = std::string::npos;
  const std::string* which = nullptr;
  for (const std::string& s : stops_) {
    const size_t at = held_.find(s);
    if (at == std::string::npos) continue;
    const size_t end = at + s.size();
    if (end < best_end || (end == best_end && at < best)) {
      best_end = end;
      best = at;
      which = &s;
    }
  }
  if (which) {
    step.text = held_.substr(0, best);
    step.stopped = true;
    step.matched = *which;
    stopped_ = true;
    held_.clear();
    return step;
  }
  const size_t keep = longest_partial_suffix();
  step.text = held_.substr(0, held_.size() - keep);
  held_.erase(0, held_.size() - keep);
  return step;
}

size_t StopStringMatcher::longest_partial_suffix() const {
  size_t best = 0;
  for (const std::string& s : stops_) {
    // Candidates are suffixes of held_ shorter than s (a full match was handled by find()).
    for (size_t n = std::min(held_.size(), s.size() - 1); n > best; --n) {
      if (std::string_view(held_).substr(held_.size() - n) == std::string_view(s).substr(0, n)) {
        best = n;
        break;
      }
    }
  }
  return best;
}

std::string StopStringMatcher::flush() {
  std::string out;
  out.swap(held_);
  return out;
}

void StopStringMatcher::reset() {
  held_.clear();
  stopped_ = false;
}

}  // namespace hearth
