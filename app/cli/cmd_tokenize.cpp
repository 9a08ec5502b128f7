// hearth-cli tokenize -m MODEL (-p TEXT | -f FILE) [--json] [--ids] [--no-bos] [--parse-special]
// Shows the token ids and pieces a model's tokenizer makes of a text. MODEL is a GGUF file or a
// Hugging Face folder (tokenizer.model or tokenizer.json, read as the converter reads them).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "hearth/base/utf8_path.h"
#include "hearth/io/gguf.h"
#include "hearth/tokenizer/hf_vocab.h"
#include "hearth/tokenizer/tokenizer.h"

namespace hearth::cli {

namespace {

namespace fs = std::filesystem;

struct TokenizeOptions {
  std::string model;
  std::string prompt;
  std::string file;
  bool json = false;
  bool ids_only = false;
  bool no_bos = false;
  bool parse_special = false;
  bool escape = false;
};

Tokenizer load_tokenizer(const std::string& name) {
  const fs::path path = hearth::utf8_path(name);
  std::error_code ec;
  if (!fs::exists(path, ec)) fail(ErrorCode::NotFound, name + ": no such file or folder");
  if (fs::is_directory(path, ec)) return unwrap(Tokenizer::create(unwrap(vocab_from_tokenizer_folder(path))));
  const GgufFile file = unwrap(GgufFile::open(path));
  auto tok = Tokenizer::from_gguf(file.metadata());
  if (!tok) fail(tok.error().code, name + ": " + tok.error().message);
  return std::move(*tok);
}

// \n, \t, \\ … in a command-line prompt, as llama-tokenize does.
std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    switch (s[++i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      default: out += '\\', out += s[i];
    }
  }
  return out;
}

// A piece for the terminal: control characters and bytes that are not UTF-8 escaped.
std::string printable(std::string_view piece) {
  std::string out;
  for (size_t i = 0; i < piece.size(); ++i) {
    const auto c = static_cast<unsigned char>(piece[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\'') {
      out += "\\'";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // Keep whole valid UTF-8 characters, escape stray bytes of split characters.
      const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      bool whole = len > 1 && i + len <= piece.size();
      for (size_t k = 1; whole && k < len; ++k) whole = (static_cast<unsigned char>(piece[i + k]) & 0xC0) == 0x80;
      if (whole) {
        out.append(piece.substr(i, len));
        i += len - 1;
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      }
    }
  }
  return out;
}

std::string hex_bytes(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02x", c);
    out += buf;
  }
  return out;
}

int tokenize(const TokenizeOptions& opt) {
  if (!opt.prompt.empty() && !opt.file.empty()) {
    fail(ErrorCode::InvalidArgument, "give either --prompt or --file, not both");
  }
  std::string text;
  if (!opt.file.empty()) {
    std::ifstream in(hearth::utf8_path(opt.file), std::ios::binary);
    if (!in) fail(ErrorCode::NotFound, opt.file + ": cannot open the file");
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  } else {
    text = opt.escape ? unescape(opt.prompt) : opt.prompt;
  }
  const Tokenizer tok = load_tokenizer(opt.model);
  for (const auto& w : tok.warnings()) std::cerr << "hearth-cli: warning: " << w << "\n";
  const std::vector<TokenId> ids = tok.encode(text, {.add_special = !opt.no_bos, .parse_special = opt.parse_special});

  if (opt.json) {
    nlohmann::ordered_json j;
    j["model"] = opt.model;
    j["tokenizer"] = tok.vocab().model;
    if (!tok.vocab().pre.empty()) j["pre"] = tok.vocab().pre;
    j["count"] = ids.size();
    j["ids"] = ids;
    nlohmann::ordered_json tokens = nlohmann::ordered_json::array();
    for (TokenId id : ids) {
      const std::string_view piece = tok.token_piece(id, true);
      tokens.push_back({{"id", id},
                        {"text", std::string(tok.token_text(id))},
                        {"piece", std::string(piece)},
                        {"bytes", hex_bytes(piece)},
                        {"type", std::string(token_type_name(tok.token_type(id)))}});
    }
    j["tokens"] = std::move(tokens);
    // Pieces may hold half a UTF-8 character; "bytes" has them exactly, "piece" shows U+FFFD.
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (opt.ids_only) {
    std::cout << "[";
    for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? ", " : "") << ids[i];
    std::cout << "]\n";
    return 0;
  }
  for (TokenId id : ids) {
    std::printf("%6d -> '%s'\n", id, printable(tok.token_piece(id, true)).c_str());
  }
  std::printf("%zu token%s\n", ids.size(), ids.size() == 1 ? "" : "s");
  return 0;
}

void register_tokenize(CLI::App& app, CommandFn& run) {
  auto opt = std::make_shared<TokenizeOptions>();
  CLI::App* cmd = app.add_subcommand("tokenize", "Show the tokens a model's tokenizer makes of a text");
  cmd->add_option("-m,--model", opt->model, "GGUF file, or a Hugging Face folder with tokenizer files")->required();
  cmd->add_option("-p,--prompt", opt->prompt, "Text to tokenize");
  cmd->add_option("-f,--file", opt->file, "Read the text from a file (bytes as they are)");
  cmd->add_flag("--json", opt->json, "Print one JSON document: ids, pieces, bytes and token types");
  cmd->add_flag("--ids", opt->ids_only, "Print only the ids, as a list");
  cmd->add_flag("--no-bos", opt->no_bos, "Do not add the BOS/EOS tokens the model normally adds");
  cmd->add_flag("--parse-special", opt->parse_special,
                "Read control tokens written in the text (<|im_start|>, <s>) as single tokens");
  cmd->add_flag("--escape", opt->escape, "Turn \\n, \\t, \\\\ in --prompt into the characters");
  cmd->callback([&run, opt] { run = [opt] { return tokenize(*opt); }; });
}

const CommandRegistration kRegistration{"tokenize", 30, register_tokenize};

}  // namespace
}  // namespace hearth::cli
