#include "hearth/quant/quantize_model.h"
#include "hearth/base/utf8_path.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <exception>
#include <thread>

#include "hearth/base/checked_math.h"
#include "hearth/io/gguf_writer.h"
#include "hearth/quant/quantize.h"
#include "io/gguf_size.h"
#include "io/page_release.h"

namespace hearth {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kQuantizationVersion = 2;  // GGML_QNT_VERSION
constexpr uint32_t kFileTypeGuessed = 1024;   // LLAMA_FTYPE_GUESSED

uint64_t tensor_bytes(const GgufTensorInfo& t, TensorType type) {
  const auto& layout = tensor_type_layout(type);
  return uint64_t(t.element_count()) / layout.block_size * layout.block_bytes;
}

// The file type llama.cpp's loader reports for a file without general.file_type: the most common
// tensor type, flagged as guessed.
uint32_t guessed_file_type(std::span<const GgufTensorInfo> tensors) {
  std::map<TensorType, int> count;
  for (const auto& t : tensors) ++count[t.type];
  TensorType most = TensorType::F32;
  int best = -1;
  for (const auto& [type, n] : count)
    if (n > best) best = n, most = type;
  static const std::map<TensorType, uint32_t> to_ftype = {
      {TensorType::F32, 0},   {TensorType::F16, 1},   {TensorType::BF16, 32}, {TensorType::Q4_0, 2},
      {TensorType::Q4_1, 3},  {TensorType::Q5_0, 8},  {TensorType::Q5_1, 9},  {TensorType::Q8_0, 7},
      {TensorType::Q2_K, 10}, {TensorType::Q3_K, 12}, {TensorType::Q4_K, 15}, {TensorType::Q5_K, 17},
      {TensorType::Q6_K, 18}, {TensorType::IQ4_NL, 25},
  };
  const auto it = to_ftype.find(most);
  return (it == to_ftype.end() ? 0u : it->second) | kFileTypeGuessed;
}

GgufMetadata output_metadata(const GgufMetadata& input, uint32_t file_type) {
  GgufMetadata md;
  for (const auto& [key, value] : input.entries()) md.set(key, value);
  // llama-quantize re-sets these two, which moves them to the end.
  md.erase("general.quantization_version");
  md.set("general.quantization_version", kQuantizationVersion);
  md.erase("general.file_type");
  md.set("general.file_type", file_type);
  for (const char* key : {"split.no", "split.count", "split.tensors.count"}) md.erase(key);
  return md;
}

QuantMixOptions mix_options(const QuantizeOptions& o, const QuantMixInfo& mix) {
  QuantMixOptions m;
  m.pure = o.pure;
  m.quantize_output = !o.leave_output_tensor;
  m.copy_only = mix.copy;
  m.output_type = o.output_tensor_type;
  m.token_embd_type = o.token_embedding_type;
  return m;
}

QuantizePlan make_plan(const GgufFile& file, const QuantizeOptions& o, bool require_codecs) {
  QuantizePlan plan;
  plan.mix = find_quant_mix(o.type);
  if (!plan.mix) {
    std::string names;
    for (const auto& m : quant_mix_table()) names += (names.empty() ? "" : ", ") + std::string(m.name);
    fail(ErrorCode::InvalidArgument, "unknown quantization type \"" + o.type + "\" (choose one of: " + names + ")");
  }
  const QuantMixInfo& mix = *plan.mix;
  if (mix.mix == QuantMix::Q2_K_S) {
    plan.warnings.push_back("Q2_K_S is meant to be made with an importance matrix; llama.cpp refuses it without one");
  }

  std::vector<const GgufTensorInfo*> order;
  for (const auto& t : file.tensors()) order.push_back(&t);
  std::stable_sort(order.begin(), order.end(),
                   [](const GgufTensorInfo* a, const GgufTensorInfo* b) { return quantized_tensor_order(a->name, b->name); });

  QuantMixPlanner planner(mix.mix, mix_options(o, mix), mix_model_facts(file.metadata(), file.tensors()));
  std::vector<io::PlannedTensorSize> sized;
  for (const GgufTensorInfo* t : order) {
    const TensorType to = planner.choose(*t);
    if (to != t->type) {
      const auto& from_layout = tensor_type_layout(t->type);
      if (from_layout.quantized && !o.allow_requantize) {
        fail(ErrorCode::InvalidArgument,
             "the input is already quantized (tensor " + t->name + " is " + std::string(from_layout.name) +
                 "): quantizing it again loses quality compared to quantizing from F32/F16/BF16. "
                 "Pass --allow-requantize to do it anyway");
      }
      if (t->type != TensorType::F32 && !from_layout.quantized && t->type != TensorType::F16 &&
          t->type != TensorType::BF16) {
        fail(ErrorCode::Unsupported, "tensor " + t->name + " is " + std::string(from_layout.name) +
                                         ", which cannot be converted to " + std::string(tensor_type_name(to)));
      }
      if (t->row_length() % tensor_type_layout(to).block_size != 0) {
        fail(ErrorCode::Unsupported, "tensor " + t->name + ": rows of " + std::to_string(t->row_length()) +
                                         " values cannot be stored as " + std::string(tensor_type_name(to)));
      }
    }
    QuantizeTensorPlan p{*t, to, tensor_bytes(*t, to)};
    plan.input_tensor_bytes += t->size_bytes;
    plan.output_tensor_bytes += p.output_bytes;
    plan.tensors.push_back(p);
  }
  plan.fallback_count = planner.fallback_count();
  // Only after every tensor's type is known, so a shape problem is reported before a missing codec.
  for (const auto& p : plan.tensors) {
    if (!require_codecs || p.output_type == p.input.type) continue;
    if (!row_conversion(p.input.type).dequantize) {
      fail(ErrorCode::Unsupported, "tensor " + p.input.name + ": Hearth cannot read " +
                                       std::string(tensor_type_name(p.input.type)) + " yet");
    }
    if (!row_conversion(p.output_type).quantize) {
      fail(ErrorCode::Unsupported, "tensor " + p.input.name + ": Hearth cannot write " +
                                       std::string(tensor_type_name(p.output_type)) + " yet");
    }
  }
  for (const auto& p : plan.tensors) sized.push_back({&p.input, p.output_bytes});

  uint32_t file_type = static_cast<uint32_t>(mix.mix);
  if (mix.copy) {
    const auto existing = file.metadata().get_uint("general.file_type");
    file_type = existing ? static_cast<uint32_t>(*existing) : guessed_file_type(file.tensors());
  }
  plan.metadata = output_metadata(file.metadata(), file_type);
  plan.output_bytes = io::gguf_file_bytes(plan.metadata, sized);

  if (o.output.empty()) {
    plan.output = o.input.parent_path() / ("ggml-model-" + std::string(mix.name) + ".gguf");
  } else {
    plan.output = o.output;
  }
  std::error_code ec;
  if (fs::exists(plan.output, ec) && fs::equivalent(plan.output, o.input, ec)) {
    fail(ErrorCode::InvalidArgument, hearth::path_utf8(plan.output) + ": the output would overwrite the input");
  }
  return plan;
}

// Converts rows [first, first + count) of a tensor: source bytes -> f32 -> target bytes.
void convert_rows(const QuantizeTensorPlan& t, int64_t first_row, const std::byte* src, std::byte* dst, int64_t count,
                  std::vector<float>& scratch) {
  const int64_t n = t.input.row_length();
  const uint64_t in_row = *tensor_row_bytes(t.input.type, uint64_t(n));
  const uint64_t out_row = *tensor_row_bytes(t.output_type, uint64_t(n));
  scratch.resize(size_t(n));
  const auto& in_conv = row_conversion(t.input.type);
  const auto& out_conv = row_conversion(t.output_type);
  for (int64_t r = 0; r < count; ++r) {
    in_conv.dequantize(src + uint64_t(r) * in_row, scratch.data(), n);
    // A NaN or infinity makes every block it touches meaningless (llama-quantize refuses such
    // data too): stop with a message that says where, instead of writing a broken model.
    if (const auto column = first_non_finite(scratch.data(), n)) {
      fail(ErrorCode::Format, "tensor " + t.input.name + " holds a NaN or infinity (row " +
                                  std::to_string(first_row + r) + ", column " + std::to_string(*column) +
                                  "): the input model is damaged");
    }
    out_conv.quantize(scratch.data(), dst + uint64_t(r) * out_row, n);
  }
}

}  // namespace

Result<QuantizePlan> plan_quantization(const QuantizeOptions& options) {
  return capture_errors([&]() -> QuantizePlan {
    auto file = GgufFile::open(options.input);
    if (!file) throw Exception(file.error());
    return make_plan(*file, options, /*require_codecs=*/false);
  });
}

Result<uint64_t> estimate_quantized_size(const GgufMetadata& metadata, std::span<const GgufTensorInfo> tensors,
                                         const QuantMixInfo& mix, const QuantMixOptions& options) {
  return capture_errors([&]() -> uint64_t {
    std::vector<const GgufTensorInfo*> order;
    for (const auto& t : tensors) order.push_back(&t);
    std::stable_sort(order.begin(), order.end(), [](const GgufTensorInfo* a, const GgufTensorInfo* b) {
      return quantized_tensor_order(a->name, b->name);
    });
    QuantMixOptions opts = options;
    opts.copy_only = opts.copy_only || mix.copy;
    QuantMixPlanner planner(mix.mix, opts, mix_model_facts(metadata, tensors));
    std::vector<io::PlannedTensorSize> sized;
    for (const GgufTensorInfo* t : order) sized.push_back({t, tensor_bytes(*t, planner.choose(*t))});
    return io::gguf_file_bytes(output_metadata(metadata, static_cast<uint32_t>(mix.mix)), sized);
  });
}

Result<QuantizeReport> quantize_gguf(const QuantizeOptions& options, const ProgressFn& progress,
                                     const CancelToken& cancel) {
  return capture_errors([&]() -> QuantizeReport {
    auto opened = GgufFile::open(options.input);
    if (!opened) throw Exception(opened.error());
    const GgufFile& file = *opened;
    const QuantizePlan plan = make_plan(file, options, /*require_codecs=*/true);
    const int threads = std::max(1, options.threads > 0 ? options.threads
                                                        : static_cast<int>(std::thread::hardware_concurrency()));

    GgufWriter writer(plan.output);
    for (const auto& [key, value] : plan.metadata.entries()) writer.metadata().set(key, value);
    for (const auto& t : plan.tensors) writer.add_tensor(t.input.name, t.output_type, t.input.shape);
    writer.write_header();

    ProgressInfo info;
    info.stage = "quantize";
    info.item_count = plan.tensors.size();
    info.bytes_total = plan.input_tensor_bytes;
    uint64_t done = 0;
    std::vector<std::byte> out;
    std::vector<std::vector<float>> scratch(static_cast<size_t>(threads));
    constexpr uint64_t kChunkInputBytes = uint64_t(16) << 20;  // rows read per chunk (bounded memory)

    for (size_t i = 0; i < plan.tensors.size(); ++i) {
      const QuantizeTensorPlan& t = plan.tensors[i];
      if (cancel.cancelled()) fail(ErrorCode::Cancelled, "quantization cancelled");
      info.item = i;
      info.label = t.input.name;
      info.bytes_done = done;
      if (progress) progress(info);
      const auto data = file.tensor_data(t.input);
      if (t.output_type == t.input.type) {
        // Copied unchanged, in slices so a cancel is seen on huge tensors too.
        for (uint64_t at = 0; at < data.size(); at += kChunkInputBytes) {
          if (cancel.cancelled()) fail(ErrorCode::Cancelled, "quantization cancelled");
          const auto slice = data.subspan(size_t(at), size_t(std::min<uint64_t>(kChunkInputBytes, data.size() - at)));
          writer.write_tensor_data(slice);
          io::release_mapped_pages(slice);
        }
      } else {
        const int64_t rows = t.input.row_count();
        const uint64_t in_row = *tensor_row_bytes(t.input.type, uint64_t(t.input.row_length()));
        const uint64_t out_row = *tensor_row_bytes(t.output_type, uint64_t(t.input.row_length()));
        const int64_t chunk_rows = std::max<int64_t>(1, int64_t(kChunkInputBytes / std::max<uint64_t>(in_row, 1)));
        for (int64_t first = 0; first < rows; first += chunk_rows) {
          if (cancel.cancelled()) fail(ErrorCode::Cancelled, "quantization cancelled");
          const int64_t count = std::min(chunk_rows, rows - first);
          out.resize(size_t(uint64_t(count) * out_row));
          const std::byte* src = data.data() + uint64_t(first) * in_row;
          // Split the chunk's rows among the threads; each row is independent.
          const int n_threads = static_cast<int>(std::min<int64_t>(threads, count));
          const int64_t per_thread = (count + n_threads - 1) / n_threads;
          // A failure on any thread is carried back and rethrown once all threads have joined.
          std::vector<std::exception_ptr> errors(static_cast<size_t>(n_threads));
          auto work = [&](int k) {
            try {
              const int64_t r0 = k * per_thread, r1 = std::min(count, r0 + per_thread);
              if (r0 < r1)
                convert_rows(t, first + r0, src + uint64_t(r0) * in_row, out.data() + uint64_t(r0) * out_row,
                             r1 - r0, scratch[size_t(k)]);
            } catch (...) {
              errors[size_t(k)] = std::current_exception();
            }
          };
          std::vector<std::thread> pool;
          for (int k = 1; k < n_threads; ++k) pool.emplace_back(work, k);
          work(0);
          for (auto& th : pool) th.join();
          for (const auto& e : errors)
            if (e) std::rethrow_exception(e);
          writer.write_tensor_data(out);
          io::release_mapped_pages(std::span(src, size_t(uint64_t(count) * in_row)));
          // Progress within a big tensor too (a K-quant search over an embedding table takes a while).
          info.bytes_done = done + uint64_t(first + count) * in_row;
          if (progress && first + count < rows) progress(info);
        }
      }
      done += t.input.size_bytes;
    }
    if (cancel.cancelled()) fail(ErrorCode::Cancelled, "quantization cancelled");
    writer.commit();
    info.item = plan.tensors.size();
    info.bytes_done = done;
    info.label.clear();
    if (progress) progress(info);

    QuantizeReport r;
    r.output = plan.output;
    r.type = std::string(plan.mix->name);
    r.tensor_count = plan.tensors.size();
    r.input_tensor_bytes = plan.input_tensor_bytes;
    r.output_bytes = writer.bytes_written();
    r.fallback_count = plan.fallback_count;
    r.warnings = plan.warnings;
    return r;
  });
}

}  // namespace hearth
