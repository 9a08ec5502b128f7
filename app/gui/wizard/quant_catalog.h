// The quantization types the wizard offers, with the public facts a user chooses by: nominal
// bits per weight and the quality cost llama.cpp publishes for each (perplexity increase on
// Llama-3-8B, from the type table of its `llama-quantize` tool; F16/BF16 measured on Mistral-7B).
// The figures are read from the core's quantization table (hearth/quant/quant_mix.h).
#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace hearth::gui {

struct QuantOption {
  QString name;                        // as llama-quantize spells it: "Q4_K_M"
  double nominal_bpw = 0;              // bits per weight of the published reference file
  std::optional<double> ppl_increase;  // published perplexity increase; nullopt for F32 (reference)
  QString reference;                   // the model the published figure was measured on
};

// Best quality first.
const QList<QuantOption>& quant_options();
const QuantOption* find_quant_option(const QString& name);

// A word for the quality cost: "lossless", "excellent", … (translated).
QString quality_label(const QuantOption& option);

inline const QString kDefaultQuantType = QStringLiteral("Q4_K_M");

}  // namespace hearth::gui
