#include "gpu_options.h"

#include <cstdio>
#include <cstdlib>

#include "cli_common.h"
#include "hearth/backend/vulkan.h"
#include "hearth/base/system_memory.h"
#include "hearth/base/utf8_path.h"
#include "hearth/io/gguf.h"

namespace hearth::cli {

void add_gpu_options(CLI::App* cmd, GpuCli& o, bool with_ngl) {
  if (with_ngl)
    cmd->add_option("--ngl,--n-gpu-layers,--gpu-layers", o.n_gpu_layers,
                    "layers on the GPU: a number (more than the model has also moves the output), all, or auto "
                    "(the most that fit the GPU's free memory); default 0");
  cmd->add_option("--device,--dev", o.device, "GPU to use: its index or part of its name (see hearth-cli devices)");
  cmd->add_flag("--allow-cpu-device", o.allow_cpu_device,
                "also use CPU implementations of Vulkan (Mesa lavapipe), for testing");
  cmd->add_option("--gpu-margin", o.margin_mib, "MiB of GPU memory -ngl auto leaves free (default 512)");
}

namespace {

struct GpuChoice {
  bool usable = false;
  VulkanDeviceInfo info;
  std::string why_not;
};

GpuChoice choose_gpu(const GpuCli& o, const VulkanOptions& vo) {
  GpuChoice c;
  auto devices = list_vulkan_devices(vo);
  if (!devices) {
    c.why_not = devices.error().message;
    return c;
  }
  const auto& list = devices.value();
  if (o.device.empty()) {
    c.info = list.front();
    c.usable = true;
    return c;
  }
  const bool numeric = o.device.find_first_not_of("0123456789") == std::string::npos;
  for (const auto& d : list) {
    std::string name = d.name, want = o.device;
    for (char& ch : name) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    for (char& ch : want) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    if ((numeric && std::to_string(d.index) == o.device) || (!numeric && name.find(want) != std::string::npos)) {
      c.info = d;
      c.usable = true;
      return c;
    }
  }
  std::string names;
  for (const auto& d : list) names += (names.empty() ? "" : ", ") + std::to_string(d.index) + ": " + d.name;
  fail(ErrorCode::InvalidArgument, "--device " + o.device + ": no such GPU (devices: " + names + ")");
}

}  // namespace

std::string placement_summary(const Model& model) {
  const LayerPlacement& p = model.placement();
  for (const DeviceId& d : p.devices()) {
    if (d.kind == DeviceKind::Cpu) continue;
    const auto gpu = model.vulkan_device(d);
    return std::to_string(p.layers_on(d)) + "/" + std::to_string(p.layer_count()) + " layers" +
           (p.output == d ? " and the output" : "") + " on " + gpu->description() + ", " +
           human_bytes(model.device_weight_bytes(d)) + " of weights";
  }
  return "all layers on the CPU";
}

void resolve_gpu_placement(const std::string& path, const GpuCli& o, ModelLoadOptions& lo, const MemoryRequest& shape,
                           bool quiet, const std::string* ngl_text) {
  const std::string& ngl = ngl_text ? *ngl_text : o.n_gpu_layers;
  int requested = 0;
  const bool want_auto = ngl == "auto", want_all = ngl == "all";
  if (!want_auto && !want_all) {
    char* end = nullptr;
    const long v = std::strtol(ngl.c_str(), &end, 10);
    if (ngl.empty() || *end != '\0' || v < -1 || v > 100000)
      fail(ErrorCode::InvalidArgument, "-ngl takes a number of layers, all or auto, not '" + ngl + "'");
    requested = v < 0 ? 100000 : int(v);  // -1: all, as llama.cpp
  }
  lo.vulkan.allow_cpu_device = lo.vulkan.allow_cpu_device || o.allow_cpu_device;
  lo.placement = {};
  if (requested == 0 && !want_auto && !want_all) return;

  const GpuChoice gpu = choose_gpu(o, lo.vulkan);
  if (!gpu.usable) {
    std::fprintf(stderr, "hearth: no GPU, running on the CPU: %s\n", gpu.why_not.c_str());
    return;
  }
  const DeviceId id{DeviceKind::Vulkan, gpu.info.index};
  const GgufFile file = unwrap(GgufFile::open(hearth::utf8_path(path)));
  const ModelHParams hp = unwrap(read_hparams(file));
  const int n_layer = int(hp.n_layer);
  int n_gpu = want_all ? n_layer + 1 : std::min(requested, n_layer + 1);
  if (want_auto) {
    MemoryRequest r = shape;
    r.repack_weights = lo.repack_weights;
    const uint64_t margin = uint64_t(std::max(o.margin_mib, 0)) << 20;
    const uint64_t budget = gpu.info.free_bytes > margin ? gpu.info.free_bytes - margin : 0;
    n_gpu = unwrap(most_gpu_layers_that_fit(file, r, id, budget));
    if (!quiet)
      std::fprintf(stderr, "hearth: -ngl auto: %d of %d layers%s fit %s (%s free, %s kept free)\n", std::min(n_gpu, n_layer),
                   n_layer, n_gpu > n_layer ? " and the output" : "", gpu.info.name.c_str(),
                   human_bytes(gpu.info.free_bytes).c_str(), human_bytes(margin).c_str());
    // What stays on the CPU must fit in system RAM too; say so with the numbers when it does not
    // (the weights are mapped, so the OS may still page them in, slowly).
    r.placement = n_gpu > 0 ? LayerPlacement::offload_last(n_layer, n_gpu, id) : LayerPlacement{};
    const MemoryEstimate est = unwrap(estimate_memory(file, r));
    const SystemMemory ram = query_system_memory();
    if (const DeviceMemory* cpu = est.find(kCpuDevice); cpu && ram.available > 0 && cpu->total() > ram.available)
      std::fprintf(stderr,
                   "hearth: warning: the layers left on the CPU need %s of system memory at this context "
                   "(%s weights, %s KV cache, %s scratch) but %s is available: choose a smaller context (-c) or "
                   "a smaller quantization\n",
                   human_bytes(cpu->total()).c_str(), human_bytes(cpu->weights).c_str(),
                   human_bytes(cpu->kv_cache).c_str(), human_bytes(cpu->scratch).c_str(),
                   human_bytes(ram.available).c_str());
  }
  if (n_gpu > 0) lo.placement = LayerPlacement::offload_last(n_layer, n_gpu, id);
}

std::shared_ptr<const Model> load_with_gpu_options(const std::string& path, const GpuCli& o, ModelLoadOptions lo,
                                                   const MemoryRequest& shape, bool quiet, const std::string* ngl_text) {
  resolve_gpu_placement(path, o, lo, shape, quiet, ngl_text);
  for (;;) {
    auto model = Model::load(hearth::utf8_path(path), lo);
    if (model) {
      if (!quiet) std::fprintf(stderr, "hearth: %s\n", placement_summary(*model.value()).c_str());
      return model.value();
    }
    // Another program may have taken the memory since the device reported it free.
    const LayerPlacement& p = lo.placement;
    const int n_gpu = p.layers.empty() ? 0 : p.layer_count() - p.layers_on(kCpuDevice) + (p.output != kCpuDevice ? 1 : 0);
    if (model.error().code == ErrorCode::DeviceLost && n_gpu > 0) {
      std::fprintf(stderr, "hearth: %s; running on the CPU\n", model.error().message.c_str());
      lo.placement = {};
      continue;
    }
    if (model.error().code != ErrorCode::OutOfMemory || n_gpu == 0) throw Exception(model.error());
    const int fewer = std::max(0, n_gpu - std::max(1, n_gpu / 4));
    std::fprintf(stderr, "hearth: %s; retrying with %d GPU layers\n", model.error().message.c_str(), fewer);
    const DeviceId gpu = p.output != kCpuDevice ? p.output : p.layers.back();
    lo.placement = fewer > 0 ? LayerPlacement::offload_last(p.layer_count(), fewer, gpu) : LayerPlacement{};
  }
}

}  // namespace hearth::cli
