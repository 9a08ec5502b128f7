// VocabData <-> GGUF metadata (tokenizer.ggml.*).
#include <algorithm>
#include <array>
#include <cinttypes>

#include "hearth/io/gguf.h"
#include "hearth/tokenizer/vocab.h"

namespace hearth {

namespace {

struct SpecialTokenKey {
  SpecialToken role;
  std::string_view name;
  std::string_view key;
};

// One row per role; the row order is the order roles are written.
constexpr std::array<SpecialTokenKey, kSpecialTokenCount> kSpecialKeys = {{
    {SpecialToken::Bos, "bos", "tokenizer.ggml.bos_token_id"},
    {SpecialToken::Eos, "eos", "tokenizer.ggml.eos_token_id"},
    {SpecialToken::Unk, "unk", "tokenizer.ggml.unknown_token_id"},
    {SpecialToken::Sep, "sep", "tokenizer.ggml.seperator_token_id"},
    {SpecialToken::Pad, "pad", "tokenizer.ggml.padding_token_id"},
    {SpecialToken::Cls, "cls", "tokenizer.ggml.cls_token_id"},
    {SpecialToken::Mask, "mask", "tokenizer.ggml.mask_token_id"},
    {SpecialToken::Eot, "eot", "tokenizer.ggml.eot_token_id"},
    {SpecialToken::Eom, "eom", "tokenizer.ggml.eom_token_id"},
    {SpecialToken::FimPre, "fim_pre", "tokenizer.ggml.fim_pre_token_id"},
    {SpecialToken::FimSuf, "fim_suf", "tokenizer.ggml.fim_suf_token_id"},
    {SpecialToken::FimMid, "fim_mid", "tokenizer.ggml.fim_mid_token_id"},
    {SpecialToken::FimPad, "fim_pad", "tokenizer.ggml.fim_pad_token_id"},
    {SpecialToken::FimRep, "fim_rep", "tokenizer.ggml.fim_rep_token_id"},
    {SpecialToken::FimSep, "fim_sep", "tokenizer.ggml.fim_sep_token_id"},
}};

// Older files name the infill tokens differently; read them when the new keys are absent.
constexpr std::array<std::pair<SpecialToken, std::string_view>, 3> kDeprecatedKeys = {{
    {SpecialToken::FimPre, "tokenizer.ggml.prefix_token_id"},
    {SpecialToken::FimSuf, "tokenizer.ggml.suffix_token_id"},
    {SpecialToken::FimMid, "tokenizer.ggml.middle_token_id"},
}};

bool is_integer_type(GgufType t) {
  switch (t) {
    case GgufType::U8: case GgufType::I8: case GgufType::U16: case GgufType::I16: case GgufType::U32:
    case GgufType::I32: case GgufType::U64: case GgufType::I64:
      return true;
    default:
      return false;
  }
}

const SpecialTokenKey& key_row(SpecialToken role) { return kSpecialKeys[static_cast<size_t>(role)]; }

std::string describe_type(const GgufValue& v) {
  if (const auto* a = v.as_array()) return "array of " + std::string(gguf_type_name(a->element_type()));
  return std::string(gguf_type_name(v.type()));
}

const GgufArray& require_array(const GgufMetadata& md, std::string_view key, GgufType element, const char* what) {
  const GgufValue* v = md.find(key);
  if (!v) fail(ErrorCode::NotFound, "the model has no tokenizer " + std::string(what) + " (" + std::string(key) + " is missing)");
  const GgufArray* a = v->as_array();
  if (!a || a->element_type() != element) {
    fail(ErrorCode::Format, std::string(key) + " must be an array of " + std::string(gguf_type_name(element)) +
                                ", but it is " + describe_type(*v));
  }
  return *a;
}

std::optional<bool> read_bool(const GgufMetadata& md, std::string_view key) {
  const GgufValue* v = md.find(key);
  if (!v) return std::nullopt;
  auto b = v->as_bool();
  if (!b) fail(ErrorCode::Format, std::string(key) + " must be a bool, but it is " + describe_type(*v));
  return b;
}

void read_special_id(const GgufMetadata& md, std::string_view key, SpecialToken role, VocabData& vocab) {
  const GgufValue* v = md.find(key);
  if (!v || vocab.special_id(role)) return;
  const auto id = v->as_int();
  if (!id) fail(ErrorCode::Format, std::string(key) + " must be an integer, but it is " + describe_type(*v));
  // 0xFFFFFFFF (u32) and -1 are the conventional "no such token".
  if (*id == -1 || *id == 0xFFFFFFFFll) return;
  if (*id < 0 || *id >= static_cast<int64_t>(vocab.size())) {
    vocab.warnings.push_back(std::string(key) + " = " + std::to_string(*id) + " is outside the vocabulary of " +
                             std::to_string(vocab.size()) + " tokens; ignored");
    return;
  }
  vocab.set_special_id(role, static_cast<TokenId>(*id));
}

}  // namespace

std::string_view token_type_name(TokenType type) {
  switch (type) {
    case TokenType::Undefined: return "undefined";
    case TokenType::Normal: return "normal";
    case TokenType::Unknown: return "unknown";
    case TokenType::Control: return "control";
    case TokenType::UserDefined: return "user-defined";
    case TokenType::Unused: return "unused";
    case TokenType::Byte: return "byte";
  }
  return "undefined";
}

std::string_view special_token_name(SpecialToken role) { return key_row(role).name; }
std::string_view special_token_gguf_key(SpecialToken role) { return key_row(role).key; }

std::optional<TokenId> VocabData::special_id(SpecialToken role) const {
  for (const auto& [r, id] : special_ids)
    if (r == role) return id;
  return std::nullopt;
}

void VocabData::set_special_id(SpecialToken role, TokenId id) {
  for (auto& [r, existing] : special_ids) {
    if (r == role) {
      existing = id;
      return;
    }
  }
  special_ids.emplace_back(role, id);
}

void VocabData::clear_special_id(SpecialToken role) {
  std::erase_if(special_ids, [role](const auto& p) { return p.first == role; });
}

Result<VocabData> vocab_from_gguf(const GgufMetadata& md) {
  return capture_errors([&]() -> VocabData {
    VocabData vocab;
    const GgufValue* model = md.find(gguf_keys::kModel);
    if (!model) fail(ErrorCode::NotFound, "the model has no tokenizer (tokenizer.ggml.model is missing)");
    if (!model->as_string()) {
      fail(ErrorCode::Format, "tokenizer.ggml.model must be a string, but it is " + describe_type(*model));
    }
    vocab.model = *model->as_string();
    if (const GgufValue* pre = md.find(gguf_keys::kPre)) {
      if (!pre->as_string()) fail(ErrorCode::Format, "tokenizer.ggml.pre must be a string, but it is " + describe_type(*pre));
      vocab.pre = *pre->as_string();
    }
    if (auto name = md.get_string(gguf_keys::kGeneralName)) vocab.model_name = *name;
    if (vocab.model == "none" || vocab.model == "no_vocab") return vocab;

    const auto tokens = require_array(md, gguf_keys::kTokens, GgufType::String, "token list").strings();
    if (tokens.empty()) fail(ErrorCode::Format, "tokenizer.ggml.tokens is empty: the vocabulary has no tokens");
    if (tokens.size() > size_t(INT32_MAX)) fail(ErrorCode::Format, "tokenizer.ggml.tokens has too many tokens");
    vocab.tokens.assign(tokens.begin(), tokens.end());
    const size_t n = vocab.tokens.size();

    if (md.contains(gguf_keys::kScores)) {
      const auto scores = require_array(md, gguf_keys::kScores, GgufType::F32, "scores").f32s();
      if (scores.size() != n) {
        fail(ErrorCode::Format, "tokenizer.ggml.scores has " + std::to_string(scores.size()) + " entries but there are " +
                                    std::to_string(n) + " tokens");
      }
      vocab.scores.assign(scores.begin(), scores.end());
    }

    if (const GgufValue* tv = md.find(gguf_keys::kTokenTypes)) {
      const GgufArray* a = tv->as_array();
      if (!a || !is_integer_type(a->element_type())) {
        fail(ErrorCode::Format, "tokenizer.ggml.token_type must be an array of integers, but it is " + describe_type(*tv));
      }
      if (a->size() != n) {
        fail(ErrorCode::Format, "tokenizer.ggml.token_type has " + std::to_string(a->size()) +
                                    " entries but there are " + std::to_string(n) + " tokens");
      }
      vocab.types.resize(n);
      for (size_t i = 0; i < n; ++i) {
        const int64_t t = a->integer_at(i).value_or(0);
        // Unknown type numbers become Undefined, as llama.cpp treats them.
        vocab.types[i] = (t >= 0 && t <= 6) ? static_cast<TokenType>(t) : TokenType::Undefined;
      }
    }

    if (md.contains(gguf_keys::kMerges)) {
      const auto merges = require_array(md, gguf_keys::kMerges, GgufType::String, "merges").strings();
      vocab.merges.assign(merges.begin(), merges.end());
    }

    for (const auto& row : kSpecialKeys) read_special_id(md, row.key, row.role, vocab);
    for (const auto& [role, key] : kDeprecatedKeys) read_special_id(md, key, role, vocab);

    vocab.add_bos = read_bool(md, gguf_keys::kAddBos);
    vocab.add_eos = read_bool(md, gguf_keys::kAddEos);
    vocab.add_space_prefix = read_bool(md, gguf_keys::kAddSpacePrefix);
    vocab.remove_extra_whitespaces = read_bool(md, gguf_keys::kRemoveExtraWhitespaces);
    if (const GgufValue* t = md.find(gguf_keys::kChatTemplate)) {
      if (!t->as_string()) {
        vocab.warnings.push_back("tokenizer.chat_template is not a string (" + describe_type(*t) + "); ignored");
      } else {
        vocab.chat_template = *t->as_string();
      }
    }
    return vocab;
  });
}

void write_vocab_to_gguf(const VocabData& vocab, GgufMetadata& md) {
  md.set(std::string(gguf_keys::kModel), vocab.model);
  if (!vocab.pre.empty()) md.set(std::string(gguf_keys::kPre), vocab.pre);
  if (!vocab.tokens.empty()) md.set(std::string(gguf_keys::kTokens), GgufArray::of(vocab.tokens));
  if (!vocab.scores.empty()) md.set(std::string(gguf_keys::kScores), GgufArray::of(vocab.scores));
  if (!vocab.types.empty()) {
    std::vector<int32_t> types(vocab.types.size());
    std::transform(vocab.types.begin(), vocab.types.end(), types.begin(), [](TokenType t) { return int32_t(t); });
    md.set(std::string(gguf_keys::kTokenTypes), GgufArray::of(std::move(types)));
  }
  if (!vocab.merges.empty()) md.set(std::string(gguf_keys::kMerges), GgufArray::of(vocab.merges));
  for (const auto& [role, id] : vocab.special_ids) {
    md.set(std::string(special_token_gguf_key(role)), static_cast<uint32_t>(id));
  }
  if (vocab.add_bos) md.set(std::string(gguf_keys::kAddBos), *vocab.add_bos);
  if (vocab.add_eos) md.set(std::string(gguf_keys::kAddEos), *vocab.add_eos);
  if (vocab.chat_template) md.set(std::string(gguf_keys::kChatTemplate), *vocab.chat_template);
  if (vocab.add_space_prefix) md.set(std::string(gguf_keys::kAddSpacePrefix), *vocab.add_space_prefix);
  if (vocab.remove_extra_whitespaces) {
    md.set(std::string(gguf_keys::kRemoveExtraWhitespaces), *vocab.remove_extra_whitespaces);
  }
}

}  // namespace hearth
