// Bit-exactness of every reference quantizer (and dequantizer) against llama.cpp's ggml, on the
// deterministic rows of quant_test_inputs.h: 8 kinds of input x widths 32, 96, 256, 2048, 4096,
// 4128, 11008 (types with 32-value blocks and F16/BF16) or 256, 2048, 4096, 11008 (K types).
//
// HOW THE GOLDEN HASHES WERE PRODUCED (outside this repository, never linked into Hearth):
// a C program compiled against the llama.cpp tree of early 2025 at /tmp/llama.cpp (the version
// that made the shared reference GGUFs; Release build, libggml-base.so built without -march) with
//   gcc -O2 -std=c11 -ffp-contract=off golden.c -lggml-base
// where golden.c contains a line-for-line C copy of quant_test_inputs.h and does:
//   ggml_init(...);                       // fills the f16 table the quantizers read
//   for each type, for each InputKind, for each width n (list above):
//     fill_row(kind, n, x);  memset(q, 0, ggml_row_size(type, n));
//     ggml_quantize_chunk(type, x, q, 0, 1, n, /*imatrix=*/NULL);   // what llama-quantize calls
//       (Q8_1 / Q8_K, which are no file types: quantize_row_q8_1_ref / quantize_row_q8_K_ref)
//     hq = fnv1a64(hq, q, ggml_row_size(type, n));                  // bytes, widths concatenated
//     type_traits->to_float(q, y, n)  (Q8_K: dequantize_row_q8_K; Q8_1 has none -> hash 0)
//     hd = fnv1a64(hd, y as little-endian floats, every NaN replaced by 0x7fc00000)
//   print {type, kind, hq, hd}
// The quantized bytes of IQ4_NL are therefore those of quantize_iq4_nl (the searching quantizer
// that files contain), not ggml's quantize_row_iq4_nl_ref.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <ostream>
#include <vector>

#include "hearth/quant/quantize.h"
#include "quant_test_inputs.h"

namespace hearth {
namespace {

using test::InputKind;

struct Golden {
  TensorType type;
  InputKind kind;
  uint64_t bytes_hash;    // FNV-1a 64 of the quantized rows
  uint64_t floats_hash;   // FNV-1a 64 of their dequantized floats (0: ggml has no dequantizer)
};

// clang-format off
constexpr Golden kGolden[] = {
    {TensorType::F16, InputKind::Weights, 0x3c185c7671940681ull, 0xe9020f070df78f35ull},
    {TensorType::F16, InputKind::Uniform, 0xe1afd57883ef360cull, 0x351b0da9b10b7332ull},
    {TensorType::F16, InputKind::Outliers, 0x3f31f7499a508bd9ull, 0x811574bf7d0b2527ull},
    {TensorType::F16, InputKind::ZeroGroups, 0x5a7d2fbaaa40ec33ull, 0xbc8953217fd4e3aeull},
    {TensorType::F16, InputKind::Tiny, 0x7cdb617e68f55cedull, 0x14e03fb9f9e233b1ull},
    {TensorType::F16, InputKind::Positive, 0x0f28e9651cd2ac5aull, 0x850a5c3719713021ull},
    {TensorType::F16, InputKind::Ties, 0x891ed1bc98a47557ull, 0x34e92e101fdb574bull},
    {TensorType::F16, InputKind::Wide, 0x123b4f5d76bd6cfeull, 0x0b3201f9c424a282ull},
    {TensorType::BF16, InputKind::Weights, 0xc083c556bbbbb204ull, 0x82e46c43c062f714ull},
    {TensorType::BF16, InputKind::Uniform, 0x27c3f6e676083332ull, 0xd7ea42a47628108aull},
    {TensorType::BF16, InputKind::Outliers, 0x14f85e9f157699c8ull, 0xb861d798973b9ce8ull},
    {TensorType::BF16, InputKind::ZeroGroups, 0x4138d4f377ad53e3ull, 0xfd7da2b6ec17806bull},
    {TensorType::BF16, InputKind::Tiny, 0x2865df08c463b184ull, 0x79f4f2e81906d9d4ull},
    {TensorType::BF16, InputKind::Positive, 0x25518533e8fe9c89ull, 0x1f23e33ad87d0191ull},
    {TensorType::BF16, InputKind::Ties, 0xc2e5e8cd723db8dbull, 0x34e92e101fdb574bull},
    {TensorType::BF16, InputKind::Wide, 0x0ec7129edff5ee0full, 0x7aa7c2f510d33b0full},
    {TensorType::Q4_0, InputKind::Weights, 0xc66dd7cfe752d1bbull, 0xf3d91dd40d741a2aull},
    {TensorType::Q4_0, InputKind::Uniform, 0x46247bd2e0d3714cull, 0xe546d7534d96cfceull},
    {TensorType::Q4_0, InputKind::Outliers, 0xb08bab2388c3aed0ull, 0xef6f45c7f5e837cfull},
    {TensorType::Q4_0, InputKind::ZeroGroups, 0x68cdef89fc2e13feull, 0x51834b8538b8431dull},
    {TensorType::Q4_0, InputKind::Tiny, 0xfe0c01d73f0da252ull, 0x7e5dc4fe311e34b3ull},
    {TensorType::Q4_0, InputKind::Positive, 0x0e0b8ac5116b1270ull, 0x183b9ff4791ab38aull},
    {TensorType::Q4_0, InputKind::Ties, 0xb387e892232a244dull, 0x264add65adee55daull},
    {TensorType::Q4_0, InputKind::Wide, 0xf378130f50858622ull, 0xc83a3072f52efbbfull},
    {TensorType::Q4_1, InputKind::Weights, 0x91b3dc273749cd68ull, 0x4703c2f6bd4a2474ull},
    {TensorType::Q4_1, InputKind::Uniform, 0x6936be6d55dc9fc1ull, 0xd97b56d116aaa2f8ull},
    {TensorType::Q4_1, InputKind::Outliers, 0x35aa2a2a707a41f2ull, 0x580f815435b15d90ull},
    {TensorType::Q4_1, InputKind::ZeroGroups, 0x297453471fae45a2ull, 0x5ad1ea3d404ed128ull},
    {TensorType::Q4_1, InputKind::Tiny, 0x168411d58246eb19ull, 0xe6fadb8b8fd2b497ull},
    {TensorType::Q4_1, InputKind::Positive, 0xc4b97c5898e3cb14ull, 0x341880051d7ebdc8ull},
    {TensorType::Q4_1, InputKind::Ties, 0x5ddbd8dfad126a5cull, 0xee0119827fb43b29ull},
    {TensorType::Q4_1, InputKind::Wide, 0x098c9effefb6b52bull, 0x1f93452fa4391502ull},
    {TensorType::Q5_0, InputKind::Weights, 0x374276bbb6edadfeull, 0x97e9e74cdcef4f02ull},
    {TensorType::Q5_0, InputKind::Uniform, 0x43550d7839497369ull, 0x2ac54a33ff12d63bull},
    {TensorType::Q5_0, InputKind::Outliers, 0x9ea7c6582ca9ead7ull, 0xb47ed270dfbe4d3full},
    {TensorType::Q5_0, InputKind::ZeroGroups, 0x4d6f220cd03ed4acull, 0x5ee3b061767a397full},
    {TensorType::Q5_0, InputKind::Tiny, 0xae4d468f7f808cb0ull, 0x8c6117b8b9146c83ull},
    {TensorType::Q5_0, InputKind::Positive, 0xc3b8d39e210b5116ull, 0xceb71d8b2eb47fb9ull},
    {TensorType::Q5_0, InputKind::Ties, 0x9eabc40922f8cf0aull, 0x610ef5174457c748ull},
    {TensorType::Q5_0, InputKind::Wide, 0xf0f5807ce621ac5eull, 0x6310f36d97b78a73ull},
    {TensorType::Q5_1, InputKind::Weights, 0x7661d2069442b2c0ull, 0xfe7669e004156c52ull},
    {TensorType::Q5_1, InputKind::Uniform, 0xb3df09451bb014f6ull, 0x598364f3dfcbae68ull},
    {TensorType::Q5_1, InputKind::Outliers, 0x3b13516df88420b8ull, 0x5a3ae89030e8e128ull},
    {TensorType::Q5_1, InputKind::ZeroGroups, 0x95071dc289e24191ull, 0x38d575afbf108ed3ull},
    {TensorType::Q5_1, InputKind::Tiny, 0x0a965821378c0873ull, 0xd52091598e065d96ull},
    {TensorType::Q5_1, InputKind::Positive, 0xa5c1f07def2baf9aull, 0x86515c37f962562dull},
    {TensorType::Q5_1, InputKind::Ties, 0xdd413e2e5d1d29b6ull, 0x75da18acb28afd5full},
    {TensorType::Q5_1, InputKind::Wide, 0x6c8446992df6bb4dull, 0x477466d6a40c24b7ull},
    {TensorType::Q8_0, InputKind::Weights, 0xfebcf9bc74a94c29ull, 0xcc189ce8fdef30b4ull},
    {TensorType::Q8_0, InputKind::Uniform, 0xe2fdbe2779fbf358ull, 0xda972840f6c90a41ull},
    {TensorType::Q8_0, InputKind::Outliers, 0xfb49f629622bb154ull, 0x653ef930a85660f0ull},
    {TensorType::Q8_0, InputKind::ZeroGroups, 0x8e935c11d57d2ee0ull, 0x135579a3279fc48bull},
    {TensorType::Q8_0, InputKind::Tiny, 0xff120f415f69a458ull, 0x011703caa52068d7ull},
    {TensorType::Q8_0, InputKind::Positive, 0x3194be7acc9a82d8ull, 0x46050d91b43a6443ull},
    {TensorType::Q8_0, InputKind::Ties, 0x25fceefb38409936ull, 0x8ecd59993a63ddadull},
    {TensorType::Q8_0, InputKind::Wide, 0x0ef1e493debf32b5ull, 0x58ba5c74e0ee4077ull},
    {TensorType::Q8_1, InputKind::Weights, 0xdc7eeb60cc4f46b4ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Uniform, 0x746d1052e1bad82full, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Outliers, 0xee20b228b9a3cc02ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::ZeroGroups, 0xbb78aac7875fabd4ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Tiny, 0x3b87e3f56790979aull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Positive, 0x75b49c77ea6cb813ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Ties, 0xdc0d87ff3432b645ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Wide, 0x2847fcb0a9225d1dull, 0x0000000000000000ull},
    {TensorType::Q2_K, InputKind::Weights, 0xbedc5916c4d8b4daull, 0x557e369d24132cfeull},
    {TensorType::Q2_K, InputKind::Uniform, 0x376163cd38f46825ull, 0x4f86d42fdd6a9027ull},
    {TensorType::Q2_K, InputKind::Outliers, 0xf621d4e5ea98d7bbull, 0x7659d2b1e84cfcdcull},
    {TensorType::Q2_K, InputKind::ZeroGroups, 0xa293badb4db510c1ull, 0xb07e018bc9da96baull},
    {TensorType::Q2_K, InputKind::Tiny, 0x9a9989541f5db6ecull, 0xaa674bc774721f30ull},
    {TensorType::Q2_K, InputKind::Positive, 0x7dbc4185dd5bacfdull, 0x5be341a12c33ac65ull},
    {TensorType::Q2_K, InputKind::Ties, 0x9749ba806d940cb6ull, 0xe5e11538e96455c9ull},
    {TensorType::Q2_K, InputKind::Wide, 0x00d13ffe17f80593ull, 0x0acd52b61762b3c7ull},
    {TensorType::Q3_K, InputKind::Weights, 0xfd1299dd55da66aeull, 0x955c3b42eb0d8568ull},
    {TensorType::Q3_K, InputKind::Uniform, 0xa1144ca63db7b9cdull, 0xe968bbcce6d17068ull},
    {TensorType::Q3_K, InputKind::Outliers, 0xe30da5a32a598301ull, 0x48143c78e03f2dfdull},
    {TensorType::Q3_K, InputKind::ZeroGroups, 0xc7a9dcd4833d248eull, 0xa82b74159ad1f99full},
    {TensorType::Q3_K, InputKind::Tiny, 0x0130665d29cb9817ull, 0x4b6ee33846c4d8a0ull},
    {TensorType::Q3_K, InputKind::Positive, 0x55079fd833b5fa16ull, 0x1629c42201380758ull},
    {TensorType::Q3_K, InputKind::Ties, 0xad41dc726fae8357ull, 0xa8a7053d25bafe22ull},
    {TensorType::Q3_K, InputKind::Wide, 0x9bdd25fbcccc7e35ull, 0x9508871d0b18aaa6ull},
    {TensorType::Q4_K, InputKind::Weights, 0xa9e4c629cb793e15ull, 0x52a9bd8f8b56e350ull},
    {TensorType::Q4_K, InputKind::Uniform, 0x540b3aecae8a1e28ull, 0xfd618b9d64d15176ull},
    {TensorType::Q4_K, InputKind::Outliers, 0xc8494a658a436171ull, 0x45b678f02e8c845eull},
    {TensorType::Q4_K, InputKind::ZeroGroups, 0xd8dfa371401a0f31ull, 0x6af0854cc6be843dull},
    {TensorType::Q4_K, InputKind::Tiny, 0x4e2f11cd3b136842ull, 0x20465c68f067865bull},
    {TensorType::Q4_K, InputKind::Positive, 0x3c444e5134b67f54ull, 0x052ca0165f6abd58ull},
    {TensorType::Q4_K, InputKind::Ties, 0x438f0c9999defc95ull, 0x4afed1843106ffbdull},
    {TensorType::Q4_K, InputKind::Wide, 0xf15f4757150645d1ull, 0xead95812b9452b72ull},
    {TensorType::Q5_K, InputKind::Weights, 0x801401db888f68baull, 0x90fd547c6e2e63bbull},
    {TensorType::Q5_K, InputKind::Uniform, 0xd137f565b9be6b47ull, 0x1b92f4b5f3b4ebcbull},
    {TensorType::Q5_K, InputKind::Outliers, 0xb4486224ddda492aull, 0xceeb00c427f71d3bull},
    {TensorType::Q5_K, InputKind::ZeroGroups, 0xc9bed6b3a72904b1ull, 0x2cfee30a95bfdaa3ull},
    {TensorType::Q5_K, InputKind::Tiny, 0x3825ecb73826f04dull, 0x8bb10b3737ddd769ull},
    {TensorType::Q5_K, InputKind::Positive, 0xa9d2ef9724c911dfull, 0x731ea0581a642d52ull},
    {TensorType::Q5_K, InputKind::Ties, 0x96c26018c33510c2ull, 0x67f04375126a7293ull},
    {TensorType::Q5_K, InputKind::Wide, 0xd472b0be599509b6ull, 0x1746581ca8ff4088ull},
    {TensorType::Q6_K, InputKind::Weights, 0xaf2688cc884b048aull, 0xe677d9c58425a4e8ull},
    {TensorType::Q6_K, InputKind::Uniform, 0x07eaec0cdcc34957ull, 0x148fc9e0ec19741eull},
    {TensorType::Q6_K, InputKind::Outliers, 0xee550dce3bc061d8ull, 0x1f84d7724d0f57e4ull},
    {TensorType::Q6_K, InputKind::ZeroGroups, 0x66e3a18c907d1ebcull, 0xe21ad133a2af2002ull},
    {TensorType::Q6_K, InputKind::Tiny, 0x86c28c8d042c767eull, 0x515f5a5058fe7aa9ull},
    {TensorType::Q6_K, InputKind::Positive, 0x46c4e18194c235e1ull, 0x42241b4c399f5e7full},
    {TensorType::Q6_K, InputKind::Ties, 0x24494379042f73d6ull, 0x64a455d64a7590c6ull},
    {TensorType::Q6_K, InputKind::Wide, 0xb40deef1ad1085c6ull, 0xecea82e26ebe6786ull},
    {TensorType::Q8_K, InputKind::Weights, 0x6770f966b2033d64ull, 0x12eaf613df7f671aull},
    {TensorType::Q8_K, InputKind::Uniform, 0x1a0ec0c03d2365feull, 0xa9321ff8ea3f9269ull},
    {TensorType::Q8_K, InputKind::Outliers, 0x0ba0d5959d570d21ull, 0x4d99c1925d844454ull},
    {TensorType::Q8_K, InputKind::ZeroGroups, 0x54585cf31b6c2f10ull, 0xa22c613cf6a2ae94ull},
    {TensorType::Q8_K, InputKind::Tiny, 0x2e153d2b86e8f583ull, 0xe9f31f66d3166156ull},
    {TensorType::Q8_K, InputKind::Positive, 0xb3e47c9837834d0dull, 0xba868880f830366cull},
    {TensorType::Q8_K, InputKind::Ties, 0x2c4f0aef9b16c849ull, 0x0fc717944fa56d89ull},
    {TensorType::Q8_K, InputKind::Wide, 0xabe4032ea3bf41d4ull, 0x5148961470582a5aull},
    {TensorType::IQ4_NL, InputKind::Weights, 0x20139851405d7306ull, 0xf9fc237588c98432ull},
    {TensorType::IQ4_NL, InputKind::Uniform, 0x725f98b94ad1855aull, 0x41d59627a24e039bull},
    {TensorType::IQ4_NL, InputKind::Outliers, 0xf8c96386c805daf8ull, 0x58800487ed801b5aull},
    {TensorType::IQ4_NL, InputKind::ZeroGroups, 0xc3dbb8241abcc693ull, 0xe81902b6374c2692ull},
    {TensorType::IQ4_NL, InputKind::Tiny, 0x357f2926bf1c4ceaull, 0x5a97da9f61c9f798ull},
    {TensorType::IQ4_NL, InputKind::Positive, 0x1eca8daac6a631b4ull, 0xd731aace511cb808ull},
    {TensorType::IQ4_NL, InputKind::Ties, 0x87c19f1f299f835eull, 0xf746e502d75ca8e4ull},
    {TensorType::IQ4_NL, InputKind::Wide, 0xdfd0d9cbcf2d519bull, 0xb0beb73f4dd10c8bull},
};
// clang-format on

std::vector<int64_t> widths_for(TensorType type) {
  if (tensor_type_layout(type).block_size == kQK_K) return {256, 2048, 4096, 11008};
  return {32, 96, 256, 2048, 4096, 4128, 11008};
}

struct Hashes {
  uint64_t bytes = test::kFnv1a64Init;
  uint64_t floats = test::kFnv1a64Init;
};

Hashes hash_type(TensorType type, InputKind kind) {
  Hashes h;
  for (const int64_t n : widths_for(type)) {
    const std::vector<float> x = test::make_row(kind, n);
    std::vector<unsigned char> q(*tensor_row_bytes(type, static_cast<uint64_t>(n)), 0);
    quantize_row(type, x.data(), q.data(), n);
    h.bytes = test::fnv1a64(h.bytes, q.data(), q.size());
    if (!row_conversion(type).dequantize) continue;
    std::vector<float> y(static_cast<size_t>(n));
    dequantize_row(type, q.data(), y.data(), n);
    for (const float v : y) {
      uint32_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      if (std::isnan(v)) bits = 0x7fc00000u;
      h.floats = test::fnv1a64(h.floats, &bits, sizeof bits);
    }
  }
  return h;
}

void PrintTo(const Golden& g, std::ostream* os) {
  *os << tensor_type_name(g.type) << "/" << test::input_kind_name(g.kind);
}

class QuantGolden : public ::testing::TestWithParam<Golden> {};

TEST_P(QuantGolden, BytesAndDequantizedFloatsMatchGgml) {
  const Golden& g = GetParam();
  const Hashes h = hash_type(g.type, g.kind);
  EXPECT_EQ(h.bytes, g.bytes_hash) << tensor_type_name(g.type) << " quantized bytes differ from llama.cpp's on "
                                   << test::input_kind_name(g.kind) << " rows";
  if (g.floats_hash != 0) {
    EXPECT_EQ(h.floats, g.floats_hash) << tensor_type_name(g.type) << " dequantized floats differ from llama.cpp's on "
                                       << test::input_kind_name(g.kind) << " rows";
  }
}

INSTANTIATE_TEST_SUITE_P(AllTypes, QuantGolden, ::testing::ValuesIn(kGolden), [](const auto& info) {
  return std::string(tensor_type_name(info.param.type)) + "_" + std::string(test::input_kind_name(info.param.kind));
});

}  // namespace
}  // namespace hearth
