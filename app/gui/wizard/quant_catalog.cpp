#include "wizard/quant_catalog.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include "hearth/quant/quant_mix.h"

namespace hearth::gui {

namespace {

// What the wizard offers, best quality first.
const char* const kOffered[] = {"F32",  "F16",    "BF16", "Q8_0", "Q6_K",   "Q5_K_M", "Q5_K_S", "Q5_1", "Q5_0",
                                "Q4_K_M", "Q4_K_S", "Q4_1", "Q4_0", "Q3_K_L", "Q3_K_M", "Q3_K_S", "Q2_K"};

// llama.cpp's published figure for the mix, from the core's table (one definition per fact).
QString description_of(const char* name) {
  const QuantMixInfo* mix = find_quant_mix(name);
  return mix ? QString::fromUtf8(mix->description.data(), qsizetype(mix->description.size())) : QString();
}

QuantOption make_option(const char* name) {
  QuantOption o;
  o.name = QString::fromLatin1(name);
  const QString description = description_of(name);
  // " 4.58G, +0.1754 ppl @ Llama-3-8B": size in GB of the reference model, quality cost, model.
  static const QRegularExpression re(QStringLiteral("^\\s*([0-9.]+)G(?:,\\s*([+-][0-9.]+) ppl)?\\s*@\\s*(\\S+)"));
  const auto m = re.match(description);
  if (m.hasMatch()) {
    if (!m.captured(2).isEmpty()) o.ppl_increase = m.captured(2).toDouble();
    o.reference = m.captured(3);
    // Bits per weight of the reference: its file size over its weight count (8.03 B for
    // Llama-3-8B, 7.24 B for Mistral-7B, ~6.74 B for "7B").
    const double params = o.reference == QLatin1String("Llama-3-8B") ? 8.03e9 : o.reference == QLatin1String("Mistral-7B") ? 7.24e9 : 6.74e9;
    o.nominal_bpw = m.captured(1).toDouble() * 1e9 * 8.0 / params;
  }
  if (o.name == QLatin1String("F32")) o.nominal_bpw = 32.0;
  if (o.name == QLatin1String("F16") || o.name == QLatin1String("BF16")) o.nominal_bpw = 16.0;
  return o;
}

}  // namespace

const QList<QuantOption>& quant_options() {
  static const QList<QuantOption> options = [] {
    QList<QuantOption> out;
    for (const char* name : kOffered) out << make_option(name);
    return out;
  }();
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
