#include "common/format.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>

namespace hearth::gui {

QString format_bytes(uint64_t bytes) {
  const QLocale locale;
  if (bytes < 1024) return QCoreApplication::translate("hearth::gui::Format", "%1 B").arg(locale.toString(qulonglong(bytes)));
  static const char* const kUnits[] = {QT_TRANSLATE_NOOP("hearth::gui::Format", "%1 KiB"),
                                       QT_TRANSLATE_NOOP("hearth::gui::Format", "%1 MiB"),
                                       QT_TRANSLATE_NOOP("hearth::gui::Format", "%1 GiB"),
                                       QT_TRANSLATE_NOOP("hearth::gui::Format", "%1 TiB")};
  double value = double(bytes) / 1024.0;
  int unit = 0;
  while (value >= 1024.0 && unit < 3) {
    value /= 1024.0;
    ++unit;
  }
  const int decimals = value < 10 ? 2 : value < 100 ? 1 : 0;
  return QCoreApplication::translate("hearth::gui::Format", kUnits[unit]).arg(locale.toString(value, 'f', decimals));
}

QString format_parameters(uint64_t count) {
  const QLocale locale;
  const double n = double(count);
  auto scaled = [&](double div, const char* suffix) {
    const double v = n / div;
    const int decimals = v < 10 ? 2 : v < 100 ? 1 : 0;
    return locale.toString(v, 'f', decimals) + QLatin1String(suffix);
  };
  // Parameter counts keep the international K/M/B suffixes in every language (that is how
  // model names are written: "Qwen2.5-7B").
  if (n >= 1e9) return scaled(1e9, "B");
  if (n >= 1e6) return scaled(1e6, "M");
  if (n >= 1e3) return scaled(1e3, "K");
  return locale.toString(qulonglong(count));
}

QString format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("–");
  // Short jobs (small models) in seconds with a decimal; "0:00" would say nothing.
  if (seconds < 60)
    return QCoreApplication::translate("hearth::gui::Format", "%1 s").arg(QLocale().toString(seconds, 'f', seconds < 10 ? 1 : 0));
  const qint64 total = qint64(std::llround(seconds));
  const qint64 h = total / 3600, m = (total / 60) % 60, s = total % 60;
  if (h > 0) return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString format_tokens_per_second(double tps) {
  return QCoreApplication::translate("hearth::gui::Format", "%1 tokens/s").arg(QLocale().toString(tps, 'f', tps < 10 ? 2 : 1));
}

QString format_context(int64_t tokens) {
  if (tokens >= 1024 && tokens % 1024 == 0) return QStringLiteral("%1K").arg(tokens / 1024);
  return QLocale().toString(qlonglong(tokens));
}

}  // namespace hearth::gui
