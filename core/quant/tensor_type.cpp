#include "hearth/quant/tensor_type.h"

#include "hearth/quant/blocks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "hearth/base/result.h"

namespace hearth {
namespace {

constexpr uint32_t kQK = kQK_K;  // super-block size of the K and most IQ types

// One row per type. The types Hearth computes with take their sizes from the block structs in
// blocks.h; the others (IQ*, TQ*) follow the published block formats so that `inspect` and
// the reader can size them.
constexpr std::array kLayouts = {
    TensorTypeLayout{TensorType::F32, "f32", 1, 4, false},
    TensorTypeLayout{TensorType::F16, "f16", 1, 2, false},
    TensorTypeLayout{TensorType::Q4_0, "q4_0", kQK4_0, sizeof(BlockQ4_0), true},
    TensorTypeLayout{TensorType::Q4_1, "q4_1", kQK4_1, sizeof(BlockQ4_1), true},
    TensorTypeLayout{TensorType::Q5_0, "q5_0", kQK5_0, sizeof(BlockQ5_0), true},
    TensorTypeLayout{TensorType::Q5_1, "q5_1", kQK5_1, sizeof(BlockQ5_1), true},
    TensorTypeLayout{TensorType::Q8_0, "q8_0", kQK8_0, sizeof(BlockQ8_0), true},
    TensorTypeLayout{TensorType::Q8_1, "q8_1", kQK8_1, sizeof(BlockQ8_1), true},
    TensorTypeLayout{TensorType::Q2_K, "q2_K", kQK, sizeof(BlockQ2_K), true},
    TensorTypeLayout{TensorType::Q3_K, "q3_K", kQK, sizeof(BlockQ3_K), true},
    TensorTypeLayout{TensorType::Q4_K, "q4_K", kQK, sizeof(BlockQ4_K), true},
    TensorTypeLayout{TensorType::Q5_K, "q5_K", kQK, sizeof(BlockQ5_K), true},
    TensorTypeLayout{TensorType::Q6_K, "q6_K", kQK, sizeof(BlockQ6_K), true},
    TensorTypeLayout{TensorType::Q8_K, "q8_K", kQK, sizeof(BlockQ8_K), true},
    TensorTypeLayout{TensorType::IQ2_XXS, "iq2_xxs", kQK, 2 + kQK / 8 * 2, true},
    TensorTypeLayout{TensorType::IQ2_XS, "iq2_xs", kQK, 2 + kQK / 8 * 2 + kQK / 32, true},
    TensorTypeLayout{TensorType::IQ3_XXS, "iq3_xxs", kQK, 2 + 3 * (kQK / 8), true},
    TensorTypeLayout{TensorType::IQ1_S, "iq1_s", kQK, 2 + kQK / 8 + kQK / 16, true},
    TensorTypeLayout{TensorType::IQ4_NL, "iq4_nl", kQK4_NL, sizeof(BlockIQ4_NL), true},
    TensorTypeLayout{TensorType::IQ3_S, "iq3_s", kQK, 2 + 13 * (kQK / 32) + kQK / 64, true},
    TensorTypeLayout{TensorType::IQ2_S, "iq2_s", kQK, 2 + kQK / 4 + kQK / 16, true},
    TensorTypeLayout{TensorType::IQ4_XS, "iq4_xs", kQK, 2 + 2 + kQK / 64 + kQK / 2, true},
    TensorTypeLayout{TensorType::I8, "i8", 1, 1, false},
    TensorTypeLayout{TensorType::I16, "i16", 1, 2, false},
    TensorTypeLayout{TensorType::I32, "i32", 1, 4, false},
    TensorTypeLayout{TensorType::I64, "i64", 1, 8, false},
    TensorTypeLayout{TensorType::F64, "f64", 1, 8, false},
    TensorTypeLayout{TensorType::IQ1_M, "iq1_m", kQK, kQK / 8 + kQK / 16 + kQK / 32, true},
    TensorTypeLayout{TensorType::BF16, "bf16", 1, 2, false},
    TensorTypeLayout{TensorType::TQ1_0, "tq1_0", kQK, 2 + kQK / 64 + (kQK - 4 * kQK / 64) / 5, true},
    TensorTypeLayout{TensorType::TQ2_0, "tq2_0", kQK, 2 + kQK / 4, true},
};

// Id -> row index, built at compile time.
constexpr auto kIndexById = [] {
  std::array<int8_t, kTensorTypeIdLimit> index{};
  index.fill(-1);
  for (size_t i = 0; i < kLayouts.size(); ++i) index[static_cast<uint32_t>(kLayouts[i].type)] = int8_t(i);
  return index;
}();

static_assert(kLayouts[2].block_bytes == 18 && kLayouts[10].block_bytes == 144 &&
              kLayouts[12].block_bytes == 210 && kLayouts[13].block_bytes == 292);

constexpr std::array kFileTypes = {
    FileTypeInfo{0, "all F32"},          FileTypeInfo{1, "F16"},
    FileTypeInfo{2, "Q4_0"},             FileTypeInfo{3, "Q4_1"},
    FileTypeInfo{7, "Q8_0"},             FileTypeInfo{8, "Q5_0"},
    FileTypeInfo{9, "Q5_1"},             FileTypeInfo{10, "Q2_K - Medium"},
    FileTypeInfo{11, "Q3_K - Small"},    FileTypeInfo{12, "Q3_K - Medium"},
    FileTypeInfo{13, "Q3_K - Large"},    FileTypeInfo{14, "Q4_K - Small"},
    FileTypeInfo{15, "Q4_K - Medium"},   FileTypeInfo{16, "Q5_K - Small"},
    FileTypeInfo{17, "Q5_K - Medium"},   FileTypeInfo{18, "Q6_K"},
    FileTypeInfo{19, "IQ2_XXS - 2.0625 bpw"}, FileTypeInfo{20, "IQ2_XS - 2.3125 bpw"},
    FileTypeInfo{21, "Q2_K - Small"},    FileTypeInfo{22, "IQ3_XS - 3.3 bpw"},
    FileTypeInfo{23, "IQ3_XXS - 3.0625 bpw"}, FileTypeInfo{24, "IQ1_S - 1.5625 bpw"},
    FileTypeInfo{25, "IQ4_NL - 4.5 bpw"}, FileTypeInfo{26, "IQ3_S - 3.4375 bpw"},
    FileTypeInfo{27, "IQ3_S mix - 3.66 bpw"}, FileTypeInfo{28, "IQ2_S - 2.5 bpw"},
    FileTypeInfo{29, "IQ2_M - 2.7 bpw"}, FileTypeInfo{30, "IQ4_XS - 4.25 bpw"},
    FileTypeInfo{31, "IQ1_M - 1.75 bpw"}, FileTypeInfo{32, "BF16"},
    FileTypeInfo{36, "TQ1_0 - 1.69 bpw ternary"}, FileTypeInfo{37, "TQ2_0 - 2.06 bpw ternary"},
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

const TensorTypeLayout* tensor_type_layout(uint32_t type_id) {
  if (type_id >= kTensorTypeIdLimit || kIndexById[type_id] < 0) return nullptr;
  return &kLayouts[size_t(kIndexById[type_id])];
}

const TensorTypeLayout& tensor_type_layout(TensorType type) {
  // A TensorType outside the table can only come from an unchecked cast; say so instead of
  // dereferencing null (readers validate ids with the uint32_t overload first).
  const TensorTypeLayout* layout = tensor_type_layout(static_cast<uint32_t>(type));
  if (!layout) fail(ErrorCode::Internal, "unknown tensor type id " + std::to_string(static_cast<uint32_t>(type)));
  return *layout;
}

std::span<const TensorTypeLayout> all_tensor_types() { return kLayouts; }

std::string_view tensor_type_name(TensorType type) { return tensor_type_layout(type).name; }

std::optional<TensorType> tensor_type_from_name(std::string_view name) {
  for (const auto& l : kLayouts)
    if (iequals(l.name, name)) return l.type;
  return std::nullopt;
}

std::optional<uint64_t> tensor_row_bytes(TensorType type, uint64_t n) {
  const auto& l = tensor_type_layout(type);
  if (n % l.block_size != 0) return std::nullopt;
  return n / l.block_size * l.block_bytes;
}

bool tensor_type_id_removed(uint32_t type_id) {
  return type_id == 4 || type_id == 5 || (type_id >= 31 && type_id <= 33) || (type_id >= 36 && type_id <= 38);
}

std::optional<std::string_view> file_type_name(uint32_t file_type_id) {
  for (const auto& f : kFileTypes)
    if (f.id == file_type_id) return f.name;
  return std::nullopt;
}

}  // namespace hearth
