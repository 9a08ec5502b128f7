// Stop strings (llama.cpp's reverse prompts, LLamaSharp's AntiPrompts): generation ends when the
// generated text contains one of them, wherever the token boundaries fall, and no part of a stop
// string is ever shown. Text that could be the beginning of a stop string is held back until the
// next piece decides it.
//
//   StopStringMatcher stop({"User:", "\n\n"});
//   session.generate(ids, sampler, gen, [&](TokenId t) {
//     auto step = stop.push(decoder.push(t));
//     show(step.text);
//     return !step.stopped;
//   });
//   show(stop.flush());  // generation ended for another reason: the held text was not a stop
//
// Used by hearth-cli run/chat and meant for the GUI's chat and a server alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hearth {

class StopStringMatcher {
 public:
  // Empty strings are ignored (they would stop before the first character).
  explicit StopStringMatcher(std::vector<std::string> stop_strings = {});

  struct Step {
    std::string text;      // safe to show: the text before any stop string, never part of one
    bool stopped = false;  // a stop string completed; `text` ends right before it
    std::string matched;   // which stop string, when stopped
  };
  // Appends generated text (any split: mid-word, mid-stop-string; UTF-8 whole or not).
  Step push(std::string_view text);
  // The text held back as a possible stop-string prefix (generation ended without one).
  std::string flush();
  // Forgets everything held and whether it stopped (a new reply).
  void reset();

  bool empty() const { return stops_.empty(); }
  bool stopped() const { return stopped_; }
  const std::vector<std::string>& stop_strings() const { return stops_; }

 private:
  // Length of the longest suffix of held_ that is a proper prefix of some stop string.
  size_t longest_partial_suffix() const;

  std::vector<std::string> stops_;
  std::string held_;
  bool stopped_ = false;
};

}  // namespace hearth
