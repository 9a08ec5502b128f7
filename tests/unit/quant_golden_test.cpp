// Bit-exactness of every reference quantizer (and dequantizer) against llama.cpp's ggml, on the
// deterministic rows of quant_test_inputs.h: 10 kinds of input x 4 rows of each width 32, 96, 256,
// 2048, 4096, 4128, 11008 (types with 32-value blocks and F16/BF16) or 256, 2048, 4096, 11008 (K
// types): 86,656 values (2,708 blocks of 32) or 69,632 values (272 super-blocks) per type and kind.
//
// HOW THE GOLDEN HASHES WERE PRODUCED (outside this repository, never linked into Hearth):
// a C program compiled against the llama.cpp tree of early 2025 at /tmp/llama.cpp (the version
// that made the shared reference GGUFs; Release build, libggml-base.so built without -march) with
//   gcc -O2 -std=c11 -ffp-contract=off golden.c -lggml-base
// where golden.c contains a line-for-line C copy of quant_test_inputs.h and does:
//   ggml_init(...);                       // fills the f16 table the quantizers read
//   for each type, for each InputKind, for each width n (list above), for row in 0..3:
//     fill_row(kind, n, row, x);  memset(q, 0, ggml_row_size(type, n));
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
    {TensorType::F16, InputKind::Weights, 0x92f7afed86075ea6ull, 0xae3789e1cf4cd573ull},
    {TensorType::F16, InputKind::Uniform, 0x53b925bc206138c5ull, 0xe16033e2ded242d5ull},
    {TensorType::F16, InputKind::Outliers, 0x111611ad7a9a2cf8ull, 0x6fa514d97319ba48ull},
    {TensorType::F16, InputKind::ZeroGroups, 0x18105ca686da5d6eull, 0x0d38b5a9ed12add4ull},
    {TensorType::F16, InputKind::Tiny, 0x133f9904dd580a2aull, 0x10b313e8c6de2a16ull},
    {TensorType::F16, InputKind::Positive, 0xd424a53d42b12ae5ull, 0x168143c20b6d8b06ull},
    {TensorType::F16, InputKind::Ties, 0x9185a92ae94ed216ull, 0x2e8dcce65578690bull},
    {TensorType::F16, InputKind::Wide, 0xfb10097d673ce73aull, 0x5bbbd85a145b452eull},
    {TensorType::F16, InputKind::Special, 0xce46f3dff5c3334eull, 0xb25ecde22757a1b1ull},
    {TensorType::F16, InputKind::NonFinite, 0xe0ae375ce1b04000ull, 0x80f115625f5a7d88ull},
    {TensorType::BF16, InputKind::Weights, 0x46f3421a85c5a9c2ull, 0x6b664a72479ec7b2ull},
    {TensorType::BF16, InputKind::Uniform, 0x055a3344e01e0581ull, 0xcd43135b3eedc0e9ull},
    {TensorType::BF16, InputKind::Outliers, 0x08bb6b2c20550fe1ull, 0xb850728649910e99ull},
    {TensorType::BF16, InputKind::ZeroGroups, 0x177939bd99b4b4eaull, 0xe8365ebc7d25ea9aull},
    {TensorType::BF16, InputKind::Tiny, 0x772da84b3fc3d8acull, 0xcd7bbdc035749a6cull},
    {TensorType::BF16, InputKind::Positive, 0x7b5edb680ee24fc9ull, 0xc7b6b7a772dbd971ull},
    {TensorType::BF16, InputKind::Ties, 0xd59cd892576ce35bull, 0x2e8dcce65578690bull},
    {TensorType::BF16, InputKind::Wide, 0x56d9b15256ac6a2eull, 0x0a1b950e9b473f4eull},
    {TensorType::BF16, InputKind::Special, 0xde1cffb05091117full, 0xd143b61a1a07e177ull},
    {TensorType::BF16, InputKind::NonFinite, 0xd3670b7cba64ef32ull, 0xdae8a5000c49bea2ull},
    {TensorType::Q4_0, InputKind::Weights, 0x9423b43fded3cb4cull, 0x0c17e6d0f7e12871ull},
    {TensorType::Q4_0, InputKind::Uniform, 0x5e420e7f1aefcb09ull, 0x40bb49db578d2b7full},
    {TensorType::Q4_0, InputKind::Outliers, 0x4a81f5969171de80ull, 0x1b88948d0422816eull},
    {TensorType::Q4_0, InputKind::ZeroGroups, 0x5b0e821b6fdf420cull, 0x620e3e9401563850ull},
    {TensorType::Q4_0, InputKind::Tiny, 0x9343f8f8ef2a0e60ull, 0x140baedb12e0e7faull},
    {TensorType::Q4_0, InputKind::Positive, 0xe592b7626b1e6657ull, 0x06f5dc513f06d0ebull},
    {TensorType::Q4_0, InputKind::Ties, 0x8ee055d072d6326bull, 0xb5d92ed7f8ec7041ull},
    {TensorType::Q4_0, InputKind::Wide, 0x84b66de969edeb01ull, 0xb6771d513674ef58ull},
    {TensorType::Q4_0, InputKind::Special, 0xd7cdc404401345afull, 0xeb2baa5289fef55full},
    {TensorType::Q4_0, InputKind::NonFinite, 0xda2632a0961057d8ull, 0xb6c36c84a30af65cull},
    {TensorType::Q4_1, InputKind::Weights, 0xeca2949735c932e3ull, 0x3c97e87faad6a8f6ull},
    {TensorType::Q4_1, InputKind::Uniform, 0xee33d12d4427348cull, 0x4911d1146ea244cfull},
    {TensorType::Q4_1, InputKind::Outliers, 0x1e8fbc5eb161fc5aull, 0x23e9d7e043b9452aull},
    {TensorType::Q4_1, InputKind::ZeroGroups, 0x2c61f9f1781b9bcaull, 0xf458d5391afdae1dull},
    {TensorType::Q4_1, InputKind::Tiny, 0xdde28ad3a7c4b506ull, 0xec44d840035f00a9ull},
    {TensorType::Q4_1, InputKind::Positive, 0x2b56565bd1f35d6cull, 0xa1ed842ecbf7f0a3ull},
    {TensorType::Q4_1, InputKind::Ties, 0xf5fa42cb1839b2c6ull, 0x2f4ecbed7223aafeull},
    {TensorType::Q4_1, InputKind::Wide, 0x232c1472ca91993full, 0x0947b8ff80e749c6ull},
    {TensorType::Q4_1, InputKind::Special, 0x76246a64090167faull, 0xe3a421d471657201ull},
    {TensorType::Q4_1, InputKind::NonFinite, 0x8f4bfb527c5caefdull, 0xaa765ff13d29eb3full},
    {TensorType::Q5_0, InputKind::Weights, 0xe01f4d0f7b709a1bull, 0x81cc2e241c20941aull},
    {TensorType::Q5_0, InputKind::Uniform, 0xab56dc8c4879546cull, 0xfa36203711c0a066ull},
    {TensorType::Q5_0, InputKind::Outliers, 0xf0110ae3dcbdf046ull, 0x7a3051ba773190c0ull},
    {TensorType::Q5_0, InputKind::ZeroGroups, 0x6a255b86c099cf16ull, 0x5c56b45d5f1697c6ull},
    {TensorType::Q5_0, InputKind::Tiny, 0x36805f52d7f0fd1full, 0xe788eb2c6db1436aull},
    {TensorType::Q5_0, InputKind::Positive, 0x475225d9e3aefcf7ull, 0x11690dfd5588540aull},
    {TensorType::Q5_0, InputKind::Ties, 0xf626fc0554ed4628ull, 0x6010448e4c21286full},
    {TensorType::Q5_0, InputKind::Wide, 0x5e6de9e4c0017681ull, 0x84791acf50db3829ull},
    {TensorType::Q5_0, InputKind::Special, 0x4160daf34da1c418ull, 0xaa167bb16bb2e54eull},
    {TensorType::Q5_0, InputKind::NonFinite, 0x05524e15de3fdde3ull, 0x05dfed00120b93afull},
    {TensorType::Q5_1, InputKind::Weights, 0xfeb88e17ef73af04ull, 0x8bbb9e68b3665860ull},
    {TensorType::Q5_1, InputKind::Uniform, 0x96d4d9da7562cc99ull, 0x1b601b45a05601ccull},
    {TensorType::Q5_1, InputKind::Outliers, 0x950735c4137531caull, 0x7423f5ee9105ccb2ull},
    {TensorType::Q5_1, InputKind::ZeroGroups, 0x5bf8cd26f9658510ull, 0xeb3458727669762dull},
    {TensorType::Q5_1, InputKind::Tiny, 0x98aea10eb088618aull, 0x028f36c6c838a214ull},
    {TensorType::Q5_1, InputKind::Positive, 0xc29ff1ec6a23d578ull, 0x5b1f2fc3ad021ddbull},
    {TensorType::Q5_1, InputKind::Ties, 0x47fd78f93e50d934ull, 0x2170b850786fe1c7ull},
    {TensorType::Q5_1, InputKind::Wide, 0xa328c355886ba55dull, 0xb9ec2f6abc779295ull},
    {TensorType::Q5_1, InputKind::Special, 0x9aa1f88aaaa29ac6ull, 0xacaa0c4a5dbe742eull},
    {TensorType::Q5_1, InputKind::NonFinite, 0xe356c02a6de21b0full, 0xaaf05c1af9e45bd2ull},
    {TensorType::Q8_0, InputKind::Weights, 0x90b04e4888371b29ull, 0xd5d5a4907b7b06caull},
    {TensorType::Q8_0, InputKind::Uniform, 0x562a67a18c359d8full, 0x1110f6ea882cd5dfull},
    {TensorType::Q8_0, InputKind::Outliers, 0x473db91dd2e02d48ull, 0x13217a023dd924b8ull},
    {TensorType::Q8_0, InputKind::ZeroGroups, 0xfa2b1d225f880972ull, 0xdfbd05b794a3aa3full},
    {TensorType::Q8_0, InputKind::Tiny, 0x6f68734ade297c21ull, 0x241347324c4004a5ull},
    {TensorType::Q8_0, InputKind::Positive, 0xa7309158ddd35a44ull, 0x7bbba704a5a344b6ull},
    {TensorType::Q8_0, InputKind::Ties, 0x840faa6194aeb312ull, 0x66b533daab72439cull},
    {TensorType::Q8_0, InputKind::Wide, 0x2abd9707a922d0a0ull, 0x13389c000ed9d365ull},
    {TensorType::Q8_0, InputKind::Special, 0x3d3fc5bc16903ea8ull, 0xef3c843bb9e6bb26ull},
    {TensorType::Q8_0, InputKind::NonFinite, 0xcb8d22bde648855aull, 0xecf44babf8a52b53ull},
    {TensorType::Q8_1, InputKind::Weights, 0x019ed1b8636cafc1ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Uniform, 0xc9d179540d8eb8e6ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Outliers, 0x964ee18b0ba42dc2ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::ZeroGroups, 0x92fcb2ecbaf606d2ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Tiny, 0x8371a8eb317916c9ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Positive, 0x03861cac29d5a0e0ull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Ties, 0xeedbb15e5703155cull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Wide, 0xd546dc4766124e2eull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::Special, 0x73b11b634a233f7eull, 0x0000000000000000ull},
    {TensorType::Q8_1, InputKind::NonFinite, 0x852225e31ab3b707ull, 0x0000000000000000ull},
    {TensorType::Q2_K, InputKind::Weights, 0xf2810bff477d84e9ull, 0x4a29eb7e46122f72ull},
    {TensorType::Q2_K, InputKind::Uniform, 0x354c36f2e4907863ull, 0x2d89df37b63ba1e7ull},
    {TensorType::Q2_K, InputKind::Outliers, 0x5b67839cab55ca24ull, 0xc8518915a11aab99ull},
    {TensorType::Q2_K, InputKind::ZeroGroups, 0xf0594f5c5341bce1ull, 0xf0ba37a64a62dbf5ull},
    {TensorType::Q2_K, InputKind::Tiny, 0xf1002ffb1387876eull, 0x4b9a6daec18b6c01ull},
    {TensorType::Q2_K, InputKind::Positive, 0x1326dc4cb17a9d21ull, 0x350b4a39a98d2625ull},
    {TensorType::Q2_K, InputKind::Ties, 0xe70b3cfc3b88d83bull, 0xcc7c7298bd32e0d5ull},
    {TensorType::Q2_K, InputKind::Wide, 0xa7416adb140b1ffcull, 0x61ab58e9563ac6aaull},
    {TensorType::Q2_K, InputKind::Special, 0x436c0984ad903e46ull, 0x2d61301c2b2814d4ull},
    {TensorType::Q2_K, InputKind::NonFinite, 0x16066e03e4a4fd12ull, 0x1639d886a2737c5eull},
    {TensorType::Q3_K, InputKind::Weights, 0x0aba221f50f28cf0ull, 0xb03eb1f95c39417eull},
    {TensorType::Q3_K, InputKind::Uniform, 0x12f29417489c46cdull, 0x6eaa9e4fdb56ae11ull},
    {TensorType::Q3_K, InputKind::Outliers, 0x3eeb845a5907dca9ull, 0xd4f70714271f1f58ull},
    {TensorType::Q3_K, InputKind::ZeroGroups, 0x1a64318583c1a6ccull, 0x4248db2d67ef4836ull},
    {TensorType::Q3_K, InputKind::Tiny, 0x3e9a93cb523c76e8ull, 0x2ea995b28bc0c727ull},
    {TensorType::Q3_K, InputKind::Positive, 0xbb425dfce17775c4ull, 0x55225ccae186f93full},
    {TensorType::Q3_K, InputKind::Ties, 0x76b1b27e5b334bdeull, 0x8bf6113c609e23acull},
    {TensorType::Q3_K, InputKind::Wide, 0xc35259604f08eb24ull, 0x3544655d229da962ull},
    {TensorType::Q3_K, InputKind::Special, 0x0479ffe6845a403eull, 0x680091e9ab90c812ull},
    {TensorType::Q3_K, InputKind::NonFinite, 0x1ed1e25fd7d242cbull, 0x5f8aeb797eeca664ull},
    {TensorType::Q4_K, InputKind::Weights, 0x1061f468b62d0d0bull, 0x9a7a2fad544f7545ull},
    {TensorType::Q4_K, InputKind::Uniform, 0x2fc4c4bdbb08331eull, 0xce8e9edd4949abc2ull},
    {TensorType::Q4_K, InputKind::Outliers, 0xf502676aeb66a190ull, 0x538c33accda5469cull},
    {TensorType::Q4_K, InputKind::ZeroGroups, 0x446b5cb2b612e0caull, 0x908338c3511023a5ull},
    {TensorType::Q4_K, InputKind::Tiny, 0xb6a9d1f1f0438093ull, 0x90f322faad2b1665ull},
    {TensorType::Q4_K, InputKind::Positive, 0x30d617e8a5f286beull, 0x21c7b1472b1f048bull},
    {TensorType::Q4_K, InputKind::Ties, 0x1f7843fd659bde88ull, 0xc5bf5c98c65165f9ull},
    {TensorType::Q4_K, InputKind::Wide, 0x7fc84687ffaba2a6ull, 0xc3eda0824965db10ull},
    {TensorType::Q4_K, InputKind::Special, 0xff38f99fa394f51dull, 0x1539f0ae102c1700ull},
    {TensorType::Q4_K, InputKind::NonFinite, 0x7fe7dae48cd4c3d4ull, 0xfb7db876ba331a14ull},
    {TensorType::Q5_K, InputKind::Weights, 0xdee813d2e8d12f74ull, 0x6cc0a8ac35c5d587ull},
    {TensorType::Q5_K, InputKind::Uniform, 0xef200e64109f6aabull, 0x5334581805d42aa0ull},
    {TensorType::Q5_K, InputKind::Outliers, 0xa805ba5e2f99906cull, 0xc699388dcf661f53ull},
    {TensorType::Q5_K, InputKind::ZeroGroups, 0x59e63d071f8be255ull, 0x01e4995bf60ff50bull},
    {TensorType::Q5_K, InputKind::Tiny, 0x696b3b63287abf5aull, 0x60304e9b5788f9b1ull},
    {TensorType::Q5_K, InputKind::Positive, 0xe32225aea5be4212ull, 0x6937401c517bd53full},
    {TensorType::Q5_K, InputKind::Ties, 0x9be2689c35273d0aull, 0xc619cebb5bd2740cull},
    {TensorType::Q5_K, InputKind::Wide, 0x22a3e8e46075c44bull, 0xf59e20b36b976fbeull},
    {TensorType::Q5_K, InputKind::Special, 0x07c99a8dcc0a4230ull, 0x6755ad712a107c2aull},
    {TensorType::Q5_K, InputKind::NonFinite, 0xbd9728b1ad5351b6ull, 0xf90f656c1a00f7b2ull},
    {TensorType::Q6_K, InputKind::Weights, 0x6516957f63b2d705ull, 0x778f227add0ccc17ull},
    {TensorType::Q6_K, InputKind::Uniform, 0x8f049fe5a14312fcull, 0x5b3d50b8e066210aull},
    {TensorType::Q6_K, InputKind::Outliers, 0x5249cedb5d15b678ull, 0x4b44cb18dc1f6db2ull},
    {TensorType::Q6_K, InputKind::ZeroGroups, 0x8bd2332f91d2a084ull, 0xd02760815ee15512ull},
    {TensorType::Q6_K, InputKind::Tiny, 0xf74410ee2bd3e61eull, 0x4f841e8e8a52d216ull},
    {TensorType::Q6_K, InputKind::Positive, 0x7262ad9fffe26ce9ull, 0x258d204e033659aaull},
    {TensorType::Q6_K, InputKind::Ties, 0x837cad8ae1de7b6bull, 0xcc81fb1a21412fd2ull},
    {TensorType::Q6_K, InputKind::Wide, 0x90d047bbc2da0a72ull, 0xdcfcddfd2cf63f52ull},
    {TensorType::Q6_K, InputKind::Special, 0x6e2d58d008c23806ull, 0xd8c0f93c247c2edfull},
    {TensorType::Q6_K, InputKind::NonFinite, 0xcc0889cfba3ab40bull, 0x0f0fcc9451d556f4ull},
    {TensorType::Q8_K, InputKind::Weights, 0xe0e51779b0ef0522ull, 0x34de31db9ff4809eull},
    {TensorType::Q8_K, InputKind::Uniform, 0x2a852e5bfdb9667full, 0xd2920cb0a778d420ull},
    {TensorType::Q8_K, InputKind::Outliers, 0xe20584b94e46dbadull, 0xa2b1e530c508c506ull},
    {TensorType::Q8_K, InputKind::ZeroGroups, 0x830a7d4765099b4cull, 0xd95b0ed2baab128cull},
    {TensorType::Q8_K, InputKind::Tiny, 0x5732c96b9b0eca07ull, 0x6f4b9e3ba6fd3b5dull},
    {TensorType::Q8_K, InputKind::Positive, 0x7029a5828c565fc1ull, 0x8f98001824599b0cull},
    {TensorType::Q8_K, InputKind::Ties, 0xf4f226772da0b77bull, 0x1f9966c4e5e92e66ull},
    {TensorType::Q8_K, InputKind::Wide, 0x65e6345fda33ca5cull, 0x31ce767c5250b3d1ull},
    {TensorType::Q8_K, InputKind::Special, 0x928a77a91d48d85cull, 0x2cb4693ffad7559aull},
    {TensorType::Q8_K, InputKind::NonFinite, 0x66ddfd6606bd1301ull, 0xa450d8e144865dc2ull},
    {TensorType::IQ4_NL, InputKind::Weights, 0xebaccfd077d7bf19ull, 0xcbd0c50b0c8257e6ull},
    {TensorType::IQ4_NL, InputKind::Uniform, 0x46f502dc25b986faull, 0x48243e811ae1a1f6ull},
    {TensorType::IQ4_NL, InputKind::Outliers, 0xe795476707422b9cull, 0x49984e6abbc9d494ull},
    {TensorType::IQ4_NL, InputKind::ZeroGroups, 0xaf6ed956124afacbull, 0xe28d6366622a3ed9ull},
    {TensorType::IQ4_NL, InputKind::Tiny, 0x28fab80a906bc18aull, 0x01d5858f002b154full},
    {TensorType::IQ4_NL, InputKind::Positive, 0xc40022b8b838623eull, 0x3c0df2ad5973d607ull},
    {TensorType::IQ4_NL, InputKind::Ties, 0xb5b1ea936e089b77ull, 0x4bb086f7561b12f8ull},
    {TensorType::IQ4_NL, InputKind::Wide, 0x48b89ca1255094e4ull, 0x46ea71ea58a032fbull},
    {TensorType::IQ4_NL, InputKind::Special, 0xf7e444b89f789827ull, 0xe40291d7427d631aull},
    {TensorType::IQ4_NL, InputKind::NonFinite, 0x885a3f7dd93ad9b8ull, 0x2532bf43e17d95d7ull},
};
// clang-format on

constexpr int kRowsPerWidth = 4;

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
  for (const int64_t n : widths_for(type))
  for (int row = 0; row < kRowsPerWidth; ++row) {
    const std::vector<float> x = test::make_row(kind, n, row);
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
