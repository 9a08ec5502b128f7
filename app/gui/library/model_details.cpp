#include "library/model_details.h"

#include <QLocale>
#include <algorithm>
#include <map>
#include <variant>

#include "hearth/io/gguf.h"
#include "hearth/io/model_summary.h"

namespace hearth::gui {

namespace {

constexpr int kArrayHead = 6;         // array elements shown before "…"
constexpr int kStringMax = 160;       // characters of a long string shown

QString abbreviate(const std::string& s) {
  QString q = QString::fromStdString(s);
  q.replace(QLatin1Char('\n'), QStringLiteral("⏎"));
  if (q.size() > kStringMax) q = q.left(kStringMax) + QStringLiteral("…");
  return q;
}

QString scalar_text(const GgufValue& v) {
  return std::visit(
      [](const auto& x) -> QString {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, std::string>) {
          return abbreviate(x);
        } else if constexpr (std::is_same_v<X, bool>) {
          return x ? QStringLiteral("true") : QStringLiteral("false");
        } else if constexpr (std::is_same_v<X, GgufArray>) {
          return {};
        } else if constexpr (std::is_floating_point_v<X>) {
          return QString::number(double(x), 'g', 7);
        } else {
          return QString::number(x);
        }
      },
      v.storage());
}

QString array_text(const GgufArray& a) {
  QStringList shown;
  std::visit(
      [&](const auto& items) {
        using V = typename std::decay_t<decltype(items)>::value_type;
        const size_t n = std::min<size_t>(items.size(), kArrayHead);
        for (size_t i = 0; i < n; ++i) {
          if constexpr (std::is_same_v<V, std::string>) {
            shown << QStringLiteral("\"%1\"").arg(abbreviate(items[i]));
          } else if constexpr (std::is_same_v<V, GgufArray>) {
            shown << QStringLiteral("[%1]").arg(items[i].size());
          } else if constexpr (std::is_floating_point_v<V>) {
            shown << QString::number(double(items[i]), 'g', 6);
          } else {
            shown << QString::number(items[i]);
          }
        }
      },
      a.items);
  QString text = QStringLiteral("[") + shown.join(QStringLiteral(", "));
  if (a.size() > size_t(kArrayHead)) text += QStringLiteral(", … (%1)").arg(QLocale().toString(qulonglong(a.size())));
  return text + QStringLiteral("]");
}

}  // namespace

ModelDetails read_model_details(const QString& path) {
  ModelDetails d;
  d.path = path;
  auto file = GgufFile::open(path.toStdString());
  if (!file.ok()) {
    d.error = QString::fromStdString(file.error().message);
    return d;
  }
  const ModelSummary s = summarize(*file);
  d.name = QString::fromStdString(s.name);
  d.architecture = QString::fromStdString(s.architecture);
  d.file_type = QString::fromStdString(s.file_type);
  d.parameters = s.parameter_count;
  d.tensor_bytes = s.tensor_bytes;
  d.tensor_count = s.tensor_count;
  d.context_length = s.context_length.value_or(0);
  d.layer_count = s.layer_count.value_or(0);
  d.embedding_length = s.embedding_length.value_or(0);
  d.vocab_size = s.vocab_size.value_or(0);
  d.tokenizer = QString::fromStdString(s.tokenizer);
  d.has_chat_template = file->metadata().contains("tokenizer.chat_template");
  d.gguf_version = file->version();

  std::map<std::string, TensorTypeShare> shares;
  for (const auto& t : file->tensors()) {
    auto& share = shares[std::string(tensor_type_name(t.type))];
    share.tensors++;
    share.bytes += t.size_bytes;
  }
  for (auto& [name, share] : shares) {
    share.type = QString::fromStdString(name);
    d.types << share;
  }
  std::sort(d.types.begin(), d.types.end(), [](const auto& a, const auto& b) { return a.bytes > b.bytes; });

  for (const auto& [key, value] : file->metadata().entries()) {
    MetadataRow row;
    row.key = QString::fromStdString(key);
    if (const auto* a = value.as_array()) {
      row.type = QStringLiteral("array[%1]").arg(QString::fromLatin1(gguf_type_name(a->element_type())));
      row.value = array_text(*a);
    } else {
      row.type = QString::fromLatin1(gguf_type_name(value.type()));
      row.value = scalar_text(value);
    }
    d.metadata << row;
  }
  return d;
}

}  // namespace hearth::gui
