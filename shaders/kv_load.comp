#version 450
// Cache rows first … first + n_rows - 1 of type KV_F32 / KV_F16 / KV_Q8_0 as F32 rows (the
// context shift reads keys out, rotates them and stores them back with kv_store).
#include "common.glsl"
#include "blocks.glsl"
layout(local_size_x = 64) in;
layout(binding = 0) readonly buffer Cache { uint cache_words[]; };
layout(binding = 1) writeonly buffer Out { float out_f[]; };
layout(push_constant) uniform Params {
  uint first_byte, row_bytes, cols, out_off, out_stride;
} p;

void main() {
  const uint v = gl_GlobalInvocationID.x, t = gl_GlobalInvocationID.y;
  if (v >= p.cols) return;
  const uint row = p.first_byte + t * p.row_bytes;
#if defined(KV_F32)
  const float x = uintBitsToFloat(cache_words[(row >> 2) + v]);
#elif defined(KV_F16)
  const float x = F16_AT(cache_words, row + 2u * v);
#elif defined(KV_Q8_0)
  const uint b = row + (v / Q8_0_BLOCK_VALUES) * Q8_0_BLOCK_BYTES;
  const float x = float(I8_AT(cache_words, b + 2u + v % Q8_0_BLOCK_VALUES)) * F16_AT(cache_words, b);
#else
#error "define KV_*"
#endif
  out_f[p.out_off + t * p.out_stride + v] = x;
}
