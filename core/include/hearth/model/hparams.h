// Hyperparameters of a decoder-only transformer, read from a GGUF file's `<arch>.*` metadata.
// Architecture-independent: every supported architecture fills the same struct, and the
// tensor shapes of the file are checked against it when the model is bound.
#pragma once

#include <cstdint>
#include <string>

#include "hearth/base/result.h"
#include "hearth/io/gguf.h"

namespace hearth {

// How rotary position embedding pairs up the dimensions of a head.
enum class RopeOrdering {
  Normal,  // pairs (2i, 2i+1): llama.cpp's GGUF llama files (Q/K rows permuted by the converter)
  Neox,    // pairs (i, i + n_rot/2): qwen, qwen2, gemma (GPT-NeoX style)
};

struct ModelHParams {
  std::string architecture;    // general.architecture, e.g. "llama"
  int64_t n_vocab = 0;         // rows of token_embd
  int64_t n_ctx_train = 0;     // <arch>.context_length
  int64_t n_embd = 0;          // <arch>.embedding_length: width of the residual stream
  int64_t n_layer = 0;         // <arch>.block_count
  int64_t n_head = 0;          // <arch>.attention.head_count
  int64_t n_head_kv = 0;       // <arch>.attention.head_count_kv (GQA); = n_head when absent
  int64_t head_dim_k = 0;      // <arch>.attention.key_length; n_embd / n_head when absent
  int64_t head_dim_v = 0;      // <arch>.attention.value_length; n_embd / n_head when absent
  int64_t n_ff = 0;            // <arch>.feed_forward_length (the width the tensors have)
  int64_t n_rot = 0;           // <arch>.rope.dimension_count: leading dims of a head that rotate
  float norm_eps = 1e-5f;      // <arch>.attention.layer_norm_rms_epsilon
  float rope_freq_base = 10000.0f;  // <arch>.rope.freq_base
  float rope_freq_scale = 1.0f;     // 1 / <arch>.rope.scaling.factor for linear scaling, else 1
  RopeOrdering rope_ordering = RopeOrdering::Normal;

  int64_t n_embd_k_gqa() const { return n_head_kv * head_dim_k; }  // width of one K-cache row
  int64_t n_embd_v_gqa() const { return n_head_kv * head_dim_v; }  // width of one V-cache row
  int64_t n_embd_q() const { return n_head * head_dim_k; }
};

// Reads the hyperparameters for `file`'s architecture. Fails with Unsupported for an
// architecture Hearth cannot run and Format for missing or inconsistent values.
Result<ModelHParams> read_hparams(const GgufFile& file);

}  // namespace hearth
