// The architectures Hearth's engine runs (general.architecture values), for front ends that
// want to say "supported" before loading a file.
#pragma once

#include <string_view>
#include <vector>

namespace hearth {

struct ArchitectureDescription {
  std::string_view name;          // general.architecture, e.g. "qwen2"
  std::string_view display_name;  // "Qwen2"
  std::string_view families;      // models known to use it, e.g. "Llama 2, Mistral, Yi, TinyLlama"
};

std::vector<ArchitectureDescription> supported_architectures();
bool is_architecture_supported(std::string_view name);

}  // namespace hearth
