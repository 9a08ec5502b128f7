// KL divergence against llama.cpp's own base file: Hearth reading the base logits that
// llama-perplexity saved (stories260K f32, tinystories-excerpt-8k.txt, -c 128) and evaluating
// the Q4_K_M and Q2_K files must reproduce the statistics llama-perplexity printed for them
// (shared/models/stories260K-reference-gguf/kld/README.md) within their printed uncertainty.
#include <gtest/gtest.h>

#include "hearth/runtime/kl_divergence.h"
#include "hearth/runtime/model.h"
#include "hearth/tokenizer/tokenizer.h"
#include "test_data.h"

namespace hearth {
namespace {

constexpr const char* kBase = "models/stories260K-reference-gguf/kld/stories260K-f32.kld";

struct LlamaCppKld {
  const char* file;
  Estimate ppl, ppl_base;
  double correlation;
  Estimate ln_ratio, kld;
  double kld_max, kld_999, kld_99, kld_median, kld_10;
  Estimate p_diff, p_diff_rms, same_top;  // fractions
  double p_diff_max, p_diff_median, p_diff_min;
};

// Copied from the README's printed reports (percentages divided by 100).
const LlamaCppKld kReference[] = {
    {"stories260K-Q4_K_M.gguf", {5.468251, 0.242620}, {5.319322, 0.233619}, 0.9937, {0.027613, 0.004984},
     {0.020389, 0.000934}, 0.908746, 0.461838, 0.190375, 0.010049, 0.000423, {-0.00643, 0.00110}, {0.04907, 0.00242},
     {0.92422, 0.00599}, 0.33930, -0.00071, -0.45248},
    {"stories260K-Q2_K.gguf", {5.542092, 0.240101}, {5.319322, 0.233619}, 0.9759, {0.041026, 0.009595},
     {0.069402, 0.003017}, 2.025244, 1.558196, 0.657765, 0.033741, 0.001876, {-0.01767, 0.00198}, {0.08921, 0.00379},
     {0.86073, 0.00784}, 0.52660, -0.00279, -0.76874},
};

double quantile(const Distribution& d, double f) {
  for (const Quantile& q : d.quantiles)
    if (q.fraction == f) return q.value;
  ADD_FAILURE() << "no quantile " << f;
  return 0;
}

TEST(KlDivergenceReference, ReproducesLlamaPerplexityOnItsBaseFile) {
  HEARTH_REQUIRE_SHARED(kBase);
  for (const LlamaCppKld& ref : kReference) {
    SCOPED_TRACE(ref.file);
    auto model = Model::load(test::shared_path(std::string("models/stories260K-reference-gguf/") + ref.file));
    ASSERT_TRUE(model.ok()) << model.error().message;
    const Tokenizer* tok = (*model)->tokenizer();
    ASSERT_NE(tok, nullptr);
    KlDivergenceOptions o;
    o.bos = tok->adds_bos() ? tok->bos() : -1;
    o.n_threads = 2;
    auto r = compute_kl_divergence(*model, test::shared_path(kBase), o);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const KlDivergenceStats& s = *r;
    EXPECT_EQ(s.n_tokens, 31u * 63u);
    // PPL(base) comes from the file alone: it must match to the printed digits.
    EXPECT_NEAR(s.ppl_base.value, ref.ppl_base.value, 2e-6);
    EXPECT_NEAR(s.ppl_base.uncertainty, ref.ppl_base.uncertainty, 2e-6);
    // The rest depends on our forward pass: within the printed uncertainty (a fraction of it
    // for the means, whose run-to-run spread is far smaller than their statistical error).
    EXPECT_NEAR(s.ppl.value, ref.ppl.value, ref.ppl.uncertainty / 10);
    EXPECT_NEAR(s.ppl.uncertainty, ref.ppl.uncertainty, ref.ppl.uncertainty / 20);
    EXPECT_NEAR(s.ln_ppl_correlation, ref.correlation, 0.002);
    EXPECT_NEAR(s.ln_ppl_ratio.value, ref.ln_ratio.value, ref.ln_ratio.uncertainty / 5);
    EXPECT_NEAR(s.kld.value, ref.kld.value, ref.kld.uncertainty / 5);
    EXPECT_NEAR(s.kld.uncertainty, ref.kld.uncertainty, ref.kld.uncertainty / 10);
    EXPECT_NEAR(s.same_top.value, ref.same_top.value, ref.same_top.uncertainty);
    EXPECT_NEAR(s.p_diff.value, ref.p_diff.value, ref.p_diff.uncertainty / 2);
    EXPECT_NEAR(s.p_diff_rms.value, ref.p_diff_rms.value, ref.p_diff_rms.uncertainty / 2);
    // Order statistics: close. The extremes and the 99.9 % point (2 of 1953 tokens) are single
    // tokens, and our Q4_K/Q2_K dot products round differently from llama.cpp's: 10 %.
    EXPECT_NEAR(s.kld_distribution.maximum, ref.kld_max, 0.1 * ref.kld_max);
    EXPECT_NEAR(quantile(s.kld_distribution, 0.999), ref.kld_999, 0.1 * ref.kld_999);
    EXPECT_NEAR(quantile(s.kld_distribution, 0.99), ref.kld_99, 0.05 * ref.kld_99);
    EXPECT_NEAR(s.kld_distribution.median, ref.kld_median, 0.05 * ref.kld_median);
    EXPECT_NEAR(quantile(s.kld_distribution, 0.10), ref.kld_10, 0.1 * ref.kld_10);
    EXPECT_NEAR(s.p_diff_distribution.maximum, ref.p_diff_max, 0.03);
    EXPECT_NEAR(s.p_diff_distribution.median, ref.p_diff_median, 0.001);
    EXPECT_NEAR(s.p_diff_distribution.minimum, ref.p_diff_min, 0.03);
  }
}

TEST(KlDivergenceReference, RejectsAModelWithAnotherVocabulary) {
  HEARTH_REQUIRE_SHARED(kBase);
  HEARTH_REQUIRE_SHARED("models/tiny-random-llama/tiny-random-llama.gguf");
  auto model = Model::load(test::shared_path("models/tiny-random-llama/tiny-random-llama.gguf"));
  ASSERT_TRUE(model.ok()) << model.error().message;
  auto r = compute_kl_divergence(*model, test::shared_path(kBase), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(r.error().message.find("512"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace hearth
