// hearth-cli convert HF_DIR [-o OUT.gguf] [--outtype f32|f16|bf16|q8_0|auto] [--name NAME]
// Converts a Hugging Face safetensors folder to GGUF, byte-identical to llama.cpp's
// convert_hf_to_gguf.py.
#include <cinttypes>
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "hearth/base/utf8_path.h"
#include "hearth/convert/convert.h"

namespace hearth::cli {

namespace {

struct ConvertCliOptions {
  std::string input;
  std::string output;
  std::string outtype = "f16";
  std::string name;
  bool dry_run = false;
  bool quiet = false;
};

int run_convert(const ConvertCliOptions& o) {
  ConvertOptions options;
  options.input = hearth::utf8_path(o.input);
  options.output = hearth::utf8_path(o.output);
  options.model_name = o.name;
  const auto type = convert_out_type_from_name(o.outtype);
  if (!type) fail(ErrorCode::InvalidArgument, "unknown --outtype " + o.outtype + " (use f32, f16, bf16, q8_0 or auto)");
  options.out_type = *type;

  if (o.dry_run) {
    const ConvertPlan plan = unwrap(plan_hf_conversion(options));
    std::printf("%s -> %s (%s, %s)\n", o.input.c_str(), hearth::path_utf8(plan.output).c_str(), plan.gguf_architecture.c_str(),
                std::string(convert_out_type_name(plan.out_type)).c_str());
    for (const auto& t : plan.tensors) {
      std::printf("  %-40s <- %-48s %-5s %s\n", t.output.name.c_str(), t.source_name.c_str(),
                  std::string(tensor_type_name(t.output.type)).c_str(), human_bytes(t.output.size_bytes).c_str());
    }
    for (const auto& w : plan.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    std::printf("%zu tensors, %s parameters, %s\n", plan.tensors.size(), human_count(plan.parameter_count).c_str(),
                human_bytes(plan.output_bytes).c_str());
    return 0;
  }

  const ProgressFn progress = tensor_progress_printer(o.quiet);
  const ConvertReport r = unwrap(convert_hf_to_gguf(options, progress));
  for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  std::printf("wrote %s: %s, %" PRIu64 " tensors, %s parameters, %s\n", hearth::path_utf8(r.output).c_str(),
              r.gguf_architecture.c_str(), r.tensor_count, human_count(r.parameter_count).c_str(),
              human_bytes(r.bytes_written).c_str());
  return 0;
}

void register_convert(CLI::App& app, CommandFn& run) {
  auto opts = std::make_shared<ConvertCliOptions>();
  std::string archs;
  for (const auto& a : supported_hf_architectures()) archs += (archs.empty() ? "" : ", ") + a;
  auto* cmd = app.add_subcommand("convert", "Convert a Hugging Face safetensors folder to GGUF (as llama.cpp's "
                                            "convert_hf_to_gguf.py does). Architectures: " + archs);
  cmd->add_option("HF_DIR", opts->input, "model folder with config.json, *.safetensors and a tokenizer")->required();
  cmd->add_option("-o,--outfile", opts->output,
                  "output file or folder; {ftype} is replaced by the type (default: <Name>-<size>-<TYPE>.gguf in HF_DIR)");
  cmd->add_option("--outtype", opts->outtype,
                  "f32, f16 (default), bf16, q8_0, or auto (f16 if the weights are f16, else bf16)");
  cmd->add_option("--name", opts->name, "model name written to general.name");
  cmd->add_flag("--dry-run", opts->dry_run, "show what would be written, without writing");
  cmd->add_flag("-q,--quiet", opts->quiet, "no progress output");
  cmd->callback([opts, &run] { run = [opts] { return run_convert(*opts); }; });
}

const CommandRegistration kRegistration{"convert", 20, register_convert};

}  // namespace

}  // namespace hearth::cli
