// SHA-256 (FIPS 180-4), for llama.cpp-compatible pre-tokenizer detection (a hash of token ids).
#pragma once

#include <string>
#include <string_view>

namespace hearth::tokenizer_detail {

// Lowercase hex digest of the bytes of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace hearth::tokenizer_detail
