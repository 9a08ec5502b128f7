// The id of a vocabulary entry. Shared by the tokenizer, the sampler and the session.
#pragma once

#include <cstdint>

namespace hearth {

using TokenId = int32_t;

}  // namespace hearth
