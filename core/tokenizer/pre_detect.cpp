// Pre-tokenizer detection for tokenizer.json, as llama.cpp's convert_hf_to_gguf.py does it:
// encode a fixed check text, hash the ids and look the hash up. Hashes and names are llama.cpp's
// table (get_vocab_base_pre); where the Python assigns one hash twice, the later name wins there,
// and the table below keeps that winner (mpt's hash names "olmo").
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "hearth/tokenizer/hf_vocab.h"
#include "hearth/base/sha256.h"
#include "tokenizer/tokenizer_impl.h"

namespace hearth {

namespace {

using nlohmann::json;

constexpr std::string_view kCheckText =
    "\n \n\n \n\n\n \t \t\t \t\n  \n   \n    \n     \n\xf0\x9f\x9a\x80 (normal) \xf0\x9f\x98\xb6\xe2\x80\x8d\xf0\x9f\x8c\xab\xef\xb8\x8f (multiple emojis concatenated) \xe2\x9c\x85 \xf0\x9f\xa6\x99\xf0\x9f\xa6\x99 3 33 333 3333 33333 333333 3333333 33333333 3.3 3..3 3...3 \xe1\x9e\x80\xe1\x9e\xb6\xe1\x9e\x93\xe1\x9f\x8b\xe1\x9e\x8f\xe1\x9f\x82\xe1\x9e\x96\xe1\x9e\xb7\xe1\x9e\x9f\xe1\x9f\x81\xe1\x9e\x9f\xe1\x9e\xa2\xe1\x9e\xb6\xe1\x9e\x85\xf0\x9f\x98\x81 ?\xe6\x88\x91\xe6\x83\xb3\xe5\x9c\xa8""apple\xe5\xb7\xa5\xe4\xbd\x9c""1314151\xe5\xa4\xa9\xef\xbd\x9e ------======= \xd0\xbd\xd0\xb5\xd1\x89\xd0\xbe \xd0\xbd\xd0\xb0 \xd0\x91\xd1\x8a\xd0\xbb\xd0\xb3\xd0\xb0\xd1\x80\xd1\x81\xd0\xba\xd0\xb8 ''''''```````\"\"\"\"......!!!!!!?????? I've been 'told he's there, 'RE you sure? 'M not sure I'll make it, 'D you like some tea? We'Ve a'lL";

struct KnownHash {
  std::string_view chkhsh;
  std::string_view pre;
};
constexpr KnownHash kKnownHashes[] = {
    {"0ef9807a4087ebef797fc749390439009c3b9eda9ad1a097abbe738f486c01e5", "llama-bpe"},  // https://huggingface.co/meta-llama/Meta-Llama-3-8B
    {"049ecf7629871e3041641907f3de7c733e4dbfdc736f57d882ba0b0845599754", "deepseek-llm"},  // https://huggingface.co/deepseek-ai/deepseek-llm-7b-base
    {"347715f544604f9118bb75ed199f68779f423cabb20db6de6f31b908d04d7821", "deepseek-coder"},  // https://huggingface.co/deepseek-ai/deepseek-coder-6.7b-base
    {"8aeee3860c56296a157a1fe2fad249ec40aa59b1bb5709f4ade11c4e6fe652ed", "falcon"},  // https://huggingface.co/tiiuae/falcon-7b
    {"9d032fcbd5501f4a38150912590928bfb36091efb5df11b8e2124b0390e3fb1e", "falcon3"},  // https://huggingface.co/tiiuae/Falcon3-7B-Base
    {"b6dc8df998e1cfbdc4eac8243701a65afe638679230920b50d6f17d81c098166", "olmo"},  // https://huggingface.co/allenai/OLMo-1.7-7B-hf
    {"35d91631860c815f952d711435f48d356ebac988362536bed955d43bfa436e34", "starcoder"},  // https://huggingface.co/bigcode/starcoder2-3b
    {"3ce83efda5659b07b1ad37ca97ca5797ea4285d9b9ab0dc679e4a720c9da7454", "gpt-2"},  // https://huggingface.co/openai-community/gpt2
    {"32d85c31273f8019248f2559fed492d929ea28b17e51d81d3bb36fff23ca72b3", "stablelm2"},  // https://huggingface.co/stabilityai/stablelm-2-zephyr-1_6b
    {"6221ad2852e85ce96f791f476e0b390cf9b474c9e3d1362f53a24a06dc8220ff", "refact"},  // https://huggingface.co/smallcloudai/Refact-1_6-base
    {"9c2227e4dd922002fb81bde4fc02b0483ca4f12911410dee2255e4987644e3f8", "command-r"},  // https://huggingface.co/CohereForAI/c4ai-command-r-v01
    {"e636dc30a262dcc0d8c323492e32ae2b70728f4df7dfe9737d9f920a282b8aea", "qwen2"},  // https://huggingface.co/Qwen/Qwen1.5-7B
    {"a8594e3edff7c29c003940395316294b2c623e09894deebbc65f33f1515df79e", "dbrx"},  // https://huggingface.co/databricks/dbrx-base
    {"c7699093ba4255a91e702aa38a596aa81669f3525dae06c2953267dde580f448", "jina-v1-en"},  // https://huggingface.co/jinaai/jina-reranker-v1-tiny-en
    {"171aeeedd6fb548d418a7461d053f11b6f1f1fc9b387bd66640d28a4b9f5c643", "jina-v2-es"},  // https://huggingface.co/jinaai/jina-embeddings-v2-base-es
    {"27949a2493fc4a9f53f5b9b029c82689cfbe5d3a1929bb25e043089e28466de6", "jina-v2-de"},  // https://huggingface.co/jinaai/jina-embeddings-v2-base-de
    {"c136ed14d01c2745d4f60a9596ae66800e2b61fa45643e72436041855ad4089d", "smaug-bpe"},  // https://huggingface.co/abacusai/Smaug-Llama-3-70B-Instruct
    {"c7ea5862a53e4272c035c8238367063e2b270d51faa48c0f09e9d5b54746c360", "poro-chat"},  // https://huggingface.co/LumiOpen/Poro-34B-chat
    {"7967bfa498ade6b757b064f31e964dddbb80f8f9a4d68d4ba7998fcf281c531a", "jina-v2-code"},  // https://huggingface.co/jinaai/jina-embeddings-v2-base-code
    {"b6e8e1518dc4305be2fe39c313ed643381c4da5db34a98f6a04c093f8afbe99b", "chatglm-bpe"},  // https://huggingface.co/THUDM/glm-4-9b-chat
    {"81d72c7348a9f0ebe86f23298d37debe0a5e71149e29bd283904c02262b27516", "chatglm-bpe"},  // https://huggingface.co/THUDM/glm-4-9b-chat
    {"7fc505bd3104ca1083b150b17d088b59534ede9bde81f0dd2090967d7fe52cee", "viking"},  // https://huggingface.co/LumiOpen/Viking-7B
    {"b53802fb28e26d645c3a310b34bfe07da813026ec7c7716883404d5e0f8b1901", "jais"},  // https://huggingface.co/core42/jais-13b
    {"7b3e7548e4308f52a76e8229e4e6cc831195d0d1df43aed21ac6c93da05fec5f", "codeshell"},  // https://huggingface.co/WisdomShell/CodeShell-7B
    {"63b97e4253352e6f357cc59ea5b583e3a680eaeaf2632188c2b952de2588485e", "tekken"},  // https://huggingface.co/mistralai/Mistral-Nemo-Base-2407
    {"855059429035d75a914d1eda9f10a876752e281a054a7a3d421ef0533e5b6249", "smollm"},  // https://huggingface.co/HuggingFaceTB/SmolLM-135M
    {"3c30d3ad1d6b64202cd222813e7736c2db6e1bd6d67197090fc1211fbc612ae7", "bloom"},  // https://huggingface.co/bigscience/bloom
    {"bc01ce58980e1db43859146dc51b1758b3b88729b217a74792e9f8d43e479d21", "gpt3-finnish"},  // https://huggingface.co/TurkuNLP/gpt3-finnish-small
    {"4e2b24cc4770243d65a2c9ec19770a72f08cffc161adbb73fcbb6b7dd45a0aae", "exaone"},  // https://huggingface.co/LGAI-EXAONE/EXAONE-3.0-7.8B-Instruct
    {"fcace8b9cac38ce847670c970cd5892031a753a1ef381abd1d9af00f713da085", "phi-2"},  // https://huggingface.co/microsoft/phi-2
    {"60824e3c0d9401f89943cbb2fff727f0e2d4c545ba4df2d6e4f09a6db0f5b450", "chameleon"},  // https://huggingface.co/facebook/chameleon-7b
    {"1431a23e583c97432bc230bff598d103ddb5a1f89960c8f1d1051aaa944d0b35", "minerva-7b"},  // https://huggingface.co/sapienzanlp/Minerva-7B-base-v1.0
    {"8b5a93ed704057481f240da0be7e7dca721d7f8f4755263b6807227a2cbeae65", "roberta-bpe"},  // https://huggingface.co/sentence-transformers/stsb-roberta-base
    {"ad851be1dba641f2e3711822f816db2c265f788b37c63b4e1aeacb9ee92de8eb", "gigachat"},  // https://huggingface.co/ai-sage/GigaChat-20B-A3B-instruct
    {"d4c8f286ea6b520b3d495c4455483cfa2302c0cfcd4be05d781b6a8a0a7cdaf1", "megrez"},  // https://huggingface.co/Infinigence/Megrez-3B-Instruct
    {"877081d19cf6996e2c4ff0e1236341e9b7bde288f5311a56a937f0afbbb3aeb5", "deepseek-v3"},  // https://huggingface.co/deepseek-ai/DeepSeek-V3
    {"b3f499bb4255f8ca19fccd664443283318f2fd2414d5e0b040fbdd0cc195d6c5", "deepseek-r1-qwen"},  // https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B
};

// tokenizer.json pre_tokenizer regexes of families we know, for tokenizers the hash table does
// not list (a fine-tune with a changed vocabulary, say).
constexpr std::pair<std::string_view, std::string_view> kKnownPatterns[] = {
    {R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
     "llama-bpe"},
    {R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
     "qwen2"},
};

// The ids Hugging Face's post-processor puts around a single sequence (BOS for Llama 3 style
// TemplateProcessing, [CLS]/[SEP] for BERT, nothing for ByteLevel).
void post_processor_ids(const json& pp, std::vector<TokenId>& prefix, std::vector<TokenId>& suffix) {
  if (!pp.is_object()) return;
  const std::string type = pp.value("type", "");
  if (type == "Sequence" && pp.contains("processors") && pp["processors"].is_array()) {
    for (const json& p : pp["processors"]) post_processor_ids(p, prefix, suffix);
  } else if (type == "TemplateProcessing" && pp.contains("single") && pp["single"].is_array()) {
    bool after_sequence = false;
    for (const json& item : pp["single"]) {
      if (item.contains("Sequence")) {
        after_sequence = true;
        continue;
      }
      if (!item.contains("SpecialToken") || !item["SpecialToken"].contains("id")) continue;
      const json& name = item["SpecialToken"]["id"];
      const json* specials = pp.contains("special_tokens") ? &pp["special_tokens"] : nullptr;
      if (!name.is_string() || !specials || !specials->contains(name.get<std::string>())) continue;
      const json& entry = (*specials)[name.get<std::string>()];
      if (!entry.contains("ids") || !entry["ids"].is_array()) continue;
      for (const json& id : entry["ids"]) {
        if (id.is_number_integer()) (after_sequence ? suffix : prefix).push_back(id.get<TokenId>());
      }
    }
  } else if (type == "BertProcessing" || type == "RobertaProcessing") {
    auto id_of = [&](const char* key) -> std::optional<TokenId> {
      if (!pp.contains(key) || !pp[key].is_array() || pp[key].size() != 2 || !pp[key][1].is_number_integer()) {
        return std::nullopt;
      }
      return pp[key][1].get<TokenId>();
    };
    if (auto cls = id_of("cls")) prefix.push_back(*cls);
    if (auto sep = id_of("sep")) suffix.insert(suffix.begin(), *sep);
  }
}

std::string python_list(const std::vector<TokenId>& ids) {
  std::string s = "[";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? ", " : "") + std::to_string(ids[i]);
  return s + "]";
}

// The regex of the tokenizer.json pre-tokenizer, if it is a single Split (possibly followed by
// ByteLevel), or GPT-2's when ByteLevel applies its own regex.
std::string pre_tokenizer_pattern(const json& tj) {
  const auto it = tj.find("pre_tokenizer");
  if (it == tj.end() || !it->is_object()) return "";
  std::vector<const json*> steps;
  if (it->value("type", "") == "Sequence" && it->contains("pretokenizers") && (*it)["pretokenizers"].is_array()) {
    for (const json& p : (*it)["pretokenizers"]) steps.push_back(&p);
  } else {
    steps.push_back(&*it);
  }
  std::string pattern;
  int splits = 0;
  for (const json* p : steps) {
    const std::string type = p->value("type", "");
    if (type == "Split" && p->contains("pattern") && (*p)["pattern"].contains("Regex") &&
        (*p)["pattern"]["Regex"].is_string()) {
      pattern = (*p)["pattern"]["Regex"].get<std::string>();
      ++splits;
    } else if (type == "ByteLevel" && p->value("use_regex", true)) {
      pattern = "gpt-2";
      ++splits;
    }
  }
  return splits == 1 ? pattern : "";
}

}  // namespace

std::string_view pre_tokenizer_check_text() { return kCheckText; }

Result<PreTokenizerDetection> detect_pre_tokenizer(const VocabData& vocab, const json& tokenizer_json) {
  return capture_errors([&]() -> PreTokenizerDetection {
    VocabData probe = vocab;
    probe.pre = "default";
    probe.chat_template.reset();
    const auto impl = tokenizer_detail::build_tokenizer(std::move(probe));

    std::vector<TokenId> prefix, suffix;
    if (const auto pp = tokenizer_json.find("post_processor"); pp != tokenizer_json.end()) {
      post_processor_ids(*pp, prefix, suffix);
    }
    bool ignore_merges = false;
    if (const auto m = tokenizer_json.find("model"); m != tokenizer_json.end() && m->is_object()) {
      ignore_merges = m->value("ignore_merges", false);
    }
    const std::vector<TextFragment> fragments = impl->partition_special(kCheckText, /*parse_special=*/true);
    auto check_hash = [&](const tokenizer_detail::RegexSplitter& splitter) {
      std::vector<TokenId> ids = prefix;
      for (const TextFragment& f : fragments) {
        if (f.token != kNoToken) {
          ids.push_back(f.token);
        } else {
          impl->encode_byte_level_with(splitter, ignore_merges, kCheckText.substr(f.begin, f.end - f.begin), ids);
        }
      }
      ids.insert(ids.end(), suffix.begin(), suffix.end());
      return sha256_hex(python_list(ids));
    };

    // llama.cpp hashes the ids Hugging Face's tokenizer produces, i.e. split by tokenizer.json's
    // own regex. Our splitters reproduce the known families; when the file holds one split regex
    // we also split with it, so a file whose regex was changed (same vocabulary) is not taken
    // for the family it came from. Patterns PCRE2 cannot compile leave the family hashes alone.
    const std::string pattern = pre_tokenizer_pattern(tokenizer_json);
    std::optional<std::string> own_hash;
    if (!pattern.empty() && pattern != "gpt-2") {
      try {
        own_hash = check_hash(tokenizer_detail::RegexSplitter({std::string_view(pattern)}));
      } catch (const Exception&) {
      }
    }

    std::string first_hash;
    for (const tokenizer_detail::PreTokenizerSpec* spec : tokenizer_detail::distinct_pre_tokenizers()) {
      const std::string hash = check_hash(tokenizer_detail::RegexSplitter(spec->regexes));
      if (first_hash.empty()) first_hash = hash;
      if (own_hash && *own_hash != hash) continue;
      for (const KnownHash& known : kKnownHashes) {
        if (known.chkhsh != hash) continue;
        PreTokenizerDetection found{std::string(known.pre), hash, true, ""};
        const auto* named = tokenizer_detail::find_pre_tokenizer(known.pre);
        if (named && named->ignore_merges != ignore_merges) {
          if (const auto* like = tokenizer_detail::find_pre_tokenizer_like(*named, ignore_merges)) {
            found.note = "check hash names \"" + found.pre + "\", but tokenizer.json sets ignore_merges = " +
                         (ignore_merges ? "true" : "false") + ", which llama.cpp implements as \"" +
                         std::string(like->name) + "\"";
            found.pre = like->name;
          }
        }
        return found;
      }
    }
    if (own_hash) first_hash = *own_hash;

    if (pattern == "gpt-2") return {"gpt-2", first_hash, false, ""};
    for (const auto& [known, pre] : kKnownPatterns) {
      if (pattern == known) return {std::string(pre), first_hash, false, ""};
    }
    fail(ErrorCode::Unsupported,
         "the BPE pre-tokenizer of this tokenizer.json is not recognised (no known check hash; "
         "llama.cpp's converter would refuse it too). Its regex: " + (pattern.empty() ? std::string("(none)") : pattern));
  });
}

}  // namespace hearth
