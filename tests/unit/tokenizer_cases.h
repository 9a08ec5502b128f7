// Reads llama.cpp's tokenizer test cases: NAME.gguf.inp holds input texts separated by a line
// "__ggml_vocab_test__", NAME.gguf.out one line of space-separated token ids per text. The ids
// are what llama.cpp's tokenizer (and the model's Hugging Face tokenizer) produce for each text
// with add_special = false, parse_special = false.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace hearth::test {

struct TokenizerCase {
  std::string text;
  std::vector<int32_t> ids;
};

inline std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<TokenizerCase> read_tokenizer_cases(const std::filesystem::path& inp,
                                                       const std::filesystem::path& out) {
  const std::string raw = read_whole_file(inp);
  const std::string sep = "\n__ggml_vocab_test__\n";
  std::vector<std::string> texts;
  for (size_t pos = 0; pos < raw.size();) {
    const size_t next = raw.find(sep, pos);
    if (next == std::string::npos) {
      texts.push_back(raw.substr(pos));
      break;
    }
    texts.push_back(raw.substr(pos, next - pos));
    pos = next + sep.size();
  }
  std::vector<TokenizerCase> cases;
  std::ifstream ids_in(out);
  std::string line;
  for (size_t i = 0; std::getline(ids_in, line); ++i) {
    TokenizerCase c;
    c.text = i < texts.size() ? texts[i] : std::string();
    std::istringstream ls(line);
    for (int32_t id; ls >> id;) c.ids.push_back(id);
    cases.push_back(std::move(c));
  }
  if (cases.size() != texts.size()) cases.clear();  // malformed pair: the test reports it
  return cases;
}

}  // namespace hearth::test
