// Byte-level BPE pre-tokenizers: the text is cut into words by a sequence of regexes before
// BPE merges run inside each word. Which sequence a vocabulary uses is named by
// `tokenizer.ggml.pre`; the table in pre_tokenizer.cpp maps every name llama.cpp knows to its
// regexes (taken from each model family's tokenizer.json) and to the flags that come with it.
//
// Regexes run with PCRE2 (UTF + UCP, JIT-compiled once per tokenizer). Like Hugging Face's
// `Split(behavior = Isolated)`, each regex of a sequence splits every piece the previous one
// produced into matches and the text between matches.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hearth::tokenizer_detail {

struct PreTokenizerSpec {
  std::string_view name;                 // canonical tokenizer.ggml.pre value
  std::vector<std::string_view> regexes;  // applied in order; \s means Unicode White_Space
  bool clean_spaces = true;     // decode cleans " ," " ." … (clean_up_tokenization_spaces)
  bool ignore_merges = false;   // a word that is a whole token is emitted without merging
  bool default_add_bos = false; // add BOS unless the file says otherwise
  bool no_bos = false;          // the family has no BOS token (ChatGLM4)
};

// The spec for a tokenizer.ggml.pre value ("" means the default splitter); nullptr if unknown.
const PreTokenizerSpec* find_pre_tokenizer(std::string_view pre);
// Every distinct regex sequence, once (for pre-tokenizer detection), with a representative name.
std::vector<const PreTokenizerSpec*> distinct_pre_tokenizers();
// The first name with the same regexes as `base` whose ignore_merges flag is the given one.
const PreTokenizerSpec* find_pre_tokenizer_like(const PreTokenizerSpec& base, bool ignore_merges);
// All accepted names, for error messages.
std::string known_pre_tokenizer_names();

// A compiled regex sequence; thread-safe to share (each split call uses its own match data).
class RegexSplitter {
 public:
  // Throws hearth::Exception when a pattern does not compile.
  explicit RegexSplitter(const std::vector<std::string_view>& regexes);
  ~RegexSplitter();
  RegexSplitter(const RegexSplitter&) = delete;
  RegexSplitter& operator=(const RegexSplitter&) = delete;

  // Splits valid UTF-8 text into [begin, end) byte ranges covering it in order (empty text
  // gives no pieces).
  std::vector<std::pair<size_t, size_t>> split(std::string_view text) const;

 private:
  struct Compiled;
  std::vector<std::unique_ptr<Compiled>> compiled_;
};

// Rewrites \s and \S so they mean Unicode White_Space (as in tokenizer.json's Rust regexes and
// llama.cpp) rather than PCRE2's separator set, which lacks U+0085. Exposed for tests.
std::string expand_white_space_escapes(std::string_view pattern);

}  // namespace hearth::tokenizer_detail
