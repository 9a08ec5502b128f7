// tokenizer.model: SentencePiece's ModelProto in protobuf wire format. We read the few fields a
// GGUF needs with a small bounds-checked reader instead of depending on protobuf:
//   ModelProto      1: repeated SentencePiece pieces, 2: TrainerSpec, 3: NormalizerSpec
//   SentencePiece   1: string piece, 2: float score, 3: enum type
//   TrainerSpec     3: enum model_type, 35: bool byte_fallback
//   NormalizerSpec  3: bool add_dummy_prefix, 4: bool remove_extra_whitespaces,
//                   5: bool escape_whitespaces
// (field numbers from sentencepiece_model.proto).
#include <cstring>

#include "hearth/tokenizer/hf_vocab.h"

namespace hearth {

namespace {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

class ProtoReader {
 public:
  ProtoReader(std::span<const std::byte> bytes, size_t base) : bytes_(bytes), base_(base) {}

  bool done() const { return pos_ >= bytes_.size(); }

  // Reads a field key; returns false at the end of the message.
  bool next_field(uint32_t& field, uint32_t& wire) {
    if (done()) return false;
    const uint64_t key = varint();
    field = static_cast<uint32_t>(key >> 3);
    wire = static_cast<uint32_t>(key & 7);
    if (field == 0) bad("field number 0");
    return true;
  }

  uint64_t varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (done()) bad("truncated varint");
      const auto b = static_cast<uint8_t>(bytes_[pos_++]);
      value |= uint64_t(b & 0x7F) << shift;
      if (!(b & 0x80)) return value;
    }
    bad("varint longer than 10 bytes");
  }

  float fixed32_float() {
    if (bytes_.size() - pos_ < 4) bad("truncated 32-bit value");
    uint32_t bits = 0;
    for (int i = 0; i < 4; ++i) bits |= uint32_t(static_cast<uint8_t>(bytes_[pos_ + size_t(i)])) << (8 * i);
    pos_ += 4;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }

  ProtoReader submessage() {
    const size_t begin = pos_;
    const std::span<const std::byte> body = length_delimited();
    return ProtoReader(body, base_ + begin);
  }

  std::string string() {
    const auto body = length_delimited();
    return std::string(reinterpret_cast<const char*>(body.data()), body.size());
  }

  void skip(uint32_t wire) {
    switch (wire) {
      case kVarint: varint(); break;
      case kFixed64:
        if (bytes_.size() - pos_ < 8) bad("truncated 64-bit value");
        pos_ += 8;
        break;
      case kLengthDelimited: length_delimited(); break;
      case kFixed32:
        if (bytes_.size() - pos_ < 4) bad("truncated 32-bit value");
        pos_ += 4;
        break;
      default: bad("unsupported wire type " + std::to_string(wire));
    }
  }

  void expect(uint32_t wire, uint32_t wanted, const char* what) {
    if (wire != wanted) bad(std::string(what) + " has wire type " + std::to_string(wire));
  }

 private:
  std::span<const std::byte> length_delimited() {
    const uint64_t length = varint();
    if (length > bytes_.size() - pos_) bad("a field of " + std::to_string(length) + " bytes runs past the end");
    const auto body = bytes_.subspan(pos_, size_t(length));
    pos_ += size_t(length);
    return body;
  }

  [[noreturn]] void bad(const std::string& what) const {
    fail(ErrorCode::Format, "tokenizer.model is not a valid SentencePiece model: " + what + " at byte " +
                                std::to_string(base_ + pos_));
  }

  std::span<const std::byte> bytes_;
  size_t base_;  // offset of this message in the file, for messages
  size_t pos_ = 0;
};

SentencePieceModel::Piece read_piece(ProtoReader r) {
  SentencePieceModel::Piece piece;
  uint32_t field, wire;
  while (r.next_field(field, wire)) {
    if (field == 1) {
      r.expect(wire, kLengthDelimited, "piece");
      piece.text = r.string();
    } else if (field == 2) {
      r.expect(wire, kFixed32, "score");
      piece.score = r.fixed32_float();
    } else if (field == 3) {
      r.expect(wire, kVarint, "type");
      const uint64_t t = r.varint();
      piece.type = (t >= 1 && t <= 6) ? static_cast<SentencePieceModel::PieceType>(t) : SentencePieceModel::PieceType::Normal;
    } else {
      r.skip(wire);
    }
  }
  return piece;
}

}  // namespace

Result<SentencePieceModel> parse_sentencepiece_model(std::span<const std::byte> bytes) {
  return capture_errors([&] {
    SentencePieceModel model;
    ProtoReader r(bytes, 0);
    uint32_t field, wire;
    while (r.next_field(field, wire)) {
      if (field == 1) {
        r.expect(wire, kLengthDelimited, "pieces");
        model.pieces.push_back(read_piece(r.submessage()));
      } else if (field == 2) {
        r.expect(wire, kLengthDelimited, "trainer_spec");
        ProtoReader t = r.submessage();
        while (t.next_field(field, wire)) {
          if (field == 3 && wire == kVarint) {
            model.model_type = static_cast<int>(t.varint());
          } else if (field == 35 && wire == kVarint) {
            model.byte_fallback = t.varint() != 0;
          } else {
            t.skip(wire);
          }
        }
      } else if (field == 3) {
        r.expect(wire, kLengthDelimited, "normalizer_spec");
        ProtoReader n = r.submessage();
        while (n.next_field(field, wire)) {
          if (field == 3 && wire == kVarint) {
            model.add_dummy_prefix = n.varint() != 0;
          } else if (field == 4 && wire == kVarint) {
            model.remove_extra_whitespaces = n.varint() != 0;
          } else if (field == 5 && wire == kVarint) {
            model.escape_whitespaces = n.varint() != 0;
          } else {
            n.skip(wire);
          }
        }
      } else {
        r.skip(wire);
      }
    }
    if (model.pieces.empty()) fail(ErrorCode::Format, "tokenizer.model has no pieces");
    return model;
  });
}

}  // namespace hearth
