// hearth-cli split (--split-max-size 2G | --split-max-tensors N) IN OUT-PREFIX
// hearth-cli split --merge SHARD OUT
// llama.cpp's gguf-split: cuts a GGUF model into OUT-PREFIX-00001-of-0000n.gguf shards, or joins
// a split model's shards into one file; both byte-identical to llama-gguf-split's.
#include <cstdio>

#include "cli_common.h"
#include "hearth/io/gguf_split.h"

namespace hearth::cli {

namespace {

struct SplitOptions {
  std::vector<std::string> positional;
  std::string max_size;
  uint32_t max_tensors = 0;
  bool merge = false;
  bool quiet = false;
};

int run(const SplitOptions& o) {
  if (o.positional.size() != 2) fail(ErrorCode::InvalidArgument, "give IN and OUT-PREFIX (or --merge SHARD OUT)");
  const ProgressFn progress = tensor_progress_printer(o.quiet);
  if (o.merge) {
    if (!o.max_size.empty() || o.max_tensors) fail(ErrorCode::InvalidArgument, "--merge takes no split limit");
    std::error_code ec;
    if (std::filesystem::exists(o.positional[1], ec))
      fail(ErrorCode::InvalidArgument, o.positional[1] + ": already exists; not overwriting it");
    unwrap(merge_gguf(o.positional[0], o.positional[1], progress));
    std::printf("wrote %s\n", o.positional[1].c_str());
    return 0;
  }
  GgufSplitLimits limits;
  if (!o.max_size.empty()) limits.max_bytes = unwrap(parse_split_size(o.max_size));
  limits.max_tensors = o.max_tensors;
  if ((limits.max_bytes == 0) == (limits.max_tensors == 0))
    fail(ErrorCode::InvalidArgument, "give exactly one of --split-max-size and --split-max-tensors");
  const GgufFile file = unwrap(GgufFile::open(o.positional[0]));
  for (const auto& p : unwrap(split_gguf(file, o.positional[1], limits, progress)))
    std::printf("wrote %s\n", p.string().c_str());
  return 0;
}

void register_split(CLI::App& app, CommandFn& run_fn) {
  auto o = std::make_shared<SplitOptions>();
  CLI::App* cmd = app.add_subcommand("split", "Split a GGUF model into shards, or merge shards (llama.cpp's gguf-split)");
  cmd->add_option("IN OUT", o->positional, "input model and output prefix; with --merge: a shard and the output file")
      ->expected(2);
  cmd->add_option("--split-max-size", o->max_size, "tensor data per shard: a number with M or G (decimal)");
  cmd->add_option("--split-max-tensors", o->max_tensors, "tensors per shard");
  cmd->add_flag("--merge", o->merge, "join the shards of a split model into one file");
  cmd->add_flag("-q,--quiet", o->quiet, "no progress output");
  cmd->callback([&run_fn, o] { run_fn = [o] { return run(*o); }; });
}

const CommandRegistration kRegistration{"split", 32, register_split};

}  // namespace
}  // namespace hearth::cli
