#include "kl_divergence_report.h"

#include <string>

namespace hearth::cli {

namespace {

double percent(double fraction) { return 100.0 * fraction; }

// "99.9%", " 5.0%", " 0.1%": llama-perplexity's labels.
std::string quantile_label(double fraction) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%4.1f%%", percent(fraction));
  return buf;
}

double quantile(const Distribution& d, double fraction) {
  for (const Quantile& q : d.quantiles)
    if (q.fraction == fraction) return q.value;
  return 0;
}

nlohmann::ordered_json estimate_json(const Estimate& e) { return {{"value", e.value}, {"uncertainty", e.uncertainty}}; }

nlohmann::ordered_json distribution_json(const Distribution& d) {
  nlohmann::ordered_json j{{"minimum", d.minimum}, {"maximum", d.maximum}, {"median", d.median}};
  for (const Quantile& q : d.quantiles) j["quantiles"].push_back({{"fraction", q.fraction}, {"value", q.value}});
  return j;
}

}  // namespace

void print_kl_divergence_progress_header(std::FILE* out) {
  std::fprintf(out, "chunk             PPL               ln(PPL(Q)/PPL(base))          KL Divergence              "
                    "\u0394p RMS            Same top p\n");
}

void print_kl_divergence_progress(std::FILE* out, const KlDivergenceProgress& p) {
  const KlDivergenceStats& s = p.stats;
  std::fprintf(out, "%4d    %9.4f \u00b1 %9.4f    %10.5f \u00b1 %10.5f    %10.5f \u00b1 %10.5f    %6.3f \u00b1 %6.3f %%    %6.3f \u00b1 %6.3f %%\n",
               p.chunk, s.ppl.value, s.ppl.uncertainty, s.ln_ppl_ratio.value, s.ln_ppl_ratio.uncertainty, s.kld.value,
               s.kld.uncertainty, percent(s.p_diff_rms.value), percent(s.p_diff_rms.uncertainty), percent(s.same_top.value),
               percent(s.same_top.uncertainty));
}

void print_kl_divergence_report(std::FILE* out, const KlDivergenceStats& s) {
  std::fprintf(out, "====== Perplexity statistics ======\n");
  std::fprintf(out, "Mean PPL(Q)                   : %10.6f \u00b1 %10.6f\n", s.ppl.value, s.ppl.uncertainty);
  std::fprintf(out, "Mean PPL(base)                : %10.6f \u00b1 %10.6f\n", s.ppl_base.value, s.ppl_base.uncertainty);
  std::fprintf(out, "Cor(ln(PPL(Q)), ln(PPL(base))): %6.2f%%\n", percent(s.ln_ppl_correlation));
  std::fprintf(out, "Mean ln(PPL(Q)/PPL(base))     : %10.6f \u00b1 %10.6f\n", s.ln_ppl_ratio.value, s.ln_ppl_ratio.uncertainty);
  std::fprintf(out, "Mean PPL(Q)/PPL(base)         : %10.6f \u00b1 %10.6f\n", s.ppl_ratio.value, s.ppl_ratio.uncertainty);
  std::fprintf(out, "Mean PPL(Q)-PPL(base)         : %10.6f \u00b1 %10.6f\n\n", s.ppl_difference.value,
               s.ppl_difference.uncertainty);

  const Distribution& k = s.kld_distribution;
  std::fprintf(out, "====== KL divergence statistics ======\n");
  std::fprintf(out, "Mean    KLD: %10.6f \u00b1 %10.6f\n", s.kld.value, s.kld.uncertainty);
  std::fprintf(out, "Maximum KLD: %10.6f\n", k.maximum);
  for (double f : {0.999, 0.99}) std::fprintf(out, "%-7s KLD: %10.6f\n", quantile_label(f).c_str(), quantile(k, f));
  std::fprintf(out, "Median  KLD: %10.6f\n", k.median);
  for (double f : {0.10, 0.05, 0.01}) std::fprintf(out, "%-7s KLD: %10.6f\n", quantile_label(f).c_str(), quantile(k, f));
  std::fprintf(out, "Minimum KLD: %10.6f\n\n", k.minimum);

  const Distribution& d = s.p_diff_distribution;
  std::fprintf(out, "====== Token probability statistics ======\n");
  std::fprintf(out, "Mean    \u0394p: %6.3f \u00b1 %5.3f %%\n", percent(s.p_diff.value), percent(s.p_diff.uncertainty));
  std::fprintf(out, "Maximum \u0394p: %6.3f%%\n", percent(d.maximum));
  for (double f : {0.999, 0.99, 0.95, 0.90, 0.75})
    std::fprintf(out, "%-7s \u0394p: %6.3f%%\n", quantile_label(f).c_str(), percent(quantile(d, f)));
  std::fprintf(out, "Median  \u0394p: %6.3f%%\n", percent(d.median));
  for (double f : {0.25, 0.10, 0.05, 0.01, 0.001})
    std::fprintf(out, "%-7s \u0394p: %6.3f%%\n", quantile_label(f).c_str(), percent(quantile(d, f)));
  std::fprintf(out, "Minimum \u0394p: %6.3f%%\n", percent(d.minimum));
  std::fprintf(out, "RMS \u0394p    : %6.3f \u00b1 %5.3f %%\n", percent(s.p_diff_rms.value), percent(s.p_diff_rms.uncertainty));
  std::fprintf(out, "Same top p: %6.3f \u00b1 %5.3f %%\n", percent(s.same_top.value), percent(s.same_top.uncertainty));
}

nlohmann::ordered_json kl_divergence_json(const KlDivergenceStats& s) {
  nlohmann::ordered_json j;
  j["tokens"] = s.n_tokens;
  j["ppl"] = estimate_json(s.ppl);
  j["ppl_base"] = estimate_json(s.ppl_base);
  j["ln_ppl_correlation"] = s.ln_ppl_correlation;
  j["ln_ppl_ratio"] = estimate_json(s.ln_ppl_ratio);
  j["ppl_ratio"] = estimate_json(s.ppl_ratio);
  j["ppl_difference"] = estimate_json(s.ppl_difference);
  j["kld"] = estimate_json(s.kld);
  j["kld_distribution"] = distribution_json(s.kld_distribution);
  j["p_diff"] = estimate_json(s.p_diff);
  j["p_diff_distribution"] = distribution_json(s.p_diff_distribution);
  j["p_diff_rms"] = estimate_json(s.p_diff_rms);
  j["same_top"] = estimate_json(s.same_top);
  return j;
}

}  // namespace hearth::cli
