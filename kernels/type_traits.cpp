// The CPU traits tables, one per kernel family. Adding a type or a family is one row here.
#include <array>

#include "hearth/kernels/type_traits.h"
#include "hearth/quant/quantize.h"
#include "vec_dot.h"

namespace hearth::kernels {

// The scalar activation quantizers ARE the reference quantizers of core/quant.
namespace scalar {
void quantize_act_q8_0(const float* x, void* y, int64_t n) { quantize_row_q8_0_ref(x, static_cast<BlockQ8_0*>(y), n); }
void quantize_act_q8_1(const float* x, void* y, int64_t n) { quantize_row_q8_1_ref(x, static_cast<BlockQ8_1*>(y), n); }
void quantize_act_q8_k(const float* x, void* y, int64_t n) { quantize_row_q8_k_ref(x, static_cast<BlockQ8_K*>(y), n); }
void quantize_act_f16(const float* x, void* y, int64_t n) { convert_row_f32_to_f16(x, static_cast<uint16_t*>(y), n); }
}  // namespace scalar

namespace {

using Table = std::array<CpuTypeTraits, kTensorTypeIdLimit>;

// Fills one family's table from that family's kernel namespace.
#define HEARTH_FILL_TABLE(ns)                                                              \
  [] {                                                                                     \
    Table t{};                                                                             \
    auto row = [&](TensorType type, TensorType act, VecDotFn dot, FromFloatFn from) {      \
      CpuTypeTraits& r = t[static_cast<uint32_t>(type)];                                   \
      r.type = type;                                                                       \
      r.act_type = act;                                                                    \
      r.vec_dot = dot;                                                                     \
      r.from_float = from;                                                                 \
      r.block_size = static_cast<int>(tensor_type_layout(type).block_size);                \
      r.act_block_size = static_cast<int>(tensor_type_layout(act).block_size);             \
    };                                                                                     \
    row(TensorType::F32, TensorType::F32, ns::vec_dot_f32_f32, nullptr);                   \
    row(TensorType::F16, TensorType::F32, ns::vec_dot_f16_f32, ns::quantize_act_f16);      \
    row(TensorType::BF16, TensorType::F32, ns::vec_dot_bf16_f32, nullptr);                 \
    row(TensorType::Q4_0, TensorType::Q8_0, ns::vec_dot_q4_0_q8_0, nullptr);               \
    row(TensorType::Q4_1, TensorType::Q8_1, ns::vec_dot_q4_1_q8_1, nullptr);               \
    row(TensorType::Q5_0, TensorType::Q8_0, ns::vec_dot_q5_0_q8_0, nullptr);               \
    row(TensorType::Q5_1, TensorType::Q8_1, ns::vec_dot_q5_1_q8_1, nullptr);               \
    row(TensorType::Q8_0, TensorType::Q8_0, ns::vec_dot_q8_0_q8_0, ns::quantize_act_q8_0); \
    row(TensorType::Q8_1, TensorType::Q8_1, nullptr, ns::quantize_act_q8_1);               \
    row(TensorType::IQ4_NL, TensorType::Q8_0, ns::vec_dot_iq4_nl_q8_0, nullptr);           \
    row(TensorType::Q2_K, TensorType::Q8_K, ns::vec_dot_q2_k_q8_k, nullptr);               \
    row(TensorType::Q3_K, TensorType::Q8_K, ns::vec_dot_q3_k_q8_k, nullptr);               \
    row(TensorType::Q4_K, TensorType::Q8_K, ns::vec_dot_q4_k_q8_k, nullptr);               \
    row(TensorType::Q5_K, TensorType::Q8_K, ns::vec_dot_q5_k_q8_k, nullptr);               \
    row(TensorType::Q6_K, TensorType::Q8_K, ns::vec_dot_q6_k_q8_k, nullptr);               \
    row(TensorType::Q8_K, TensorType::Q8_K, nullptr, ns::quantize_act_q8_k);               \
    return t;                                                                              \
  }()

const Table& table(Isa isa) {
  static const Table scalar_table = HEARTH_FILL_TABLE(scalar);
  static const Table avx2_table = HEARTH_FILL_TABLE(avx2);
  return isa == Isa::Avx2 ? avx2_table : scalar_table;
}

#undef HEARTH_FILL_TABLE

}  // namespace

int64_t CpuTypeTraits::act_row_bytes(int64_t n) const {
  return n / act_block_size * static_cast<int64_t>(tensor_type_layout(act_type).block_bytes);
}

const CpuTypeTraits* cpu_type_traits(TensorType type, Isa isa) {
  const auto id = static_cast<uint32_t>(type);
  if (id >= kTensorTypeIdLimit) return nullptr;
  const CpuTypeTraits& r = table(isa)[id];
  return (r.vec_dot || r.from_float) ? &r : nullptr;
}

const CpuTypeTraits* cpu_type_traits(TensorType type) { return cpu_type_traits(type, active_isa()); }

bool cpu_matmul_supported(TensorType type, int64_t n_cols) {
  const CpuTypeTraits* t = cpu_type_traits(type, Isa::Scalar);
  return t && t->vec_dot && n_cols > 0 && n_cols % t->block_size == 0 && n_cols % t->act_block_size == 0;
}

}  // namespace hearth::kernels
