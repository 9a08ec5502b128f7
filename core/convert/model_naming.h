// The general.* metadata llama.cpp's converter derives from a model folder: name, basename,
// finetune, version, size label, licence, tags… taken from the README.md model card (YAML front
// matter), config.json's "_name_or_path" and the folder name, with gguf-py's heuristics
// (gguf/metadata.py, gguf/utility.py). Also the default output file name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hearth/io/gguf.h"

namespace hearth::convert {

struct ModelNaming {
  std::optional<std::string> name, author, version, organization, finetune, basename, description, size_label,
      license, license_name, license_link, source_url, source_doi, source_uuid, source_repo_url;
  std::optional<std::vector<std::map<std::string, std::string>>> base_models, datasets;
  std::optional<std::vector<std::string>> tags, languages;
};

// total_params: parameters of the output model (for the size label and the "is this number a
// size?" heuristic).
ModelNaming infer_model_naming(const std::filesystem::path& folder, const nlohmann::json& config,
                               uint64_t total_params, const std::string& name_override);

// Appends general.name … in the reference order.
void write_general_metadata(const ModelNaming& naming, GgufMetadata& out);

// "260K", "1.1B", "494M": gguf-py's size_label for a dense model.
std::string size_label(uint64_t total_params);

// "<Basename-or-Name>-<size>-<finetune>-<version>-<TYPE>" (gguf naming convention), without ".gguf".
std::string default_output_stem(const ModelNaming& naming, const std::string& output_type);

}  // namespace hearth::convert
