// Splitting special tokens out of a text before the model's tokenizer sees it. Each special
// token, longest first, is searched in the raw pieces that remain, so "<|im_start|>" is found
// whole even though "<|" might be a token too. This is the order llama.cpp uses, which decides
// the result when two special tokens overlap.
#include <cctype>
#include <cstring>

#include "tokenizer/tokenizer_impl.h"

namespace hearth {

namespace {

// Which byte pairs occur in a text: lets the search skip, in one lookup, the thousands of
// special tokens (Gemma has 6000+) that cannot occur in it.
class BytePairSet {
 public:
  explicit BytePairSet(std::string_view text) : bits_(65536 / 64, 0) {
    for (size_t i = 0; i < text.size(); ++i) {
      single_[static_cast<uint8_t>(text[i])] = true;
      if (i + 1 < text.size()) set(key(text[i], text[i + 1]));
    }
  }
  bool may_contain(std::string_view token) const {
    if (token.size() == 1) return single_[static_cast<uint8_t>(token[0])];
    for (size_t i = 0; i + 1 < token.size(); ++i)
      if (!test(key(token[i], token[i + 1]))) return false;
    return true;
  }

 private:
  static uint32_t key(char a, char b) { return uint32_t(uint8_t(a)) << 8 | uint8_t(b); }
  void set(uint32_t k) { bits_[k >> 6] |= uint64_t(1) << (k & 63); }
  bool test(uint32_t k) const { return (bits_[k >> 6] >> (k & 63)) & 1; }
  std::vector<uint64_t> bits_;
  bool single_[256] = {};
};

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::vector<TextFragment> Tokenizer::Impl::partition_special(std::string_view text, bool parse_special) const {
  std::vector<TextFragment> fragments;
  if (text.empty()) return fragments;
  fragments.push_back({kNoToken, 0, text.size()});
  if (special_split.empty()) return fragments;

  const BytePairSet present(text);
  std::vector<TextFragment> next;
  for (const TokenId id : special_split) {
    const uint8_t attr = attrs[size_t(id)];
    // Without parse_special only user-defined tokens are split out: control tokens in user
    // text are just characters.
    if (!parse_special && (attr & (kAttrControl | kAttrUnknown))) continue;
    const std::string& special = vocab.tokens[size_t(id)];
    if (!present.may_contain(special)) continue;

    next.clear();
    bool changed = false;
    for (const TextFragment& f : fragments) {
      if (f.token != kNoToken) {
        next.push_back(f);
        continue;
      }
      size_t begin = f.begin;
      const size_t end = f.end;
      while (begin < end) {
        const size_t match = text.substr(0, end).find(special, begin);
        if (match == std::string_view::npos) break;
        changed = true;
        size_t left_end = match;
        if (attr & kAttrLstrip) {
          while (left_end > begin && is_space(text[left_end - 1])) --left_end;
        }
        if (left_end > begin) next.push_back({kNoToken, begin, left_end});
        next.push_back({id, match, match + special.size()});
        begin = match + special.size();
        if (attr & kAttrRstrip) {
          while (begin < end && is_space(text[begin])) ++begin;
        }
      }
      if (begin < end) next.push_back({kNoToken, begin, end});
    }
    if (changed) fragments.swap(next);
  }
  return fragments;
}

}  // namespace hearth
