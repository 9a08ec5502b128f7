// Prints KL-divergence statistics as llama-perplexity prints them (same labels, same number
// formats), so the two reports can be read side by side; and as JSON.
#pragma once

#include <cstdio>

#include <nlohmann/json.hpp>

#include "hearth/runtime/kl_divergence.h"

namespace hearth::cli {

void print_kl_divergence_report(std::FILE* out, const KlDivergenceStats& s);
// One line per chunk: running PPL, ln(PPL(Q)/PPL(base)), KLD, RMS Δp, same top p.
void print_kl_divergence_progress_header(std::FILE* out);
void print_kl_divergence_progress(std::FILE* out, const KlDivergenceProgress& p);
nlohmann::ordered_json kl_divergence_json(const KlDivergenceStats& s);

}  // namespace hearth::cli
