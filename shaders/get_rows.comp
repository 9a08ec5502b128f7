#version 450
// out[t] = table[row] as F32, for the (t, row) pairs of one chunk of the table.
#include "common.glsl"
layout(local_size_x = 64) in;
layout(binding = 0) readonly buffer Weights { uint weight_words[]; };
layout(binding = 1) readonly buffer Pairs { uint pairs[]; };  // [n × 2]: token, row in this chunk
layout(binding = 2) writeonly buffer Out { float out_f[]; };
layout(push_constant) uniform Params {
  uint table_off;   // byte offset of row 0 in binding 0
  uint row_bytes;
  uint cols;
  uint pairs_off;   // word offset in binding 1
  uint out_off;     // float offset in binding 2
  uint out_stride;  // floats between output rows
} p;
#include "dequant.glsl"

void main() {
  const uint e = gl_GlobalInvocationID.x;
  if (e >= p.cols) return;
  const uint t = pairs[p.pairs_off + 2u * gl_WorkGroupID.y];
  const uint row = pairs[p.pairs_off + 2u * gl_WorkGroupID.y + 1u];
  out_f[p.out_off + t * p.out_stride + e] = dequant_row(p.table_off + row * p.row_bytes, e);
}
