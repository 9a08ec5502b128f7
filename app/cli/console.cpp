#include "console.h"

#include <iostream>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#include <shellapi.h>
#endif

namespace hearth::cli {

#ifdef _WIN32
namespace {
std::string to_utf8(const wchar_t* text, int length) {
  if (length == 0) return {};
  const int bytes = WideCharToMultiByte(CP_UTF8, 0, text, length, nullptr, 0, nullptr, nullptr);
  std::string out(size_t(bytes > 0 ? bytes : 0), '\0');
  if (bytes > 0) WideCharToMultiByte(CP_UTF8, 0, text, length, out.data(), bytes, nullptr, nullptr);
  return out;
}
}  // namespace

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  // argv was converted to the ANSI code page, which cannot hold a name like 张伟: use the
  // UTF-16 command line instead.
  int count = 0;
  LPWSTR* wide = CommandLineToArgvW(GetCommandLineW(), &count);
  if (!wide) return std::vector<std::string>(argv + 1, argv + argc);
  std::vector<std::string> args;
  for (int i = 1; i < count; ++i) args.push_back(to_utf8(wide[i], int(wcslen(wide[i]))));
  LocalFree(wide);
  return args;
}

void prepare_console() {
  SetConsoleOutputCP(CP_UTF8);
  SetConsoleCP(CP_UTF8);
  // The same bytes as on Linux (no "\n" -> "\r\n"): scripts and the tests compare output exactly.
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
}

bool read_line_utf8(std::string& line) {
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  DWORD mode = 0;
  if (!GetConsoleMode(in, &mode)) {
    // A pipe or file: bytes are already UTF-8.
    if (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
    return false;
  }
  // A console: narrow reads in code page 65001 lose non-ASCII characters on many Windows
  // versions, so read UTF-16.
  std::wstring wide;
  wchar_t buffer[512];
  for (;;) {
    DWORD got = 0;
    if (!ReadConsoleW(in, buffer, DWORD(std::size(buffer)), &got, nullptr) || got == 0) {
      std::cin.setstate(std::ios::eofbit);  // callers test std::cin.eof(), as on POSIX
      return false;
    }
    wide.append(buffer, got);
    if (wide.back() == L'\n') break;
  }
  while (!wide.empty() && (wide.back() == L'\n' || wide.back() == L'\r')) wide.pop_back();
  line = to_utf8(wide.data(), int(wide.size()));
  return true;
}
#else
std::vector<std::string> utf8_arguments(int argc, char** argv) { return std::vector<std::string>(argv + 1, argv + argc); }

void prepare_console() {}

bool read_line_utf8(std::string& line) { return bool(std::getline(std::cin, line)); }
#endif

}  // namespace hearth::cli
