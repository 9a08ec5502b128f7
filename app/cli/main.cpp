// hearth-cli: the command-line front end. Exit status: 0 success, 1 a user-facing error (bad
// file, bad option value) with a one-line message on stderr, 2 a usage error. Never a signal.
#include <csignal>
#include <cstdio>
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "cli_common.h"
#include "console.h"

int main(int argc, char** argv) {
#ifdef SIGPIPE
  std::signal(SIGPIPE, SIG_IGN);  // `hearth-cli inspect x | head` must not die from a signal
#endif
  CLI::App app{"Hearth: run large language models on your own PC", "hearth-cli"};
  // CLI11 takes "/name" as an option on Windows by default, so "/models/x.gguf" (a path on the
  // current drive, or a wine Z: path) was rejected as an unknown option: Hearth's options are
  // "-x"/"--name" on every system.
  app.allow_windows_style_options(false);
  app.require_subcommand(1);
  app.set_version_flag("--version", "hearth-cli 0.1.0");

  hearth::cli::CommandFn run;
  hearth::cli::register_all_commands(app, run);

  // llama.cpp spells some long options with one dash (-ngl, -ctk); CLI11 takes one-dash options
  // of a single letter only, so those are rewritten to their two-dash form first.
  hearth::cli::prepare_console();
  std::vector<std::string> args = hearth::cli::utf8_arguments(argc, argv);
  for (auto& a : args)
    if (a == "-ngl" || a == "-ctk" || a == "-ctv" || a == "-np") a = "-" + a;
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments reversed

  try {
    app.parse(args);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  try {
    const int rc = run ? run() : 2;
    std::cout.flush();
    return rc;
  } catch (const hearth::Exception& e) {
    std::cout.flush();
    std::cerr << "hearth-cli: error: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "hearth-cli: error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "hearth-cli: internal error: " << e.what() << "\n";
    return 1;
  }
}
