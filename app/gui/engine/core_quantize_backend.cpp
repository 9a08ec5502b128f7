// QuantizeBackend on the core's convert and quantize API. A Hugging Face folder becomes each
// chosen type in one of two ways, as with llama.cpp's tools: F32/F16/BF16/Q8_0 are written by
// the converter directly (convert_hf_to_gguf.py --outtype; its Q8_0 keeps rows that do not fill
// 32-value blocks in F16, where llama-quantize would refuse the model); the other quantized
// types are made by the quantizer from one intermediate
// conversion (F32 for an F32 model, else F16/BF16 as the converter's "auto" picks), which is
// written once per batch beside the outputs and removed when the batch ends. A GGUF source
// goes straight to the quantizer. Sizes are the core's exact plans, before anything is written.
#include "engine/quantize_backend.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "hearth/convert/convert.h"
#include "hearth/io/hf_folder.h"
#include "hearth/quant/quant_mix.h"
#include "hearth/quant/quantize_model.h"

namespace hearth::gui {

namespace {

std::optional<ConvertOutType> direct_type(const QString& type) {
  if (type.compare(QLatin1String("F32"), Qt::CaseInsensitive) == 0) return ConvertOutType::F32;
  if (type.compare(QLatin1String("F16"), Qt::CaseInsensitive) == 0) return ConvertOutType::F16;
  if (type.compare(QLatin1String("BF16"), Qt::CaseInsensitive) == 0) return ConvertOutType::BF16;
  if (type.compare(QLatin1String("Q8_0"), Qt::CaseInsensitive) == 0) return ConvertOutType::Q8_0;
  return std::nullopt;
}

// F32 weights stay F32 in the intermediate (nothing is lost before quantizing); 16-bit weights
// keep their own format.
ConvertOutType intermediate_type(const QString& folder) {
  auto hf = HfModelFolder::open(folder.toStdString());
  if (hf.ok()) {
    uint64_t f32 = 0, total = 0;
    for (const auto& t : hf->tensors()) {
      total += t.tensor->size_bytes();
      if (t.tensor->dtype == SafetensorsDtype::F32) f32 += t.tensor->size_bytes();
    }
    if (total > 0 && f32 * 2 > total) return ConvertOutType::F32;
  }
  return ConvertOutType::Auto;
}

// Converting a Hugging Face folder reads and writes every byte once, about what making Q8_0
// takes (the unit of QuantMixInfo::relative_time).
constexpr double kConvertTime = 1.0;

double mix_time(const QString& type) {
  const QuantMixInfo* mix = find_quant_mix(type.toStdString());
  return mix ? mix->relative_time : 1.0;
}

// Reports a phase of a run as a share of the whole.
ProgressFn scaled(const ProgressFn& progress, double from, double to) {
  return [progress, from, to](const ProgressInfo& p) {
    if (!progress) return;
    const double f = p.bytes_total ? double(p.bytes_done) / double(p.bytes_total)
                     : p.item_count ? double(p.item) / double(p.item_count)
                                    : 0.0;
    constexpr uint64_t kScale = 1000000;
    ProgressInfo q = p;
    q.bytes_total = kScale;
    q.bytes_done = uint64_t((from + (to - from) * f) * kScale);
    progress(q);
  };
}

QuantizeOptions quantize_options(const QString& input, const QString& output, const QString& type) {
  QuantizeOptions o;
  o.input = input.toStdString();
  o.output = output.toStdString();
  o.type = type.toStdString();
  o.allow_requantize = true;  // a GGUF chosen to requantize may already be quantized
  return o;
}

class CoreQuantizeBackend final : public QuantizeBackend {
 public:
  ~CoreQuantizeBackend() override { finish_batch(); }

  bool supports(const QString& type, bool) const override {
    const QuantMixInfo* mix = find_quant_mix(type.toStdString());
    return mix && !mix->copy;
  }

  Result<uint64_t> estimate_output_bytes(const QString& source, bool source_is_gguf, const QString& type) const override {
    if (source_is_gguf) {
      auto plan = plan_quantization(quantize_options(source, placeholder_output(source), type));
      if (!plan.ok()) return plan.error();
      return plan->output_bytes;
    }
    ConvertOptions options;
    options.input = source.toStdString();
    options.output = placeholder_output(source).toStdString();
    if (auto direct = direct_type(type)) {
      options.out_type = *direct;
      auto plan = plan_hf_conversion(options);
      if (!plan.ok()) return plan.error();
      return plan->output_bytes;
    }
    options.out_type = intermediate_type(source);
    auto plan = plan_hf_conversion(options);
    if (!plan.ok()) return plan.error();
    const QuantMixInfo* mix = find_quant_mix(type.toStdString());
    if (!mix) return Error{ErrorCode::InvalidArgument, "unknown type " + type.toStdString()};
    std::vector<GgufTensorInfo> tensors;
    for (const auto& t : plan->tensors) tensors.push_back(t.output);
    return estimate_quantized_size(plan->metadata, tensors, *mix);
  }

  Status run(const QString& source, bool source_is_gguf, const QString& type, const QString& output_path,
             const ProgressFn& progress, const CancelToken& cancel) override {
    if (source_is_gguf) return as_status(quantize_gguf(quantize_options(source, output_path, type), progress, cancel));
    if (auto direct = direct_type(type)) {  // straight from the converter
      ConvertOptions options;
      options.input = source.toStdString();
      options.output = output_path.toStdString();
      options.out_type = *direct;
      return as_status(convert_hf_to_gguf(options, progress, cancel));
    }
    // Quantized types: convert once (the first part of the first such run, by the share of the
    // time it takes), then quantize.
    const bool fresh = intermediate_source_ != source;
    const double split = kConvertTime / (kConvertTime + mix_time(type));
    if (fresh) {
      finish_batch();
      const QFileInfo out(output_path);
      const QString path = out.absoluteDir().filePath(QStringLiteral(".%1.hearth-intermediate").arg(out.completeBaseName()));
      ConvertOptions options;
      options.input = source.toStdString();
      options.output = path.toStdString();
      options.out_type = intermediate_type(source);
      const Status converted = as_status(convert_hf_to_gguf(options, scaled(progress, 0.0, split), cancel));
      if (!converted) return converted;
      intermediate_ = path;
      intermediate_source_ = source;
    }
    return as_status(quantize_gguf(quantize_options(intermediate_, output_path, type),
                                   fresh ? scaled(progress, split, 1.0) : progress, cancel));
  }

  QList<double> relative_work(bool source_is_gguf, const QStringList& types) const override {
    QList<double> work;
    bool converted = false;
    for (const QString& type : types) {
      if (source_is_gguf) {
        work << mix_time(type);
      } else if (direct_type(type)) {
        work << kConvertTime;
      } else {
        work << mix_time(type) + (converted ? 0.0 : kConvertTime);
        converted = true;
      }
    }
    return work;
  }

  void finish_batch() override {
    if (!intermediate_.isEmpty()) QFile::remove(intermediate_);
    intermediate_.clear();
    intermediate_source_.clear();
  }

 private:
  template <class T>
  static Status as_status(const Result<T>& r) {
    if (r.ok()) return {};
    return r.error();
  }
  // Plans need an output path; nothing is written to it.
  static QString placeholder_output(const QString& source) {
    return QFileInfo(source).absoluteDir().filePath(QStringLiteral("hearth-plan.gguf"));
  }

  QString intermediate_;         // the converted source, while a batch runs
  QString intermediate_source_;  // which source it was converted from
};

}  // namespace

std::unique_ptr<QuantizeBackend> make_core_quantize_backend() { return std::make_unique<CoreQuantizeBackend>(); }

}  // namespace hearth::gui
