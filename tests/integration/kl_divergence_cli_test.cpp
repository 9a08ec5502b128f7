// hearth-cli perplexity --kl-divergence-base / --kl-divergence against llama.cpp's files: the
// base file Hearth writes from stories260K f32 on the 8 KB excerpt with -c 128 has llama.cpp's
// layout (compared field by field with the file llama-perplexity wrote, parsed here from the
// published layout), and the comparison prints llama-perplexity's report.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "test_data.h"

namespace hearth {
namespace {

using nlohmann::json;
using test::run_cli;

const char* kLlamaBase = "models/stories260K-reference-gguf/kld/stories260K-f32.kld";
const char* kText = "text/tinystories-excerpt-8k.txt";

std::string model_path(const std::string& name) {
  return test::shared_path("models/stories260K-reference-gguf/stories260K-" + name + ".gguf").string();
}

std::vector<char> read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

template <class T>
T at(const std::vector<char>& b, size_t offset) {
  T v;
  std::memcpy(&v, b.data() + offset, sizeof v);
  return v;
}

TEST(KlDivergenceCli, BaseFileHasLlamaCppLayout) {
  HEARTH_REQUIRE_SHARED(kLlamaBase);
  test::TempDir dir;
  const auto ours_path = dir / "f32.kld";
  const auto r = run_cli({"perplexity", "-m", model_path("f32"), "-f", test::shared_path(kText).string(), "-c", "128",
                          "-t", "2", "--kl-divergence-base", ours_path.string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<char> ours = read_all(ours_path);
  const std::vector<char> theirs = read_all(test::shared_path(kLlamaBase));
  ASSERT_EQ(ours.size(), theirs.size());

  // Header: magic, n_ctx, n_vocab, n_chunk.
  EXPECT_EQ(std::memcmp(ours.data(), theirs.data(), 8), 0);
  const uint32_t n_ctx = at<uint32_t>(theirs, 8);
  const int32_t n_vocab = at<int32_t>(theirs, 12), n_chunk = at<int32_t>(theirs, 16);
  EXPECT_EQ(at<uint32_t>(ours, 8), n_ctx);
  EXPECT_EQ(at<int32_t>(ours, 12), n_vocab);
  EXPECT_EQ(at<int32_t>(ours, 16), n_chunk);
  ASSERT_EQ(n_ctx, 128u);
  ASSERT_EQ(n_vocab, 512);
  ASSERT_EQ(n_chunk, 31);
  // Tokens: identical (same tokenizer, BOS at the start of the text, not over chunk starts).
  const size_t tokens_bytes = size_t(n_chunk) * n_ctx * 4;
  EXPECT_EQ(std::memcmp(ours.data() + 20, theirs.data() + 20, tokens_bytes), 0);

  // Per chunk, 63 rows of [float scale, float min_log_prob, uint16 q[512]]. Our forward pass
  // rounds differently from llama.cpp's (summation order), so values agree within a tolerance:
  // the floor (min_log_prob, an extreme logit) relatively, the log-probs of every token above
  // -10 nats (where the probability mass is) absolutely, to a few 16-bit steps.
  const size_t row_bytes = 8 + 2 * size_t(n_vocab);
  const int rows = n_chunk * (int(n_ctx) - 1 - int(n_ctx) / 2);
  ASSERT_EQ(ours.size(), 20 + tokens_bytes + size_t(rows) * row_bytes);
  double worst_scale = 0, worst_floor = 0, worst_log_prob = 0, sum_log_prob = 0, worst_row_kld = 0;
  size_t n_log_prob = 0;
  for (int k = 0; k < rows; ++k) {
    const size_t off = 20 + tokens_bytes + size_t(k) * row_bytes;
    const float s_ours = at<float>(ours, off), s_theirs = at<float>(theirs, off);
    const float m_ours = at<float>(ours, off + 4), m_theirs = at<float>(theirs, off + 4);
    worst_scale = std::max(worst_scale, std::fabs(double(s_ours) / s_theirs - 1));
    worst_floor = std::max(worst_floor, std::fabs(double(m_ours) / m_theirs - 1));
    double row_kld = 0;  // KL(llama.cpp's row || ours)
    for (int i = 0; i < n_vocab; ++i) {
      const double lp_ours = s_ours * at<uint16_t>(ours, off + 8 + 2 * size_t(i)) + m_ours;
      const double lp_theirs = s_theirs * at<uint16_t>(theirs, off + 8 + 2 * size_t(i)) + m_theirs;
      row_kld += std::exp(lp_theirs) * (lp_theirs - lp_ours);
      if (lp_theirs > -10) {
        worst_log_prob = std::max(worst_log_prob, std::fabs(lp_ours - lp_theirs));
        sum_log_prob += std::fabs(lp_ours - lp_theirs);
        ++n_log_prob;
      }
    }
    worst_row_kld = std::max(worst_row_kld, row_kld);
  }
  const double mean_log_prob = sum_log_prob / double(n_log_prob);
  std::fprintf(stderr, "differences from llama.cpp's file: scale %.2e, floor %.2e (largest, relative); log-probs "
               "above -10 nats: mean %.2e, largest %.2e; largest KL between the files' rows %.2e\n",
               worst_scale, worst_floor, mean_log_prob, worst_log_prob, worst_row_kld);
  EXPECT_LT(worst_scale, 1e-3);
  EXPECT_LT(worst_floor, 1e-3);
  EXPECT_LT(mean_log_prob, 1e-3);
  EXPECT_LT(worst_log_prob, 0.05);
  EXPECT_LT(worst_row_kld, 5e-4);  // Q4_K_M vs f32 is 0.02 on average
  // The perplexity printed on the way is llama-perplexity's PPL(base) for this file.
  const json j = json::parse(r.out);
  EXPECT_NEAR(j["perplexity"].get<double>(), 5.319322, 5.319322 * 0.0005);
}

TEST(KlDivergenceCli, ComparesAndPrintsLlamaPerplexityReport) {
  HEARTH_REQUIRE_SHARED(kLlamaBase);
  const auto r = run_cli({"perplexity", "-m", model_path("Q4_K_M"), "--kl-divergence-base",
                          test::shared_path(kLlamaBase).string(), "--kl-divergence", "-t", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* line : {"Mean PPL(Q)                   :", "Mean PPL(base)                :   5.319322",
                           "Cor(ln(PPL(Q)), ln(PPL(base))):", "Mean ln(PPL(Q)/PPL(base))     :", "Mean    KLD:",
                           "99.9%   KLD:", "Median  KLD:", " 5.0%   KLD:", "Minimum KLD:", "Mean    \u0394p:",
                           " 0.1%   \u0394p:", "RMS \u0394p    :", "Same top p:"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
}

TEST(KlDivergenceCli, ModelAgainstItsOwnBaseHasNoDivergence) {
  HEARTH_REQUIRE_SHARED(kLlamaBase);
  test::TempDir dir;
  const auto base = (dir / "base.kld").string();
  const std::string text = test::shared_path(kText).string();
  ASSERT_EQ(run_cli({"perplexity", "-m", model_path("Q2_K"), "-f", text, "-c", "128", "--kl-divergence-base", base})
                .exit_code,
            0);
  const auto r = run_cli({"perplexity", "-m", model_path("Q2_K"), "--kl-divergence-base", base, "--kl-divergence", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_LT(j["kld"]["value"].get<double>(), 2e-4);
  EXPECT_GT(j["same_top"]["value"].get<double>(), 0.995);
}

TEST(KlDivergenceCli, ClearErrors) {
  const auto no_base = run_cli({"perplexity", "-m", "x.gguf", "--kl-divergence"});
  EXPECT_EQ(no_base.exit_code, 2) << "a usage error";
  EXPECT_NE(no_base.err.find("--kl-divergence-base"), std::string::npos) << no_base.err;
  const auto no_text = run_cli({"perplexity", "-m", "x.gguf"});
  EXPECT_EQ(no_text.exit_code, 2) << "a usage error";
  EXPECT_NE(no_text.err.find("--file"), std::string::npos) << no_text.err;
  HEARTH_REQUIRE_SHARED(kLlamaBase);
  test::TempDir dir;
  std::ofstream(dir / "junk.kld") << "not a logits file";
  const auto junk = run_cli({"perplexity", "-m", model_path("Q2_K"), "--kl-divergence-base", (dir / "junk.kld").string(),
                             "--kl-divergence"});
  EXPECT_EQ(junk.exit_code, 1);
  EXPECT_NE(junk.err.find("_logits_"), std::string::npos) << junk.err;
}

}  // namespace
}  // namespace hearth
