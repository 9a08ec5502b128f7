#include "wizard/quant_catalog.h"

#include <QCoreApplication>

namespace hearth::gui {

const QList<QuantOption>& quant_options() {
  // Perplexity increases: llama.cpp examples/quantize/quantize.cpp, QUANT_OPTIONS (Feb 2025).
  // Nominal bits per weight: the published Llama-3-8B file sizes divided by its 8.03 B weights.
  static const QList<QuantOption> options = {
      {QStringLiteral("F32"), 32.0, std::nullopt, "7B"},
      {QStringLiteral("F16"), 16.0, 0.0020, "Mistral-7B"},
      {QStringLiteral("BF16"), 16.0, -0.0050, "Mistral-7B"},
      {QStringLiteral("Q8_0"), 8.50, 0.0026, "Llama-3-8B"},
      {QStringLiteral("Q6_K"), 6.56, 0.0217, "Llama-3-8B"},
      {QStringLiteral("Q5_K_M"), 5.70, 0.0569, "Llama-3-8B"},
      {QStringLiteral("Q5_K_S"), 5.57, 0.1049, "Llama-3-8B"},
      {QStringLiteral("Q5_1"), 6.04, 0.1062, "Llama-3-8B"},
      {QStringLiteral("Q5_0"), 5.57, 0.1316, "Llama-3-8B"},
      {QStringLiteral("Q4_K_M"), 4.89, 0.1754, "Llama-3-8B"},
      {QStringLiteral("Q4_K_S"), 4.67, 0.2689, "Llama-3-8B"},
      {QStringLiteral("Q4_1"), 5.11, 0.4511, "Llama-3-8B"},
      {QStringLiteral("Q4_0"), 4.64, 0.4685, "Llama-3-8B"},
      {QStringLiteral("Q3_K_L"), 4.31, 0.5562, "Llama-3-8B"},
      {QStringLiteral("Q3_K_M"), 4.00, 0.6569, "Llama-3-8B"},
      {QStringLiteral("Q3_K_S"), 3.65, 1.6321, "Llama-3-8B"},
      {QStringLiteral("Q2_K"), 3.17, 3.5199, "Llama-3-8B"},
  };
  return options;
}

const QuantOption* find_quant_option(const QString& name) {
  for (const auto& o : quant_options())
    if (o.name.compare(name, Qt::CaseInsensitive) == 0) return &o;
  return nullptr;
}

QString quality_label(const QuantOption& option) {
  if (!option.ppl_increase) return QCoreApplication::translate("hearth::gui::QuantCatalog", "reference");
  const double d = *option.ppl_increase;
  if (d < 0.01) return QCoreApplication::translate("hearth::gui::QuantCatalog", "lossless");
  if (d < 0.07) return QCoreApplication::translate("hearth::gui::QuantCatalog", "excellent");
  if (d < 0.2) return QCoreApplication::translate("hearth::gui::QuantCatalog", "very good");
  if (d < 0.5) return QCoreApplication::translate("hearth::gui::QuantCatalog", "good");
  if (d < 1.0) return QCoreApplication::translate("hearth::gui::QuantCatalog", "noticeable loss");
  return QCoreApplication::translate("hearth::gui::QuantCatalog", "large loss");
}

}  // namespace hearth::gui
