// `hearth-cli run/chat --stop`: the greedy continuation of stories260K is llama.cpp's (llama-cli,
// temperature 0: "Once upon a time, there was a little girl named Lily. She loved to play outside
// in the park. …", shared/README.md); a stop string cuts it right before the stop text, even
// when the stop text spans tokens, and never prints a piece of it.
#include <gtest/gtest.h>

#include "child_process.h"
#include "test_data.h"

namespace hearth {
namespace {

using test::run_cli;

const char* kModel = "models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf";

std::string without_final_newline(const std::string& s) { return s.substr(0, s.find_last_not_of('\n') + 1); }

TEST(StopStringsCli, RunStopsBeforeTheStopText) {
  HEARTH_REQUIRE_SHARED(kModel);
  const std::string model = test::shared_path(kModel).string();
  // "le girl n" begins inside " little" and ends inside " named": three tokens at least.
  auto r = run_cli({"run", "-m", model, "-p", "Once upon a time", "-n", "40", "--temp", "0", "--stop", "le girl n"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(without_final_newline(r.out), "Once upon a time, there was a litt");
  EXPECT_NE(r.err.find("stop string"), std::string::npos) << r.err;
  // Several stop strings: the one that completes first wins; -r is llama.cpp's spelling.
  r = run_cli({"run", "-m", model, "-p", "Once upon a time", "-n", "40", "--temp", "0", "--stop", "zebra", "-r",
               "park.", "--stop", "big, red"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(without_final_newline(r.out),
            "Once upon a time, there was a little girl named Lily. She loved to play outside in the ");
  // A stop string that never appears changes nothing.
  r = run_cli({"run", "-m", model, "-p", "Once upon a time", "-n", "40", "--temp", "0", "--stop", "dragon"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(without_final_newline(r.out),
            "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, "
            "she saw a big, red ball.");
}

TEST(StopStringsCli, ChatReplyEndsAtTheStopText) {
  HEARTH_REQUIRE_SHARED(kModel);
  const auto r = test::run_process({HEARTH_CLI_PATH, "chat", "-m", test::shared_path(kModel).string(), "-n", "30",
                                    "--temp", "0", "--stop", "e", "--stop", "a"},
                                   "Once upon a time\n/exit\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The reply follows "> " and ends before its first 'a' or 'e': neither letter is printed.
  const size_t start = r.out.find("> ") + 2;
  const std::string reply = r.out.substr(start, r.out.find("\n", start) - start);
  EXPECT_EQ(reply.find_first_of("ae"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace hearth
