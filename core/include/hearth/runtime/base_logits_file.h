// llama.cpp's KL-divergence base-logits file (what `llama-perplexity --kl-divergence-base FILE`
// writes and `--kl-divergence` reads), so Hearth and llama.cpp can compare against each other's
// reference logits. Read and written one chunk at a time: a 32k vocabulary over 100k tokens is
// gigabytes. Layout, little-endian, no padding between fields:
//   char[8]   "_logits_"
//   uint32    n_ctx                      chunk length in tokens
//   int32     n_vocab
//   int32     n_chunk
//   int32     tokens[n_chunk * n_ctx]    the text as tokenized (before BOS is written over chunk starts)
//   per chunk, per scored position j = n_ctx/2 … n_ctx-2 (base_logits_rows_per_chunk rows):
//     uint16  row[base_logits_row_words(n_vocab)] =
//               float32 scale, float32 min_log_prob (the first 4 words), then
//               uint16 q[n_vocab], padded with one zero word when n_vocab is odd
//     log p(i | context) = scale * q[i] + min_log_prob. The 65535 steps span the 16 nats below
//     the most likely token (or less when the logits' range is smaller); anything lower is q = 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <vector>

#include "hearth/base/result.h"
#include "hearth/runtime/token.h"

namespace hearth {

inline constexpr char kBaseLogitsMagic[8] = {'_', 'l', 'o', 'g', 'i', 't', 's', '_'};
inline constexpr float kBaseLogitsRangeNats = 16.0f;  // log-probs kept below the top one

struct BaseLogitsHeader {
  int n_ctx = 0;
  int n_vocab = 0;
  int n_chunk = 0;
};

// uint16 words of one compressed row: 4 for the two floats, then n_vocab rounded up to even.
size_t base_logits_row_words(int n_vocab);
// Scored positions per chunk (n_ctx/2 … n_ctx-2), as llama-perplexity scores them.
int base_logits_rows_per_chunk(int n_ctx);
// Bytes of the whole file for this header.
uint64_t base_logits_file_bytes(const BaseLogitsHeader& header);

// Compresses the log-softmax of `logits` [n_vocab] into `row` [base_logits_row_words(n_vocab)];
// returns -log p(token) computed on the way (the perplexity contribution).
double compress_log_probs(std::span<const float> logits, TokenId token, std::span<uint16_t> row);

// A view of one compressed row.
struct LogProbRow {
  float scale = 0;
  float min_log_prob = 0;
  std::span<const uint16_t> q;  // [n_vocab]
  float log_prob(size_t i) const { return scale * float(q[i]) + min_log_prob; }
};
LogProbRow view_log_prob_row(std::span<const uint16_t> row, int n_vocab);

// Writes a base file atomically: nothing appears at `path` until commit() after the last chunk.
class BaseLogitsWriter {
 public:
  // tokens: [header.n_chunk * header.n_ctx].
  static Result<std::unique_ptr<BaseLogitsWriter>> create(const std::filesystem::path& path, const BaseLogitsHeader& header,
                                                          std::span<const TokenId> tokens);
  ~BaseLogitsWriter();
  // rows: [base_logits_rows_per_chunk(n_ctx) * base_logits_row_words(n_vocab)], the next chunk.
  Status write_chunk(std::span<const uint16_t> rows);
  // Fails unless every chunk was written.
  Status commit();

 private:
  BaseLogitsWriter();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads a base file; checks the magic, the header's ranges, every token id and the file size
// before the first chunk, so a damaged file is a clear Format error and never a crash.
class BaseLogitsReader {
 public:
  static Result<std::unique_ptr<BaseLogitsReader>> open(const std::filesystem::path& path);
  const BaseLogitsHeader& header() const { return header_; }
  const std::vector<TokenId>& tokens() const { return tokens_; }  // [n_chunk * n_ctx]
  // Reads the next chunk into rows (resized to rows_per_chunk * row_words).
  Status read_chunk(std::vector<uint16_t>& rows);

 private:
  BaseLogitsReader() = default;
  std::filesystem::path path_;
  std::ifstream in_;
  BaseLogitsHeader header_;
  std::vector<TokenId> tokens_;
  int chunks_read_ = 0;
};

}  // namespace hearth
