// Ctrl+C for the generating commands: the first press asks the running generation to stop
// (between tokens); presses are counted so `chat` can quit on the second. Installed for the
// lifetime of an InterruptHandler; the previous handler is restored afterwards.
#pragma once

#include <atomic>

namespace hearth {
class Session;
}

namespace hearth::cli {

class InterruptHandler {
 public:
  InterruptHandler();
  ~InterruptHandler();
  InterruptHandler(const InterruptHandler&) = delete;
  InterruptHandler& operator=(const InterruptHandler&) = delete;

  // The session to stop on the next press (nullptr: none is generating).
  void watch(Session* session);
  // Presses since construction (or the last reset()).
  int presses() const;
  void reset();
};

}  // namespace hearth::cli
