// Binds an architecture's tensor fields to the tensors of a GGUF file: looks each up by name,
// checks its type and shape against the hyperparameters, records which part of the model it
// belongs to (input, layer i, output), and hands weight matrices to a hook that puts them in
// the form their device runs (Model::load: repacking for the CPU, uploads for a GPU). The
// memory estimate binds the same way without a hook and reads the record.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/backend/backend.h"
#include "hearth/io/gguf.h"

namespace hearth {

class TensorBinder {
 public:
  static constexpr int kInputPart = -1;
  static constexpr int kOutputPart = -2;

  // What was bound, in order.
  struct Bound {
    std::string name;
    int part = kInputPart;     // layer index, kInputPart or kOutputPart
    Tensor tensor;             // as bound (shape, type)
    bool matmul = false;       // multiplied by (a device may keep it in its own form)
    bool vector = false;       // a norm weight or bias (F32) the ops of its part read on their device
    uint64_t file_bytes = 0;   // bytes in the file; 0 for a tensor bound a second time (tied head)
  };
  // Gets every matrix a matmul will use (matmul = true) and every vector the ops read
  // (matmul = false, F32); returns the tensor to keep.
  using MatrixHook = std::function<Tensor(const Tensor& tensor, int part, bool matmul)>;

  explicit TensorBinder(const GgufFile& file, MatrixHook hook = {});

  // Which part of the model the next bound tensors belong to.
  void begin_input() { part_ = kInputPart; }
  void begin_layer(int il) { part_ = il; }
  void begin_output() { part_ = kOutputPart; }

  // A weight matrix [rows × cols] (GGUF shape {cols, rows}) of a type the matmul takes.
  Tensor matrix(std::string_view name, int64_t cols, int64_t rows);
  // A lookup table [rows × cols] read row by row (token embeddings), used as stored.
  Tensor table(std::string_view name, int64_t cols, int64_t rows);
  // A table bound before, multiplied by in this part too (a tied LM head).
  Tensor reuse_as_matrix(const Tensor& table, std::string_view name);
  // A vector [cols] (norm weights, biases), converted to F32 when the file stores another type.
  Tensor vector(std::string_view name, int64_t cols);
  // A vector the ops read from host memory whatever the part's device (rope frequency factors,
  // which a backend receives as a pointer); never handed to the hook.
  Tensor optional_host_vector(std::string_view name, int64_t cols);
  // The same, or an empty tensor when the file does not have it.
  Tensor optional_matrix(std::string_view name, int64_t cols, int64_t rows);
  Tensor optional_vector(std::string_view name, int64_t cols);
  bool has(std::string_view name) const { return file_.find_tensor(name) != nullptr; }

  // "blk.3.attn_q.weight"
  static std::string layer_name(int il, std::string_view suffix);

  const std::vector<Bound>& bound() const { return bound_; }
  uint64_t parameter_count() const { return parameters_; }
  // F32 copies made for vectors stored in other types (kept alive by the model).
  std::vector<std::unique_ptr<float[]>> take_converted() { return std::move(converted_); }

 private:
  const GgufTensorInfo& find(std::string_view name) const;
  Tensor view(const GgufTensorInfo& info, int64_t cols, int64_t rows);
  Tensor f32_vector(std::string_view name, int64_t cols);  // converted when stored in another type
  void check_matmul_type(const GgufTensorInfo& info) const;

  const GgufFile& file_;
  MatrixHook hook_;
  int part_ = kInputPart;
  std::vector<Bound> bound_;
  uint64_t parameters_ = 0;
  std::vector<std::unique_ptr<float[]>> converted_;
};

}  // namespace hearth
