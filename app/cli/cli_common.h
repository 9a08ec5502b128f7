// Shared pieces of hearth-cli's subcommands.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "hearth/base/result.h"

namespace hearth::cli {

// A subcommand's body returns an exit code; a thrown hearth::Exception becomes a one-line
// "hearth-cli: error: ..." on stderr and exit status 1.
using CommandFn = std::function<int()>;

// Every subcommand registers itself through one of these (see main.cpp for the list).
void register_inspect(CLI::App& app, CommandFn& run);

// "1.2 M", "3.4 B" — parameter counts as people say them.
std::string human_count(uint64_t n);
// "1.50 MiB"
std::string human_bytes(uint64_t n);

// Unwraps a Result or throws its error (the main() handler prints it).
template <class T>
T unwrap(Result<T> r) {
  if (!r) throw Exception(r.error());
  return std::move(r.value());
}
inline void unwrap(Status s) {
  if (!s) throw Exception(s.error());
}

}  // namespace hearth::cli
