// StopStringMatcher against a direct reference: scan the whole text for the first byte at which
// any stop string is complete. Every way of cutting short texts into pieces (exhaustive) and
// random cuts of longer ones must show exactly the text before that stop string, never a byte
// of it, and everything when no stop string occurs.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "hearth/sampling/stop_strings.h"

namespace hearth {
namespace {

struct Expected {
  std::string shown;
  bool stopped = false;
};

// Written from the definition, independently of the streaming code: the earliest end position
// at which some stop string is complete; at that end the longest one.
Expected reference(const std::string& text, const std::vector<std::string>& stops) {
  for (size_t end = 1; end <= text.size(); ++end) {
    size_t longest = 0;
    for (const std::string& s : stops)
      if (!s.empty() && s.size() <= end && text.compare(end - s.size(), s.size(), s) == 0) longest = std::max(longest, s.size());
    if (longest) return {text.substr(0, end - longest), true};
  }
  return {text, false};
}

Expected stream(const std::vector<std::string>& pieces, const std::vector<std::string>& stops) {
  StopStringMatcher m(stops);
  Expected out;
  for (const std::string& p : pieces) {
    const auto step = m.push(p);
    out.shown += step.text;
    if (step.stopped) {
      out.stopped = true;
      return out;
    }
  }
  out.shown += m.flush();
  return out;
}

void check_all_splits(const std::string& text, const std::vector<std::string>& stops) {
  const Expected want = reference(text, stops);
  const size_t cuts = text.size() - 1;
  for (uint32_t mask = 0; mask < (1u << cuts); ++mask) {
    std::vector<std::string> pieces;
    size_t start = 0;
    for (size_t i = 0; i < cuts; ++i)
      if (mask & (1u << i)) {
        pieces.push_back(text.substr(start, i + 1 - start));
        start = i + 1;
      }
    pieces.push_back(text.substr(start));
    const Expected got = stream(pieces, stops);
    ASSERT_EQ(got.shown, want.shown) << "text '" << text << "' split mask " << mask;
    ASSERT_EQ(got.stopped, want.stopped) << "text '" << text << "' split mask " << mask;
  }
}

TEST(StopStrings, EverySplitOfShortTexts) {
  check_all_splits("Hello User: hi", {"User:"});
  check_all_splits("UsUseUser:x", {"User:"});        // repeated false starts
  check_all_splits("aaaab", {"aab"});                 // overlapping self-prefix
  check_all_splits("xabcdy", {"abcd", "bc"});         // a shorter stop inside a longer one ends first
  check_all_splits("xab\n\nz", {"\n\n", "b\n\n"});   // same end: the longer is cut
  check_all_splits("no stop here", {"STOP", "xyz"});  // nothing held at the end is lost
  check_all_splits("ends with Us", {"User:"});        // a partial stop at the end is shown by flush
  check_all_splits("\xe4\xbd\xa0\xe5\xa5\xbd!", {"\xe5\xa5\xbd"});  // multi-byte text and stop
}

TEST(StopStrings, RandomCutsOfLongerTexts) {
  std::mt19937 rng(7);
  const std::string alphabet = "ab\n:";
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text;
    const int n = 1 + int(rng() % 40);
    for (int i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    std::vector<std::string> stops;
    for (int k = 0, count = 1 + int(rng() % 3); k < count; ++k) {
      std::string s;
      for (int i = 0, len = 1 + int(rng() % 4); i < len; ++i) s += alphabet[rng() % alphabet.size()];
      stops.push_back(s);
    }
    std::vector<std::string> pieces;
    for (size_t at = 0; at < text.size();) {
      const size_t len = std::min(text.size() - at, size_t(rng() % 5));
      pieces.push_back(text.substr(at, len));  // empty pieces too (a token that decodes to nothing)
      at += len;
    }
    const Expected want = reference(text, stops);
    const Expected got = stream(pieces, stops);
    ASSERT_EQ(got.shown, want.shown) << text;
    ASSERT_EQ(got.stopped, want.stopped) << text;
  }
}

TEST(StopStrings, NeverShowsAPrefixThatBecomesAStop) {
  StopStringMatcher m({"</answer>"});
  EXPECT_EQ(m.push("42 </").text, "42 ");
  EXPECT_EQ(m.push("ans").text, "");
  const auto step = m.push("wer> trailing");
  EXPECT_TRUE(step.stopped);
  EXPECT_EQ(step.text, "");
  EXPECT_EQ(step.matched, "</answer>");
  EXPECT_TRUE(m.push("more").stopped);  // stays stopped until reset()
  m.reset();
  EXPECT_EQ(m.push("</a").text, "");
  EXPECT_EQ(m.push("b").text, "</ab");  // the false start is released as soon as it is one
}

TEST(StopStrings, EmptyStopStringsAreIgnored) {
  StopStringMatcher m({"", ""});
  EXPECT_TRUE(m.empty());
  const auto step = m.push("text");
  EXPECT_FALSE(step.stopped);
  EXPECT_EQ(step.text, "text");
}

}  // namespace
}  // namespace hearth
