// Human-readable numbers for the UI: sizes, parameter counts, durations, speeds. Everything is
// translated and uses the current locale's digits and separators.
#pragma once

#include <QString>
#include <cstdint>

namespace hearth::gui {

// 1536 -> "1.5 KiB", 7.2e9 -> "6.7 GiB"
QString format_bytes(uint64_t bytes);
// 260000 -> "260K", 7241732096 -> "7.24B"
QString format_parameters(uint64_t count);
// 4.25 s -> "4.3 s", 75 s -> "1:15", 3725 s -> "1:02:05"
QString format_duration(double seconds);
// 12.345 -> "12.3 tokens/s"
QString format_tokens_per_second(double tps);
// 4096 -> "4096", 32768 -> "32K" (context sizes)
QString format_context(int64_t tokens);

}  // namespace hearth::gui
