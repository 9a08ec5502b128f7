// Values of the Jinja subset: Python-like dynamic values (None, bool, int, float, str, list,
// dict, callables) with Python's truthiness, equality, ordering and str()/repr().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "hearth/base/result.h"

namespace hearth::jinja {

class Value;
using ValueList = std::vector<Value>;

// An insertion-ordered string-keyed map (Python dicts keep insertion order too).
struct ValueDict {
  std::vector<std::pair<std::string, Value>> items;
  bool is_namespace = false;  // namespace(): the one object templates may assign attributes to
  const Value* find(std::string_view key) const;
  void set(std::string key, Value value);
};

struct Arguments;
// A function: a built-in (raise_exception, range, namespace …) or a macro defined in the template.
struct Callable {
  std::string name;
  std::function<Value(Arguments&)> call;
};

struct Undefined {
  std::string name;  // what was looked up, for error messages
};
struct None {};

class Value {
 public:
  using Storage = std::variant<Undefined, None, bool, int64_t, double, std::string, std::shared_ptr<ValueList>,
                               std::shared_ptr<ValueDict>, std::shared_ptr<Callable>>;

  Value() : v_(Undefined{}) {}
  Value(None) : v_(None{}) {}                                   // NOLINT
  Value(bool b) : v_(b) {}                                      // NOLINT
  Value(int64_t i) : v_(i) {}                                   // NOLINT
  Value(int i) : v_(int64_t(i)) {}                              // NOLINT
  Value(double d) : v_(d) {}                                    // NOLINT
  Value(std::string s) : v_(std::move(s)) {}                    // NOLINT
  Value(const char* s) : v_(std::string(s)) {}                  // NOLINT
  Value(ValueList list) : v_(std::make_shared<ValueList>(std::move(list))) {}   // NOLINT
  Value(ValueDict dict) : v_(std::make_shared<ValueDict>(std::move(dict))) {}   // NOLINT
  Value(std::shared_ptr<ValueList> list) : v_(std::move(list)) {}  // NOLINT
  Value(std::shared_ptr<ValueDict> dict) : v_(std::move(dict)) {}  // NOLINT
  Value(std::shared_ptr<Callable> fn) : v_(std::move(fn)) {}       // NOLINT
  static Value undefined(std::string name) { return Value(Storage(Undefined{std::move(name)})); }

  bool is_undefined() const { return v_.index() == 0; }
  bool is_none() const { return v_.index() == 1; }
  bool is_bool() const { return v_.index() == 2; }
  bool is_int() const { return v_.index() == 3; }
  bool is_float() const { return v_.index() == 4; }
  bool is_number() const { return is_int() || is_float(); }  // bools are not numbers here
  bool is_string() const { return v_.index() == 5; }
  bool is_list() const { return v_.index() == 6; }
  bool is_dict() const { return v_.index() == 7; }
  bool is_callable() const { return v_.index() == 8; }

  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_number() const { return is_int() ? double(as_int()) : is_bool() ? double(as_bool()) : std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const ValueList& as_list() const { return *std::get<std::shared_ptr<ValueList>>(v_); }
  const ValueDict& as_dict() const { return *std::get<std::shared_ptr<ValueDict>>(v_); }
  ValueDict& mutable_dict() const { return *std::get<std::shared_ptr<ValueDict>>(v_); }
  const Callable& as_callable() const { return *std::get<std::shared_ptr<Callable>>(v_); }
  const std::string& undefined_name() const { return std::get<Undefined>(v_).name; }

  // Python truthiness: empty strings, lists and dicts, 0, None and undefined are false.
  bool truthy() const;
  // Python str(): what {{ value }} prints. Undefined prints as "".
  std::string str() const;
  // Python repr(): strings quoted ('a'), used inside lists and dicts.
  std::string repr() const;
  // JSON text (the tojson filter); indent < 0 means compact with ", " and ": " separators.
  std::string to_json(int indent = -1, int depth = 0) const;
  std::string type_name() const;

  const Storage& storage() const { return v_; }

 private:
  explicit Value(Storage s) : v_(std::move(s)) {}
  Storage v_;
};

bool operator==(const Value& a, const Value& b);
inline bool operator!=(const Value& a, const Value& b) { return !(a == b); }
// Python ordering for numbers and strings; throws a template error otherwise.
bool less_than(const Value& a, const Value& b);

// Lists and dicts may nest at most kMaxNesting deep (so printing, comparing and freeing them
// never recurses deeply) and a namespace may not contain itself. Throws TemplateError.
inline constexpr int kMaxValueNesting = 64;
void check_nesting(const Value& v, int limit = kMaxValueNesting, const ValueDict* must_not_contain = nullptr);

// Arguments of a call: positional then keyword.
struct Arguments {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keyword;
  // Argument `index` or keyword `name`, or `fallback` when neither was given.
  Value get(size_t index, std::string_view name, Value fallback = Value()) const;
};

// A template error: thrown inside the interpreter, reported with the template line.
class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace hearth::jinja
