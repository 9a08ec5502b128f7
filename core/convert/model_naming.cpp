#include "convert/model_naming.h"
#include "hearth/base/utf8_path.h"

#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

#include "hearth/io/mapped_file.h"

namespace hearth::convert {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

bool is_lower_word(const std::string& w) {  // Python str.islower() for ASCII
  bool cased = false;
  for (unsigned char c : w) {
    if (std::isupper(c)) return false;
    if (std::islower(c)) cased = true;
  }
  return cased;
}

std::string python_title(const std::string& w) {  // Python str.title() for ASCII
  std::string out = w;
  bool prev_cased = false;
  for (char& c : out) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalpha(u)) {
      c = static_cast<char>(prev_cased ? std::tolower(u) : std::toupper(u));
      prev_cased = true;
    } else {
      prev_cased = false;
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

// gguf-py Metadata.id_to_title: title-case lower-case words except versions and numbers.
std::string id_to_title(const std::string& id) {
  std::string s = id;
  for (char& c : s)
    if (c == '-') c = ' ';
  static const std::regex keep(R"(^(v\d+(?:\.\d+)*|\d.*))");
  std::vector<std::string> words;
  std::string word;
  for (char c : s + " ") {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::exchange(word, {}));
    } else {
      word += c;
    }
  }
  for (auto& w : words)
    if (is_lower_word(w) && !std::regex_search(w, keep)) w = python_title(w);
  return join(words, " ");
}

struct IdComponents {
  std::optional<std::string> full_name, org, basename, finetune, version, size_label;
};

// gguf-py Metadata.get_model_id_components: splits "org/Name-7B-Instruct-v0.2" into parts.
IdComponents model_id_components(const std::optional<std::string>& model_id, int64_t total_params) {
  IdComponents r;
  if (!model_id) return r;
  if (model_id->find(' ') != std::string::npos) {
    r.full_name = *model_id;
    return r;
  }
  std::string full = *model_id;
  if (const auto slash = model_id->find('/'); slash != std::string::npos) {
    r.org = model_id->substr(0, slash);
    full = model_id->substr(slash + 1);
  }
  if (r.org && !r.org->empty() && (*r.org)[0] == '.') r.org.reset();
  r.full_name = full;

  std::vector<std::string> parts;
  for (auto& p : split(full, '-'))
    if (!p.empty()) parts.push_back(p);
  std::vector<std::set<std::string>> types(parts.size());
  static const auto icase = std::regex::ECMAScript | std::regex::icase;
  static const std::regex version_re(R"((v|iter)?\d+([.]\d+)*)", icase);
  static const std::regex type_re(R"(i?q\d(_\w)*|b?fp?(16|32))", icase);
  static const std::regex size_re(R"((([A]|\d+[x])?\d+([._]\d+)?[KMBT][\d]?|small|mini|medium|large|x?xl))", icase);
  static const std::regex finetune_re(R"(chat|instruct|vision|lora)", icase);
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string& part = parts[i];
    if (std::regex_match(part, version_re)) {
      types[i].insert("version");
    } else if (std::regex_match(part, type_re)) {
      types[i].insert("type");
      for (char& c : part) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (i > 0 && std::regex_match(part, size_re)) {
      for (char& c : part)
        if (c == '_') c = '.';
      if (std::isdigit(static_cast<unsigned char>(part.back())) && part.size() >= 2) {  // bloom-7b1 -> 7.1B
        part = part.substr(0, part.size() - 2) + "." + part.back() + part[part.size() - 2];
      }
      if (part.size() > 1 && std::isdigit(static_cast<unsigned char>(part[part.size() - 2])) &&
          std::string_view("kmbt").find(part.back()) != std::string_view::npos) {
        part.back() = static_cast<char>(std::toupper(static_cast<unsigned char>(part.back())));
      }
      if (total_params != 0) {
        // Only a size when it is close to the real parameter count; else likely a context length.
        const std::string number = part.substr(0, part.size() - 1);
        char* end = nullptr;
        const double value = std::strtod(number.c_str(), &end);
        const bool parsed = !number.empty() && end == number.c_str() + number.size() &&
                            number.find_first_not_of("0123456789.+-eE") == std::string::npos;
        if (parsed) {
          const auto scale_at = std::string_view(" KMBT").find(part.back());
          const double scale = scale_at == std::string_view::npos ? 0.001 : std::pow(1000.0, double(scale_at));
          const double label = value * scale;
          if (total_params > 0 && std::fabs(label - double(total_params)) > double(7 * total_params / 8)) {
            types[i].insert("finetune");
            part.back() = static_cast<char>(std::tolower(static_cast<unsigned char>(part.back())));
          }
        }
      }
      if (types[i].empty()) types[i].insert("size_label");
    } else if (i > 0 && std::regex_match(part, finetune_re)) {
      types[i].insert("finetune");
    }
  }
  // Word sizes ("small") give way to numeric ones.
  bool numeric_size = false;
  for (size_t i = 0; i < parts.size(); ++i)
    if (types[i].count("size_label"))
      for (char c : parts[i])
        if (std::isdigit(static_cast<unsigned char>(c))) numeric_size = true;
  if (numeric_size) {
    for (size_t i = 0; i < parts.size(); ++i) {
      if (!types[i].count("size_label")) continue;
      bool all_alpha = true;
      for (char c : parts[i])
        if (!std::isalpha(static_cast<unsigned char>(c))) all_alpha = false;
      if (all_alpha) types[i].erase("size_label");
    }
  }
  bool at_start = true;
  for (size_t i = 0; i < parts.size(); ++i) {
    auto& t = types[i];
    if (at_start && ((t.empty() && std::isalpha(static_cast<unsigned char>(parts[i][0]))) || t.count("version"))) {
      t.insert("basename");
    } else {
      at_start = false;
      if (t.empty()) t.insert("finetune");
    }
  }
  for (size_t i = parts.size(); i-- > 0;) {
    if (types[i].count("basename") && types[i].size() > 1) {
      types[i].erase("basename");
    } else {
      break;
    }
  }
  auto collect = [&](const char* kind, bool unique, const char* exclude = nullptr) -> std::optional<std::string> {
    std::vector<std::string> picked;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (!types[i].count(kind) || (exclude && types[i].count(exclude))) continue;
      if (unique && std::find(picked.begin(), picked.end(), parts[i]) != picked.end()) continue;
      picked.push_back(parts[i]);
    }
    if (picked.empty()) return std::nullopt;
    return join(picked, "-");
  };
  r.basename = collect("basename", false);
  r.size_label = collect("size_label", true);
  r.finetune = collect("finetune", false);
  r.version = collect("version", false, "basename");
  if (!r.size_label && !r.finetune && !r.version) r.basename.reset();
  return r;
}

// ---- README.md front matter (a YAML subset: scalars, flow lists, block lists) --------------

std::string unquote(std::string s) {
  auto trim = [](std::string& x) {
    while (!x.empty() && std::isspace(static_cast<unsigned char>(x.back()))) x.pop_back();
    size_t i = 0;
    while (i < x.size() && std::isspace(static_cast<unsigned char>(x[i]))) ++i;
    x.erase(0, i);
  };
  trim(s);
  if (s.size() >= 2 && ((s.front() == '"' && s.back() == '"') || (s.front() == '\'' && s.back() == '\''))) {
    s = s.substr(1, s.size() - 2);
  } else if (const auto hash = s.find(" #"); hash != std::string::npos) {
    s.erase(hash);
    trim(s);
  }
  return s;
}

json read_model_card(const fs::path& folder) {
  const fs::path path = folder / "README.md";
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return json::object();
  auto map = MappedFile::open(path);
  if (!map) return json::object();
  std::string_view text(reinterpret_cast<const char*>(map->bytes().data()), map->size());
  if (text.substr(0, 4) != "---\n") return json::object();
  text.remove_prefix(4);
  const auto end = text.find("---\n");
  if (end == std::string_view::npos) return json::object();
  text = text.substr(0, end);
  json card = json::object();
  std::string list_key;  // key whose block list ("- item") lines follow
  for (const auto& raw : split(std::string(text), '\n')) {
    std::string line = raw;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[line.find_first_not_of(" \t")] == '#') continue;
    const size_t indent = line.find_first_not_of(' ');
    const std::string body = line.substr(indent);
    if (body.rfind("- ", 0) == 0 || body == "-") {
      if (!list_key.empty() && card[list_key].is_array()) {
        const std::string item = unquote(body.size() > 1 ? body.substr(2) : "");
        if (item.find(": ") == std::string::npos) card[list_key].push_back(item);
      }
      continue;
    }
    if (indent > 0) continue;  // nested mappings are not used by the converter
    const auto colon = body.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = unquote(body.substr(0, colon));
    const std::string value = unquote(body.substr(colon + 1));
    list_key.clear();
    if (value.empty()) {
      card[key] = json::array();
      list_key = key;
    } else if (value.front() == '[' && value.back() == ']') {
      json items = json::array();
      for (auto& item : split(value.substr(1, value.size() - 2), ','))
        if (auto v = unquote(item); !v.empty()) items.push_back(v);
      card[key] = items;
    } else {
      card[key] = value;
    }
  }
  return card;
}

std::optional<std::string> card_string(const json& card, const char* key) {
  const auto it = card.find(key);
  if (it == card.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::vector<std::map<std::string, std::string>> sources_from_card(const json& card, const char* const keys[3],
                                                                  int64_t total_params) {
  const json* value = nullptr;
  for (int k = 0; k < 3 && !value; ++k)
    if (card.contains(keys[k])) value = &card[keys[k]];
  std::vector<std::string> ids;
  if (value && value->is_string()) ids.push_back(value->get<std::string>());
  if (value && value->is_array())
    for (const auto& v : *value)
      if (v.is_string()) ids.push_back(v.get<std::string>());
  std::vector<std::map<std::string, std::string>> out;
  static const std::regex hf_url(R"(https?://huggingface.co/([^/]+/[^/]+)$)");
  for (const auto& id : ids) {
    std::map<std::string, std::string> entry;
    std::optional<std::string> hf_id;
    const bool url = id.rfind("http://", 0) == 0 || id.rfind("https://", 0) == 0 || id.rfind("ssh://", 0) == 0;
    if (url) {
      entry["repo_url"] = id;
      std::smatch m;
      if (id.find("huggingface.co") != std::string::npos && std::regex_match(id, m, hf_url)) hf_id = m[1].str();
    } else {
      hf_id = id;
    }
    if (hf_id) {
      const auto c = model_id_components(*hf_id, total_params);
      if (c.full_name) entry["name"] = id_to_title(*c.full_name);
      if (c.org) entry["organization"] = id_to_title(*c.org);
      if (c.version) entry["version"] = *c.version;
      if (!url && c.org && c.full_name) entry["repo_url"] = "https://huggingface.co/" + *c.org + "/" + *c.full_name;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

void apply_components(ModelNaming& n, const IdComponents& c) {
  if (!n.name && c.full_name) n.name = id_to_title(*c.full_name);
  if (!n.organization && c.org) n.organization = id_to_title(*c.org);
  if (!n.basename && c.basename) n.basename = c.basename;
  if (!n.finetune && c.finetune) n.finetune = c.finetune;
  if (!n.version && c.version) n.version = c.version;
  if (!n.size_label && c.size_label) n.size_label = c.size_label;
}

}  // namespace

ModelNaming infer_model_naming(const fs::path& folder, const json& config, uint64_t total_params,
                               const std::string& name_override) {
  ModelNaming n;
  const int64_t params = static_cast<int64_t>(total_params);
  const json card = read_model_card(folder);
  auto use = [&](std::optional<std::string>& field, const char* key) {
    if (!field) field = card_string(card, key);
  };
  // llama.cpp's own keys, then the "model_" spelling, then Hugging Face conventions.
  use(n.name, "name"), use(n.author, "author"), use(n.version, "version"), use(n.organization, "organization");
  use(n.description, "description"), use(n.finetune, "finetune"), use(n.basename, "basename");
  use(n.size_label, "size_label"), use(n.source_url, "url"), use(n.source_doi, "doi"), use(n.source_uuid, "uuid");
  use(n.source_repo_url, "repo_url");
  use(n.name, "model_name"), use(n.author, "model_author"), use(n.version, "model_version");
  use(n.organization, "model_organization"), use(n.description, "model_description");
  use(n.finetune, "model_finetune"), use(n.basename, "model_basename"), use(n.size_label, "model_size_label");
  use(n.source_url, "model_url"), use(n.source_doi, "model_doi"), use(n.source_uuid, "model_uuid");
  use(n.source_repo_url, "model_repo_url");
  use(n.author, "model_creator"), use(n.basename, "model_type");
  static const char* const base_keys[3] = {"base_model", "base_models", "base_model_sources"};
  static const char* const dataset_keys[3] = {"datasets", "dataset", "dataset_sources"};
  if (card.contains("base_model") || card.contains("base_models") || card.contains("base_model_sources"))
    n.base_models = sources_from_card(card, base_keys, params);
  if (card.contains("datasets") || card.contains("dataset") || card.contains("dataset_sources"))
    n.datasets = sources_from_card(card, dataset_keys, params);
  use(n.license, "license"), use(n.license_name, "license_name"), use(n.license_link, "license_link");
  auto append = [&](std::optional<std::vector<std::string>>& field, const char* key) {
    const auto it = card.find(key);
    if (it == card.end()) return;
    if (!field) field.emplace();
    if (it->is_string()) field->push_back(it->get<std::string>());
    if (it->is_array())
      for (const auto& v : *it)
        if (v.is_string()) field->push_back(v.get<std::string>());
  };
  append(n.tags, "tags"), append(n.tags, "pipeline_tag");
  append(n.languages, "languages"), append(n.languages, "language");

  if (const auto it = config.find("_name_or_path"); it != config.end() && it->is_string()) {
    const std::string id = it->get<std::string>();
    if (std::count(id.begin(), id.end(), '/') <= 1) apply_components(n, model_id_components(id, params));
  }
  std::string folder_name = hearth::path_utf8(folder.filename());
  if (folder_name.empty()) folder_name = hearth::path_utf8(folder.parent_path().filename());
  apply_components(n, model_id_components(folder_name, params));

  if (!name_override.empty()) n.name = name_override;
  if (!n.name) n.name = folder_name;
  if (!n.size_label && total_params > 0) n.size_label = size_label(total_params);
  return n;
}

std::string size_label(uint64_t total_params) {
  const double p = static_cast<double>(total_params);
  double scaled;
  char suffix;
  if (p > 1e12) scaled = p * 1e-12, suffix = 'T';
  else if (p > 1e9) scaled = p * 1e-9, suffix = 'B';
  else if (p > 1e6) scaled = p * 1e-6, suffix = 'M';
  else scaled = p * 1e-3, suffix = 'K';
  // Two significant digits at least: digits before the point decide the decimals.
  const double rounded = std::nearbyint(scaled);  // Python round(): half to even
  std::string int_digits = std::to_string(static_cast<long long>(rounded));
  while (!int_digits.empty() && int_digits[0] == '0') int_digits.erase(0, 1);
  const int decimals = std::max(2 - static_cast<int>(int_digits.size()), 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f%c", decimals, scaled, suffix);
  return buf;
}

void write_general_metadata(const ModelNaming& n, GgufMetadata& md) {
  auto put = [&](const char* key, const std::optional<std::string>& v) {
    if (v && !v->empty()) md.set(key, *v);  // gguf-py skips empty strings
  };
  put("general.name", n.name);
  put("general.author", n.author);
  put("general.version", n.version);
  put("general.organization", n.organization);
  put("general.finetune", n.finetune);
  put("general.basename", n.basename);
  put("general.description", n.description);
  put("general.size_label", n.size_label);
  put("general.license", n.license);
  put("general.license.name", n.license_name);
  put("general.license.link", n.license_link);
  put("general.source.url", n.source_url);
  put("general.source.doi", n.source_doi);
  put("general.source.uuid", n.source_uuid);
  put("general.source.repo_url", n.source_repo_url);
  auto put_sources = [&](const char* kind, const auto& list) {
    if (!list) return;
    md.set(std::string("general.") + kind + ".count", static_cast<uint32_t>(list->size()));
    for (size_t i = 0; i < list->size(); ++i) {
      for (const char* field : {"name", "author", "version", "organization", "description", "url", "doi", "uuid",
                                "repo_url"}) {
        const auto it = (*list)[i].find(field);
        if (it != (*list)[i].end() && !it->second.empty())
          md.set(std::string("general.") + kind + "." + std::to_string(i) + "." + field, it->second);
      }
    }
  };
  put_sources("base_model", n.base_models);
  put_sources("dataset", n.datasets);
  if (n.tags && !n.tags->empty()) md.set("general.tags", GgufArray::of(*n.tags));
  if (n.languages && !n.languages->empty()) md.set("general.languages", GgufArray::of(*n.languages));
}

std::string default_output_stem(const ModelNaming& n, const std::string& output_type) {
  auto clean = [](std::string s, bool slash) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
    for (char& c : s)
      if (c == ' ' || (slash && c == '/')) c = '-';
    return s;
  };
  std::string name = n.basename ? clean(*n.basename, true) : n.name ? clean(*n.name, true) : "ggml-model";
  auto add_part = [&name](const std::string& part) {
    name.push_back('-');
    name.append(part);
  };
  if (n.size_label) add_part(*n.size_label);
  if (n.finetune) add_part(clean(*n.finetune, false));
  if (n.version) add_part(clean(*n.version, false));
  std::string type = clean(output_type, false);
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!type.empty()) add_part(type);
  return name;
}

}  // namespace hearth::convert
