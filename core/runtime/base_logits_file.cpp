#include "hearth/runtime/base_logits_file.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "hearth/io/output_file.h"

namespace hearth {

namespace {

constexpr size_t kHeaderBytes = sizeof(kBaseLogitsMagic) + 3 * sizeof(int32_t);
constexpr size_t kRowFloatWords = 2 * sizeof(float) / sizeof(uint16_t);  // scale, min_log_prob

std::string describe(const std::filesystem::path& path) { return path.string(); }

}  // namespace

size_t base_logits_row_words(int n_vocab) { return kRowFloatWords + 2 * ((size_t(n_vocab) + 1) / 2); }

int base_logits_rows_per_chunk(int n_ctx) { return n_ctx - 1 - n_ctx / 2; }

uint64_t base_logits_file_bytes(const BaseLogitsHeader& h) {
  const uint64_t tokens = uint64_t(h.n_chunk) * uint64_t(h.n_ctx) * sizeof(int32_t);
  const uint64_t rows = uint64_t(h.n_chunk) * uint64_t(base_logits_rows_per_chunk(h.n_ctx)) *
                        base_logits_row_words(h.n_vocab) * sizeof(uint16_t);
  return kHeaderBytes + tokens + rows;
}

double compress_log_probs(std::span<const float> logits, TokenId token, std::span<uint16_t> row) {
  const size_t n = logits.size();
  const auto [lo, hi] = std::minmax_element(logits.begin(), logits.end());
  const float max_logit = *hi;
  // Only the top 16 nats are worth the 16-bit range; everything below collapses to the floor.
  const float floor_logit = std::max(*lo, max_logit - kBaseLogitsRangeNats);
  double sum_exp = 0;
  for (float v : logits) sum_exp += std::exp(v - max_logit);
  const float log_sum_exp = float(std::log(sum_exp));
  const float scale = (max_logit - floor_logit) / 65535.0f;
  const float min_log_prob = floor_logit - max_logit - log_sum_exp;
  std::memcpy(row.data(), &scale, sizeof scale);
  std::memcpy(row.data() + 2, &min_log_prob, sizeof min_log_prob);
  uint16_t* q = row.data() + kRowFloatWords;
  std::fill(q, row.data() + row.size(), uint16_t(0));  // also the padding word of an odd vocabulary
  if (scale > 0) {
    const float inv_scale = 1.0f / scale;
    for (size_t i = 0; i < n; ++i)
      if (logits[i] > floor_logit)  // round to nearest, ties to even (the default FP mode)
        q[i] = uint16_t(std::clamp(std::nearbyint(inv_scale * (logits[i] - floor_logit)), 0.0f, 65535.0f));
  }
  return double(max_logit) + double(log_sum_exp) - double(logits[size_t(token)]);
}

LogProbRow view_log_prob_row(std::span<const uint16_t> row, int n_vocab) {
  LogProbRow r;
  std::memcpy(&r.scale, row.data(), sizeof r.scale);
  std::memcpy(&r.min_log_prob, row.data() + 2, sizeof r.min_log_prob);
  r.q = row.subspan(kRowFloatWords, size_t(n_vocab));
  return r;
}

// ---- writer ----

struct BaseLogitsWriter::Impl {
  BaseLogitsHeader header;
  std::unique_ptr<AtomicOutputFile> file;
  int chunks_written = 0;
};

BaseLogitsWriter::BaseLogitsWriter() : impl_(std::make_unique<Impl>()) {}
BaseLogitsWriter::~BaseLogitsWriter() = default;

Result<std::unique_ptr<BaseLogitsWriter>> BaseLogitsWriter::create(const std::filesystem::path& path,
                                                                   const BaseLogitsHeader& h,
                                                                   std::span<const TokenId> tokens) {
  return capture_errors([&]() -> std::unique_ptr<BaseLogitsWriter> {
    if (h.n_ctx < 4 || h.n_vocab < 1 || h.n_chunk < 1)
      fail(ErrorCode::InvalidArgument, "base logits: the context, vocabulary and chunk count must be positive");
    if (tokens.size() != size_t(h.n_chunk) * size_t(h.n_ctx))
      fail(ErrorCode::InvalidArgument, "base logits: expected " + std::to_string(size_t(h.n_chunk) * size_t(h.n_ctx)) +
                                           " tokens, got " + std::to_string(tokens.size()));
    std::unique_ptr<BaseLogitsWriter> w(new BaseLogitsWriter());
    w->impl_->header = h;
    w->impl_->file = std::make_unique<AtomicOutputFile>(path);
    const uint32_t n_ctx = uint32_t(h.n_ctx);
    const int32_t n_vocab = h.n_vocab, n_chunk = h.n_chunk;
    AtomicOutputFile& f = *w->impl_->file;
    f.write(kBaseLogitsMagic, sizeof kBaseLogitsMagic);
    f.write(&n_ctx, sizeof n_ctx);
    f.write(&n_vocab, sizeof n_vocab);
    f.write(&n_chunk, sizeof n_chunk);
    f.write(tokens.data(), tokens.size_bytes());
    return w;
  });
}

Status BaseLogitsWriter::write_chunk(std::span<const uint16_t> rows) {
  return capture_errors([&] {
    const BaseLogitsHeader& h = impl_->header;
    if (impl_->chunks_written >= h.n_chunk) fail(ErrorCode::InvalidArgument, "base logits: more chunks than the header says");
    if (rows.size() != size_t(base_logits_rows_per_chunk(h.n_ctx)) * base_logits_row_words(h.n_vocab))
      fail(ErrorCode::InvalidArgument, "base logits: a chunk has the wrong number of words");
    impl_->file->write(rows.data(), rows.size_bytes());
    ++impl_->chunks_written;
  });
}

Status BaseLogitsWriter::commit() {
  return capture_errors([&] {
    if (impl_->chunks_written != impl_->header.n_chunk)
      fail(ErrorCode::InvalidArgument, "base logits: " + std::to_string(impl_->chunks_written) + " of " +
                                           std::to_string(impl_->header.n_chunk) + " chunks written");
    impl_->file->commit();
  });
}

// ---- reader ----

Result<std::unique_ptr<BaseLogitsReader>> BaseLogitsReader::open(const std::filesystem::path& path) {
  return capture_errors([&]() -> std::unique_ptr<BaseLogitsReader> {
    std::unique_ptr<BaseLogitsReader> r(new BaseLogitsReader());
    r->path_ = path;
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (ec) fail(ErrorCode::NotFound, describe(path) + ": cannot open the base logits file (" + ec.message() + ")");
    r->in_.open(path, std::ios::binary);
    if (!r->in_) fail(ErrorCode::Io, describe(path) + ": cannot open the base logits file");
    char magic[sizeof kBaseLogitsMagic];
    uint32_t n_ctx = 0;
    int32_t n_vocab = 0, n_chunk = 0;
    r->in_.read(magic, sizeof magic);
    if (!r->in_ || std::memcmp(magic, kBaseLogitsMagic, sizeof magic) != 0)
      fail(ErrorCode::Format, describe(path) + ": not a base logits file (it does not start with \"_logits_\")");
    r->in_.read(reinterpret_cast<char*>(&n_ctx), sizeof n_ctx);
    r->in_.read(reinterpret_cast<char*>(&n_vocab), sizeof n_vocab);
    r->in_.read(reinterpret_cast<char*>(&n_chunk), sizeof n_chunk);
    if (!r->in_) fail(ErrorCode::Format, describe(path) + ": the header is truncated");
    // Bounds that keep every size computation below far from overflow.
    if (n_ctx < 4 || n_ctx > (1u << 24) || n_vocab < 1 || n_vocab > (1 << 24) || n_chunk < 1 || n_chunk > (1 << 24))
      fail(ErrorCode::Format, describe(path) + ": implausible header (n_ctx " + std::to_string(n_ctx) + ", n_vocab " +
                                  std::to_string(n_vocab) + ", n_chunk " + std::to_string(n_chunk) + ")");
    r->header_ = {int(n_ctx), n_vocab, n_chunk};
    const uint64_t expected = base_logits_file_bytes(r->header_);
    if (size != expected)
      fail(ErrorCode::Format, describe(path) + ": the file has " + std::to_string(size) + " bytes; its header (n_ctx " +
                                  std::to_string(n_ctx) + ", n_vocab " + std::to_string(n_vocab) + ", n_chunk " +
                                  std::to_string(n_chunk) + ") says " + std::to_string(expected) +
                                  (size < expected ? " (truncated?)" : ""));
    r->tokens_.resize(size_t(n_chunk) * n_ctx);
    r->in_.read(reinterpret_cast<char*>(r->tokens_.data()), std::streamsize(r->tokens_.size() * sizeof(TokenId)));
    if (!r->in_) fail(ErrorCode::Io, describe(path) + ": reading the tokens failed");
    for (size_t i = 0; i < r->tokens_.size(); ++i)
      if (r->tokens_[i] < 0 || r->tokens_[i] >= n_vocab)
        fail(ErrorCode::Format, describe(path) + ": token " + std::to_string(i) + " is " + std::to_string(r->tokens_[i]) +
                                    ", outside the vocabulary of " + std::to_string(n_vocab));
    return r;
  });
}

Status BaseLogitsReader::read_chunk(std::vector<uint16_t>& rows) {
  return capture_errors([&] {
    if (chunks_read_ >= header_.n_chunk) fail(ErrorCode::InvalidArgument, describe(path_) + ": no more chunks");
    rows.resize(size_t(base_logits_rows_per_chunk(header_.n_ctx)) * base_logits_row_words(header_.n_vocab));
    in_.read(reinterpret_cast<char*>(rows.data()), std::streamsize(rows.size() * sizeof(uint16_t)));
    if (!in_) fail(ErrorCode::Io, describe(path_) + ": reading chunk " + std::to_string(chunks_read_ + 1) + " failed");
    ++chunks_read_;
  });
}

}  // namespace hearth
