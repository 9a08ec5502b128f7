// Writes GGUF v3 files. Tensors are declared first (name, type, shape), then the header is
// written and tensor data is streamed in declaration order, so a model never has to be held in
// memory. Output goes to a temporary file in the target folder and is renamed on commit().
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hearth/io/gguf.h"
#include "hearth/io/output_file.h"

namespace hearth {

class GgufWriter {
 public:
  explicit GgufWriter(std::filesystem::path target);

  // Metadata to write. `general.alignment`, when set (as u32), also sets the data alignment.
  GgufMetadata& metadata() { return metadata_; }

  // Declares the next tensor. Must be called before write_header().
  void add_tensor(std::string name, TensorType type, std::vector<int64_t> shape);
  const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }

  // Writes magic, version, metadata and tensor table, then pads to the alignment.
  void write_header();
  // Appends bytes of the current tensor; may be called several times per tensor. When a
  // tensor's bytes are complete, the padding is written and the next tensor begins.
  void write_tensor_data(std::span<const std::byte> bytes);
  // Checks that every tensor was written, then syncs and renames into place.
  void commit();
  // Drops the partial output (also done by the destructor when commit() was not reached).
  void discard() noexcept;

  // Total bytes the finished file will have (exact after write_header(); before it, data only).
  uint64_t planned_file_size() const;
  uint64_t bytes_written() const;
  const std::filesystem::path& target() const { return target_; }

 private:
  uint32_t alignment() const;

  std::filesystem::path target_;
  GgufMetadata metadata_;
  std::vector<GgufTensorInfo> tensors_;
  std::unique_ptr<AtomicOutputFile> out_;
  bool header_written_ = false;
  uint64_t header_bytes_ = 0;
  size_t current_tensor_ = 0;
  uint64_t current_written_ = 0;
};

// Rewrites a parsed file to `target` unchanged (metadata, tensor table and data).
Status write_gguf_copy(const GgufFile& file, const std::filesystem::path& target);

}  // namespace hearth
