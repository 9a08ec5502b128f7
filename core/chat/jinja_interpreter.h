// Runs a parsed template. Safe by construction: templates read the values they are given (and
// may only assign attributes of namespace() objects), every loop runs over a finite list, and
// a step budget, an output limit and a call-depth limit stop runaway templates with an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "chat/jinja_ast.h"

namespace hearth::jinja {

struct RenderLimits {
  size_t max_output_bytes = size_t(16) << 20;
  uint64_t max_steps = 500'000;   // statements, loop iterations, calls (+1 per 256 bytes copied)
  int max_call_depth = 16;         // macro calls in flight (each may nest blocks 64 deep)
};

// Renders `body` with the given global variables. Throws TemplateError ("line N: …").
std::string render(const Body& body, const ValueDict& globals, const RenderLimits& limits = {});

// Built-ins (jinja_builtins.cpp).
Value apply_filter(const std::string& name, const Value& input, const Arguments& args, int line);
bool apply_test(const std::string& name, const Value& value, const Arguments& args, int line);
// Methods of strings, lists and dicts (x.strip(), d.items(), …); nullopt when there is none.
std::optional<Value> call_method(const Value& object, const std::string& name, const Arguments& args, int line);
// The functions every template sees: range, namespace, raise_exception, strftime_now, dict.
void add_builtin_globals(ValueDict& globals);
// What a for loop or a list filter walks: list elements, dict keys, string characters
// (code points); undefined and none give nothing, anything else is an error.
ValueList iterable_items(const Value& v, int line);
// obj.name / obj[key] lookups with Jinja's rules (missing -> undefined).
Value get_attribute(const Value& object, const std::string& name);
Value get_item(const Value& object, const Value& key, int line);

}  // namespace hearth::jinja
