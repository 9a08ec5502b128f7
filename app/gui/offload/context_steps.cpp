#include "offload/context_steps.h"

#include <cstdlib>

namespace hearth::gui {

QList<int> context_steps(int trained_max) {
  if (trained_max <= kMinContext) return {trained_max > 0 ? trained_max : kMinContext};
  QList<int> steps{kMinContext};
  for (long long p = 1024; p < trained_max; p *= 2) {
    steps << int(p);
    const long long half_step = p + p / 2;
    if (p >= 2048 && half_step < trained_max) steps << int(half_step);
  }
  steps << trained_max;
  return steps;
}

int nearest_context_step(const QList<int>& steps, int tokens) {
  int best = 0;
  for (int i = 1; i < steps.size(); ++i)
    if (std::abs(steps[i] - tokens) < std::abs(steps[best] - tokens)) best = i;
  return best;
}

}  // namespace hearth::gui
