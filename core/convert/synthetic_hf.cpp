#include "hearth/convert/synthetic_hf.h"
#include "hearth/base/utf8_path.h"

#include <cmath>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "convert/vocab_export.h"
#include "hearth/base/half.h"
#include "hearth/io/output_file.h"

namespace hearth {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// splitmix64: tiny, fast, and the same on every platform.
struct Rng {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  float uniform() { return float(next() >> 40) * (1.0f / 16777216.0f) * 2.0f - 1.0f; }  // [-1, 1)
};

struct SynthTensor {
  std::string name;
  std::vector<int64_t> shape;  // PyTorch order
  float center = 0.0f;         // norms sit around 1
  float spread = 0.035f;       // uniform half-width (std ~0.02)
};

std::vector<SynthTensor> tensor_list(const SyntheticHfSpec& s) {
  const int64_t hd = s.head_dim ? s.head_dim : s.hidden / s.heads;
  std::vector<SynthTensor> t;
  t.push_back({"model.embed_tokens.weight", {s.vocab, s.hidden}});
  for (int64_t i = 0; i < s.layers; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    t.push_back({p + "input_layernorm.weight", {s.hidden}, 1.0f, 0.1f});
    t.push_back({p + "self_attn.q_proj.weight", {s.heads * hd, s.hidden}});
    t.push_back({p + "self_attn.k_proj.weight", {s.kv_heads * hd, s.hidden}});
    t.push_back({p + "self_attn.v_proj.weight", {s.kv_heads * hd, s.hidden}});
    if (s.architecture == "qwen2") {
      t.push_back({p + "self_attn.q_proj.bias", {s.heads * hd}});
      t.push_back({p + "self_attn.k_proj.bias", {s.kv_heads * hd}});
      t.push_back({p + "self_attn.v_proj.bias", {s.kv_heads * hd}});
    }
    t.push_back({p + "self_attn.o_proj.weight", {s.hidden, s.heads * hd}});
    t.push_back({p + "post_attention_layernorm.weight", {s.hidden}, 1.0f, 0.1f});
    t.push_back({p + "mlp.gate_proj.weight", {s.ffn, s.hidden}});
    t.push_back({p + "mlp.up_proj.weight", {s.ffn, s.hidden}});
    t.push_back({p + "mlp.down_proj.weight", {s.hidden, s.ffn}});
  }
  t.push_back({"model.norm.weight", {s.hidden}, 1.0f, 0.1f});
  if (!s.tied_embeddings) t.push_back({"lm_head.weight", {s.vocab, s.hidden}});
  return t;
}

json config_json(const SyntheticHfSpec& s) {
  static const std::map<std::string, std::pair<const char*, const char*>> names = {
      {"llama", {"LlamaForCausalLM", "llama"}}, {"qwen2", {"Qwen2ForCausalLM", "qwen2"}}};
  const auto it = names.find(s.architecture);
  if (it == names.end()) fail(ErrorCode::InvalidArgument, "synthetic models can be llama or qwen2, not " + s.architecture);
  json c;
  c["architectures"] = {it->second.first};
  c["model_type"] = it->second.second;
  c["hidden_size"] = s.hidden;
  c["intermediate_size"] = s.ffn;
  c["num_hidden_layers"] = s.layers;
  c["num_attention_heads"] = s.heads;
  c["num_key_value_heads"] = s.kv_heads;
  if (s.head_dim) c["head_dim"] = s.head_dim;
  c["vocab_size"] = s.vocab;
  c["max_position_embeddings"] = s.context;
  c["rms_norm_eps"] = 1e-5;
  c["rope_theta"] = s.architecture == "qwen2" ? 1000000.0 : 10000.0;
  c["tie_word_embeddings"] = s.tied_embeddings;
  c["hidden_act"] = "silu";
  c["bos_token_id"] = s.vocab - 2;
  c["eos_token_id"] = s.vocab - 1;
  c["torch_dtype"] = s.dtype == SafetensorsDtype::F32 ? "float32" : s.dtype == SafetensorsDtype::F16 ? "float16" : "bfloat16";
  return c;
}

// A byte-level BPE vocabulary: 256 byte tokens, two-letter merges, two special tokens at the end.
std::pair<json, json> tokenizer_json(const SyntheticHfSpec& s) {
  const auto& alphabet = convert::byte_level_alphabet();
  json vocab = json::object();
  int64_t id = 0;
  for (int b = 0; b < 256; ++b) vocab[alphabet[size_t(b)]] = id++;
  json merges = json::array();
  for (char a = 'a'; a <= 'z'; ++a) {
    for (char b = 'a'; b <= 'z'; ++b) {
      if (id >= s.vocab - 2) break;
      merges.push_back(std::string(1, a) + " " + std::string(1, b));
      vocab[std::string{a, b}] = id++;
    }
  }
  json tj;
  tj["version"] = "1.0";
  tj["added_tokens"] = json::array({
      {{"id", s.vocab - 2}, {"content", "<|begin_of_text|>"}, {"special", true}, {"normalized", false}},
      {{"id", s.vocab - 1}, {"content", "<|end_of_text|>"}, {"special", true}, {"normalized", false}},
  });
  tj["normalizer"] = nullptr;
  tj["pre_tokenizer"] = {
      {"type", "Sequence"},
      {"pretokenizers",
       json::array({{{"type", "Split"},
                     {"pattern",
                      {{"Regex",
                        "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|"
                        "\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}}},
                     {"behavior", "Isolated"},
                     {"invert", false}},
                    {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}}})}};
  tj["decoder"] = {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}};
  tj["model"] = {{"type", "BPE"}, {"ignore_merges", true}, {"byte_fallback", false}, {"vocab", vocab}, {"merges", merges}};
  json tc;
  tc["bos_token"] = "<|begin_of_text|>";
  tc["eos_token"] = "<|end_of_text|>";
  tc["tokenizer_class"] = "PreTrainedTokenizerFast";
  return {tj, tc};
}

void write_text(const fs::path& path, const std::string& text) {
  AtomicOutputFile out(path);
  out.write(text.data(), text.size());
  out.commit();
}

}  // namespace

std::optional<SyntheticHfSpec> synthetic_hf_preset(std::string_view name) {
  SyntheticHfSpec s;
  if (name == "tiny") return s;
  if (name == "tinyllama-1.1b") {
    s.hidden = 2048, s.ffn = 5632, s.layers = 22, s.heads = 32, s.kv_heads = 4, s.vocab = 32000;
    return s;
  }
  if (name == "llama-3.2-1b") {
    s.hidden = 2048, s.ffn = 8192, s.layers = 16, s.heads = 32, s.kv_heads = 8, s.vocab = 128256;
    s.tied_embeddings = true;
    return s;
  }
  if (name == "qwen2.5-0.5b") {
    s.architecture = "qwen2";
    s.hidden = 896, s.ffn = 4864, s.layers = 24, s.heads = 14, s.kv_heads = 2, s.vocab = 151936;
    s.tied_embeddings = true;
    return s;
  }
  return std::nullopt;
}

std::vector<std::string> synthetic_hf_preset_names() { return {"tiny", "tinyllama-1.1b", "llama-3.2-1b", "qwen2.5-0.5b"}; }

Status write_synthetic_hf_folder(const SyntheticHfSpec& spec, const fs::path& folder, const ProgressFn& progress,
                                 const CancelToken& cancel) {
  return capture_errors([&] {
    if (spec.hidden <= 0 || spec.ffn <= 0 || spec.layers <= 0 || spec.heads <= 0 || spec.kv_heads <= 0 ||
        spec.vocab < 258 || spec.heads % spec.kv_heads != 0 || spec.shards < 1) {
      fail(ErrorCode::InvalidArgument, "synthetic model: inconsistent dimensions");
    }
    if (spec.dtype != SafetensorsDtype::F32 && spec.dtype != SafetensorsDtype::F16 && spec.dtype != SafetensorsDtype::BF16) {
      fail(ErrorCode::InvalidArgument, "synthetic model: dtype must be F32, F16 or BF16");
    }
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) fail(ErrorCode::Io, hearth::path_utf8(folder) + ": cannot create the folder (" + ec.message() + ")");
    write_text(folder / "config.json", config_json(spec).dump(2) + "\n");
    const auto [tj, tc] = tokenizer_json(spec);
    write_text(folder / "tokenizer.json", tj.dump(1) + "\n");
    write_text(folder / "tokenizer_config.json", tc.dump(2) + "\n");

    const auto tensors = tensor_list(spec);
    const uint32_t elem = safetensors_dtype_bytes(spec.dtype);
    // Split the tensor list into `shards` runs of similar size.
    uint64_t total = 0;
    for (const auto& t : tensors) {
      int64_t n = 1;
      for (auto d : t.shape) n *= d;
      total += uint64_t(n) * elem;
    }
    const int shards = std::min<int>(spec.shards, static_cast<int>(tensors.size()));
    std::vector<std::vector<size_t>> shard_tensors(static_cast<size_t>(shards));
    {
      uint64_t acc = 0;
      for (size_t i = 0; i < tensors.size(); ++i) {
        int64_t n = 1;
        for (auto d : tensors[i].shape) n *= d;
        size_t s = std::min<size_t>(size_t(shards) - 1, size_t(acc * uint64_t(shards) / std::max<uint64_t>(total, 1)));
        shard_tensors[s].push_back(i);
        acc += uint64_t(n) * elem;
      }
    }
    Rng rng{spec.seed * 0x2545f4914f6cdd1dull + 1};
    json weight_map = json::object();
    ProgressInfo info;
    info.item_count = tensors.size();
    info.bytes_total = total;
    const std::string dtype_name(safetensors_dtype_name(spec.dtype));
    for (int s = 0; s < shards; ++s) {
      char shard_name[64];
      std::snprintf(shard_name, sizeof shard_name, "model-%05d-of-%05d.safetensors", s + 1, shards);
      const std::string file = shards == 1 ? "model.safetensors" : shard_name;
      json header = json::object();
      uint64_t offset = 0;
      for (size_t i : shard_tensors[size_t(s)]) {
        int64_t n = 1;
        for (auto d : tensors[i].shape) n *= d;
        header[tensors[i].name] = {{"dtype", dtype_name}, {"shape", tensors[i].shape},
                                   {"data_offsets", {offset, offset + uint64_t(n) * elem}}};
        offset += uint64_t(n) * elem;
        weight_map[tensors[i].name] = file;
      }
      header["__metadata__"] = {{"format", "pt"}};
      std::string text = header.dump();
      while (text.size() % 8) text += ' ';
      AtomicOutputFile out(folder / file);
      const uint64_t len = text.size();
      out.write(&len, 8);
      out.write(text.data(), text.size());
      std::vector<std::byte> buf;
      for (size_t i : shard_tensors[size_t(s)]) {
        const auto& t = tensors[i];
        int64_t n = 1;
        for (auto d : t.shape) n *= d;
        info.item = i;
        info.label = t.name;
        if (progress) progress(info);
        for (int64_t done = 0; done < n;) {
          if (cancel.cancelled()) fail(ErrorCode::Cancelled, "cancelled");
          const int64_t count = std::min<int64_t>(n - done, int64_t(1) << 20);
          buf.resize(size_t(count) * elem);
          for (int64_t k = 0; k < count; ++k) {
            const float v = t.center + t.spread * rng.uniform();
            std::byte* p = buf.data() + size_t(k) * elem;
            if (spec.dtype == SafetensorsDtype::F32) {
              std::memcpy(p, &v, 4);
            } else {
              const uint16_t h = spec.dtype == SafetensorsDtype::F16 ? f32_to_f16(v) : f32_to_bf16(v);
              std::memcpy(p, &h, 2);
            }
          }
          out.write(buf);
          done += count;
          info.bytes_done += uint64_t(count) * elem;
        }
      }
      out.commit();
    }
    if (shards > 1) {
      json index = {{"metadata", {{"total_size", total}}}, {"weight_map", weight_map}};
      write_text(folder / "model.safetensors.index.json", index.dump(2) + "\n");
    }
  });
}

}  // namespace hearth
