// The architecture registry: one row per supported general.architecture value, pointing at the
// file that names its tensors and builds its layer (arch_<name>.cpp).
#pragma once

#include <memory>
#include <string_view>

#include "hearth/model/hparams.h"

namespace hearth {

class DecoderModel;

struct ArchitectureDef {
  std::string_view name;          // general.architecture
  std::string_view display_name;  // for people
  std::string_view families;      // models known to ship with it
  RopeOrdering rope_ordering;
  std::unique_ptr<DecoderModel> (*create)(const ModelHParams& hparams);
};

// nullptr when Hearth does not run `name`.
const ArchitectureDef* find_architecture(std::string_view name);

// Factories, one per arch_<name>.cpp.
std::unique_ptr<DecoderModel> create_llama(const ModelHParams& hparams);
std::unique_ptr<DecoderModel> create_qwen2(const ModelHParams& hparams);
std::unique_ptr<DecoderModel> create_qwen(const ModelHParams& hparams);
std::unique_ptr<DecoderModel> create_gemma(const ModelHParams& hparams);

}  // namespace hearth
