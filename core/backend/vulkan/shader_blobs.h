// The SPIR-V of shaders/*.comp, embedded at build time (cmake/HearthShaders.cmake).
#pragma once

#include <cstddef>
#include <cstdint>

namespace hearth::vk {

struct ShaderBlob {
  const char* name;  // variant name from shaders/variants.cmake, e.g. "matvec_q4_k_sg"
  const uint32_t* words;
  size_t word_count;
};
extern const ShaderBlob kShaderBlobs[];
extern const size_t kShaderBlobCount;

}  // namespace hearth::vk
