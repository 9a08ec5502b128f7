// HF folder -> GGUF: plan (names, shapes, types, metadata), then stream row by row.
#include <algorithm>
#include <cstring>
#include <set>

#include "convert/hf_architecture.h"
#include "hearth/base/utf8_path.h"
#include "convert/model_naming.h"
#include "convert/vocab_export.h"
#include "hearth/base/checked_math.h"
#include "hearth/base/half.h"
#include "hearth/convert/convert.h"
#include "hearth/io/gguf_writer.h"
#include "hearth/io/hf_folder.h"
#include "hearth/model/tensor_names.h"
#include "hearth/quant/quantize.h"
#include "io/gguf_size.h"
#include "io/page_release.h"

namespace hearth {

using convert::HfArchitecture;
using convert::RowTransform;
using convert::TensorMapping;
using nlohmann::json;
namespace fs = std::filesystem;

std::string_view convert_out_type_name(ConvertOutType type) {
  switch (type) {
    case ConvertOutType::F32: return "f32";
    case ConvertOutType::F16: return "f16";
    case ConvertOutType::BF16: return "bf16";
    case ConvertOutType::Q8_0: return "q8_0";
    case ConvertOutType::Auto: return "auto";
  }
  return "?";
}

std::optional<ConvertOutType> convert_out_type_from_name(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto t : {ConvertOutType::F32, ConvertOutType::F16, ConvertOutType::BF16, ConvertOutType::Q8_0, ConvertOutType::Auto})
    if (convert_out_type_name(t) == lower) return t;
  return std::nullopt;
}

std::vector<std::string> supported_hf_architectures() { return convert::hf_architecture_names(); }

namespace {

constexpr uint32_t kQuantizationVersion = 2;  // GGML_QNT_VERSION

struct TypeInfo {
  TensorType tensor_type;
  uint32_t file_type;     // general.file_type (llama_ftype)
  const char* file_tag;   // in default file names
};
TypeInfo type_info(ConvertOutType t) {
  switch (t) {
    case ConvertOutType::F32: return {TensorType::F32, 0, "F32"};
    case ConvertOutType::BF16: return {TensorType::BF16, 32, "BF16"};
    case ConvertOutType::Q8_0: return {TensorType::Q8_0, 7, "Q8_0"};
    default: return {TensorType::F16, 1, "F16"};
  }
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_float_dtype(SafetensorsDtype d) {
  return d == SafetensorsDtype::F32 || d == SafetensorsDtype::F16 || d == SafetensorsDtype::BF16 ||
         d == SafetensorsDtype::F64;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// The shape (PyTorch order) config.json implies for a GGUF tensor, when the role is known.
std::optional<std::vector<int64_t>> expected_shape(const json& c, std::string_view gguf_arch, const std::string& name) {
  namespace tn = tensor_names;
  const auto hidden = convert::config_int_opt(c, "hidden_size");
  if (!hidden) return std::nullopt;
  const int64_t n_head = convert::config_int_opt(c, "num_attention_heads").value_or(0);
  const int64_t n_kv = convert::config_int_opt(c, "num_key_value_heads").value_or(n_head);
  const int64_t head_dim = convert::config_int_opt(c, "head_dim").value_or(n_head ? *hidden / n_head : 0);
  int64_t n_ff = convert::config_int_opt(c, "intermediate_size").value_or(0);
  if (gguf_arch == "qwen") n_ff /= 2;  // Qwen 1 counts both halves of its gated FFN
  const auto vocab = convert::config_int_opt(c, "vocab_size");
  // Role and suffix of "blk.N.role.suffix" / "role.suffix".
  std::string_view rest = name;
  if (tn::layer_of(name)) rest = rest.substr(rest.find('.', 4) + 1);
  const auto dot = rest.rfind('.');
  const std::string_view role = rest.substr(0, dot), suffix = rest.substr(dot + 1);
  std::vector<int64_t> full;
  if (role == tn::kTokenEmbedding || role == tn::kOutput) {
    if (!vocab) return std::nullopt;
    full = {*vocab, *hidden};
  } else if (role == tn::kAttnNorm || role == tn::kFfnNorm || role == tn::kOutputNorm) {
    full = {*hidden};
  } else if (role == tn::kAttnQ) {
    full = {n_head * head_dim, *hidden};
  } else if (role == tn::kAttnK || role == tn::kAttnV) {
    full = {n_kv * head_dim, *hidden};
  } else if (role == tn::kAttnQkv) {
    full = {3 * *hidden, *hidden};
  } else if (role == tn::kAttnOutput) {
    full = {*hidden, n_head * head_dim};
  } else if (role == tn::kFfnGate || role == tn::kFfnUp) {
    full = {n_ff, *hidden};
  } else if (role == tn::kFfnDown) {
    full = {*hidden, n_ff};
  } else {
    return std::nullopt;
  }
  if (suffix == "bias") full.resize(1);
  return full;
}

uint64_t planned_gguf_bytes(const GgufMetadata& md, const std::vector<ConvertTensorPlan>& tensors) {
  std::vector<io::PlannedTensorSize> sized;
  for (const auto& t : tensors) sized.push_back({&t.output, t.output.size_bytes});
  return io::gguf_file_bytes(md, sized);
}

struct PlannedSource {
  const SafetensorsFile* shard = nullptr;      // null for generated tensors
  const SafetensorsTensor* tensor = nullptr;
  TensorMapping mapping;
  std::vector<float> generated;                // values of a generated tensor
};

struct FullPlan {
  ConvertPlan plan;
  std::vector<PlannedSource> sources;  // parallel to plan.tensors
};

FullPlan make_plan(const HfModelFolder& folder, const ConvertOptions& options) {
  FullPlan full;
  ConvertPlan& plan = full.plan;
  const json& config = folder.config();
  plan.hf_architecture = folder.architecture();
  if (plan.hf_architecture.empty()) {
    fail(ErrorCode::Format, hearth::path_utf8(folder.folder() / "config.json") + ": has no \"architectures\" entry");
  }
  const HfArchitecture* arch = convert::find_hf_architecture(plan.hf_architecture);
  if (!arch) {
    std::string list;
    for (const auto& name : supported_hf_architectures()) list += (list.empty() ? "" : ", ") + name;
    fail(ErrorCode::Unsupported,
         "architecture " + plan.hf_architecture + " is not supported (Hearth converts: " + list + ")");
  }
  plan.gguf_architecture = std::string(arch->gguf_name());
  const int64_t block_count = arch->block_count(config);

  ConvertOutType out_type = options.out_type;
  if (out_type == ConvertOutType::Auto) {
    // As llama.cpp decides it: F16 when the first tensor is F16, BF16 otherwise.
    const bool f16 = !folder.tensors().empty() && folder.tensors()[0].tensor->dtype == SafetensorsDtype::F16;
    out_type = f16 ? ConvertOutType::F16 : ConvertOutType::BF16;
  }
  plan.out_type = out_type;
  const TypeInfo info = type_info(out_type);
  plan.file_type = info.file_type;

  auto add_tensor = [&](std::string source_name, std::string gguf_name, std::vector<int64_t> torch_shape,
                        PlannedSource src) {
    const size_t n_dims = torch_shape.size();
    TensorType type = info.tensor_type;
    // 1-D tensors and norms stay F32, as do tensors that are not weights (biases).
    if (n_dims <= 1 || ends_with(gguf_name, "_norm.weight") || !ends_with(gguf_name, ".weight")) {
      type = TensorType::F32;
    }
    if (type == TensorType::Q8_0 && torch_shape.back() % 32 != 0) {
      plan.warnings.push_back(gguf_name + ": rows of " + std::to_string(torch_shape.back()) +
                              " are not a multiple of 32, written as F16");
      type = TensorType::F16;
    }
    GgufTensorInfo t;
    t.name = std::move(gguf_name);
    t.shape.assign(torch_shape.rbegin(), torch_shape.rend());
    t.type = type;
    const auto& layout = tensor_type_layout(type);
    t.size_bytes = uint64_t(t.element_count()) / layout.block_size * layout.block_bytes;
    plan.parameter_count += uint64_t(t.element_count());
    plan.tensors.push_back({std::move(source_name), std::move(t)});
    full.sources.push_back(std::move(src));
  };

  for (auto& [name, values] : arch->extra_tensors(config)) {
    PlannedSource src;
    src.mapping.gguf_name = name;
    src.generated = values;
    add_tensor("(generated)", name, {int64_t(values.size())}, std::move(src));
  }

  std::set<std::string> seen_names;
  std::vector<bool> layer_seen(size_t(block_count), false);
  for (const auto& ref : folder.tensors()) {
    const SafetensorsTensor& t = *ref.tensor;
    if (ends_with(t.name, ".attention.masked_bias") || ends_with(t.name, ".attention.bias") ||
        ends_with(t.name, ".rotary_emb.inv_freq")) {
      continue;
    }
    auto mapping = arch->map_tensor(config, t.name);
    if (!mapping) continue;
    if (!is_float_dtype(t.dtype)) {
      fail(ErrorCode::Unsupported, ref.shard->name() + ": tensor " + t.name + " has dtype " +
                                       std::string(safetensors_dtype_name(t.dtype)) +
                                       " (only F32, F16, BF16 and F64 weights can be converted)");
    }
    if (t.shape.empty() || t.shape.size() > kGgufMaxDims) {
      fail(ErrorCode::Unsupported, ref.shard->name() + ": tensor " + t.name + " has " +
                                       std::to_string(t.shape.size()) + " dimensions");
    }
    if (auto expected = expected_shape(config, plan.gguf_architecture, mapping->gguf_name); expected && *expected != t.shape) {
      fail(ErrorCode::Format, ref.shard->name() + ": tensor " + t.name + " has shape " + shape_text(t.shape) +
                                  " but config.json implies " + shape_text(*expected));
    }
    if (mapping->transform == RowTransform::PermuteHeads &&
        (mapping->permute_heads <= 0 || t.shape[0] % (2 * mapping->permute_heads) != 0)) {
      fail(ErrorCode::Format, ref.shard->name() + ": tensor " + t.name + " has " + std::to_string(t.shape[0]) +
                                  " rows, which do not split into " + std::to_string(mapping->permute_heads) +
                                  " rotary heads");
    }
    if (!seen_names.insert(mapping->gguf_name).second) {
      fail(ErrorCode::Format, hearth::path_utf8(folder.folder()) + ": two tensors map to " + mapping->gguf_name);
    }
    if (auto layer = tensor_names::layer_of(mapping->gguf_name)) layer_seen[size_t(*layer)] = true;
    PlannedSource src{ref.shard, ref.tensor, *mapping, {}};
    add_tensor(t.name, mapping->gguf_name, t.shape, std::move(src));
  }
  for (int64_t i = 0; i < block_count; ++i) {
    if (!layer_seen[size_t(i)]) {
      fail(ErrorCode::Format, hearth::path_utf8(folder.folder()) + ": config.json says " + std::to_string(block_count) +
                                  " layers but the weights have no tensors for layer " + std::to_string(i) +
                                  " (a shard may be missing)");
    }
  }
  if (plan.tensors.empty()) fail(ErrorCode::Format, hearth::path_utf8(folder.folder()) + ": no weights to convert");

  // Metadata, in the order llama.cpp's converter writes it.
  GgufMetadata& md = plan.metadata;
  md.set("general.architecture", plan.gguf_architecture);
  md.set("general.type", std::string("model"));
  const auto naming = convert::infer_model_naming(folder.folder(), config, plan.parameter_count, options.model_name);
  convert::write_general_metadata(naming, md);
  arch->write_hparams(config, plan.file_type, md);
  const auto kinds = arch->vocab_kinds();
  convert::export_vocabulary(folder, kinds, md);
  arch->write_vocab_extras(config, folder.tokenizer_config(), md);
  md.set("general.quantization_version", kQuantizationVersion);

  // Output path: like llama.cpp, a default name inside the model folder, a folder, or a
  // template with {ftype}/{outtype}.
  const std::string stem = convert::default_output_stem(naming, info.file_tag);
  fs::path out = options.output;
  std::error_code ec;
  if (out.empty()) {
    out = folder.folder() / hearth::utf8_path(stem + ".gguf");
  } else if (fs::is_directory(out, ec)) {
    out = out / hearth::utf8_path(stem + ".gguf");
  } else {
    std::string file = hearth::path_utf8(out.filename());
    std::string lower = info.file_tag, upper = info.file_tag;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [pattern, value] : {std::pair<std::string, std::string>{"{ftype}", lower}, {"{outtype}", lower},
                                         {"{FTYPE}", upper}, {"{OUTTYPE}", upper}}) {
      for (size_t at; (at = file.find(pattern)) != std::string::npos;) file.replace(at, pattern.size(), value);
    }
    out = out.parent_path() / hearth::utf8_path(file);
  }
  plan.output = out;
  plan.output_bytes = planned_gguf_bytes(md, plan.tensors);
  return full;
}

// Converts one source row to float.
void source_row_to_f32(SafetensorsDtype dtype, const std::byte* src, float* dst, int64_t n) {
  switch (dtype) {
    case SafetensorsDtype::F32: std::memcpy(dst, src, size_t(n) * 4); break;
    case SafetensorsDtype::F16:
      for (int64_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, src + 2 * i, 2);
        dst[i] = f16_to_f32(h);
      }
      break;
    case SafetensorsDtype::BF16:
      for (int64_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, src + 2 * i, 2);
        dst[i] = bf16_to_f32(h);
      }
      break;
    case SafetensorsDtype::F64:
      for (int64_t i = 0; i < n; ++i) {
        double d;
        std::memcpy(&d, src + 8 * i, 8);
        dst[i] = static_cast<float>(d);
      }
      break;
    default: fail(ErrorCode::Internal, "unexpected source dtype");
  }
}

// Row `r` of the output comes from source row permuted_source_row(r): llama's rotary layout
// interleaves the two halves of each head (reshape(h, 2, d/2, …).swapaxes(1, 2)).
int64_t permuted_source_row(int64_t r, int64_t rows, int64_t heads) {
  const int64_t per_head = rows / heads, half = per_head / 2;
  const int64_t head = r / per_head, within = r % per_head;
  const int64_t j = within / 2, i = within % 2;
  return head * per_head + i * half + j;
}

void write_tensor(GgufWriter& writer, const ConvertTensorPlan& t, const PlannedSource& src, const CancelToken& cancel,
                  const std::function<void(uint64_t)>& on_bytes) {
  const int64_t row_len = t.output.shape.empty() ? 1 : t.output.shape[0];
  const int64_t rows = t.output.row_count();
  const auto row_bytes = tensor_row_bytes(t.output.type, uint64_t(row_len));
  if (!row_bytes) fail(ErrorCode::Internal, t.output.name + ": row length does not fit the type");
  std::vector<float> row(static_cast<size_t>(row_len));
  std::vector<std::byte> out;
  const size_t chunk_target = size_t(4) << 20;
  out.reserve(std::max<size_t>(chunk_target, *row_bytes));

  std::span<const std::byte> data;
  uint32_t elem_bytes = 4;
  if (src.tensor) {
    data = src.shard->tensor_data(*src.tensor);
    elem_bytes = safetensors_dtype_bytes(src.tensor->dtype);
    if (data.size() != uint64_t(rows) * uint64_t(row_len) * elem_bytes) {
      fail(ErrorCode::Format, src.shard->name() + ": tensor " + src.tensor->name + " has " +
                                  std::to_string(data.size()) + " bytes of data, which does not match its shape");
    }
  }
  // 1-D tensors permute element by element (a bias is `rows` rows of one value).
  const bool one_d = t.output.shape.size() <= 1;
  const int64_t perm_rows = one_d ? row_len : rows;
  for (int64_t r = 0; r < rows; ++r) {
    if ((r & 63) == 0 && cancel.cancelled()) fail(ErrorCode::Cancelled, "conversion cancelled");
    if (src.tensor) {
      if (one_d && src.mapping.transform == RowTransform::PermuteHeads) {
        for (int64_t k = 0; k < row_len; ++k) {
          const int64_t s = permuted_source_row(k, perm_rows, src.mapping.permute_heads);
          source_row_to_f32(src.tensor->dtype, data.data() + size_t(s) * elem_bytes, &row[size_t(k)], 1);
        }
      } else {
        const int64_t s = src.mapping.transform == RowTransform::PermuteHeads
                              ? permuted_source_row(r, perm_rows, src.mapping.permute_heads)
                              : r;
        source_row_to_f32(src.tensor->dtype, data.data() + size_t(s) * size_t(row_len) * elem_bytes, row.data(),
                          row_len);
      }
      if (src.mapping.transform == RowTransform::AddOne) {
        // The reference adds in the source precision (float16 stays float16).
        for (auto& x : row) {
          x += 1.0f;
          if (src.tensor->dtype == SafetensorsDtype::F16) x = f16_to_f32(f32_to_f16(x));
        }
      }
    } else {
      std::copy(src.generated.begin(), src.generated.end(), row.begin());
    }
    const size_t at = out.size();
    out.resize(at + *row_bytes);
    quantize_row(t.output.type, row.data(), out.data() + at, row_len);
    if (out.size() >= chunk_target) {
      writer.write_tensor_data(out);
      on_bytes(out.size());
      out.clear();
    }
  }
  writer.write_tensor_data(out);
  on_bytes(out.size());
  if (src.tensor) io::release_mapped_pages(data);
}

}  // namespace

Result<ConvertPlan> plan_hf_conversion(const ConvertOptions& options) {
  return capture_errors([&]() -> ConvertPlan {
    auto folder = HfModelFolder::open(options.input);
    if (!folder) throw Exception(folder.error());
    return make_plan(*folder, options).plan;
  });
}

Result<ConvertReport> convert_hf_to_gguf(const ConvertOptions& options, const ProgressFn& progress,
                                         const CancelToken& cancel) {
  return capture_errors([&]() -> ConvertReport {
    auto folder = HfModelFolder::open(options.input);
    if (!folder) throw Exception(folder.error());
    const FullPlan full = make_plan(*folder, options);
    const ConvertPlan& plan = full.plan;

    GgufWriter writer(plan.output);
    for (const auto& [key, value] : plan.metadata.entries()) writer.metadata().set(key, value);
    for (const auto& t : plan.tensors) writer.add_tensor(t.output.name, t.output.type, t.output.shape);
    writer.write_header();

    uint64_t data_total = 0;
    for (const auto& t : plan.tensors) data_total += t.output.size_bytes;
    uint64_t done = 0;
    ProgressInfo info;
    info.stage = "convert";
    info.item_count = plan.tensors.size();
    info.bytes_total = data_total;
    for (size_t i = 0; i < plan.tensors.size(); ++i) {
      if (cancel.cancelled()) fail(ErrorCode::Cancelled, "conversion cancelled");
      info.item = i;
      info.label = plan.tensors[i].output.name;
      info.bytes_done = done;
      if (progress) progress(info);
      write_tensor(writer, plan.tensors[i], full.sources[i], cancel, [&](uint64_t n) { done += n; });
    }
    if (cancel.cancelled()) fail(ErrorCode::Cancelled, "conversion cancelled");
    writer.commit();
    info.item = plan.tensors.size();
    info.bytes_done = done;
    info.label.clear();
    if (progress) progress(info);

    ConvertReport report;
    report.output = plan.output;
    report.gguf_architecture = plan.gguf_architecture;
    report.file_type = plan.file_type;
    report.tensor_count = plan.tensors.size();
    report.parameter_count = plan.parameter_count;
    report.bytes_written = writer.bytes_written();
    report.warnings = plan.warnings;
    return report;
  });
}

}  // namespace hearth
