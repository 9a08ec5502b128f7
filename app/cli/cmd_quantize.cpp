// hearth-cli quantize IN.gguf [OUT.gguf] TYPE [-t N] [--pure] [--allow-requantize]
//   [--leave-output-tensor] [--output-tensor-type T] [--token-embedding-type T]
// Quantizes a GGUF model with llama.cpp's mixes; the output is byte-identical to llama-quantize's.
#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "cli_common.h"
#include "hearth/base/utf8_path.h"
#include "hearth/io/gguf_split.h"
#include "hearth/quant/quantize_model.h"

namespace hearth::cli {

namespace {

struct QuantizeCliOptions {
  std::vector<std::string> positional;  // IN [OUT] TYPE
  int threads = 0;
  bool pure = false;
  bool allow_requantize = false;
  bool leave_output = false;
  std::string output_type;
  std::string token_embd_type;
  bool dry_run = false;
  bool quiet = false;
  std::string split_max_size;  // e.g. 2G: write OUT as gguf-split shards OUT-0000i-of-0000n.gguf
};

std::optional<TensorType> parse_type(const std::string& name, const char* flag) {
  if (name.empty()) return std::nullopt;
  const auto t = tensor_type_from_name(name);
  if (!t) fail(ErrorCode::InvalidArgument, std::string(flag) + ": unknown tensor type " + name);
  return t;
}

int run_quantize(const QuantizeCliOptions& o) {
  QuantizeOptions options;
  const auto& p = o.positional;
  if (p.size() == 2) {
    options.input = hearth::utf8_path(p[0]);
    options.type = p[1];
  } else if (p.size() == 3) {
    options.input = hearth::utf8_path(p[0]);
    options.output = hearth::utf8_path(p[1]);
    options.type = p[2];
  } else {
    fail(ErrorCode::InvalidArgument, "expected IN.gguf [OUT.gguf] TYPE (see hearth-cli quantize --help)");
  }
  options.threads = o.threads;
  options.pure = o.pure;
  options.allow_requantize = o.allow_requantize;
  options.leave_output_tensor = o.leave_output;
  options.output_tensor_type = parse_type(o.output_type, "--output-tensor-type");
  options.token_embedding_type = parse_type(o.token_embd_type, "--token-embedding-type");

  if (o.dry_run) {
    const QuantizePlan plan = unwrap(plan_quantization(options));
    for (const auto& t : plan.tensors) {
      std::printf("  %-40s %-6s -> %-6s %s\n", t.input.name.c_str(), std::string(tensor_type_name(t.input.type)).c_str(),
                  std::string(tensor_type_name(t.output_type)).c_str(), human_bytes(t.output_bytes).c_str());
    }
    for (const auto& w : plan.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    std::printf("%s -> %s as %s: %s -> %s\n", hearth::path_utf8(options.input).c_str(), hearth::path_utf8(plan.output).c_str(),
                std::string(plan.mix->name).c_str(), human_bytes(plan.input_tensor_bytes).c_str(),
                human_bytes(plan.output_bytes).c_str());
    return 0;
  }

  const uint64_t max_split_bytes = o.split_max_size.empty() ? 0 : unwrap(parse_split_size(o.split_max_size));
  const ProgressFn progress = tensor_progress_printer(o.quiet);
  const QuantizeReport r = unwrap(quantize_gguf(options, progress));
  for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (r.fallback_count > 0) {
    std::fprintf(stderr, "note: %d tensor(s) have rows that do not fit the mix's block size and used a fallback type\n",
                 r.fallback_count);
  }
  std::printf("wrote %s: %s, %" PRIu64 " tensors, %s -> %s\n", hearth::path_utf8(r.output).c_str(), r.type.c_str(),
              r.tensor_count, human_bytes(r.input_tensor_bytes).c_str(), human_bytes(r.output_bytes).c_str());
  if (max_split_bytes) {
    // Shards are cut from the finished file (it needs the disk space once more meanwhile), then
    // the single file is removed: PREFIX is OUT without ".gguf", as gguf-split names shards.
    std::filesystem::path prefix = r.output;
    if (prefix.extension() == ".gguf") prefix.replace_extension();
    const auto shards = [&] {
      const GgufFile whole = unwrap(GgufFile::open_single(r.output));
      return unwrap(split_gguf(whole, prefix, {.max_bytes = max_split_bytes}));
    }();
    std::filesystem::remove(r.output);
    for (const auto& p : shards) std::printf("wrote %s\n", hearth::path_utf8(p).c_str());
  }
  return 0;
}

std::string types_help() {
  std::string s =
      "TYPE (llama.cpp's quantization mixes; bits per weight and perplexity cost as published by llama.cpp's "
      "llama-quantize, measured on Llama-3-8B / Mistral-7B):\n";
  for (const auto& m : quant_mix_table()) {
    char line[200];
    if (m.copy) {
      std::snprintf(line, sizeof line, "          %-7s : %s\n", std::string(m.name).c_str(), std::string(m.description).c_str());
    } else {
      std::snprintf(line, sizeof line, "  %2u  or  %-7s : ~%5.2f bpw, %s\n", static_cast<unsigned>(m.mix),
                    std::string(m.name).c_str(), m.bits_per_weight, std::string(m.description).c_str());
    }
    s += line;
  }
  return s;
}

void register_quantize(CLI::App& app, CommandFn& run) {
  auto opts = std::make_shared<QuantizeCliOptions>();
  auto* cmd = app.add_subcommand("quantize", "Quantize a GGUF model (byte-identical to llama-quantize)");
  cmd->add_option("IN [OUT] TYPE", opts->positional,
                  "input GGUF, optional output (default: ggml-model-<TYPE>.gguf next to the input), and the type")
      ->required()
      ->expected(2, 3);
  cmd->add_option("-t,--threads", opts->threads, "threads (default: all)");
  cmd->add_flag("--pure", opts->pure, "no mix: every quantized tensor gets the base type");
  cmd->add_flag("--allow-requantize", opts->allow_requantize,
                "allow an input that is already quantized (loses quality compared to quantizing from 16/32-bit)");
  cmd->add_flag("--leave-output-tensor", opts->leave_output, "keep output.weight as it is");
  cmd->add_option("--output-tensor-type", opts->output_type, "type for output.weight (e.g. q8_0, f16)");
  cmd->add_option("--token-embedding-type", opts->token_embd_type, "type for token_embd.weight");
  cmd->add_flag("--dry-run", opts->dry_run, "show every tensor's type and the output size, without writing");
  cmd->add_flag("-q,--quiet", opts->quiet, "no progress output");
  cmd->add_option("--split-max-size", opts->split_max_size,
                  "write the output as gguf-split shards of at most this much tensor data (e.g. 500M, 2G)");
  cmd->footer(types_help());
  cmd->callback([opts, &run] { run = [opts] { return run_quantize(*opts); }; });
}

const CommandRegistration kRegistration{"quantize", 30, register_quantize};

}  // namespace

}  // namespace hearth::cli
