// llama.cpp's base-logits file: a written file has the byte layout its perplexity tool reads
// (checked byte by byte here, from the layout, not through our reader), the reader reads
// llama.cpp's own file from ../shared, and damaged files are clear Format errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "hearth/runtime/base_logits_file.h"
#include "test_data.h"

namespace hearth {
namespace {

std::vector<char> read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::filesystem::path& p, const std::vector<char>& bytes) {
  std::ofstream(p, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

template <class T>
T at(const std::vector<char>& bytes, size_t offset) {
  T v;
  std::memcpy(&v, bytes.data() + offset, sizeof v);
  return v;
}

// A small file: n_ctx 6 (2 scored rows per chunk), odd vocabulary 5, 2 chunks.
std::filesystem::path write_small(const test::TempDir& dir, std::vector<uint16_t>& rows_out) {
  const BaseLogitsHeader h{6, 5, 2};
  const std::vector<TokenId> tokens{1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2};
  const auto path = dir / "small.kld";
  auto w = BaseLogitsWriter::create(path, h, tokens);
  EXPECT_TRUE(w.ok());
  for (int c = 0; c < 2; ++c) {
    std::vector<uint16_t> rows;
    for (int r = 0; r < 2; ++r) {
      std::vector<uint16_t> row(base_logits_row_words(5));
      const std::vector<float> logits{float(c), 1.5f, -2.0f, float(r), 0.25f};
      compress_log_probs(logits, 1, row);
      rows.insert(rows.end(), row.begin(), row.end());
    }
    EXPECT_TRUE((*w)->write_chunk(rows).ok());
    rows_out.insert(rows_out.end(), rows.begin(), rows.end());
  }
  EXPECT_FALSE(std::filesystem::exists(path)) << "nothing appears before commit";
  EXPECT_TRUE((*w)->commit().ok());
  return path;
}

TEST(BaseLogitsFile, WrittenBytesFollowLlamaCppLayout) {
  test::TempDir dir;
  std::vector<uint16_t> rows;
  const auto path = write_small(dir, rows);
  const std::vector<char> b = read_all(path);
  ASSERT_EQ(b.size(), 8 + 4 + 4 + 4 + 12 * 4 + 2 * 2 * 10 * 2u);
  EXPECT_EQ(std::string(b.data(), 8), "_logits_");
  EXPECT_EQ(at<uint32_t>(b, 8), 6u);
  EXPECT_EQ(at<int32_t>(b, 12), 5);
  EXPECT_EQ(at<int32_t>(b, 16), 2);
  EXPECT_EQ(at<int32_t>(b, 20), 1);
  EXPECT_EQ(at<int32_t>(b, 20 + 11 * 4), 2);
  ASSERT_EQ(rows.size(), 40u);
  EXPECT_EQ(std::memcmp(b.data() + 68, rows.data(), 80), 0);
  EXPECT_EQ(base_logits_file_bytes({6, 5, 2}), b.size());

  auto r = BaseLogitsReader::open(path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->header().n_ctx, 6);
  EXPECT_EQ((*r)->tokens().size(), 12u);
  std::vector<uint16_t> chunk;
  ASSERT_TRUE((*r)->read_chunk(chunk).ok());
  EXPECT_EQ(std::vector<uint16_t>(rows.begin(), rows.begin() + 20), chunk);
  ASSERT_TRUE((*r)->read_chunk(chunk).ok());
  EXPECT_EQ(std::vector<uint16_t>(rows.begin() + 20, rows.end()), chunk);
  EXPECT_FALSE((*r)->read_chunk(chunk).ok());
}

TEST(BaseLogitsFile, UncommittedWriterLeavesNoFile) {
  test::TempDir dir;
  {
    auto w = BaseLogitsWriter::create(dir / "x.kld", {6, 5, 1}, std::vector<TokenId>(6, 0));
    ASSERT_TRUE(w.ok());
    EXPECT_FALSE((*w)->commit().ok()) << "commit before the last chunk must fail";
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "x.kld"));
}

TEST(BaseLogitsFile, DamagedFilesAreFormatErrors) {
  test::TempDir dir;
  std::vector<uint16_t> rows;
  const std::vector<char> good = read_all(write_small(dir, rows));
  auto expect_format = [&](std::vector<char> bytes, const char* what) {
    write_all(dir / "bad.kld", bytes);
    auto r = BaseLogitsReader::open(dir / "bad.kld");
    ASSERT_FALSE(r.ok()) << what;
    EXPECT_EQ(r.error().code, ErrorCode::Format) << what << ": " << r.error().message;
  };
  std::vector<char> b = good;
  b[0] = 'X';
  expect_format(b, "magic");
  expect_format(std::vector<char>(good.begin(), good.end() - 1), "truncated");
  expect_format(std::vector<char>(good.begin(), good.begin() + 10), "truncated header");
  b = good;
  const int32_t bad_token = 5;
  std::memcpy(b.data() + 24, &bad_token, 4);
  expect_format(b, "token outside the vocabulary");
  b = good;
  const int32_t huge = 1 << 30;
  std::memcpy(b.data() + 16, &huge, 4);
  expect_format(b, "implausible chunk count");
  EXPECT_EQ(BaseLogitsReader::open(dir / "missing.kld").error().code, ErrorCode::NotFound);
}

TEST(BaseLogitsFile, ReadsLlamaCppFile) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/kld/stories260K-f32.kld");
  auto r = BaseLogitsReader::open(test::shared_path("models/stories260K-reference-gguf/kld/stories260K-f32.kld"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const BaseLogitsHeader& h = (*r)->header();
  EXPECT_EQ(h.n_ctx, 128);
  EXPECT_EQ(h.n_vocab, 512);
  EXPECT_EQ(h.n_chunk, 31);
  EXPECT_EQ((*r)->tokens()[0], 1) << "the text starts with BOS";
  std::vector<uint16_t> rows;
  for (int c = 0; c < h.n_chunk; ++c) ASSERT_TRUE((*r)->read_chunk(rows).ok());
  // Every stored row is a distribution: Σ exp(log p) over the kept range is about 1.
  const LogProbRow row = view_log_prob_row(std::span<const uint16_t>(rows).first(516), 512);
  double sum = 0;
  for (size_t i = 0; i < 512; ++i) sum += std::exp(row.log_prob(i));
  EXPECT_NEAR(sum, 1.0, 1e-3);
}

}  // namespace
}  // namespace hearth
