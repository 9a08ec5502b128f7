#version 450
// Writes F32 rows [tokens × cols] into cache rows pos0 … of a cache of type KV_F32, KV_F16 or
// KV_Q8_0 (the CPU's roundings: F16 round-to-nearest-even, Q8_0 as the reference quantizer).
// Cache rows need not start on a 4-byte boundary (Q8_0: 34 bytes per 32 values), so each
// invocation owns one 32-bit word of the written byte range and keeps the bytes of the word
// that lie outside it: no two invocations write the same word.
#include "common.glsl"
#include "blocks.glsl"
layout(local_size_x = 64) in;
layout(binding = 0) readonly buffer In { float in_f[]; };
layout(binding = 1) buffer Cache { uint cache_words[]; };
layout(push_constant) uniform Params {
  uint in_off, in_stride, cols, n_rows;
  uint first_byte;  // byte offset of the first written cache row in binding 1
  uint row_bytes;
  uint first_word, n_words;  // the words this dispatch owns
} p;

float value(uint t, uint v) { return in_f[p.in_off + t * p.in_stride + v]; }

#if defined(KV_Q8_0)
uint cached_block = 0xFFFFFFFFu;
float block_d, block_id;
void load_block(uint t, uint blk) {
  const uint key = t * 65536u + blk;
  if (key == cached_block) return;
  cached_block = key;
  float amax = 0.0;
  for (uint k = 0; k < Q8_0_BLOCK_VALUES; ++k) amax = max(amax, abs(value(t, blk * Q8_0_BLOCK_VALUES + k)));
  block_d = amax / 127.0;
  block_id = block_d != 0.0 ? 1.0 / block_d : 0.0;
}
#endif

// Byte `rel` of the written range.
uint range_byte(uint rel) {
  const uint t = rel / p.row_bytes, o = rel % p.row_bytes;
#if defined(KV_F32)
  return (floatBitsToUint(value(t, o >> 2)) >> (8u * (o & 3u))) & 0xFFu;
#elif defined(KV_F16)
  return (f32_to_f16_bits(value(t, o >> 1)) >> (8u * (o & 1u))) & 0xFFu;
#elif defined(KV_Q8_0)
  const uint blk = o / Q8_0_BLOCK_BYTES, b = o % Q8_0_BLOCK_BYTES;
  load_block(t, blk);
  if (b < 2u) return (f32_to_f16_bits(block_d) >> (8u * b)) & 0xFFu;
  const int q = int(round_half_away(value(t, blk * Q8_0_BLOCK_VALUES + b - 2u) * block_id));
  return uint(q) & 0xFFu;
#else
#error "define KV_F32, KV_F16 or KV_Q8_0"
#endif
}

void main() {
  const uint idx = gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * gl_NumWorkGroups.x * 64u;
  if (idx >= p.n_words) return;
  const uint w = p.first_word + idx;
  const uint end = p.first_byte + p.n_rows * p.row_bytes;
  uint word = cache_words[w];
  for (uint k = 0; k < 4u; ++k) {
    const uint g = 4u * w + k;
    if (g < p.first_byte || g >= end) continue;
    word = (word & ~(0xFFu << (8u * k))) | (range_byte(g - p.first_byte) << (8u * k));
  }
  cache_words[w] = word;
}
