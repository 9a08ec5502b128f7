// GPU offload options shared by run, chat, perplexity, bench and serve, in llama.cpp's names:
// -ngl N | all | auto, --device, plus --allow-cpu-device (lavapipe) and --gpu-margin.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "hearth/runtime/memory_estimate.h"
#include "hearth/runtime/model.h"

namespace hearth::cli {

struct GpuCli {
  std::string n_gpu_layers = "0";  // -ngl: a count, "all" or "auto"
  std::string device;              // --device: index or part of the name; empty = the first
  bool allow_cpu_device = false;   // --allow-cpu-device (also HEARTH_VULKAN_ALLOW_CPU=1)
  int margin_mib = 512;            // --gpu-margin: kept free by -ngl auto
};

void add_gpu_options(CLI::App* cmd, GpuCli& o, bool with_ngl = true);

// Loads `path` with the last N layers on the chosen GPU (N from -ngl; auto fits the device's
// free memory less the margin, sized by `shape`, whose placement is ignored). Without a usable
// GPU it says why, once, and loads on the CPU. When the GPU runs out of memory while loading
// (another program took it meanwhile), it retries with fewer layers and says how many it placed.
// `ngl` overrides o.n_gpu_layers (bench's list). Prints where the layers went unless `quiet`.
std::shared_ptr<const Model> load_with_gpu_options(const std::string& path, const GpuCli& o, ModelLoadOptions lo,
                                                   const MemoryRequest& shape, bool quiet = false,
                                                   const std::string* ngl = nullptr);

// What load_with_gpu_options() would try first: fills lo.placement (and lo.vulkan) without
// loading the model (serve hands them to its own loader).
void resolve_gpu_placement(const std::string& path, const GpuCli& o, ModelLoadOptions& lo, const MemoryRequest& shape,
                           bool quiet = false, const std::string* ngl = nullptr);

// "12/22 layers on Vulkan0 (llvmpipe …), 3.1 GiB" or "CPU".
std::string placement_summary(const Model& model);

}  // namespace hearth::cli
