#include "hearth/io/hf_folder.h"
#include "hearth/base/utf8_path.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "hearth/base/text.h"

namespace hearth {

namespace fs = std::filesystem;

Result<nlohmann::json> read_json_file(const fs::path& path) {
  return capture_errors([&]() -> nlohmann::json {
    auto map = MappedFile::open(path);
    if (!map) throw Exception(map.error());
    const auto bytes = map->bytes();
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    try {
      return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      // Turn the byte position into a line number: users open these files in an editor.
      const size_t at = std::min<size_t>(e.byte, text.size());
      const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), '\n');
      fail(ErrorCode::Format, hearth::path_utf8(path) + ": invalid JSON at line " + std::to_string(line) + " (byte " +
                                  std::to_string(e.byte) + ")");
    }
  });
}

HfModelFolder::HfModelFolder() = default;
HfModelFolder::~HfModelFolder() = default;
HfModelFolder::HfModelFolder(HfModelFolder&&) noexcept = default;
HfModelFolder& HfModelFolder::operator=(HfModelFolder&&) noexcept = default;

bool HfModelFolder::looks_like_model_folder(const fs::path& folder) {
  std::error_code ec;
  return fs::is_directory(folder, ec) && fs::is_regular_file(folder / "config.json", ec);
}

namespace {

std::unique_ptr<nlohmann::json> read_optional_json(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return nullptr;
  auto parsed = read_json_file(path);
  if (!parsed) throw Exception(parsed.error());
  return std::make_unique<nlohmann::json>(std::move(parsed.value()));
}

// A shard name from the index must be a plain file name inside the folder.
bool is_plain_file_name(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  return name.find('/') == std::string::npos && name.find('\\') == std::string::npos &&
         name.find(':') == std::string::npos;
}

}  // namespace

Result<HfModelFolder> HfModelFolder::open(const fs::path& folder) {
  return capture_errors([&]() -> HfModelFolder {
    HfModelFolder m;
    m.folder_ = folder;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) fail(ErrorCode::NotFound, hearth::path_utf8(folder) + ": not a folder");
    const fs::path config_path = folder / "config.json";
    if (!fs::exists(config_path, ec)) {
      fail(ErrorCode::NotFound, hearth::path_utf8(folder) + ": no config.json, so this is not a Hugging Face model folder");
    }
    auto config = read_json_file(config_path);
    if (!config) throw Exception(config.error());
    if (!config->is_object()) fail(ErrorCode::Format, hearth::path_utf8(config_path) + ": not a JSON object");
    m.config_ = std::make_unique<nlohmann::json>(std::move(config.value()));
    m.generation_config_ = read_optional_json(folder / "generation_config.json");
    m.tokenizer_config_ = read_optional_json(folder / "tokenizer_config.json");

    // Which shards hold the weights.
    const fs::path index_path = folder / "model.safetensors.index.json";
    std::unordered_map<std::string, std::string> weight_map;  // tensor -> shard file name
    if (fs::exists(index_path, ec)) {
      auto index = read_json_file(index_path);
      if (!index) throw Exception(index.error());
      const auto wm = index->find("weight_map");
      if (!index->is_object() || wm == index->end() || !wm->is_object()) {
        fail(ErrorCode::Format, hearth::path_utf8(index_path) + ": has no \"weight_map\" object");
      }
      std::set<std::string> shard_names;
      for (auto it = wm->begin(); it != wm->end(); ++it) {
        if (!it.value().is_string()) fail(ErrorCode::Format, hearth::path_utf8(index_path) + ": weight_map entry " + quoted_name(it.key()) + " is not a file name");
        const std::string shard = it.value().get<std::string>();
        if (!is_plain_file_name(shard)) {
          fail(ErrorCode::Format, hearth::path_utf8(index_path) + ": shard name " + quoted_name(shard) + " is not a file in the model folder");
        }
        weight_map.emplace(it.key(), shard);
        shard_names.insert(shard);
      }
      for (const auto& name : shard_names) {
        const fs::path p = folder / name;
        if (!fs::exists(p, ec)) {
          fail(ErrorCode::NotFound, hearth::path_utf8(folder) + ": shard " + name +
                                        " listed in model.safetensors.index.json is missing");
        }
        m.shard_paths_.push_back(p);
      }
    } else if (fs::exists(folder / "model.safetensors", ec)) {
      m.shard_paths_.push_back(folder / "model.safetensors");
    } else {
      for (const auto& e : fs::directory_iterator(folder, ec))
        if (e.path().extension() == ".safetensors") m.shard_paths_.push_back(e.path());
      std::sort(m.shard_paths_.begin(), m.shard_paths_.end());
      if (m.shard_paths_.empty()) {
        const bool has_bin = fs::exists(folder / "pytorch_model.bin", ec) ||
                             fs::exists(folder / "pytorch_model.bin.index.json", ec);
        fail(ErrorCode::NotFound,
             hearth::path_utf8(folder) + ": no *.safetensors weights found" +
                 (has_bin ? " (PyTorch .bin checkpoints are not supported: download the safetensors version)" : ""));
      }
    }

    std::unordered_map<std::string, size_t> seen;  // tensor name -> shard index
    for (size_t s = 0; s < m.shard_paths_.size(); ++s) {
      auto shard = SafetensorsFile::open(m.shard_paths_[s]);
      if (!shard) throw Exception(shard.error());
      m.shards_.push_back(std::make_unique<SafetensorsFile>(std::move(shard.value())));
      const SafetensorsFile* f = m.shards_.back().get();
      for (const auto& t : f->tensors()) {
        if (auto [it, fresh] = seen.emplace(t.name, s); !fresh) {
          fail(ErrorCode::Format, hearth::path_utf8(folder) + ": tensor " + quoted_name(t.name) + " appears in both " +
                                      hearth::path_utf8(m.shard_paths_[it->second].filename()) + " and " +
                                      hearth::path_utf8(m.shard_paths_[s].filename()));
        }
        m.tensors_.push_back({f, &t});
      }
    }
    for (const auto& [tensor, shard] : weight_map) {
      auto it = seen.find(tensor);
      if (it == seen.end() || m.shard_paths_[it->second].filename() != shard) {
        fail(ErrorCode::Format, hearth::path_utf8(folder) + ": model.safetensors.index.json places " + quoted_name(tensor) + " in " + quoted_name(shard) +
                                    ", but that shard does not contain it");
      }
    }
    return m;
  });
}

Result<const nlohmann::json*> HfModelFolder::tokenizer_json() const {
  if (tokenizer_json_) return tokenizer_json_.get();
  const auto path = tokenizer_json_path();
  if (!path) return Error{ErrorCode::NotFound, hearth::path_utf8(folder_) + ": no tokenizer.json"};
  auto parsed = read_json_file(*path);
  if (!parsed) return parsed.error();
  tokenizer_json_ = std::make_unique<nlohmann::json>(std::move(parsed.value()));
  return tokenizer_json_.get();
}

namespace {
std::optional<fs::path> existing(const fs::path& p) {
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return p;
  return std::nullopt;
}
}  // namespace

std::optional<fs::path> HfModelFolder::tokenizer_json_path() const { return existing(folder_ / "tokenizer.json"); }
std::optional<fs::path> HfModelFolder::tokenizer_model_path() const { return existing(folder_ / "tokenizer.model"); }
std::optional<fs::path> HfModelFolder::tiktoken_path() const { return existing(folder_ / "qwen.tiktoken"); }

std::string HfModelFolder::architecture() const {
  const auto it = config_->find("architectures");
  if (it != config_->end() && it->is_array() && !it->empty() && (*it)[0].is_string()) return (*it)[0].get<std::string>();
  return "";
}

std::optional<HfTensorRef> HfModelFolder::find(std::string_view name) const {
  for (const auto& shard : shards_)
    if (const auto* t = shard->find(name)) return HfTensorRef{shard.get(), t};
  return std::nullopt;
}

uint64_t HfModelFolder::weight_bytes() const {
  uint64_t n = 0;
  for (const auto& r : tensors_) n += r.tensor->size_bytes();
  return n;
}

}  // namespace hearth
