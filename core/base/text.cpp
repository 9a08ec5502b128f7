#include "hearth/base/text.h"

#include <cstdio>

namespace hearth {

std::string quoted_name(std::string_view name, size_t max_chars) {
  std::string out = "\"";
  size_t shown = 0;
  for (char c : name) {
    if (shown == max_chars) {
      out += "…";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
    ++shown;
  }
  return out + "\"";
}

}  // namespace hearth
