// Request bodies from the network: parsed with limits, so hostile input ends in a clear 400.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace hearth::server {

inline constexpr int kMaxJsonDepth = 64;  // real requests nest 4-6 levels (messages -> content parts)

// Parses a JSON object body. Throws ApiError 400 when the body is empty, not JSON, not UTF-8,
// not an object, or nests deeper than kMaxJsonDepth (checked before parsing, so a megabyte of
// '[' never reaches the recursive parts of the JSON library).
nlohmann::json parse_json_body(std::string_view body);

// Nesting depth of JSON text (brackets outside strings); stops counting past `limit`.
int json_nesting_depth(std::string_view text, int limit);

}  // namespace hearth::server
