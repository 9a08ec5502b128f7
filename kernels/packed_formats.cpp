#include "matmul_internal.h"
namespace hearth::kernels { const PackedFormat* packed_format(TensorType) { return nullptr; } }
