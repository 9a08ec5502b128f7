// Argument checks shared by the generic row-conversion entry points.
#pragma once

#include <cstdint>

#include "hearth/quant/quantize.h"

namespace hearth::quant_detail {

// The type's quantize function; throws Unsupported when there is none.
QuantizeRowFn require_quantizer(TensorType type);
// The type's dequantize function; throws Unsupported when there is none.
DequantizeRowFn require_dequantizer(TensorType type);
// Throws InvalidArgument unless n is a non-negative multiple of the type's block size.
void check_row_length(TensorType type, int64_t n);

}  // namespace hearth::quant_detail
