// Shared pieces of hearth-cli's subcommands.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "hearth/base/cancel.h"
#include "hearth/base/result.h"

namespace hearth::cli {

// A subcommand's body returns an exit code; a thrown hearth::Exception becomes a one-line
// "hearth-cli: error: ..." on stderr and exit status 1.
using CommandFn = std::function<int()>;

// Each cmd_<name>.cpp registers its subcommand with a file-scope CommandRegistration:
//   static const CommandRegistration kRegistration{"inspect", 10, register_inspect};
// `order` sorts the subcommands in --help. The register function adds options to `app` and
// sets `run` (from its callback) to the body to execute when the subcommand is chosen.
using RegisterFn = void (*)(CLI::App& app, CommandFn& run);
struct CommandRegistration {
  CommandRegistration(const char* name, int order, RegisterFn fn);
};
void register_all_commands(CLI::App& app, CommandFn& run);

// "1.2 M", "3.4 B" — parameter counts as people say them.
std::string human_count(uint64_t n);
// "1.50 MiB"
std::string human_bytes(uint64_t n);

// Per-tensor progress on stderr for convert and quantize: "[  3/ 57] blk.0.attn_q.weight  42.0%",
// rewritten in place on a terminal, one line per tensor otherwise; nothing when `quiet`.
ProgressFn tensor_progress_printer(bool quiet);

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
