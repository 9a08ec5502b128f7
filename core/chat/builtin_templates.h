// The built-in chat templates and template family recognition.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace hearth::chat_detail {

struct BuiltinTemplate {
  std::string_view name;
  std::string_view source;  // Jinja
};

std::span<const BuiltinTemplate> builtin_templates();
const BuiltinTemplate* find_builtin_template(std::string_view name);
// The family a template belongs to, from the markers it prints ("custom" when unknown).
std::string detect_family(std::string_view source);

}  // namespace hearth::chat_detail
