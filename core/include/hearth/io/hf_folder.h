// A Hugging Face model folder: config.json, optional generation_config.json, tokenizer files,
// and weights in model.safetensors or shards listed in model.safetensors.index.json.
// Opening checks every shard and the index against each other; JSON files that are large
// (tokenizer.json can be 30 MB) are read on demand.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hearth/base/result.h"
#include "hearth/io/safetensors.h"

namespace hearth {

struct HfTensorRef {
  const SafetensorsFile* shard;
  const SafetensorsTensor* tensor;
};

class HfModelFolder {
 public:
  static Result<HfModelFolder> open(const std::filesystem::path& folder);
  ~HfModelFolder();
  HfModelFolder(HfModelFolder&&) noexcept;
  HfModelFolder& operator=(HfModelFolder&&) noexcept;

  const std::filesystem::path& folder() const { return folder_; }
  const nlohmann::json& config() const { return *config_; }  // config.json
  // Present only when the file exists and parses (a broken optional file is an error at open).
  const nlohmann::json* generation_config() const { return generation_config_.get(); }
  const nlohmann::json* tokenizer_config() const { return tokenizer_config_.get(); }
  // tokenizer.json is parsed on first use (it may be tens of MB); errors are reported then.
  Result<const nlohmann::json*> tokenizer_json() const;

  std::optional<std::filesystem::path> tokenizer_json_path() const;   // tokenizer.json
  std::optional<std::filesystem::path> tokenizer_model_path() const;  // tokenizer.model (SentencePiece)
  std::optional<std::filesystem::path> tiktoken_path() const;         // qwen.tiktoken

  // config.json "architectures"[0], e.g. "LlamaForCausalLM"; "" when missing.
  std::string architecture() const;

  const std::vector<std::unique_ptr<SafetensorsFile>>& shards() const { return shards_; }
  const std::vector<std::filesystem::path>& shard_paths() const { return shard_paths_; }
  // Every tensor in a stable order (shard order, then file order).
  const std::vector<HfTensorRef>& tensors() const { return tensors_; }
  std::optional<HfTensorRef> find(std::string_view name) const;
  uint64_t weight_bytes() const;

  // True when the folder looks like an HF model (has config.json); cheap, for drag and drop.
  static bool looks_like_model_folder(const std::filesystem::path& folder);

 private:
  HfModelFolder();

  std::filesystem::path folder_;
  std::unique_ptr<nlohmann::json> config_;
  std::unique_ptr<nlohmann::json> generation_config_;
  std::unique_ptr<nlohmann::json> tokenizer_config_;
  mutable std::unique_ptr<nlohmann::json> tokenizer_json_;
  std::vector<std::filesystem::path> shard_paths_;
  std::vector<std::unique_ptr<SafetensorsFile>> shards_;
  std::vector<HfTensorRef> tensors_;
};

// Reads and parses a JSON file, with errors naming the file and the line.
Result<nlohmann::json> read_json_file(const std::filesystem::path& path);

}  // namespace hearth
