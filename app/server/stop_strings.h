// `stop` strings: generation ends at the first occurrence of any of them, and the stop string
// itself is not sent. Text that could be the beginning of a stop string is held back until the
// next tokens show whether it is one, so a streamed answer never shows half a stop string.
#pragma once

#include <string>
#include <vector>

namespace hearth::server {

class StopStringMatcher {
 public:
  explicit StopStringMatcher(std::vector<std::string> stops);

  struct Step {
    std::string text;      // safe to send now
    bool stopped = false;  // a stop string was found; nothing after it is sent
  };
  Step push(const std::string& text);
  // End of generation without a stop string: the held-back text is ordinary text.
  std::string flush();

 private:
  std::vector<std::string> stops_;
  std::string held_;
};

}  // namespace hearth::server
