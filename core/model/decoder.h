// What every architecture file implements: bind its tensors by name (checking shapes), then
// build the forward pass of one layer from Backend ops. The session drives it:
//
//   embed(f)                       hidden = token embeddings          (input device)
//   for each layer i: layer(f, i)  hidden += attention, hidden += FFN (layer i's device)
//   head(f)                        logits = LM head(norm(hidden))     (output device)
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hearth/backend/backend.h"
#include "hearth/model/hparams.h"
#include "model/tensor_binder.h"

namespace hearth {

// Activations of one forward pass on one device: [n_tokens × width] F32 views sized to the
// tokens of the current pass (the buffers hold n_batch rows).
struct Activations {
  Tensor hidden;  // [n × n_embd] the residual stream
  Tensor norm;    // [n × n_embd] normalised input of a sub-block
  Tensor qkv;     // [n × (n_embd_q + n_embd_k_gqa + n_embd_v_gqa)]: q | k | v side by side
  Tensor q;       // column view of qkv: [n × n_head*head_dim_k]
  Tensor k;       // column view of qkv: [n × n_head_kv*head_dim_k]
  Tensor v;       // column view of qkv: [n × n_head_kv*head_dim_v]
  Tensor attn;    // [n × n_head*head_dim_v] attention output before the output projection
  Tensor proj;    // [n × n_embd] output of a sub-block before the residual add
  Tensor gate;    // [n × n_ff] FFN gate projection, then act(gate) * up
  Tensor up;      // [n × n_ff] FFN up projection
};

// Column widths of the activation buffers per token (one definition for allocation and estimate).
struct ActivationWidths {
  int64_t n_embd = 0;
  int64_t n_qkv = 0;
  int64_t n_attn = 0;
  int64_t n_ff = 0;
  int64_t floats_per_token() const { return 3 * n_embd + n_qkv + n_attn + 2 * n_ff; }
  int64_t max_matmul_in() const;  // widest input a matmul of the layer reads
};

// Batched decoding: rows [first_row, first_row + n_rows) of a pass belong to one sequence,
// whose first row is at position pos0 of its own KV cache. The row-wise ops (norms, matmuls,
// GLU) run once over all rows; rope, the cache store and attention run per sequence.
struct SequenceRows {
  int first_row = 0;
  int n_rows = 0;
  int pos0 = 0;
  KvLayer* kv = nullptr;  // this sequence's cache of the layer being run
};

// The state one forward pass hands from op to op.
struct Forward {
  Backend* be = nullptr;           // backend of the part being run
  Activations a;                   // views on that backend's device, n_tokens rows
  std::span<const TokenId> tokens; // the tokens of this pass
  int pos0 = 0;                    // position of tokens[0]
  int n_tokens = 0;
  KvLayer* kv = nullptr;           // cache of the layer being run
  Tensor logits;                   // [n_logit_rows × n_vocab] output (head)
  int first_logit_row = 0;         // logits are produced for tokens first_logit_row … n_tokens-1
  std::span<SequenceRows> sequences;  // empty: one sequence (pos0, kv); else several (pos0, kv unused)
};

// The sub-blocks the supported architectures share. An architecture file binds the ones it
// has and calls them in order; what differs between architectures (biases, a fused QKV
// projection, the GLU, embedding scale) stays visible in that file.

// Separate Q/K/V projections (llama, qwen2, gemma); biases are empty when the model has none.
struct AttentionWeights {
  Tensor norm;    // [n_embd] attn_norm
  Tensor q;       // [n_head*head_dim_k × n_embd]
  Tensor k;       // [n_head_kv*head_dim_k × n_embd]
  Tensor v;       // [n_head_kv*head_dim_v × n_embd]
  Tensor q_bias;  // [n_head*head_dim_k] or empty
  Tensor k_bias;  // [n_head_kv*head_dim_k] or empty
  Tensor v_bias;  // [n_head_kv*head_dim_v] or empty
  Tensor output;  // [n_embd × n_head*head_dim_v]
};

// The gated feed-forward: down · glu(gate · x, up · x) on x = rms_norm(hidden).
struct GatedFfnWeights {
  Tensor norm;  // [n_embd] ffn_norm
  Tensor gate;  // [n_ff × n_embd]
  Tensor up;    // [n_ff × n_embd]
  Tensor down;  // [n_embd × n_ff]
};

class DecoderModel {
 public:
  explicit DecoderModel(const ModelHParams& hparams);
  virtual ~DecoderModel();

  const ModelHParams& hparams() const { return hp_; }

  // Names every tensor the architecture uses and checks its shape; called at load and by the
  // memory estimate (the binder then only counts bytes).
  virtual void bind(TensorBinder& b) = 0;
  // hidden = token_embd[tokens]
  virtual void embed(Forward& f) const;
  // One transformer block: hidden += attention(...); hidden += ffn(...)
  virtual void layer(Forward& f, int il) const = 0;
  // logits = output · rms_norm(hidden) for the rows that want logits
  virtual void head(Forward& f) const;

  // Keeps F32 copies the binder made (vectors stored in other types) alive with the model.
  void adopt(std::vector<std::unique_ptr<float[]>> buffers);

  virtual ActivationWidths activation_widths() const;
  RopeParams rope_params() const;
  AttentionShape attention_shape() const;
  bool output_tied() const { return output_tied_; }
  const Tensor& token_embedding() const { return tok_embd_; }

 protected:
  // The input embedding and the LM head (same names in every supported architecture).
  void bind_embedding_and_head(TensorBinder& b);
  // rope(q), rope(k), store k/v in the cache, attention over the cache into a.attn
  void self_attention(Forward& f) const;

  // Binders for the shared sub-blocks of layer `il` (call b.begin_layer(il) first).
  AttentionWeights bind_attention(TensorBinder& b, int il, bool with_bias) const;
  GatedFfnWeights bind_gated_ffn(TensorBinder& b, int il, int64_t n_ff) const;

  // hidden += output · attention(rope(norm(hidden) · {q, k, v} + biases))
  void attention_block(Forward& f, const AttentionWeights& w) const;
  // After a.q, a.k, a.v are filled: rope, cache, attention, hidden += output · attn
  void attend_and_project(Forward& f, const Tensor& output) const;
  // hidden += down · glu(gate · n, up · n), n = rms_norm(hidden)
  void gated_ffn_block(Forward& f, const GatedFfnWeights& w, GluKind kind) const;

  ModelHParams hp_;
  Tensor tok_embd_;     // [n_vocab × n_embd], file type
  Tensor output_norm_;  // [n_embd] F32
  Tensor output_;       // [n_vocab × n_embd], file type; the token_embd view when tied
  Tensor rope_freqs_;   // optional [n_rot/2] F32 frequency divisors (rope_freqs.weight)
  bool output_tied_ = false;
  std::vector<std::unique_ptr<float[]>> owned_;
};

// The block llama, qwen2 and gemma share — separate Q/K/V projections (biased or not), then
// the gated FFN — parameterised by what differs. An architecture file picks its spec (and may
// override embed()); qwen's fused QKV has its own class.
struct StandardBlockSpec {
  bool qkv_bias = false;            // qwen2: attn_q/k/v.bias
  GluKind glu = GluKind::SiLU;      // gemma: GeluTanh
};

class StandardDecoder : public DecoderModel {
 public:
  StandardDecoder(const ModelHParams& hparams, StandardBlockSpec spec) : DecoderModel(hparams), spec_(spec) {}

  void bind(TensorBinder& b) override;
  // hidden += attention(rms_norm(hidden)); hidden += gated FFN(rms_norm(hidden))
  void layer(Forward& f, int il) const override;

 private:
  struct Layer {
    AttentionWeights attn;  // attn_norm, attn_q/k/v (+ biases), attn_output
    GatedFfnWeights ffn;    // ffn_norm, ffn_gate/up [n_ff × n_embd], ffn_down [n_embd × n_ff]
  };
  StandardBlockSpec spec_;
  std::vector<Layer> layers_;
};

}  // namespace hearth
