// Binds an architecture's tensor fields to the tensors of a GGUF file: looks each up by name,
// checks its type and shape against the hyperparameters, and counts its bytes per part of the
// model (input, layer i, output) — the counts the memory estimate reports.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/backend/backend.h"
#include "hearth/io/gguf.h"

namespace hearth {

class TensorBinder {
 public:
  explicit TensorBinder(const GgufFile& file);

  // Which part of the model the next bound tensors belong to.
  void begin_input() { part_ = kInput; }
  void begin_layer(int il);
  void begin_output() { part_ = kOutput; }

  // A matrix [rows × cols] (GGUF shape {cols, rows}); the type must be one Hearth can multiply by.
  Tensor matrix(std::string_view name, int64_t cols, int64_t rows);
  // A vector [cols] (norm weights, biases), converted to F32 when the file stores another type.
  Tensor vector(std::string_view name, int64_t cols);
  // The same, or an empty tensor when the file does not have it.
  Tensor optional_matrix(std::string_view name, int64_t cols, int64_t rows);
  Tensor optional_vector(std::string_view name, int64_t cols);
  bool has(std::string_view name) const { return file_.find_tensor(name) != nullptr; }

  // "blk.3.attn_q.weight"
  static std::string layer_name(int il, std::string_view suffix);

  // Bytes bound per part and in all.
  uint64_t input_bytes() const { return input_bytes_; }
  uint64_t output_bytes() const { return output_bytes_; }
  const std::vector<uint64_t>& layer_bytes() const { return layer_bytes_; }
  uint64_t parameter_count() const { return parameters_; }
  uint64_t total_bytes() const;
  // F32 copies made for vectors stored in other types (kept alive by the model).
  std::vector<std::unique_ptr<float[]>> take_converted() { return std::move(converted_); }

 private:
  static constexpr int kInput = -1;
  static constexpr int kOutput = -2;
  const GgufTensorInfo& find(std::string_view name) const;
  Tensor view(const GgufTensorInfo& info, int64_t cols, int64_t rows);
  void count(const GgufTensorInfo& info);

  const GgufFile& file_;
  int part_ = kInput;
  uint64_t input_bytes_ = 0;
  uint64_t output_bytes_ = 0;
  std::vector<uint64_t> layer_bytes_;
  uint64_t parameters_ = 0;
  std::vector<std::unique_ptr<float[]>> converted_;
};

}  // namespace hearth
