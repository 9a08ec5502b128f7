// The text boundary between hearth-cli and its terminal. Inside, all text is UTF-8. On Windows
// the command line and the console are UTF-16/code-page based, so arguments are taken from the
// UTF-16 command line, output is switched to the UTF-8 code page, and chat lines typed at a
// console are read as UTF-16 (ReadConsoleW) and converted; on POSIX these are plain pass-throughs.
#pragma once

#include <string>
#include <vector>

namespace hearth::cli {

// The program's arguments (without argv[0]) as UTF-8.
std::vector<std::string> utf8_arguments(int argc, char** argv);

// Makes UTF-8 written to stdout/stderr show correctly in cmd.exe and PowerShell.
void prepare_console();

// Reads one line (without its end-of-line) from stdin as UTF-8; false at end of input or when
// the read was interrupted (Ctrl+C).
bool read_line_utf8(std::string& line);

}  // namespace hearth::cli
