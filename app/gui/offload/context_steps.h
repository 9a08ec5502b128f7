// The stops of the context-size slider: 512, 1024, then powers of two and the 1.5× steps
// between them (2048, 3072, 4096, 6144, …), ending exactly at the model's trained maximum.
#pragma once

#include <QList>

namespace hearth::gui {

inline constexpr int kMinContext = 512;

QList<int> context_steps(int trained_max);
// Index of the step closest to `tokens` (ties go to the smaller step).
int nearest_context_step(const QList<int>& steps, int tokens);

}  // namespace hearth::gui
