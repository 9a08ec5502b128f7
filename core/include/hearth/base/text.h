// Small text helpers for messages.
#pragma once

#include <string>
#include <string_view>

namespace hearth {

// A name taken from an untrusted file, made safe to put in a one-line error message: quoted,
// control characters escaped, cut to `max_chars` with "…" when longer.
std::string quoted_name(std::string_view name, size_t max_chars = 80);

}  // namespace hearth
