#include "wizard/source_inspection.h"

#include <QRegularExpression>

#include <QCoreApplication>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include "hearth/io/gguf.h"
#include "hearth/io/hf_folder.h"
#include "hearth/io/model_summary.h"

namespace hearth::gui {

SourceInspection inspect_source(const QString& path) {
  SourceInspection r;
  r.path = path;
  const QFileInfo info(path);
  if (!info.exists()) {
    r.error = QCoreApplication::translate("hearth::gui::SourceInspection", "%1 does not exist").arg(path);
    return r;
  }
  if (info.isFile()) {
    r.is_gguf = true;
    auto file = GgufFile::open(path.toStdString());
    if (!file.ok()) {
      r.error = QString::fromStdString(file.error().message);
      return r;
    }
    const ModelSummary s = summarize(*file);
    r.name = QString::fromStdString(s.name);
    r.architecture = QString::fromStdString(s.architecture);
    r.parameters = s.parameter_count;
    r.bytes = s.tensor_bytes;
    r.dtype = QString::fromStdString(s.file_type);
    r.tokenizer = QString::fromStdString(s.tokenizer);
    r.chat_template = file->metadata().contains("tokenizer.chat_template");
    r.context_length = s.context_length.value_or(0);
    r.layer_count = s.layer_count.value_or(0);
    return r;
  }
  if (!HfModelFolder::looks_like_model_folder(path.toStdString())) {
    r.error = QCoreApplication::translate("hearth::gui::SourceInspection", "%1 is not a Hugging Face model folder: it has no config.json").arg(path);
    return r;
  }
  auto folder = HfModelFolder::open(path.toStdString());
  if (!folder.ok()) {
    r.error = QString::fromStdString(folder.error().message);
    return r;
  }
  const ModelSummary s = summarize(*folder);
  r.name = QString::fromStdString(s.name);
  r.architecture = QString::fromStdString(s.architecture);
  r.parameters = s.parameter_count;
  r.bytes = s.tensor_bytes;
  r.dtype = QString::fromStdString(s.file_type);
  r.shards = int(folder->shard_paths().size());
  r.tokenizer = s.tokenizer == "none found" ? QString() : QString::fromStdString(s.tokenizer);
  if (const auto* tc = folder->tokenizer_config()) r.chat_template = tc->contains("chat_template");
  r.context_length = s.context_length.value_or(0);
  r.layer_count = s.layer_count.value_or(0);
  if (r.parameters == 0) r.error = QCoreApplication::translate("hearth::gui::SourceInspection", "%1 has no weights (no *.safetensors files)").arg(path);
  return r;
}

bool SourceInspection::already_quantized() const {
  static const QRegularExpression quantized(QStringLiteral("^(I|T)?Q\\d"), QRegularExpression::CaseInsensitiveOption);
  return is_gguf && quantized.match(dtype.trimmed()).hasMatch();
}

}  // namespace hearth::gui
