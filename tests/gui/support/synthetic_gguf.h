// Llama-shaped GGUF files of any size for tests and screenshots, written in seconds: the header
// is complete (metadata, vocabulary, tensor table) and the tensor data is a sparse hole that
// reads as zeros, so an "8B" file costs no disk space. Good for everything that reads headers
// (the library, the memory estimate, the offload picture); not for generating text.
//
// The header follows the GGUF v3 layout from the spec (github.com/ggml-org/ggml docs/gguf.md);
// the helper re-opens the result with GgufFile::open so a mistake here fails loudly.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <cstdint>
#include <string>
#include <vector>

#include "hearth/io/gguf.h"
#include "hearth/quant/tensor_type.h"

namespace hearth::gui::test {

struct SyntheticLlama {
  std::string name = "synthetic";
  int n_layer = 4;
  int n_embd = 256;
  int n_ff = 768;
  int n_head = 8;
  int n_head_kv = 4;
  int n_ctx = 4096;
  int n_vocab = 1024;
  TensorType weight_type = TensorType::F16;  // of the 2-D weights; norms stay F32
  TensorType embedding_type = TensorType::F16;
  TensorType output_type = TensorType::F16;
  uint32_t file_type = 1;  // general.file_type (1: mostly F16)
};

namespace detail {
class HeaderBytes {
 public:
  template <class T>
  void pod(T v) {
    bytes_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void str(const std::string& s) {
    pod<uint64_t>(s.size());
    bytes_.append(s.data(), qsizetype(s.size()));
  }
  void kv_string(const std::string& k, const std::string& v) {
    str(k);
    pod<uint32_t>(8);
    str(v);
  }
  void kv_u32(const std::string& k, uint32_t v) {
    str(k);
    pod<uint32_t>(4);
    pod<uint32_t>(v);
  }
  void kv_f32(const std::string& k, float v) {
    str(k);
    pod<uint32_t>(6);
    pod<float>(v);
  }
  QByteArray& bytes() { return bytes_; }

 private:
  QByteArray bytes_;
};
}  // namespace detail

// Writes the file; returns an empty string on success, else what went wrong.
inline QString write_synthetic_llama(const QString& path, const SyntheticLlama& m) {
  struct Tensor {
    std::string name;
    std::vector<uint64_t> shape;  // ggml order: row length first
    TensorType type;
  };
  std::vector<Tensor> tensors;
  const uint64_t embd = uint64_t(m.n_embd), ff = uint64_t(m.n_ff), vocab = uint64_t(m.n_vocab);
  const uint64_t kv = embd / uint64_t(m.n_head) * uint64_t(m.n_head_kv);
  tensors.push_back({"token_embd.weight", {embd, vocab}, m.embedding_type});
  for (int i = 0; i < m.n_layer; ++i) {
    const std::string b = "blk." + std::to_string(i) + ".";
    tensors.push_back({b + "attn_norm.weight", {embd}, TensorType::F32});
    tensors.push_back({b + "attn_q.weight", {embd, embd}, m.weight_type});
    tensors.push_back({b + "attn_k.weight", {embd, kv}, m.weight_type});
    tensors.push_back({b + "attn_v.weight", {embd, kv}, m.weight_type});
    tensors.push_back({b + "attn_output.weight", {embd, embd}, m.weight_type});
    tensors.push_back({b + "ffn_norm.weight", {embd}, TensorType::F32});
    tensors.push_back({b + "ffn_gate.weight", {embd, ff}, m.weight_type});
    tensors.push_back({b + "ffn_up.weight", {embd, ff}, m.weight_type});
    tensors.push_back({b + "ffn_down.weight", {ff, embd}, m.weight_type});
  }
  tensors.push_back({"output_norm.weight", {embd}, TensorType::F32});
  tensors.push_back({"output.weight", {embd, vocab}, m.output_type});

  detail::HeaderBytes h;
  h.bytes().append("GGUF", 4);
  h.pod<uint32_t>(3);
  h.pod<uint64_t>(tensors.size());
  h.pod<uint64_t>(13);  // metadata keys below
  h.kv_string("general.architecture", "llama");
  h.kv_string("general.name", m.name);
  h.kv_u32("general.file_type", m.file_type);
  h.kv_u32("llama.block_count", uint32_t(m.n_layer));
  h.kv_u32("llama.context_length", uint32_t(m.n_ctx));
  h.kv_u32("llama.embedding_length", uint32_t(m.n_embd));
  h.kv_u32("llama.feed_forward_length", uint32_t(m.n_ff));
  h.kv_u32("llama.attention.head_count", uint32_t(m.n_head));
  h.kv_u32("llama.attention.head_count_kv", uint32_t(m.n_head_kv));
  h.kv_f32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
  h.kv_u32("llama.rope.dimension_count", uint32_t(m.n_embd / m.n_head));
  h.kv_string("tokenizer.ggml.model", "llama");
  h.str("tokenizer.ggml.tokens");
  h.pod<uint32_t>(9);  // array
  h.pod<uint32_t>(8);  // of strings
  h.pod<uint64_t>(vocab);
  for (uint64_t i = 0; i < vocab; ++i) h.str("<t" + std::to_string(i) + ">");

  const uint64_t align = kGgufDefaultAlignment;
  uint64_t offset = 0;
  std::vector<uint64_t> offsets;
  for (const auto& t : tensors) {
    offsets.push_back(offset);
    const auto& layout = tensor_type_layout(t.type);
    uint64_t n = 1;
    for (uint64_t d : t.shape) n *= d;
    if (t.shape[0] % layout.block_size != 0) return QStringLiteral("%1: rows not a multiple of the block size").arg(QString::fromStdString(t.name));
    const uint64_t bytes = n / layout.block_size * layout.block_bytes;
    offset = (offset + bytes + align - 1) / align * align;
  }
  for (size_t i = 0; i < tensors.size(); ++i) {
    h.str(tensors[i].name);
    h.pod<uint32_t>(uint32_t(tensors[i].shape.size()));
    for (uint64_t d : tensors[i].shape) h.pod<uint64_t>(d);
    h.pod<uint32_t>(uint32_t(tensors[i].type));
    h.pod<uint64_t>(offsets[i]);
  }
  while (uint64_t(h.bytes().size()) % align) h.bytes().append('\0');
  const uint64_t total = uint64_t(h.bytes().size()) + offset;

  QFile out(path);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) return out.errorString();
  if (out.write(h.bytes()) != h.bytes().size()) return out.errorString();
  if (!out.resize(qint64(total))) return out.errorString();  // the data: a hole of zeros
  out.close();
  auto check = GgufFile::open(path.toStdString());
  return check.ok() ? QString() : QString::fromStdString(check.error().message);
}

}  // namespace hearth::gui::test
