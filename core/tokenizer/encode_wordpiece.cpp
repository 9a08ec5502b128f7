// WordPiece ("bert" vocabularies, e.g. BGE embeddings): lowercase, strip accents, split on
// whitespace and around punctuation and CJK characters, then cover each word greedily with the
// longest vocabulary entries. Word-initial pieces carry a U+2581 prefix in GGUF vocabularies
// (the converter rewrites BERT's "##" continuation marks that way).
#include "tokenizer/tokenizer_impl.h"
#include "tokenizer/unicode.h"

namespace hearth {

namespace {

bool is_cjk_ideograph(uint32_t cp) {
  // BERT's _is_chinese_char ranges (as Hugging Face's Rust code has them).
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
         (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

std::vector<std::string> split_words(std::string_view text) {
  using unicode::CodepointClass;
  std::vector<std::string> words(1);
  auto close_word = [&] {
    if (!words.back().empty()) words.emplace_back();
  };
  for (uint32_t cp : unicode::decode_utf8(text)) {
    cp = unicode::nfd_base(cp);
    if (unicode::is_white_space(cp)) {
      close_word();
      continue;
    }
    const CodepointClass cls = unicode::codepoint_class(cp);
    if (cp == 0 || cp == unicode::kReplacementChar || cls == CodepointClass::Control) continue;
    std::string ch;
    unicode::append_utf8(ch, unicode::to_lower(cp));
    if (cls == CodepointClass::Punctuation || (cp < 0x7F && cls == CodepointClass::Symbol) || is_cjk_ideograph(cp)) {
      close_word();
      words.back() = std::move(ch);  // a word of its own
      words.emplace_back();
    } else {
      words.back() += ch;
    }
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

}  // namespace

void Tokenizer::Impl::encode_wordpiece(std::string_view text, std::vector<TokenId>& out) const {
  for (const std::string& word : split_words(text)) {
    const std::string marked = "\xe2\x96\x81" + word;
    const size_t n = marked.size();
    const size_t first = out.size();
    for (size_t i = 0; i < n;) {
      // The longest vocabulary entry starting at i.
      size_t matched = 0;
      for (size_t j = std::min(n, i + max_token_bytes); j > i; --j) {
        if (const TokenId id = lookup(std::string_view(marked).substr(i, j - i)); id != kNoToken) {
          out.push_back(id);
          matched = j - i;
          break;
        }
      }
      if (matched == 0) {
        out.resize(first);  // a word that cannot be covered becomes one <unk>
        break;
      }
      i += matched;
    }
    if (out.size() == first && unk != kNoToken) out.push_back(unk);
  }
}

}  // namespace hearth
