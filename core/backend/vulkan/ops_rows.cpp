// Row-wise ops of the Vulkan backend: get_rows, rms_norm, the element-wise ops and rope.
#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "backend/vulkan/vulkan_backend.h"
#include "hearth/base/result.h"

namespace hearth::vk {

namespace {
uint32_t u(uint64_t v) { return uint32_t(v); }
uint32_t f(float v) { return std::bit_cast<uint32_t>(v); }
uint32_t groups(uint64_t n, uint32_t size) { return uint32_t((n + size - 1) / size); }
std::string lower_name(TensorType t) {
  std::string s(tensor_type_name(t));
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

void Backend::get_rows(hearth::Tensor out, const hearth::Tensor& table, std::span<const TokenId> ids) {
  const Binding o = f32_binding(out, true);
  // (token, row in chunk) pairs per chunk of the table: a vocabulary larger than one binding
  // (lavapipe: 128 MiB) is split by rows.
  std::vector<std::pair<Ref, std::vector<uint32_t>>> per_chunk;
  for (size_t t = 0; t < ids.size(); ++t) {
    if (ids[t] < 0 || ids[t] >= table.rows)
      fail(ErrorCode::InvalidArgument, "token id " + std::to_string(ids[t]) + " is outside the vocabulary (0…" +
                                           std::to_string(table.rows - 1) + ")");
    const Ref r = find(table.row(ids[t]));
    const uint64_t chunk_first_row_offset = r.offset % table.row_stride;  // tables start chunk-aligned
    const uint64_t row_in_chunk = (r.offset - chunk_first_row_offset) / table.row_stride;
    auto it = std::find_if(per_chunk.begin(), per_chunk.end(), [&](const auto& c) { return c.first.buffer == r.buffer; });
    if (it == per_chunk.end()) {
      per_chunk.push_back({r, {}});
      per_chunk.back().first.offset = chunk_first_row_offset;
      it = per_chunk.end() - 1;
    }
    it->second.push_back(uint32_t(t));
    it->second.push_back(uint32_t(row_in_chunk));
  }
  const std::string name = "get_rows_" + lower_name(table.type);
  for (auto& [chunk, pairs] : per_chunk) {
    const Ref s = stage(pairs.data(), pairs.size() * 4);
    const uint32_t push[] = {u(chunk.offset), u(table.row_stride), u(table.cols), u(s.offset / 4), u(o.lo / 4),
                             u(out.row_stride / 4)};
    dispatch(name, {Binding{chunk.buffer, 0, chunk.chunk->bytes, false}, Binding{s.buffer, s.offset, s.offset + pairs.size() * 4, false}, o, none(), none()},
             push, groups(uint64_t(table.cols), 64), uint32_t(pairs.size() / 2));
  }
}

void Backend::rms_norm(hearth::Tensor out, const hearth::Tensor& in, const hearth::Tensor& weight, float eps) {
  const Binding i = f32_binding(in, false), w = f32_binding(weight.row_range(0, 1), false), o = f32_binding(out, true);
  const uint32_t push[] = {u(i.lo / 4), u(in.row_stride / 4), u(w.lo / 4), u(o.lo / 4), u(out.row_stride / 4), u(in.cols), f(eps)};
  dispatch("rms_norm" + reduction_suffix(), {i, w, o, none(), none()}, push, uint32_t(in.rows));
}

void Backend::elementwise(const char* op, const hearth::Tensor& out, const hearth::Tensor& a, const hearth::Tensor* b, float s) {
  const Binding ba = f32_binding(a, false), o = f32_binding(out, true);
  const Binding bb = b ? f32_binding(*b, false) : none();
  const uint32_t push[] = {u(ba.lo / 4), u(a.row_stride / 4), u(b ? bb.lo / 4 : 0), u(b ? b->row_stride / 4 : 0),
                           u(o.lo / 4), u(out.row_stride / 4), u(out.cols), f(s)};
  dispatch(std::string("ew_") + op, {ba, bb, o, none(), none()}, push, groups(uint64_t(out.cols), 64), uint32_t(out.rows));
}

void Backend::add(hearth::Tensor out, const hearth::Tensor& a, const hearth::Tensor& b) { elementwise("add", out, a, &b, 0.0f); }
void Backend::scale(hearth::Tensor x, float factor) { elementwise("scale", x, x, nullptr, factor); }
void Backend::glu(hearth::Tensor out, const hearth::Tensor& gate, const hearth::Tensor& up, GluKind kind) {
  elementwise(kind == GluKind::SiLU ? "swiglu" : "geglu", out, gate, &up, 0.0f);
}

void Backend::rope_rows(const Ref& x, uint32_t x_off, uint32_t x_stride, uint32_t n_tokens, uint32_t n_heads, int head_dim,
                        int pos0, int pos_step, const RopeParams& params, uint64_t lo, uint64_t hi) {
  if (params.n_rot <= 0 || params.n_rot % 2 || params.n_rot > head_dim)
    fail(ErrorCode::InvalidArgument, "rope: n_dims must be even and within the head size");
  // The same float expression as kernels/ops.cpp rope_angles, so theta matches bit for bit.
  const float theta_scale = std::pow(params.freq_base, -2.0f / static_cast<float>(params.n_rot));
  Binding factors = none();
  uint32_t factors_off = 0;
  if (params.freq_factors) {  // host memory (the model's rope_freqs rows): staged per call
    const Ref s = stage(params.freq_factors, uint64_t(params.n_rot / 2) * 4);
    factors = {s.buffer, s.offset, s.offset + uint64_t(params.n_rot / 2) * 4, false};
    factors_off = u(s.offset / 4);
  }
  const uint32_t push[] = {x_off, x_stride, n_heads, u(head_dim), u(params.n_rot), uint32_t(pos0), uint32_t(pos_step),
                           f(theta_scale), f(params.freq_scale), params.ordering == RopeOrdering::Normal ? 0u : 1u,
                           params.freq_factors ? 1u : 0u, factors_off};
  dispatch("rope", {Binding{x.buffer, lo, hi, true}, factors, none(), none(), none()}, push,
           groups(uint64_t(n_heads) * uint64_t(params.n_rot / 2), 64), n_tokens);
}

void Backend::rope(hearth::Tensor x, int head_dim, int pos0, const RopeParams& params) {
  const Binding b = f32_binding(x, true);
  const Ref r = find(x.data);
  rope_rows(r, u(b.lo / 4), u(x.row_stride / 4), u(x.rows), u(x.cols / head_dim), head_dim, pos0, 1, params, b.lo, b.hi);
}

}  // namespace hearth::vk
