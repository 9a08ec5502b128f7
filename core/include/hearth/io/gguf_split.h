// Split GGUF models, as llama.cpp's gguf-split writes them: `PREFIX-00001-of-00003.gguf` …
// Shard 0 has all the model's metadata; every shard has `split.no` (u16, 0-based),
// `split.count` (u16) and `split.tensors.count` (i32, tensors of the whole model), and its own
// tensor table and data. A merged file keeps those keys with split.count = 0, which means
// "not split" (llama.cpp's merge writes it so, and its loader reads it so).
//
// Opening any shard (GgufFile::open) opens all of them from the same folder and checks: the
// count is 1…65535, the file names match split.no/split.count, every shard agrees on the count
// and the model's tensor count, no shard carries another model's metadata, no tensor is in two
// shards, and the tensors add up. Errors name the shard.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "hearth/base/cancel.h"
#include "hearth/base/result.h"
#include "hearth/io/gguf.h"

namespace hearth {

inline constexpr std::string_view kSplitNoKey = "split.no";
inline constexpr std::string_view kSplitCountKey = "split.count";
inline constexpr std::string_view kSplitTensorsCountKey = "split.tensors.count";
inline constexpr uint32_t kMaxSplitCount = 65535;  // split.count is a u16

// "PREFIX-00002-of-00003.gguf" for shard index 1 of 3 (llama.cpp's llama_split_path).
std::filesystem::path gguf_split_path(const std::filesystem::path& prefix, uint32_t index, uint32_t count);
// The prefix of a shard's path, or nullopt when its name does not end in the index/count suffix.
std::optional<std::filesystem::path> gguf_split_prefix(const std::filesystem::path& shard, uint32_t index, uint32_t count);

// Where gguf-split starts a new shard. Exactly one limit is set.
struct GgufSplitLimits {
  uint64_t max_bytes = 0;     // tensor data per shard (each tensor padded to 32 bytes), 0 = no limit
  uint32_t max_tensors = 0;   // tensors per shard, 0 = no limit
};
// Parses gguf-split's size syntax: a positive integer with M or G (decimal: 2G = 2,000,000,000).
Result<uint64_t> parse_split_size(std::string_view text);

// Writes `file` (a plain or split model) as shards PREFIX-0000i-of-0000n.gguf, laid out as
// gguf-split does, so both tools' shards are byte-identical. Returns the shard paths.
Result<std::vector<std::filesystem::path>> split_gguf(const GgufFile& file, const std::filesystem::path& prefix,
                                                      const GgufSplitLimits& limits, const ProgressFn& progress = {});
// Writes the split model `shard` belongs to as one file, as gguf-split --merge does.
Status merge_gguf(const std::filesystem::path& shard, const std::filesystem::path& target,
                  const ProgressFn& progress = {});

}  // namespace hearth
