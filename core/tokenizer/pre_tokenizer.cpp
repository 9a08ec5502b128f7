#include "tokenizer/pre_tokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "hearth/base/result.h"

namespace hearth::tokenizer_detail {

namespace {

// --- The regexes, by family (from each family's tokenizer.json pre_tokenizer) --------------

// GPT-2's own splitter: contractions, letters, numbers, other symbols, whitespace.
constexpr std::string_view kGpt2 =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
// Llama 3: case-insensitive contractions (spelled out so that PCRE2's Unicode case folding
// does not also match 'ſ' or 'K'), up to three digits per number, newlines kept with symbols.
constexpr std::string_view kLlama3 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
// Qwen2: as Llama 3 but one digit per piece.
constexpr std::string_view kQwen2 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
// DeepSeek LLM: newlines, Latin/Greek/Cyrillic/… letter runs, punctuation runs, trailing
// whitespace, CJK runs, digit runs.
constexpr std::string_view kDeepseekLlmLetters = R"(\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-ώᾀ-ᾴᾶ-ᾼιῂ-ῄῆ-ῌῐ-ΐῖ-Ίῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤΩℨK-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+)";
constexpr std::string_view kDeepseekLlmPunct = R"(\s?[!-/:-~！-／：-～‘-‟　-。]+)";
constexpr std::string_view kCjkHangul = R"([一-龥ࠀ-一가-퟿]+)";
// BLOOM / Poro / GPT3-Finnish / Viking: anything up to whitespace or sentence punctuation.
constexpr std::string_view kBloom = R"( ?[^(\s|.,!?…。，、।۔،)]+)";
// Mistral Tekken (Nemo): cased words split at case changes.
constexpr std::string_view kTekken =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
// DeepSeek V3.
constexpr std::string_view kDeepseekV3Words =
    R"([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// One row per tokenizer.ggml.pre value llama.cpp accepts. Rows that share regexes differ in
// flags or are aliases; the first row of each regex sequence is its representative.
const std::vector<PreTokenizerSpec>& registry() {
  static const std::vector<PreTokenizerSpec> kSpecs = [] {
    using R = std::vector<std::string_view>;
    const R default_re = {R"([\p{P}\$\+<=>\^~\|]+)", kGpt2, R"(\p{N}+)", R"([0-9][0-9][0-9])"};
    const R starcoder_re = {R"(\p{N})", kGpt2};
    std::vector<PreTokenizerSpec> s;
    auto add = [&](std::string_view name, const R& re, bool clean, bool ignore_merges = false, bool add_bos = false,
                   bool no_bos = false) { s.push_back({name, re, clean, ignore_merges, add_bos, no_bos}); };
    add("default", default_re, true);
    add("llama-bpe", {kLlama3}, true, true, true);
    add("llama3", {kLlama3}, true, true, true);
    add("llama-v3", {kLlama3}, true, true, true);
    add("falcon3", {kLlama3}, true, true, true);
    add("dbrx", {kLlama3}, true);
    add("smaug-bpe", {kLlama3}, true);
    add("chatglm-bpe", {kLlama3}, true, false, false, true);
    add("deepseek-llm", {R"([\r\n])", kDeepseekLlmLetters, kDeepseekLlmPunct, R"(\s+$)", kCjkHangul, R"(\p{N}+)"}, false);
    add("deepseek-coder", {R"([\r\n])", R"(\s?\p{L}+)", R"(\s?\p{P}+)", kCjkHangul, R"(\p{N})"}, false);
    add("deepseek-v3", {R"(\p{N}{1,3})", R"([一-龥぀-ゟ゠-ヿ]+)", kDeepseekV3Words}, false);
    add("falcon", {R"([\p{P}\$\+<=>\^~\|`]+)", kGpt2, R"([0-9][0-9][0-9])"}, true);
    add("starcoder", starcoder_re, true);
    add("refact", starcoder_re, true);
    add("command-r", starcoder_re, false);
    add("smollm", starcoder_re, false);
    add("codeshell", starcoder_re, true);
    add("exaone", starcoder_re, true);
    add("minerva-7b", starcoder_re, true);
    for (std::string_view n : {"gpt-2", "mpt", "olmo", "jais", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v1-en",
                               "jina-v2-es", "jina-v2-de", "jina-v2-code", "roberta-bpe"}) {
      add(n, {kGpt2}, true);
    }
    add("qwen2", {kQwen2}, false);
    add("deepseek-r1-qwen", {kQwen2}, false);
    add("megrez", {kQwen2}, true);
    add("stablelm2", {kQwen2}, true);
    add("poro-chat", {kBloom}, false);
    add("bloom", {kBloom}, true);
    add("gpt3-finnish", {kBloom}, true);
    add("viking", {kBloom, R"(\p{N})"}, false);
    add("tekken", {kTekken}, false, true, true);
    add("chameleon",
        {R"(<sentinel:[0-9]+>)", R"((IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z)", R"(([\t\n]|    |  ))", R"(\p{N})",
         R"([\p{P}!-/:-@\[-`{-~])", kGpt2},
        false, false, true);
    return s;
  }();
  return kSpecs;
}

}  // namespace

const PreTokenizerSpec* find_pre_tokenizer(std::string_view pre) {
  if (pre.empty()) pre = "default";
  for (const auto& spec : registry())
    if (spec.name == pre) return &spec;
  return nullptr;
}

std::vector<const PreTokenizerSpec*> distinct_pre_tokenizers() {
  std::vector<const PreTokenizerSpec*> out;
  for (const auto& spec : registry()) {
    bool seen = false;
    for (const auto* o : out) seen = seen || o->regexes == spec.regexes;
    if (!seen) out.push_back(&spec);
  }
  return out;
}

const PreTokenizerSpec* find_pre_tokenizer_like(const PreTokenizerSpec& base, bool ignore_merges) {
  for (const auto& spec : registry())
    if (spec.regexes == base.regexes && spec.ignore_merges == ignore_merges) return &spec;
  return nullptr;
}

std::string known_pre_tokenizer_names() {
  std::string out;
  for (const auto& spec : registry()) out += (out.empty() ? "" : ", ") + std::string(spec.name);
  return out;
}

std::string expand_white_space_escapes(std::string_view p) {
  // PCRE2's \s (with UCP) is \t-\r plus the Z categories; Unicode White_Space adds U+0085.
  std::string out;
  out.reserve(p.size() + 16);
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      const char e = p[i + 1];
      ++i;
      if (e == 's') {
        out += in_class ? "\\s\\x{85}" : "[\\s\\x{85}]";
      } else if (e == 'S') {
        if (in_class) fail(ErrorCode::Internal, "pre-tokenizer regex uses \\S inside a class: " + std::string(p));
        out += "[^\\s\\x{85}]";
      } else {
        out += c;
        out += e;
      }
      continue;
    }
    if (c == '[' && !in_class) {
      in_class = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal, not the end of the class.
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (c == ']' && in_class) in_class = false;
    out += c;
  }
  return out;
}

struct RegexSplitter::Compiled {
  pcre2_code* code = nullptr;
  bool jit = false;
  ~Compiled() { pcre2_code_free(code); }
};

RegexSplitter::RegexSplitter(const std::vector<std::string_view>& regexes) {
  for (std::string_view source : regexes) {
    const std::string pattern = expand_white_space_escapes(source);
    int error = 0;
    PCRE2_SIZE offset = 0;
    auto compiled = std::make_unique<Compiled>();
    compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY, &error, &offset, nullptr);
    if (!compiled->code) {
      PCRE2_UCHAR message[256];
      pcre2_get_error_message(error, message, sizeof message);
      fail(ErrorCode::Internal, "pre-tokenizer regex does not compile at offset " + std::to_string(offset) + ": " +
                                    reinterpret_cast<const char*>(message) + " in " + pattern);
    }
    // JIT is an optimisation: when it is unavailable (some platforms) the interpreter runs.
    compiled->jit = pcre2_jit_compile(compiled->code, PCRE2_JIT_COMPLETE) == 0;
    compiled_.push_back(std::move(compiled));
  }
}

RegexSplitter::~RegexSplitter() = default;

std::vector<std::pair<size_t, size_t>> RegexSplitter::split(std::string_view text) const {
  std::vector<std::pair<size_t, size_t>> pieces;
  if (text.empty()) return pieces;
  pieces.emplace_back(0, text.size());
  if (compiled_.empty()) return pieces;

  std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> md(pcre2_match_data_create(1, nullptr),
                                                                         &pcre2_match_data_free);
  if (!md) throw std::bad_alloc();
  std::vector<std::pair<size_t, size_t>> next;
  for (const auto& re : compiled_) {
    next.clear();
    next.reserve(pieces.size() * 2);
    for (const auto& [begin, end] : pieces) {
      // Each piece is matched as a subject of its own: lookarounds do not see its neighbours.
      const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data() + begin);
      const size_t length = end - begin;
      size_t last = 0;   // end of the previous match
      size_t offset = 0; // where the next search starts
      while (offset < length) {
        int rc = pcre2_match(re->code, subject, length, offset, PCRE2_NO_UTF_CHECK, md.get(), nullptr);
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
          // Pathological input for the JIT's small stack: run the interpreter instead.
          rc = pcre2_match(re->code, subject, length, offset, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, md.get(), nullptr);
        }
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) {
          PCRE2_UCHAR message[256];
          pcre2_get_error_message(rc, message, sizeof message);
          fail(ErrorCode::Internal, std::string("pre-tokenizer regex failed: ") + reinterpret_cast<const char*>(message));
        }
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.get());
        const size_t m_begin = ov[0], m_end = ov[1];
        if (m_end == m_begin) {
          // An empty match splits nothing; step over one character and search again.
          offset = m_begin + 1;
          while (offset < length && (static_cast<uint8_t>(text[begin + offset]) & 0xC0) == 0x80) ++offset;
          continue;
        }
        if (m_begin > last) next.emplace_back(begin + last, begin + m_begin);
        next.emplace_back(begin + m_begin, begin + m_end);
        last = offset = m_end;
      }
      if (last < length) next.emplace_back(begin + last, end);
    }
    pieces.swap(next);
  }
  return pieces;
}

}  // namespace hearth::tokenizer_detail
