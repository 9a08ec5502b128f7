#include "hearth/io/model_summary.h"
#include "hearth/base/utf8_path.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace hearth {

ModelSummary summarize(const GgufFile& file) {
  ModelSummary s;
  s.format = "gguf";
  const auto& md = file.metadata();
  s.architecture = file.architecture();
  s.name = md.get_string("general.name").value_or(hearth::path_utf8(file.path().stem()));
  const std::string a = s.architecture;
  s.context_length = md.get_int(a + ".context_length");
  s.layer_count = md.get_int(a + ".block_count");
  s.embedding_length = md.get_int(a + ".embedding_length");
  if (const auto* tokens = md.get_array("tokenizer.ggml.tokens")) {
    s.vocab_size = static_cast<int64_t>(tokens->size());
  } else {
    s.vocab_size = md.get_int(a + ".vocab_size");
  }
  s.tokenizer = md.get_string("tokenizer.ggml.model").value_or("");

  std::map<TensorType, uint64_t> weight_types;  // 2-D tensors only: what the file is "mostly"
  for (const auto& t : file.tensors()) {
    s.parameter_count += uint64_t(t.element_count());
    s.tensor_bytes += t.size_bytes;
    s.tensor_types[std::string(tensor_type_name(t.type))]++;
    if (t.shape.size() >= 2) weight_types[t.type]++;
  }
  s.tensor_count = file.tensors().size();

  if (auto ft = md.get_uint("general.file_type")) {
    const auto name = file_type_name(static_cast<uint32_t>(*ft));
    s.file_type = name ? std::string(*name) : "unknown (" + std::to_string(*ft) + ")";
  } else if (!weight_types.empty()) {
    const auto top = std::max_element(weight_types.begin(), weight_types.end(),
                                      [](const auto& x, const auto& y) { return x.second < y.second; });
    s.file_type = "mostly " + std::string(tensor_type_name(top->first));
    s.file_type_guessed = true;
  }
  return s;
}

namespace {
std::optional<int64_t> config_int(const nlohmann::json& config, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = config.find(k);
    if (it != config.end() && it->is_number_integer()) return it->get<int64_t>();
  }
  // Multimodal configs nest the language model's settings.
  auto text = config.find("text_config");
  if (text != config.end() && text->is_object()) return config_int(*text, keys);
  return std::nullopt;
}
}  // namespace

ModelSummary summarize(const HfModelFolder& folder) {
  ModelSummary s;
  s.format = "huggingface";
  s.name = hearth::path_utf8(folder.folder().filename());
  if (s.name.empty()) s.name = hearth::path_utf8(folder.folder().parent_path().filename());
  s.architecture = folder.architecture();
  const auto& c = folder.config();
  s.context_length = config_int(c, {"max_position_embeddings", "seq_length", "n_positions"});
  s.layer_count = config_int(c, {"num_hidden_layers", "n_layer", "num_layers"});
  s.embedding_length = config_int(c, {"hidden_size", "n_embd"});
  s.vocab_size = config_int(c, {"vocab_size", "padded_vocab_size"});

  std::map<std::string, uint64_t> dtype_bytes;
  for (const auto& r : folder.tensors()) {
    s.parameter_count += uint64_t(r.tensor->element_count());
    s.tensor_bytes += r.tensor->size_bytes();
    const std::string dt(safetensors_dtype_name(r.tensor->dtype));
    s.tensor_types[dt]++;
    dtype_bytes[dt] += r.tensor->size_bytes();
  }
  s.tensor_count = folder.tensors().size();
  if (!dtype_bytes.empty()) {
    s.file_type = std::max_element(dtype_bytes.begin(), dtype_bytes.end(), [](const auto& x, const auto& y) {
                    return x.second < y.second;
                  })->first;
  }

  if (folder.tokenizer_model_path()) {
    s.tokenizer = "sentencepiece (tokenizer.model)";
  } else if (folder.tokenizer_json_path()) {
    s.tokenizer = "tokenizer.json";
    if (auto tj = folder.tokenizer_json(); tj.ok()) {
      const auto& j = **tj;
      auto model = j.find("model");
      if (model != j.end() && model->is_object()) {
        auto type = model->find("type");
        if (type != model->end() && type->is_string()) s.tokenizer = type->get<std::string>() + " (tokenizer.json)";
      }
    }
  } else if (folder.tiktoken_path()) {
    s.tokenizer = "tiktoken (qwen.tiktoken)";
  } else {
    s.tokenizer = "none found";
  }
  return s;
}

}  // namespace hearth
