#include "hearth/model/synthetic_model.h"
#include "hearth/base/utf8_path.h"

#include <algorithm>
#include <cctype>

#include "hearth/convert/convert.h"
#include "hearth/quant/quantize_model.h"

namespace hearth {

namespace fs = std::filesystem;

namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
  return s;
}

// Removes a path (file or folder) when the scope ends, whatever happened.
struct Scratch {
  fs::path path;
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

Status write_synthetic_model(const SyntheticModelOptions& o, const ProgressFn& progress, const CancelToken& cancel) {
  return capture_errors([&] {
    if (o.output.empty()) fail(ErrorCode::InvalidArgument, "no output path");
    if (!o.gguf) {
      auto s = write_synthetic_hf_folder(o.spec, o.output, progress, cancel);
      if (!s) throw Exception(s.error());
      return;
    }
    const std::string type = upper(o.type);
    const bool plain = type == "F32" || type == "F16" || type == "BF16";
    SyntheticHfSpec spec = o.spec;
    spec.dtype = type == "F32" ? SafetensorsDtype::F32 : type == "BF16" ? SafetensorsDtype::BF16 : SafetensorsDtype::F16;

    const fs::path dir = o.output.has_parent_path() ? o.output.parent_path() : fs::path(".");
    // A private scratch folder next to the output; the HF folder inside it has a fixed name
    // (the converter derives metadata from folder names), so the same seed gives the same bytes.
    std::string scratch_name = hearth::path_utf8(o.output.filename());
    scratch_name.insert(0, ".hearth-synth-");
    const Scratch scratch{dir / scratch_name};
    fs::create_directories(scratch.path);
    const fs::path folder = scratch.path / "synthetic";
    const fs::path converted = scratch.path / "synthetic-f16.gguf";
    auto hf = write_synthetic_hf_folder(spec, folder, progress, cancel);
    if (!hf) throw Exception(hf.error());

    ConvertOptions co;
    co.input = folder;
    co.output = plain ? o.output : converted;
    co.model_name = o.name;
    co.out_type = type == "F32" ? ConvertOutType::F32 : type == "BF16" ? ConvertOutType::BF16 : ConvertOutType::F16;
    auto c = convert_hf_to_gguf(co, progress, cancel);
    if (!c) throw Exception(c.error());
    if (plain) return;

    QuantizeOptions qo;
    qo.input = converted;
    qo.output = o.output;
    qo.type = type;
    qo.threads = o.threads;
    auto q = quantize_gguf(qo, progress, cancel);
    if (!q) throw Exception(q.error());
  });
}

}  // namespace hearth
