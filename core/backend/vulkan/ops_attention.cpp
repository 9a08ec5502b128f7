// The KV cache ops of the Vulkan backend: kv_store, attention (split over the KV length and
// reduced when there are few tokens and a long context), kv_shift.
#include <algorithm>
#include <bit>
#include <cctype>
#include <string>

#include "backend/vulkan/vulkan_backend.h"
#include "hearth/base/result.h"

namespace hearth::vk {

namespace {
uint32_t u(uint64_t v) { return uint32_t(v); }
uint32_t f(float v) { return std::bit_cast<uint32_t>(v); }
constexpr uint32_t kSplitRows = 256;  // KV rows per attention workgroup before splitting pays
std::string kv_name(TensorType t) {
  switch (t) {
    case TensorType::F32: return "f32";
    case TensorType::F16: return "f16";
    case TensorType::Q8_0: return "q8_0";
    default: fail(ErrorCode::Unsupported, "Vulkan: KV cache type " + std::string(tensor_type_name(t)));
  }
}
}  // namespace

void Backend::store_rows(const hearth::Tensor& cache, int64_t first_row, const Binding& in, uint32_t in_off,
                         uint32_t in_stride, uint32_t n_rows) {
  if (first_row < 0 || first_row + n_rows > cache.rows)
    fail(ErrorCode::InvalidArgument, "kv_store: rows " + std::to_string(first_row) + "+" + std::to_string(n_rows) +
                                         " outside the cache of " + std::to_string(cache.rows));
  const Ref c = find(cache.row(first_row));
  const uint64_t bytes = uint64_t(n_rows) * cache.row_stride;
  if (bytes > c.remaining) fail(ErrorCode::Internal, "kv_store: cache rows span chunks");
  const uint64_t first_word = c.offset / 4, end_word = (c.offset + bytes + 3) / 4;
  const uint64_t n_words = end_word - first_word;
  const uint32_t push[] = {in_off, in_stride, u(cache.cols), n_rows, u(c.offset), u(cache.row_stride), u(first_word), u(n_words)};
  const uint64_t g = (n_words + 63) / 64;
  dispatch("kv_store_" + kv_name(cache.type), {in, Binding{c.buffer, c.offset, c.offset + bytes, true}, none(), none(), none()},
           push, u(std::min<uint64_t>(g, 32768)), u((g + 32767) / 32768));
}

void Backend::kv_store(KvLayer& cache, const hearth::Tensor& k, const hearth::Tensor& v, int pos0) {
  const Binding bk = f32_binding(k, false), bv = f32_binding(v, false);
  store_rows(cache.k, pos0, bk, u(bk.lo / 4), u(k.row_stride / 4), u(k.rows));
  store_rows(cache.v, pos0, bv, u(bv.lo / 4), u(v.row_stride / 4), u(v.rows));
}

void Backend::attention(hearth::Tensor out, const hearth::Tensor& q, const KvLayer& cache, int pos0, const AttentionShape& s) {
  if (s.n_head <= 0 || s.n_head_kv <= 0 || s.n_head % s.n_head_kv != 0 || s.head_dim_k <= 0 || s.head_dim_v <= 0 ||
      uint32_t(s.head_dim_k) > kAttentionMaxHeadDim || uint32_t(s.head_dim_v) > kAttentionMaxHeadDim)
    fail(ErrorCode::InvalidArgument, "attention: bad head counts or sizes (head size at most 256 on Vulkan)");
  if (cache.k.type == TensorType::Q8_0 && (s.head_dim_k % 32 || s.head_dim_v % 32))
    fail(ErrorCode::InvalidArgument, "attention: a Q8_0 cache needs head sizes that are multiples of 32");
  const Binding bq = f32_binding(q, false), bo = f32_binding(out, true);
  const uint32_t kv_max = u(pos0 + q.rows);
  if (kv_max > uint64_t(cache.k.rows)) fail(ErrorCode::InvalidArgument, "attention: positions beyond the cache");
  const Ref kr = find(cache.k.data), vr = find(cache.v.data);
  const uint64_t k_bytes = uint64_t(kv_max) * cache.k.row_stride, v_bytes = uint64_t(kv_max) * cache.v.row_stride;
  if (k_bytes > kr.remaining || v_bytes > vr.remaining) fail(ErrorCode::Internal, "attention: cache spans chunks");

  // Split the KV length over workgroups when one (token, head) pair would otherwise walk a long
  // context alone; as many splits as the partials buffer holds.
  const uint64_t per_split = uint64_t(q.rows) * uint64_t(s.n_head) * uint64_t(s.head_dim_v + 2) * 4;
  if (!parts_.buffer) ensure_work(parts_, 1 << 20);
  uint32_t n_split = std::max<uint32_t>(1, (kv_max + kSplitRows - 1) / kSplitRows);
  n_split = u(std::min<uint64_t>(n_split, parts_.bytes / per_split));
  if (n_split < 2) n_split = 1;
  const uint32_t split_len = n_split == 1 ? kv_max : (kv_max + n_split - 1) / n_split;
  const Binding parts{parts_.buffer, 0, uint64_t(n_split) * per_split, true};
  const uint32_t push[] = {u(bq.lo / 4), u(q.row_stride / 4), u(s.n_head), u(s.n_head / s.n_head_kv), u(s.head_dim_k),
                           u(s.head_dim_v), u(kr.offset), u(cache.k.row_stride), u(vr.offset), u(cache.v.row_stride),
                           u(pos0), f(s.scale), n_split, split_len, u(bo.lo / 4), u(out.row_stride / 4), 0};
  count_work(double(q.rows) * double(kv_max) * double(s.n_head) * double(s.head_dim_k + s.head_dim_v));
  dispatch("attention_" + kv_name(cache.k.type) + reduction_suffix(),
           {bq, Binding{kr.buffer, kr.offset, kr.offset + k_bytes, false}, Binding{vr.buffer, vr.offset, vr.offset + v_bytes, false},
            n_split == 1 ? bo : none(), n_split == 1 ? none() : parts},
           push, n_split, u(s.n_head), u(q.rows));
  if (n_split > 1) {
    const uint32_t rpush[] = {0, u(s.n_head), u(s.head_dim_v), n_split, u(bo.lo / 4), u(out.row_stride / 4)};
    dispatch("attention_reduce", {Binding{parts_.buffer, 0, parts.hi, false}, bo, none(), none(), none()}, rpush,
             u(s.n_head), u(q.rows));
  }
  submit_if_long();
}

void Backend::kv_shift(KvLayer& cache, int first, int count, int delta, int head_dim_k, const RopeParams& rope) {
  if (count <= 0) return;
  if (first + delta < 0 || first + count > cache.k.rows)
    fail(ErrorCode::InvalidArgument, "kv_shift: rows outside the cache");
  // Through a work buffer, so overlapping source and destination rows never race: keys as F32
  // (read, rotated by delta positions, stored back in the cache type), values as raw bytes.
  const uint64_t k_f32 = uint64_t(count) * uint64_t(cache.k.cols) * 4;
  const uint64_t v_bytes = uint64_t(count) * cache.v.row_stride;
  ensure_work(shift_, k_f32 + v_bytes);
  const Ref k = find(cache.k.row(first)), v = find(cache.v.row(first));
  const uint64_t k_bytes = uint64_t(count) * cache.k.row_stride;
  const uint32_t lpush[] = {u(k.offset), u(cache.k.row_stride), u(cache.k.cols), 0, u(cache.k.cols)};
  const Binding scratch{shift_.buffer, 0, k_f32, true};
  dispatch("kv_load_" + kv_name(cache.k.type), {Binding{k.buffer, k.offset, k.offset + k_bytes, false}, scratch, none(), none(), none()},
           lpush, u((cache.k.cols + 63) / 64), u(count));
  rope_rows(Ref{shift_.buffer, 0, shift_.bytes, &shift_}, 0, u(cache.k.cols), u(count), u(cache.k.cols / head_dim_k),
            head_dim_k, delta, 0, rope, 0, k_f32);
  store_rows(cache.k, first + delta, Binding{shift_.buffer, 0, k_f32, false}, 0, u(cache.k.cols), u(count));
  copy(v.buffer, v.offset, shift_.buffer, k_f32, v_bytes);
  const Ref vd = find(cache.v.row(first + delta));
  copy(shift_.buffer, k_f32, vd.buffer, vd.offset, v_bytes);
}

}  // namespace hearth::vk
