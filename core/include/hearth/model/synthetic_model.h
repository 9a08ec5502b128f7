// Models with a real model's shapes and seeded random weights, for benchmarks and tests:
// a Hugging Face folder, or a GGUF file of any type Hearth writes. One implementation: the
// folder comes from the synthetic HF writer (hearth/convert/synthetic_hf.h); a GGUF is that
// folder converted (hearth/convert/convert.h) and, for quantized types, quantized with the
// llama.cpp mix rules (hearth/quant/quantize_model.h) — so a synthetic GGUF is exactly what a
// user's conversion of the same folder would give.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hearth/base/cancel.h"
#include "hearth/base/result.h"
#include "hearth/convert/synthetic_hf.h"

namespace hearth {

struct SyntheticModelOptions {
  SyntheticHfSpec spec;              // shapes (see synthetic_hf_preset) and seed
  std::filesystem::path output;      // a folder (HF) or a .gguf file
  bool gguf = true;                  // false: write the HF folder only
  std::string type = "F16";          // GGUF: F32, F16, BF16, or a quantization mix (Q4_0, Q4_K_M, Q8_0, …)
  int threads = 0;                   // quantization threads (0: all)
  std::string name = "synthetic";    // general.name (the same bytes for the same seed, wherever written)
};

// Writes the model; intermediate files go next to the output and are removed afterwards.
Status write_synthetic_model(const SyntheticModelOptions& options, const ProgressFn& progress = {},
                             const CancelToken& cancel = {});

}  // namespace hearth
