// Showing generated text token by token without ever showing a broken character.
//
// A token can end in the middle of a UTF-8 character (a Chinese character is often split over
// two or three byte tokens). Utf8Assembler holds back an incomplete trailing sequence until the
// bytes that complete it arrive; bytes that can never form a character become U+FFFD at once,
// so a chat window never waits on garbage.
//
//   StreamDecoder stream(tokenizer);
//   for (TokenId id : generated) window.append(stream.push(id));
//   window.append(stream.flush());
#pragma once

#include <string>
#include <string_view>

#include "hearth/tokenizer/tokenizer.h"

namespace hearth {

// Bytes in, valid UTF-8 out.
class Utf8Assembler {
 public:
  // Returns the text that is complete now (valid UTF-8; possibly empty).
  std::string push(std::string_view bytes);
  // End of stream: an incomplete tail becomes U+FFFD.
  std::string flush();
  void reset() { pending_.clear(); }
  // Bytes held back, waiting for the rest of a character (0 to 3).
  size_t pending_bytes() const { return pending_.size(); }

 private:
  std::string pending_;
};

struct StreamDecodeOptions {
  bool render_special = false;  // show control tokens (<|im_end|>) as text
  // Drop SentencePiece's dummy-prefix space from the first visible piece; for decoding a text
  // from its start, not for continuing after a prompt.
  bool strip_leading_space = false;
};

class StreamDecoder {
 public:
  explicit StreamDecoder(Tokenizer tokenizer, StreamDecodeOptions options = {})
      : tokenizer_(std::move(tokenizer)), options_(options) {}

  // The text this token completes (may be empty while a character is unfinished).
  std::string push(TokenId id);
  std::string flush() { return assembler_.flush(); }
  void reset();
  size_t pending_bytes() const { return assembler_.pending_bytes(); }

 private:
  Tokenizer tokenizer_;
  StreamDecodeOptions options_;
  Utf8Assembler assembler_;
  bool at_start_ = true;
};

}  // namespace hearth
