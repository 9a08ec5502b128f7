// SentencePiece-style BPE ("llama" vocabularies): start from single UTF-8 characters and
// repeatedly merge the adjacent pair whose concatenation is the vocabulary token with the
// highest score (ties: the leftmost pair). What never became a token falls back to byte tokens
// <0xNN>. This is the algorithm llama.cpp runs on the same scores.
#include <queue>

#include "tokenizer/tokenizer_impl.h"
#include "tokenizer/unicode.h"

namespace hearth {

namespace {

struct Symbol {
  size_t begin;  // byte range of the symbol in the text
  size_t size;   // 0 once merged into its left neighbour
  int prev;      // -1 at the start
  int next;      // -1 at the end
};

struct Candidate {
  float score;
  int left;
  int right;
  size_t size;  // bytes of the merged text; a stale candidate no longer matches it
};

struct CandidateOrder {
  bool operator()(const Candidate& a, const Candidate& b) const {
    // priority_queue pops the largest: highest score first, then the leftmost pair.
    return a.score < b.score || (a.score == b.score && a.left > b.left);
  }
};

}  // namespace

void Tokenizer::Impl::encode_sentencepiece(std::string_view text, std::vector<TokenId>& out) const {
  std::vector<Symbol> symbols;
  symbols.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const size_t len = std::min(unicode::utf8_sequence_length(static_cast<uint8_t>(text[pos])), text.size() - pos);
    const int index = static_cast<int>(symbols.size());
    symbols.push_back({pos, len, index - 1, pos + len == text.size() ? -1 : index + 1});
    pos += len;
  }

  std::priority_queue<Candidate, std::vector<Candidate>, CandidateOrder> queue;
  auto try_pair = [&](int left, int right) {
    if (left < 0 || right < 0) return;
    const size_t size = symbols[size_t(left)].size + symbols[size_t(right)].size;
    const TokenId id = lookup(text.substr(symbols[size_t(left)].begin, size));
    if (id == kNoToken) return;
    queue.push({score(id), left, right, size});
  };
  for (int i = 1; i < static_cast<int>(symbols.size()); ++i) try_pair(i - 1, i);

  while (!queue.empty()) {
    const Candidate c = queue.top();
    queue.pop();
    Symbol& left = symbols[size_t(c.left)];
    Symbol& right = symbols[size_t(c.right)];
    if (left.size == 0 || right.size == 0 || left.size + right.size != c.size) continue;  // stale
    left.size += right.size;
    right.size = 0;
    left.next = right.next;
    if (right.next >= 0) symbols[size_t(right.next)].prev = c.left;
    try_pair(left.prev, c.left);
    try_pair(c.left, left.next);
  }

  for (int i = symbols.empty() ? -1 : 0; i != -1; i = symbols[size_t(i)].next) {
    const Symbol& s = symbols[size_t(i)];
    const std::string_view piece = text.substr(s.begin, s.size);
    if (const TokenId id = lookup(piece); id != kNoToken) {
      out.push_back(id);
      continue;
    }
    // Not a token: spell it in bytes (<0xNN>), or one <unk> when the vocabulary lacks them.
    bool all_bytes = true;
    for (char c : piece) all_bytes = all_bytes && byte_tokens[static_cast<uint8_t>(c)] != kNoToken;
    if (all_bytes) {
      for (char c : piece) out.push_back(byte_tokens[static_cast<uint8_t>(c)]);
    } else if (unk != kNoToken) {
      out.push_back(unk);
    }
  }
}

}  // namespace hearth
