// Tokenizer: the public face — encode (special tokens, BOS/EOS, per-model encoders), decode.
#include "hearth/tokenizer/tokenizer.h"

#include "hearth/io/gguf.h"
#include "tokenizer/tokenizer_impl.h"

namespace hearth {

namespace {

// Hugging Face's clean_up_tokenization_spaces, as llama.cpp applies it: drop the space before
// ? ! . , and before the contractions 's 'm 're 've; "a ' b" loses the spaces around the quote.
std::string clean_up_spaces(const std::string& in) {
  std::string a;
  a.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (!a.empty() && a.back() == ' ' && (c == '?' || c == '!' || c == '.' || c == ',')) a.pop_back();
    a += c;
  }
  std::string b;
  b.reserve(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == '\'' && i > 0 && i + 1 < a.size() && a[i - 1] == ' ' && a[i + 1] == ' ') {
      if (!b.empty()) b.pop_back();
      b += '\'';
      ++i;  // the space after the quote
      continue;
    }
    b += a[i];
  }
  std::string c;
  c.reserve(b.size());
  for (size_t i = 0; i < b.size(); ++i) {
    if (i > 0 && b[i] == '\'' && b[i - 1] == ' ' && i + 1 < b.size() && !c.empty()) {
      const char x1 = b[i + 1];
      const char x2 = i + 2 < b.size() ? b[i + 2] : '\0';
      if (x1 == 's' || x1 == 'm' || (x1 == 'r' && x2 == 'e') || (x1 == 'v' && x2 == 'e')) c.pop_back();
    }
    c += b[i];
  }
  return c;
}

}  // namespace

Result<Tokenizer> Tokenizer::create(VocabData vocab) {
  return capture_errors([&] { return Tokenizer(tokenizer_detail::build_tokenizer(std::move(vocab))); });
}

Result<Tokenizer> Tokenizer::from_gguf(const GgufMetadata& metadata) {
  auto vocab = vocab_from_gguf(metadata);
  if (!vocab) return vocab.error();
  return create(std::move(*vocab));
}

std::vector<TokenId> Tokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  const Impl& t = *impl_;
  std::vector<TokenId> out;
  out.reserve(text.size() / 3 + 4);
  const std::vector<TextFragment> fragments = t.partition_special(text, options.parse_special);
  const bool bos = options.add_special && (t.kind == TokenizerKind::WordPiece ? t.bos != kNoToken : t.add_bos);
  if (bos) out.push_back(t.bos);

  switch (t.kind) {
    case TokenizerKind::SentencePiece: {
      // The dummy prefix goes before the text and before text that follows a special token.
      bool after_special = true;
      for (const TextFragment& f : fragments) {
        if (f.token != kNoToken) {
          out.push_back(f.token);
          after_special = true;
          continue;
        }
        std::string piece = (t.add_space_prefix && after_special) ? " " : "";
        piece.append(text.substr(f.begin, f.end - f.begin));
        t.encode_sentencepiece(tokenizer_detail::escape_spaces(piece), out);
        after_special = false;
      }
      break;
    }
    case TokenizerKind::BytePairBpe:
    case TokenizerKind::WordPiece:
      for (const TextFragment& f : fragments) {
        if (f.token != kNoToken) {
          out.push_back(f.token);
        } else if (t.kind == TokenizerKind::BytePairBpe) {
          t.encode_byte_level(text.substr(f.begin, f.end - f.begin), out);
        } else {
          t.encode_wordpiece(text.substr(f.begin, f.end - f.begin), out);
        }
      }
      break;
  }

  if (options.add_special) {
    if (t.kind == TokenizerKind::WordPiece) {
      if (t.sep != kNoToken) out.push_back(t.sep);  // BERT: [CLS] text [SEP]
    } else if (t.add_eos) {
      out.push_back(t.eos);
    }
  }
  return out;
}

std::string Tokenizer::decode(std::span<const TokenId> tokens, const DecodeOptions& options) const {
  const Impl& t = *impl_;
  std::string out;
  bool strip = options.strip_leading_space && adds_space_prefix();
  for (const TokenId id : tokens) {
    std::string_view piece = token_piece(id, options.render_special);
    if (piece.empty()) continue;
    if (strip) {
      if (piece.front() == ' ') piece.remove_prefix(1);
      strip = false;
    }
    out.append(piece);
  }
  if (options.clean_up_spaces && t.clean_spaces) out = clean_up_spaces(out);
  return out;
}

std::string_view Tokenizer::token_piece(TokenId id, bool render_special) const {
  if (!is_valid(id)) return {};
  if (!render_special && (impl_->attrs[size_t(id)] & (kAttrControl | kAttrUnknown))) return {};
  return impl_->pieces[size_t(id)];
}

std::string_view Tokenizer::token_text(TokenId id) const {
  return is_valid(id) ? std::string_view(impl_->vocab.tokens[size_t(id)]) : std::string_view();
}

TokenType Tokenizer::token_type(TokenId id) const {
  if (!is_valid(id)) return TokenType::Undefined;
  return impl_->vocab.type_of(id);
}

std::optional<TokenId> Tokenizer::find_token(std::string_view text) const {
  const TokenId id = impl_->lookup(text);
  return id == kNoToken ? std::nullopt : std::optional<TokenId>(id);
}

int32_t Tokenizer::vocab_size() const { return impl_->n_vocab(); }
TokenizerKind Tokenizer::kind() const { return impl_->kind; }
const VocabData& Tokenizer::vocab() const { return impl_->vocab; }
TokenId Tokenizer::bos() const { return impl_->bos; }
TokenId Tokenizer::eos() const { return impl_->eos; }
TokenId Tokenizer::eot() const { return impl_->eot; }
TokenId Tokenizer::unk() const { return impl_->unk; }
TokenId Tokenizer::pad() const { return impl_->pad; }
TokenId Tokenizer::newline() const { return impl_->newline; }
bool Tokenizer::adds_bos() const { return impl_->add_bos; }
bool Tokenizer::adds_eos() const { return impl_->add_eos; }
bool Tokenizer::adds_space_prefix() const {
  return impl_->add_space_prefix || impl_->kind == TokenizerKind::WordPiece;
}
const std::vector<std::string>& Tokenizer::warnings() const { return impl_->warnings; }

bool Tokenizer::is_end_of_generation(TokenId id) const {
  return is_valid(id) && impl_->end_of_generation[size_t(id)];
}

bool Tokenizer::is_control(TokenId id) const {
  return is_valid(id) && (impl_->attrs[size_t(id)] & (kAttrControl | kAttrUnknown)) != 0;
}

}  // namespace hearth
