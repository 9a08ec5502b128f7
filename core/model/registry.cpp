#include "model/registry.h"

#include <array>

#include "hearth/model/architecture.h"
#include "model/decoder.h"

namespace hearth {

namespace {
// Rope ordering is a property of the architecture (how llama.cpp's converter lays out Q/K rows).
constexpr std::array kArchitectures = {
    ArchitectureDef{"llama", "Llama", "Llama 1/2/3, Mistral, Yi, TinyLlama, llama2.c stories", RopeOrdering::Normal,
                    create_llama},
    ArchitectureDef{"qwen2", "Qwen2", "Qwen1.5, Qwen2, Qwen2.5", RopeOrdering::Neox, create_qwen2},
    ArchitectureDef{"qwen", "Qwen", "Qwen (first generation)", RopeOrdering::Neox, create_qwen},
    ArchitectureDef{"gemma", "Gemma", "Gemma (first generation)", RopeOrdering::Neox, create_gemma},
};
}  // namespace

const ArchitectureDef* find_architecture(std::string_view name) {
  for (const auto& a : kArchitectures)
    if (a.name == name) return &a;
  return nullptr;
}

std::vector<ArchitectureDescription> supported_architectures() {
  std::vector<ArchitectureDescription> out;
  for (const auto& a : kArchitectures) out.push_back({a.name, a.display_name, a.families});
  return out;
}

bool is_architecture_supported(std::string_view name) { return find_architecture(name) != nullptr; }

}  // namespace hearth
