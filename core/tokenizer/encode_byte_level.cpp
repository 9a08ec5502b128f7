// Byte-level BPE ("gpt2" vocabularies): the pre-tokenizer cuts the text into words; each word's
// bytes start as one symbol each (in GPT-2's printable byte alphabet) and the adjacent pair with
// the best merge rank is merged until no listed merge applies (ties: the leftmost pair).
#include <queue>

#include "tokenizer/tokenizer_impl.h"
#include "tokenizer/unicode.h"

namespace hearth {

namespace {

struct Symbol {
  int32_t id;    // token id, an id >= vocab size for a non-token merge string, or -1
  size_t begin;  // byte range of the symbol in the word's byte-level text
  size_t size;   // 0 once merged into its left neighbour
  int prev;
  int next;
};

struct Candidate {
  int32_t rank;
  int left;
  int right;
  int32_t left_id;   // the pair this candidate was made for; stale when the ids changed
  int32_t right_id;
  int32_t result;
};

struct CandidateOrder {
  bool operator()(const Candidate& a, const Candidate& b) const {
    return a.rank > b.rank || (a.rank == b.rank && a.left > b.left);  // lowest rank, then leftmost
  }
};

// Encodes one pre-tokenized word.
void encode_word(const Tokenizer::Impl& t, bool ignore_merges, std::string_view word, std::vector<TokenId>& out) {
  const auto& alphabet = unicode::byte_level_strings();
  std::string text;  // the word in the byte-level alphabet, as the vocabulary spells it
  text.reserve(word.size() * 2);
  for (char c : word) text += alphabet[static_cast<uint8_t>(c)];

  if (ignore_merges) {
    if (const TokenId id = t.lookup(text); id != kNoToken) {
      out.push_back(id);
      return;
    }
  }

  std::vector<Symbol> symbols;
  symbols.reserve(word.size());
  size_t offset = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    const uint8_t b = static_cast<uint8_t>(word[i]);
    const int index = static_cast<int>(i);
    symbols.push_back({t.byte_symbols[b], offset, alphabet[b].size(), index - 1,
                       i + 1 == word.size() ? -1 : index + 1});
    offset += alphabet[b].size();
  }

  std::priority_queue<Candidate, std::vector<Candidate>, CandidateOrder> queue;
  auto try_pair = [&](int left, int right) {
    if (left < 0 || right < 0) return;
    const int32_t l = symbols[size_t(left)].id, r = symbols[size_t(right)].id;
    if (l < 0 || r < 0) return;
    const auto it = t.merges.find((uint64_t(uint32_t(l)) << 32) | uint32_t(r));
    if (it == t.merges.end()) return;
    queue.push({it->second.rank, left, right, l, r, it->second.result});
  };
  for (int i = 1; i < static_cast<int>(symbols.size()); ++i) try_pair(i - 1, i);

  while (!queue.empty()) {
    const Candidate c = queue.top();
    queue.pop();
    Symbol& left = symbols[size_t(c.left)];
    Symbol& right = symbols[size_t(c.right)];
    if (left.size == 0 || right.size == 0 || left.id != c.left_id || right.id != c.right_id) continue;  // stale
    left.id = c.result;
    left.size += right.size;
    right.size = 0;
    left.next = right.next;
    if (right.next >= 0) symbols[size_t(right.next)].prev = c.left;
    try_pair(left.prev, c.left);
    try_pair(c.left, left.next);
  }

  const int32_t n_vocab = t.n_vocab();
  for (int i = symbols.empty() ? -1 : 0; i != -1; i = symbols[size_t(i)].next) {
    const Symbol& s = symbols[size_t(i)];
    if (s.id >= 0 && s.id < n_vocab) {
      out.push_back(s.id);
      continue;
    }
    // The merged string is not a token (an inconsistent vocabulary): emit whatever single-byte
    // tokens spell it, as llama.cpp does.
    for (char c : std::string_view(text).substr(s.begin, s.size)) {
      if (const TokenId id = t.lookup(std::string_view(&c, 1)); id != kNoToken) out.push_back(id);
    }
  }
}

}  // namespace

void Tokenizer::Impl::encode_byte_level_with(const tokenizer_detail::RegexSplitter& split, bool skip_merges_for_tokens,
                                             std::string_view raw, std::vector<TokenId>& out) const {
  // The regexes need valid UTF-8; invalid bytes become U+FFFD, as in llama.cpp.
  std::string sanitized;
  std::string_view text = raw;
  if (!unicode::is_valid_utf8(raw)) {
    sanitized = unicode::sanitize_utf8(raw);
    text = sanitized;
  }
  // Words repeat a lot in running text; remember what each one encoded to in this call.
  std::unordered_map<std::string_view, std::pair<size_t, size_t>> seen;  // word -> range in out
  for (const auto& [begin, end] : split.split(text)) {
    const std::string_view word = text.substr(begin, end - begin);
    if (const auto it = seen.find(word); it != seen.end()) {
      const auto [from, count] = it->second;
      for (size_t k = 0; k < count; ++k) {
        const TokenId id = out[from + k];
        out.push_back(id);
      }
      continue;
    }
    const size_t from = out.size();
    encode_word(*this, skip_merges_for_tokens, word, out);
    seen.emplace(word, std::make_pair(from, out.size() - from));
  }
}

}  // namespace hearth
