// File names are UTF-8 everywhere inside Hearth. std::filesystem::path converts a plain
// std::string with the system's narrow code page on Windows (not UTF-8: a Chinese folder name
// is garbled or throws), so every string <-> path crossing goes through these two functions,
// which use the char8_t overloads the standard defines as UTF-8. On POSIX both are copies.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace hearth {

inline std::filesystem::path utf8_path(std::string_view utf8) {
  return std::filesystem::path(std::u8string(utf8.begin(), utf8.end()));
}

inline std::string path_utf8(const std::filesystem::path& path) {
  const std::u8string s = path.u8string();
  return std::string(s.begin(), s.end());
}

}  // namespace hearth
