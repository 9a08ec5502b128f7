// The CPU traits table: for each tensor type, how the CPU kernels multiply a weight row of
// that type with an activation row (the ggml type_traits_cpu idea, our own table).
//
// A matmul never dots weights with raw floats: the activation row is first converted ONCE to
// the weight type's activation type (e.g. F32 -> Q8_0 for Q4_0 weights), and every weight row
// is then dotted with it by an integer kernel:
//
//   weight type                 activation type   why
//   Q4_0 Q5_0 Q8_0 IQ4_NL       Q8_0              one scale per 32 values, symmetric
//   Q4_1 Q5_1                   Q8_1              Q8_1 carries d*sum(q) for the weight's min term
//   Q2_K Q3_K Q4_K Q5_K Q6_K    Q8_K              one float scale per 256 + per-16 sums (bsums)
//   F16 BF16 F32                F32               float activations (the matmul rounds them to
//                                                 the weight's precision first for F16/BF16, as
//                                                 llama.cpp does; see ActKind in kernels/)
//
// There is one table per kernel family (Isa); the scalar one is the reference the optimised
// ones are tested against. Activation quantizers of the optimised families produce the same
// bytes as the reference quantizers of hearth/quant/quantize.h (tested byte for byte).
#pragma once

#include <cstdint>

#include "hearth/kernels/cpu.h"
#include "hearth/quant/tensor_type.h"

namespace hearth::kernels {

// sum over i < n of w[i] * a[i]: `w` a row of the weight type, `a` a row of its activation
// type, both n values long; n must be a multiple of both types' block sizes (the table's
// users check this). Activation int8 values must lie in [-127, 127] (our quantizers' range).
using VecDotFn = float (*)(int64_t n, const void* w, const void* a);
// Converts n floats to a row of the table row's own type (activation types only).
using FromFloatFn = void (*)(const float* x, void* y, int64_t n);

struct CpuTypeTraits {
  TensorType type = TensorType::F32;
  TensorType act_type = TensorType::F32;  // what activations become before vec_dot
  VecDotFn vec_dot = nullptr;             // nullptr: not usable as a CPU matmul weight
  FromFloatFn from_float = nullptr;       // F32 -> this type; set for activation types only
  int block_size = 1;                     // values per block of `type`
  int act_block_size = 1;                 // values per block of `act_type`
  // Bytes of one activation row of n values (n a multiple of act_block_size).
  int64_t act_row_bytes(int64_t n) const;
};

// The row for `type` in the table of kernel family `isa`, or nullptr when the CPU kernels do
// not handle the type at all.
const CpuTypeTraits* cpu_type_traits(TensorType type, Isa isa);
// Same, for the active family (active_isa()).
const CpuTypeTraits* cpu_type_traits(TensorType type);

// Whether a matrix of this type with rows of n_cols values can be a CPU matmul weight.
bool cpu_matmul_supported(TensorType type, int64_t n_cols);

}  // namespace hearth::kernels
