// Matrix products of the Vulkan backend: matvec.comp for 1…8 tokens (weights read once for all
// tokens), matmul_tiled.comp for prompt batches; per chunk of a weight split by rows.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "backend/vulkan/vulkan_backend.h"
#include "hearth/base/result.h"

namespace hearth::vk {

namespace {
uint32_t u(uint64_t v) { return uint32_t(v); }
std::string lower_name(TensorType t) {
  std::string s(tensor_type_name(t));
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

void Backend::matmul(std::span<const MatmulJob> jobs, const hearth::Tensor& in) {
  Binding input = f32_binding(in, false);
  uint32_t in_off = u(input.lo / 4), in_stride = u(in.row_stride / 4);
  // F16/BF16 weights meet activations rounded to their precision, as on the CPU: rounded once
  // per input into the work buffer.
  std::optional<Binding> rounded[2];
  for (const MatmulJob& j : jobs) {
    if (j.weight.cols != in.cols)
      fail(ErrorCode::InvalidArgument, "matmul: weight has " + std::to_string(j.weight.cols) + " columns, input " +
                                           std::to_string(in.cols));
    const bool f16 = j.weight.type == TensorType::F16, bf16 = j.weight.type == TensorType::BF16;
    Binding src = input;
    uint32_t src_off = in_off, src_stride = in_stride;
    if (f16 || bf16) {
      std::optional<Binding>& r = rounded[bf16 ? 1 : 0];
      if (!r) {
        const uint64_t bytes = uint64_t(in.rows) * uint64_t(in.cols) * 4;
        ensure_work(act_, bytes * 2);
        const uint64_t base = bf16 ? bytes : 0;
        const Binding ob{act_.buffer, base, base + bytes, true};
        const uint32_t push[] = {in_off, in_stride, 0, 0, u(base / 4), u(in.cols), u(in.cols), 0};
        dispatch(bf16 ? "ew_round_bf16" : "ew_round_f16", {input, none(), ob, none(), none()}, push,
                 u((in.cols + 63) / 64), u(in.rows));
        r = Binding{act_.buffer, base, base + bytes, false};
      }
      src = *r;
      src_off = u(r->lo / 4);
      src_stride = u(in.cols);
    }
    const Binding out = f32_binding(j.out, true);
    const Binding bias = j.bias.empty() ? none() : f32_binding(j.bias.row_range(0, 1), false);
    const bool vec = in.rows <= kMatvecMaxTokens;
    const std::string name = (vec ? "matvec_" : "matmul_") + lower_name(j.weight.type) + (vec ? reduction_suffix() : "");
    for (int64_t r0 = 0; r0 < j.weight.rows;) {
      const Ref w = find(j.weight.row(r0));
      const int64_t rows = std::min<int64_t>(j.weight.rows - r0, int64_t(w.remaining / j.weight.row_stride));
      if (rows <= 0) fail(ErrorCode::Internal, "matmul: weight row straddles chunks");
      const uint32_t push[] = {u(w.offset), u(j.weight.row_stride), u(j.weight.cols), u(rows), u(in.rows),
                               src_off, src_stride, u(out.lo / 4 + uint64_t(r0)), u(j.out.row_stride / 4),
                               j.bias.empty() ? 0u : 1u, u(bias.lo / 4 + uint64_t(r0))};
      const Binding wb{w.buffer, w.offset, w.offset + uint64_t(rows) * j.weight.row_stride, false};
      if (vec) {
        const uint32_t gx = u(std::min<int64_t>(rows, 32768)), gy = u((rows + 32767) / 32768);
        dispatch(name, {wb, src, out, bias, none()}, push, gx, gy);
      } else {
        dispatch(name, {wb, src, out, bias, none()}, push, u((rows + 31) / 32), u((in.rows + 31) / 32));
      }
      r0 += rows;
    }
    count_work(double(j.weight.rows) * double(j.weight.cols) * double(in.rows));
  }
  submit_if_long();
}

}  // namespace hearth::vk
