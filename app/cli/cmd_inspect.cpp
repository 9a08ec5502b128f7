// hearth-cli inspect PATH [--json] [--full]: what a GGUF file, HF folder or safetensors file
// holds — summary, metadata (long arrays abbreviated unless --full) and the tensor table.
#include <cinttypes>
#include <fstream>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "hearth/base/utf8_path.h"
#include "hearth/io/gguf.h"
#include "hearth/io/hf_folder.h"
#include "hearth/io/model_summary.h"
#include "hearth/io/safetensors.h"

namespace hearth::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

constexpr size_t kArrayHead = 8;       // elements shown of a long array in text output
constexpr size_t kJsonArrayHead = 16;  // ... and in JSON output without --full
constexpr size_t kTextStringMax = 96;  // characters of a long string shown in text output

struct InspectOptions {
  std::string path;
  bool json = false;
  bool full = false;
};

std::string quote(const std::string& s, size_t max_chars) {
  std::string out = "\"";
  size_t shown = 0;
  for (char c : s) {
    if (shown >= max_chars) {
      out += "\"… (" + std::to_string(s.size()) + " bytes)";
      return out;
    }
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
    ++shown;
  }
  return out + "\"";
}

std::string scalar_text(const GgufValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, std::string>) {
          return quote(x, kTextStringMax);
        } else if constexpr (std::is_same_v<X, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<X, GgufArray>) {
          return "";
        } else if constexpr (std::is_floating_point_v<X>) {
          std::ostringstream os;
          os << x;
          return os.str();
        } else {
          return std::to_string(x);
        }
      },
      v.storage());
}

std::string array_text(const GgufArray& a, bool full) {
  std::string out = "[";
  const size_t n = a.size();
  const size_t shown = full ? n : std::min(n, kArrayHead);
  std::visit(
      [&](const auto& items) {
        using E = typename std::decay_t<decltype(items)>::value_type;
        for (size_t i = 0; i < shown; ++i) {
          if (i) out += ", ";
          if constexpr (std::is_same_v<E, std::string>) {
            out += quote(items[i], 40);
          } else if constexpr (std::is_same_v<E, GgufArray>) {
            out += array_text(items[i], full);
          } else if constexpr (std::is_floating_point_v<E>) {
            std::ostringstream os;
            os << items[i];
            out += os.str();
          } else {
            out += std::to_string(items[i]);
          }
        }
      },
      a.items);
  if (shown < n) out += ", … " + std::to_string(n - shown) + " more";
  return out + "]";
}

std::string type_text(const GgufValue& v) {
  if (const auto* a = v.as_array()) {
    return "arr[" + std::string(gguf_type_name(a->element_type())) + "," + std::to_string(a->size()) + "]";
  }
  return std::string(gguf_type_name(v.type()));
}

ordered_json array_json(const GgufArray& a, bool full);

ordered_json value_json(const GgufValue& v, bool full) {
  if (const auto* a = v.as_array()) return array_json(*a, full);
  ordered_json j;
  j["type"] = gguf_type_name(v.type());
  std::visit(
      [&](const auto& x) {
        using X = std::decay_t<decltype(x)>;
        if constexpr (!std::is_same_v<X, GgufArray>) j["value"] = x;
      },
      v.storage());
  return j;
}

ordered_json array_json(const GgufArray& a, bool full) {
  ordered_json j;
  j["type"] = "array";
  j["element_type"] = gguf_type_name(a.element_type());
  j["length"] = a.size();
  const size_t shown = full ? a.size() : std::min(a.size(), kJsonArrayHead);
  ordered_json values = ordered_json::array();
  std::visit(
      [&](const auto& items) {
        using E = typename std::decay_t<decltype(items)>::value_type;
        for (size_t i = 0; i < shown; ++i) {
          if constexpr (std::is_same_v<E, GgufArray>) {
            values.push_back(array_json(items[i], full));
          } else if constexpr (std::is_same_v<E, uint8_t>) {
            if (a.element_type() == GgufType::Bool) values.push_back(items[i] != 0);
            else values.push_back(items[i]);
          } else {
            values.push_back(items[i]);
          }
        }
      },
      a.items);
  j["values"] = std::move(values);
  j["truncated"] = shown < a.size();
  return j;
}

ordered_json summary_json(const ModelSummary& s) {
  ordered_json j;
  j["name"] = s.name;
  j["architecture"] = s.architecture;
  j["parameters"] = s.parameter_count;
  j["file_type"] = s.file_type;
  j["file_type_guessed"] = s.file_type_guessed;
  auto opt = [](const std::optional<int64_t>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); };
  j["context_length"] = opt(s.context_length);
  j["layers"] = opt(s.layer_count);
  j["embedding_length"] = opt(s.embedding_length);
  j["vocab_size"] = opt(s.vocab_size);
  j["tokenizer"] = s.tokenizer;
  j["tensor_count"] = s.tensor_count;
  j["tensor_bytes"] = s.tensor_bytes;
  j["tensor_types"] = s.tensor_types;
  return j;
}

void print_summary(const ModelSummary& s) {
  auto opt = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string("unknown"); };
  std::printf("  %-16s %s\n", "name", s.name.c_str());
  std::printf("  %-16s %s\n", "architecture", s.architecture.empty() ? "unknown" : s.architecture.c_str());
  std::printf("  %-16s %s (%" PRIu64 ")\n", "parameters", human_count(s.parameter_count).c_str(), s.parameter_count);
  std::printf("  %-16s %s%s\n", "file type", s.file_type.c_str(), s.file_type_guessed ? " (guessed)" : "");
  std::printf("  %-16s %s\n", "context length", opt(s.context_length).c_str());
  std::printf("  %-16s %s\n", "layers", opt(s.layer_count).c_str());
  std::printf("  %-16s %s\n", "embedding", opt(s.embedding_length).c_str());
  std::printf("  %-16s %s (tokenizer: %s)\n", "vocabulary", opt(s.vocab_size).c_str(),
              s.tokenizer.empty() ? "none" : s.tokenizer.c_str());
  std::printf("  %-16s %" PRIu64 " (%s)\n", "tensors", s.tensor_count, human_bytes(s.tensor_bytes).c_str());
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

int inspect_gguf(const fs::path& path, const InspectOptions& opt) {
  const GgufFile file = unwrap(GgufFile::open(path));
  const ModelSummary s = summarize(file);
  if (opt.json) {
    ordered_json j;
    j["path"] = hearth::path_utf8(path);
    j["format"] = "gguf";
    j["version"] = file.version();
    j["file_size"] = file.file_size();
    if (file.shard_count() > 1) {
      nlohmann::ordered_json shards = nlohmann::ordered_json::array();
      for (const auto& p : file.shard_paths()) shards.push_back(p.filename().string());
      j["shards"] = shards;
      j["total_file_size"] = file.total_file_size();
    }
    j["alignment"] = file.alignment();
    j["data_offset"] = file.data_offset();
    j["summary"] = summary_json(s);
    ordered_json md = ordered_json::object();
    for (const auto& [key, value] : file.metadata().entries()) md[key] = value_json(value, opt.full);
    j["metadata"] = std::move(md);
    ordered_json tensors = ordered_json::array();
    for (const auto& t : file.tensors()) {
      tensors.push_back({{"name", t.name},
                         {"type", tensor_type_name(t.type)},
                         {"shape", t.shape},
                         {"bytes", t.size_bytes},
                         {"offset", t.offset},
                         {"file_offset", file.data_offset() + t.offset}});
    }
    j["tensors"] = std::move(tensors);
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("%s: GGUF v%u, %" PRIu64 " bytes, alignment %u\n", hearth::path_utf8(path).c_str(), file.version(),
              file.file_size(), file.alignment());
  if (file.shard_count() > 1)
    std::printf("split model: %zu shards, %" PRIu64 " bytes in all (tensor offsets are within each shard)\n",
                file.shard_count(), file.total_file_size());
  print_summary(s);
  std::printf("\nmetadata (%zu keys):\n", file.metadata().size());
  for (const auto& [key, value] : file.metadata().entries()) {
    const std::string text = value.as_array() ? array_text(*value.as_array(), opt.full) : scalar_text(value);
    std::printf("  %-44s %-16s %s\n", key.c_str(), type_text(value).c_str(), text.c_str());
  }
  std::printf("\ntensors (%zu):\n", file.tensors().size());
  std::printf("  %-5s %-40s %-8s %-24s %12s %12s\n", "#", "name", "type", "shape", "bytes", "offset");
  for (size_t i = 0; i < file.tensors().size(); ++i) {
    const auto& t = file.tensors()[i];
    std::printf("  %-5zu %-40s %-8s %-24s %12" PRIu64 " %12" PRIu64 "\n", i, t.name.c_str(),
                std::string(tensor_type_name(t.type)).c_str(), shape_text(t.shape).c_str(), t.size_bytes,
                file.data_offset() + t.offset);
  }
  return 0;
}

ordered_json safetensors_tensor_json(const SafetensorsTensor& t, const std::string& file) {
  return {{"name", t.name},
          {"dtype", safetensors_dtype_name(t.dtype)},
          {"shape", t.shape},
          {"bytes", t.size_bytes()},
          {"offset", t.data_begin},
          {"file", file}};
}

void print_safetensors_table(const std::vector<std::pair<const SafetensorsTensor*, std::string>>& rows) {
  std::printf("  %-5s %-48s %-6s %-24s %12s %12s  %s\n", "#", "name", "dtype", "shape", "bytes", "offset", "file");
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& t = *rows[i].first;
    std::printf("  %-5zu %-48s %-6s %-24s %12" PRIu64 " %12" PRIu64 "  %s\n", i, t.name.c_str(),
                std::string(safetensors_dtype_name(t.dtype)).c_str(), shape_text(t.shape).c_str(), t.size_bytes(),
                t.data_begin, rows[i].second.c_str());
  }
}

int inspect_hf_folder(const fs::path& path, const InspectOptions& opt) {
  const HfModelFolder folder = unwrap(HfModelFolder::open(path));
  const ModelSummary s = summarize(folder);
  std::vector<std::pair<const SafetensorsTensor*, std::string>> rows;
  for (const auto& r : folder.tensors()) rows.emplace_back(r.tensor, hearth::path_utf8(hearth::utf8_path(r.shard->name()).filename()));
  std::vector<std::string> files;
  for (const char* f : {"config.json", "generation_config.json", "tokenizer.json", "tokenizer.model",
                        "tokenizer_config.json", "qwen.tiktoken", "model.safetensors.index.json"}) {
    if (fs::exists(path / f)) files.push_back(f);
  }
  if (opt.json) {
    ordered_json j;
    j["path"] = hearth::path_utf8(path);
    j["format"] = "huggingface";
    j["summary"] = summary_json(s);
    j["files"] = files;
    ordered_json shards = ordered_json::array();
    for (const auto& p : folder.shard_paths()) shards.push_back(hearth::path_utf8(p.filename()));
    j["shards"] = shards;
    j["config"] = ordered_json::parse(folder.config().dump());
    const bool has_template = folder.tokenizer_config() && folder.tokenizer_config()->contains("chat_template");
    j["chat_template"] = has_template;
    ordered_json tensors = ordered_json::array();
    for (const auto& [t, file] : rows) tensors.push_back(safetensors_tensor_json(*t, file));
    j["tensors"] = std::move(tensors);
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("%s: Hugging Face model folder, %zu shard(s)\n", hearth::path_utf8(path).c_str(), folder.shard_paths().size());
  print_summary(s);
  std::printf("  %-16s", "files");
  for (const auto& f : files) std::printf(" %s", f.c_str());
  std::printf("\n\nconfig.json:\n");
  for (auto it = folder.config().begin(); it != folder.config().end(); ++it) {
    std::string v = it.value().dump();
    if (!opt.full && v.size() > kTextStringMax) v = v.substr(0, kTextStringMax) + "…";
    std::printf("  %-44s %s\n", it.key().c_str(), v.c_str());
  }
  std::printf("\ntensors (%zu):\n", rows.size());
  print_safetensors_table(rows);
  return 0;
}

int inspect_safetensors(const fs::path& path, const InspectOptions& opt) {
  const SafetensorsFile file = unwrap(SafetensorsFile::open(path));
  std::vector<std::pair<const SafetensorsTensor*, std::string>> rows;
  uint64_t params = 0, bytes = 0;
  for (const auto& t : file.tensors()) {
    rows.emplace_back(&t, hearth::path_utf8(path.filename()));
    params += uint64_t(t.element_count());
    bytes += t.size_bytes();
  }
  if (opt.json) {
    ordered_json j;
    j["path"] = hearth::path_utf8(path);
    j["format"] = "safetensors";
    j["parameters"] = params;
    j["tensor_bytes"] = bytes;
    j["metadata"] = file.metadata();
    ordered_json tensors = ordered_json::array();
    for (const auto& [t, f] : rows) tensors.push_back(safetensors_tensor_json(*t, f));
    j["tensors"] = std::move(tensors);
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("%s: safetensors, %zu tensors, %s parameters, %s\n", hearth::path_utf8(path).c_str(), rows.size(),
              human_count(params).c_str(), human_bytes(bytes).c_str());
  for (const auto& [k, v] : file.metadata()) std::printf("  %-44s %s\n", k.c_str(), quote(v, kTextStringMax).c_str());
  print_safetensors_table(rows);
  return 0;
}

bool starts_with_gguf_magic(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);  // the path overload opens UTF-16 names on Windows
  char magic[4] = {};
  f.read(magic, 4);
  return f.gcount() == 4 && std::string_view(magic, 4) == "GGUF";
}

int inspect(const InspectOptions& opt) {
  const fs::path path = hearth::utf8_path(opt.path);
  std::error_code ec;
  if (!fs::exists(path, ec)) fail(ErrorCode::NotFound, opt.path + ": no such file or folder");
  if (fs::is_directory(path, ec)) return inspect_hf_folder(path, opt);
  if (path.extension() == ".safetensors") return inspect_safetensors(path, opt);
  if (path.extension() == ".gguf" || starts_with_gguf_magic(path)) return inspect_gguf(path, opt);
  fail(ErrorCode::Format, opt.path + ": not a GGUF file, safetensors file or Hugging Face model folder");
}

void register_inspect(CLI::App& app, CommandFn& run) {
  auto opt = std::make_shared<InspectOptions>();
  CLI::App* cmd = app.add_subcommand("inspect", "Show what a GGUF file or Hugging Face model folder holds");
  cmd->add_option("path", opt->path, "GGUF file, safetensors file or Hugging Face model folder")->required();
  cmd->add_flag("--json", opt->json, "Print one JSON document (stable for scripts)");
  cmd->add_flag("--full", opt->full, "Print long arrays and strings whole instead of abbreviated");
  cmd->callback([&run, opt] { run = [opt] { return inspect(*opt); }; });
}

const CommandRegistration kRegistration{"inspect", 10, register_inspect};

}  // namespace
}  // namespace hearth::cli
