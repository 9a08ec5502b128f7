// hearth-cli quantize against llama-quantize.
//
// Golden values:
//  * stories260K-{Q6_K,Q4_K_M,Q2_K}.gguf in the shared folder were made by llama-quantize from
//    stories260K-f32.gguf (same metadata, same tensor order: checked below).
//  * For every other mix, two synthetic models are generated here (hearth-cli synth --hf, then
//    hearth-cli convert) and quantized; the expected size and SHA-256 of each output were
//    recorded with `llama-quantize IN OUT TYPE 2 && sha256sum OUT` (llama.cpp Feb 2025, the AVX2
//    build in /tmp/llama.cpp/build/bin) on the very same input files, whose SHA-256 the test checks
//    first. Model A: llama, hidden 256, ffn 512, 8 layers, 4 heads / 2 KV heads, vocab 512,
//    untied, F32 weights (all widths multiples of 256). Model B: qwen2 with q/k/v biases, hidden
//    288, ffn 800, 4 layers, 8 heads / 2 KV heads (GQA 4), vocab 384, tied embeddings, F16 input
//    (widths not multiples of 256: exercises the fallback types).
//  The per-tensor plan and the exact output size are checked before the bytes.
#include <gtest/gtest.h>
#include <unistd.h>  // getpid (MinGW has it too)

#include <filesystem>
#include <limits>
#include <map>

#include "file_util.h"
#include "hearth/io/gguf.h"
#include "hearth/io/gguf_writer.h"
#include "hearth/quant/quantize.h"
#include "hearth/quant/quantize_model.h"
#include "child_process.h"
#include "sha256.h"
#include "test_data.h"
#include "tiny_model.h"

namespace fs = std::filesystem;
using hearth::test::run_cli;
using hearth::test::sha256_file;

namespace {

struct Reference {
  const char* model;  // synA-f32 / synB-f16
  const char* type;
  uint64_t size;
  const char* sha256;
};

// sha256sum of llama-quantize's output for each mix (see the file comment).
const Reference kReferences[] = {
    {"synA-f32", "Q4_0", 2868128, "a5250c2be8c7b64fe251305469982ee452aa9657d92da669b024f84554bd50ac"},
    {"synA-f32", "Q4_1", 3171232, "e83adf34db732e748a7be1fb12b781d47ac06c68f029d208e3bdff6de0b9548b"},
    {"synA-f32", "Q5_0", 3474336, "33f58b731240e2957ed164367b35b5e8239350d679ae245906653997c4a1c392"},
    {"synA-f32", "Q5_1", 3777440, "ca624e74371c96852d0292562b18f40c14af9b3e9dcdb88400efe0bcf4c85198"},
    {"synA-f32", "Q8_0", 5324704, "36ebb47718371ababddd982f10b396c30413805535bb8896c8f09b36461a9fe2"},
    {"synA-f32", "Q2_K", 1917856, "8d5367021aa61b09a779469acf7da3c908f8ba2ed82a039f9945392bd7dbf474"},
    {"synA-f32", "Q3_K_S", 2224032, "8acfb60a58cb00884546674281bf28bf4d69f0d1fd96169aa4f6be3b033b0b05"},
    {"synA-f32", "Q3_K_M", 2475936, "3346ab6036d15452b7185779fc3d01bbd46168acd8c9f35c11c8474361a174d6"},
    {"synA-f32", "Q3_K_L", 2697120, "d0b43e35b76a5b8e66f6e4fbcac17407ca8c38ab40d8da02c6c0739ffe9568ad"},
    {"synA-f32", "Q4_K_S", 2900896, "996766de50b1add4c791b942fc3c71786ef7ad194f9e1a77334179896ddbe0f8"},
    {"synA-f32", "Q4_K_M", 3037088, "e01648b0c6908449f72258aed442ee69a3c9123817fc1124f35450365b1326c8"},
    {"synA-f32", "Q5_K_S", 3474336, "299845b80a30d550523400c3a8fba1ac013f5daccfe724bfad4b036f183a9234"},
    {"synA-f32", "Q5_K_M", 3561376, "46a972b58b9886a254a2baa7ac6ef4b6eb328f846367f3326337a3e43530d6c4"},
    {"synA-f32", "Q6_K", 4118432, "aa861df25e97393693c64a4689bcca232cec16361b5efba196e44f0826da240c"},
    {"synA-f32", "IQ4_NL", 2884512, "a31d30ec0ac581e78296d46bb42ca5eeb1ede9a4fa5e95bd8e668c4310d5eeae"},
    {"synA-f32", "F16", 9994144, "941dcb8d4dea628d4a16e54f7ecc1936f3d6925bbbc087bfd188d748aadf5832"},
    {"synA-f32", "BF16", 9994144, "92b7c8e98f1aaa410c838034fc7dd68e60708af4d07040d9a5f1586962da38bf"},
    {"synA-f32", "F32", 19955616, "2d0e9e33c290a96851319c3dcf2c685a28098374d5a34a20def245a576cc0bae"},
    {"synA-f32", "COPY", 19955616, "2d0e9e33c290a96851319c3dcf2c685a28098374d5a34a20def245a576cc0bae"},
    {"synB-f16", "Q4_0", 2167104, "a0c03d0d581177045d931a8ddf9ec8623b97c390b343054adf92da65e5b5fc6f"},
    {"synB-f16", "Q4_1", 2391616, "acd1ed2b7d5b550ff47898be0a7bec623615f12017013186aae13e261ce42323"},
    {"synB-f16", "Q5_0", 2616384, "071bcf4fc5ac43092ee7fdc0fffdb054e6fd3618ce2dde4524870c2b64595aec"},
    {"synB-f16", "Q5_1", 2840896, "2905ba5d337d5c9ef21aca6266335156b8e5a8fea3e6fd7dc644f64fbd966939"},
    {"synB-f16", "Q8_0", 3964224, "8e3cf9d6fa71e0cca4b72076e5dfb3b0be42831e7335b4cd5eb2705057f7bce1"},
    {"synB-f16", "Q2_K", 2177472, "fdc7df1567cb546e04cc000d01c1cde30eacd3c34980f815771a3a78bfa83fa5"},
    {"synB-f16", "Q3_K_S", 2167104, "e7d934d00b330464e40beeda3545985d6185c249943f2d44caeeda914b29df8b"},
    {"synB-f16", "Q3_K_M", 2336704, "420ad61cce466aac0dfd49f10128fdcbfd23bd589ddaa20cec8ec7c50c981d5f"},
    {"synB-f16", "Q3_K_L", 2417600, "1d68afff30d5abb971ed2234a44f553c1409a407866edd0010ee9824ca21afb9"},
    {"synB-f16", "Q4_K_S", 2621504, "a5678b20b709ee137bd269e2b6a33bd23e36aac38cdc41d3c3b2610db7345fb1"},
    {"synB-f16", "Q4_K_M", 2804736, "b986a06314dc9cd2003e3f0ab9029ced55918cf54e9982a0409c5c71658b641a"},
    {"synB-f16", "Q5_K_S", 2840896, "b6ffdb936559effd903c012c2c5b3ec8f6378ccdb5af01babf9a5cd62c829282"},
    {"synB-f16", "Q5_K_M", 2997888, "a178abf6b6174129e4b3f625aeae260ac7977ad0e340ad759c1d0ed655045142"},
    {"synB-f16", "Q6_K", 3964224, "fe3471bcada2b4d0c8cb0d8e376b0c53cca968dbe57a4c6f3bba6b0623725775"},
    {"synB-f16", "IQ4_NL", 2182592, "5e909005c0819d25a17065dbf7b2da6a8a48d7f28754663e8b0bf3935039cd9f"},
    {"synB-f16", "F16", 7437376, "3f5374f42a89823b896587df5c32d32297a6bc33464ed07b14d89af57e31a90c"},
    {"synB-f16", "BF16", 7437376, "aeb379f3a3e96c63bbc43046ec44bdb8c62234e1e3ac66faad9e04b8375aedad"},
    {"synB-f16", "F32", 14847040, "d5c43e307a8f5e8ad283b25713d02bb6a576981b0512cd48ab29c47b07a941ba"},
    {"synB-f16", "COPY", 7437376, "3f5374f42a89823b896587df5c32d32297a6bc33464ed07b14d89af57e31a90c"},
};

// llama-quantize FLAGS synA-f32.gguf OUT TYPE 2, then sha256sum.
struct FlagReference {
  std::vector<std::string> flags;
  const char* type;
  uint64_t size;
  const char* sha256;
};
const FlagReference kFlagReferences[] = {
    {{"--pure"}, "Q4_K_M", 2834336, "4055e29509fc88224227e085aeef73bc4d3aaadb60b1d3b2fc9e5e2a484f51bf"},
    {{"--leave-output-tensor"}, "Q4_K_M", 3453856, "62f26c551a3bd008000ddb460034d5a64422cc3312159a1e635c231879ae6efd"},
    {{"--output-tensor-type", "f16"}, "Q4_K_M", 3191712, "1dc7e65e88c92011e48fe04cee0939ab52c9a356e4e9e875b1320eb7ff269e09"},
    {{"--token-embedding-type", "q8_0"}, "Q6_K", 4150176, "966c28f9acec22709162f4ec3155dbaca2d6d7c933a5775a077818b917026687"},
    {{"--pure"}, "Q8_0", 5324704, "36ebb47718371ababddd982f10b396c30413805535bb8896c8f09b36461a9fe2"},
    {{"--output-tensor-type", "q8_0", "--token-embedding-type", "f16"}, "Q8_0", 5447584,
     "2d48e90fa5e17907ffc4a86945fdd83d2fa333bd890ac242f531ce1490c9e524"},
};

// Readable parameter names in test output and ctest.
void PrintTo(const Reference& r, std::ostream* os) { *os << r.model << " " << r.type; }
void PrintTo(const FlagReference& r, std::ostream* os) {
  for (const auto& f : r.flags) *os << f << " ";
  *os << r.type;
}
std::string flag_test_name(const ::testing::TestParamInfo<FlagReference>& info) {
  std::string name;
  for (const auto& f : info.param.flags) name += f + "_";
  name += info.param.type;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name + "_" + std::to_string(info.index);
}

// The synthetic inputs, generated on first use in each test process (ctest runs every test in a
// process of its own, so tests that do not need them pay nothing) and removed at exit.
class SyntheticModels {
 public:
  static fs::path model(const std::string& name) { return instance().dir_ / (name + ".gguf"); }

 private:
  SyntheticModels() : dir_(fs::temp_directory_path() / ("hearth-quantize-test-" + std::to_string(getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto run = [](std::vector<std::string> args) {
      const auto r = run_cli(std::move(args));
      if (r.exit_code != 0) std::fprintf(stderr, "setup command failed: %s\n", r.err.c_str());
    };
    const std::string a = (dir_ / "synA").string(), b = (dir_ / "synB").string();
    run({"synth", "--hf", "-o", a, "--dtype", "f32", "--layers", "8", "--seed", "7"});
    run({"convert", a, "-o", (dir_ / "synA-f32.gguf").string(), "--outtype", "f32", "-q"});
    run({"synth", "--hf", "-o", b, "--arch", "qwen2", "--hidden", "288", "--ffn", "800", "--heads", "8", "--kv-heads", "2",
         "--vocab", "384", "--layers", "4", "--tied", "--dtype", "bf16", "--seed", "11"});
    run({"convert", b, "-o", (dir_ / "synB-f16.gguf").string(), "--outtype", "f16", "-q"});
  }
  ~SyntheticModels() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  static SyntheticModels& instance() {
    static SyntheticModels models;
    return models;
  }
  fs::path dir_;
};

// Whether Hearth can produce every tensor type a plan needs.
std::optional<std::string> missing_quantizer(const hearth::QuantizePlan& plan) {
  for (const auto& t : plan.tensors) {
    if (t.output_type != t.input.type && !hearth::row_conversion(t.output_type).quantize) {
      return std::string(hearth::tensor_type_name(t.output_type));
    }
  }
  return std::nullopt;
}

TEST(QuantizeSynthetic, InputsAreTheRecordedOnes) {
  // The references were recorded from exactly these files.
  EXPECT_EQ(sha256_file(SyntheticModels::model("synA-f32")),
            "4568567fe5e5b113e0b90f72b2ecf6746a4d1bf4edffc301967fc1fe73972c9b");
  EXPECT_EQ(sha256_file(SyntheticModels::model("synB-f16")),
            "0aa774eaa3aa8e1108d91db15c0dcfda6423451181653900cf7d50643e244f4c");
}

class QuantizeMix : public ::testing::TestWithParam<Reference> {};

TEST_P(QuantizeMix, MatchesLlamaQuantize) {
  const Reference& ref = GetParam();
  hearth::test::TempDir tmp;
  hearth::QuantizeOptions options;
  options.input = SyntheticModels::model(ref.model);
  options.output = tmp / "out.gguf";
  options.type = ref.type;
  // The plan alone (types per tensor, metadata, order) already fixes the file size.
  const auto plan = hearth::plan_quantization(options);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->output_bytes, ref.size);
  const auto missing = missing_quantizer(*plan);
  ASSERT_FALSE(missing.has_value()) << "Hearth has no " << *missing << " quantizer";
  const auto r = run_cli({"quantize", options.input.string(), options.output.string(), ref.type, "-t", "2", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(fs::file_size(options.output), ref.size);
  EXPECT_EQ(sha256_file(options.output), ref.sha256);
}

INSTANTIATE_TEST_SUITE_P(Synthetic, QuantizeMix, ::testing::ValuesIn(kReferences),
                         [](const auto& info) { return std::string(info.param.model).substr(0, 4) + "_" + info.param.type; });

class QuantizeFlags : public ::testing::TestWithParam<FlagReference> {};

TEST_P(QuantizeFlags, MatchesLlamaQuantize) {
  const FlagReference& ref = GetParam();
  hearth::test::TempDir tmp;
  std::vector<std::string> args = {"quantize"};
  args.insert(args.end(), ref.flags.begin(), ref.flags.end());
  const fs::path out = tmp / "out.gguf";
  std::vector<std::string> dry = args;
  dry.insert(dry.end(), {"--dry-run", SyntheticModels::model("synA-f32").string(), out.string(), ref.type});
  ASSERT_EQ(run_cli(dry).exit_code, 0);
  args.insert(args.end(), {SyntheticModels::model("synA-f32").string(), out.string(), ref.type, "-q"});
  const auto r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(fs::file_size(out), ref.size);
  EXPECT_EQ(sha256_file(out), ref.sha256);
}

INSTANTIATE_TEST_SUITE_P(Synthetic, QuantizeFlags, ::testing::ValuesIn(kFlagReferences), flag_test_name);

// ---- the shared stories260K references -----------------------------------------------------

class QuantizeStories : public ::testing::TestWithParam<const char*> {};

TEST_P(QuantizeStories, MatchesReference) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-f32.gguf");
  const std::string type = GetParam();
  const fs::path input = hearth::test::shared_path("models/stories260K-reference-gguf/stories260K-f32.gguf");
  const fs::path reference =
      hearth::test::shared_path("models/stories260K-reference-gguf/stories260K-" + type + ".gguf");
  hearth::test::TempDir tmp;
  hearth::QuantizeOptions options;
  options.input = input;
  options.output = tmp / "out.gguf";
  options.type = type;
  const auto plan = hearth::plan_quantization(options);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  // Same tensors, order and types as llama-quantize wrote, and the same size.
  auto ref = hearth::GgufFile::open(reference);
  ASSERT_TRUE(ref.ok());
  ASSERT_EQ(plan->tensors.size(), ref->tensors().size());
  for (size_t i = 0; i < plan->tensors.size(); ++i) {
    EXPECT_EQ(plan->tensors[i].input.name, ref->tensors()[i].name);
    EXPECT_EQ(plan->tensors[i].output_type, ref->tensors()[i].type) << ref->tensors()[i].name;
  }
  EXPECT_EQ(plan->output_bytes, ref->file_size());
  EXPECT_EQ(plan->metadata.entries(), ref->metadata().entries());
  const auto missing = missing_quantizer(*plan);
  ASSERT_FALSE(missing.has_value()) << "Hearth has no " << *missing << " quantizer";
  const auto r = run_cli({"quantize", input.string(), options.output.string(), type, "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(hearth::test::read_bytes(options.output), hearth::test::read_bytes(reference));
}

INSTANTIATE_TEST_SUITE_P(Reference, QuantizeStories, ::testing::Values("Q6_K", "Q4_K_M", "Q2_K"));

// ---- behaviour --------------------------------------------------------------------------

TEST(Quantize, DefaultOutputNameIsNextToTheInput) {
  hearth::test::TempDir tmp;
  fs::copy_file(SyntheticModels::model("synA-f32"), tmp / "model.gguf");
  const auto r = run_cli({"quantize", (tmp / "model.gguf").string(), "q8_0", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(tmp / "ggml-model-Q8_0.gguf"));
}

TEST(Quantize, RefusesToRequantizeWithoutTheFlag) {
  hearth::test::TempDir tmp;
  ASSERT_EQ(run_cli({"quantize", SyntheticModels::model("synA-f32").string(), (tmp / "q8.gguf").string(), "Q8_0", "-q"}).exit_code, 0);
  const auto r = run_cli({"quantize", (tmp / "q8.gguf").string(), (tmp / "again.gguf").string(), "F16", "-q"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("already quantized"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--allow-requantize"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "again.gguf"));
  const auto ok = run_cli({"quantize", "--allow-requantize", (tmp / "q8.gguf").string(), (tmp / "again.gguf").string(), "F16", "-q"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST(Quantize, UnknownTypeListsTheChoices) {
  const auto r = run_cli({"quantize", SyntheticModels::model("synA-f32").string(), "Q9_X"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("Q4_K_M"), std::string::npos) << r.err;
}

TEST(Quantize, RowsThatFitNoBlockFailCleanly) {
  HEARTH_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-f32.gguf");
  // stories260K's 172-wide FFN rows fit neither Q4_0 nor Q8_0 blocks (llama-quantize refuses too).
  hearth::test::TempDir tmp;
  const auto r = run_cli({"quantize", hearth::test::shared_path("models/stories260K-reference-gguf/stories260K-f32.gguf").string(),
                          (tmp / "out.gguf").string(), "Q4_0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("172"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

TEST(Quantize, NanOrInfinityInTheInputFailsCleanly) {
  // A damaged F32 model: one weight is NaN. Quantizing it must stop with a message naming the
  // tensor, and leave nothing behind (llama-quantize refuses such data as well).
  hearth::test::TempDir tmp;
  const fs::path input = tmp / "nan.gguf";
  {
    hearth::GgufWriter w(input);
    w.metadata().set("general.architecture", std::string("llama"));
    w.metadata().set("llama.block_count", uint32_t(1));
    w.add_tensor("blk.0.attn_q.weight", hearth::TensorType::F32, {64, 4});
    w.write_header();
    std::vector<float> weights(256, 0.5f);
    weights[70] = std::numeric_limits<float>::quiet_NaN();
    w.write_tensor_data({reinterpret_cast<const std::byte*>(weights.data()), weights.size() * sizeof(float)});
    w.commit();
  }
  const auto r = run_cli({"quantize", input.string(), (tmp / "out.gguf").string(), "Q8_0", "-q"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("blk.0.attn_q.weight"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("NaN"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("row 1, column 6"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "out.gguf"));
}

TEST(Quantize, HelpListsTypesWithBitsPerWeight) {
  const auto r = run_cli({"quantize", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* t : {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q2_K_S", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S",
                        "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "F16", "BF16", "F32", "COPY", "bpw", "ppl"}) {
    EXPECT_NE(r.out.find(t), std::string::npos) << t;
  }
}

TEST(Quantize, CancelLeavesNothingBehind) {
  hearth::test::TempDir tmp;
  hearth::QuantizeOptions options;
  options.input = SyntheticModels::model("synA-f32");
  options.output = tmp / "out.gguf";
  options.type = "Q8_0";
  hearth::CancelToken cancel;
  uint64_t calls = 0;
  const auto r = hearth::quantize_gguf(
      options,
      [&](const hearth::ProgressInfo& p) {
        EXPECT_EQ(p.item, calls);
        if (++calls == 5) cancel.cancel();
      },
      cancel);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, hearth::ErrorCode::Cancelled);
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

// Progress moves within a big tensor too (the quantizer reads 16 MiB of input rows at a time),
// never backwards, and ends at the total.
TEST(Quantize, ProgressMovesWithinABigTensor) {
  hearth::test::TempDir tmp;
  hearth::test::TinyModelSpec spec;
  spec.n_vocab = 24000;  // token_embd: 24000 × 256 F32 = 23.4 MiB, two chunks
  spec.n_embd = 256;
  spec.n_head = 4;
  spec.n_head_kv = 2;
  spec.n_ff = 256;
  hearth::test::write_tiny_model(spec, tmp / "big.gguf");
  hearth::QuantizeOptions options;
  options.input = tmp / "big.gguf";
  options.output = tmp / "out.gguf";
  options.type = "Q8_0";
  std::vector<hearth::ProgressInfo> seen;
  const auto r = hearth::quantize_gguf(options, [&](const hearth::ProgressInfo& p) { seen.push_back(p); }, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_FALSE(seen.empty());
  bool inside = false;
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GE(seen[i].bytes_done, seen[i - 1].bytes_done);
    EXPECT_GE(seen[i].item, seen[i - 1].item);
    // Same tensor, more bytes: a report from inside it.
    if (seen[i].item == seen[i - 1].item && seen[i].bytes_done > seen[i - 1].bytes_done) inside = true;
  }
  EXPECT_TRUE(inside) << "no progress within the 23 MiB embedding table";
  EXPECT_EQ(seen.back().bytes_done, seen.back().bytes_total);
}

TEST(Quantize, SizeEstimateEqualsTheWrittenFile) {
  hearth::test::TempDir tmp;
  auto in = hearth::GgufFile::open(SyntheticModels::model("synB-f16"));
  ASSERT_TRUE(in.ok());
  const auto* mix = hearth::find_quant_mix("Q8_0");
  ASSERT_NE(mix, nullptr);
  const auto estimate = hearth::estimate_quantized_size(in->metadata(), in->tensors(), *mix);
  ASSERT_TRUE(estimate.ok()) << estimate.error().message;
  const auto r = run_cli({"quantize", SyntheticModels::model("synB-f16").string(), (tmp / "q.gguf").string(), "Q8_0", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(*estimate, fs::file_size(tmp / "q.gguf"));
}

}  // namespace
