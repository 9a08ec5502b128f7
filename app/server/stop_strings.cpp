#include "server/stop_strings.h"

#include <algorithm>

namespace hearth::server {

StopStringMatcher::StopStringMatcher(std::vector<std::string> stops) : stops_(std::move(stops)) {
  std::erase_if(stops_, [](const std::string& s) { return s.empty(); });
}

StopStringMatcher::Step StopStringMatcher::push(const std::string& text) {
  held_ += text;
  Step step;
  size_t first = std::string::npos;
  for (const auto& s : stops_) first = std::min(first, held_.find(s));
  if (first != std::string::npos) {
    step.text = held_.substr(0, first);
    step.stopped = true;
    held_.clear();
    return step;
  }
  // Longest tail of held_ that is a proper prefix of a stop string: keep it back.
  size_t keep = 0;
  for (const auto& s : stops_)
    for (size_t n = std::min(s.size() - 1, held_.size()); n > keep; --n)
      if (held_.compare(held_.size() - n, n, s, 0, n) == 0) {
        keep = n;
        break;
      }
  step.text = held_.substr(0, held_.size() - keep);
  held_.erase(0, held_.size() - keep);
  return step;
}

std::string StopStringMatcher::flush() {
  std::string rest;
  rest.swap(held_);
  return rest;
}

}  // namespace hearth::server
