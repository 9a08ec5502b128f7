#include "chat/jinja_value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace hearth::jinja {

const Value* ValueDict::find(std::string_view key) const {
  for (const auto& [k, v] : items)
    if (k == key) return &v;
  return nullptr;
}

void ValueDict::set(std::string key, Value value) {
  for (auto& [k, v] : items) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  items.emplace_back(std::move(key), std::move(value));
}

namespace {

std::string float_text(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".en") == std::string::npos) s += ".0";  // Python prints 1.0, not 1
  return s;
}

void json_string(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);  // non-ASCII kept as is (ensure_ascii=False)
        }
    }
  }
  out += '"';
}

std::string python_quote(const std::string& s) {
  // repr() picks single quotes unless the text has a single quote and no double quote.
  const bool use_double = s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
  const char q = use_double ? '"' : '\'';
  std::string out(1, q);
  for (char c : s) {
    if (c == q || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out + q;
}

}  // namespace

bool Value::truthy() const {
  switch (v_.index()) {
    case 0: case 1: return false;
    case 2: return as_bool();
    case 3: return as_int() != 0;
    case 4: return std::get<double>(v_) != 0.0;
    case 5: return !as_string().empty();
    case 6: return !as_list().empty();
    case 7: return as_dict().is_namespace || !as_dict().items.empty();
    default: return true;
  }
}

std::string Value::str() const {
  switch (v_.index()) {
    case 0: return "";
    case 5: return as_string();
    default: return repr();
  }
}

std::string Value::repr() const {
  switch (v_.index()) {
    case 0: return "";
    case 1: return "None";
    case 2: return as_bool() ? "True" : "False";
    case 3: return std::to_string(as_int());
    case 4: return float_text(std::get<double>(v_));
    case 5: return python_quote(as_string());
    case 6: {
      std::string out = "[";
      const auto& list = as_list();
      for (size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + list[i].repr();
      return out + "]";
    }
    case 7: {
      if (as_dict().is_namespace) return "<Namespace>";
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : as_dict().items) {
        out += (first ? "" : ", ") + python_quote(k) + ": " + v.repr();
        first = false;
      }
      return out + "}";
    }
    default: return "<function " + as_callable().name + ">";
  }
}

std::string Value::to_json(int indent, int depth) const {
  std::string out, pad, end_pad;
  if (indent >= 0) {
    pad.assign(1, '\n').append(size_t(indent * (depth + 1)), ' ');
    end_pad.assign(1, '\n').append(size_t(indent * depth), ' ');
  }
  const char* item_sep = indent >= 0 ? "," : ", ";
  switch (v_.index()) {
    case 0: case 1: return "null";
    case 2: return as_bool() ? "true" : "false";
    case 3: return std::to_string(as_int());
    case 4: return float_text(std::get<double>(v_));
    case 5: json_string(out, as_string()); return out;
    case 6: {
      const auto& list = as_list();
      if (list.empty()) return "[]";
      out.push_back('[');
      for (size_t i = 0; i < list.size(); ++i) out += (i ? item_sep : "") + pad + list[i].to_json(indent, depth + 1);
      return out + end_pad + "]";
    }
    case 7: {
      const auto& items = as_dict().items;
      if (items.empty()) return "{}";
      out.push_back('{');
      bool first = true;
      for (const auto& [k, v] : items) {
        out += first ? "" : item_sep;
        out += pad;
        json_string(out, k);
        out += ": " + v.to_json(indent, depth + 1);
        first = false;
      }
      return out + end_pad + "}";
    }
    default: return "null";
  }
}

std::string Value::type_name() const {
  static const char* kNames[] = {"undefined", "none", "bool", "int", "float", "string", "list", "dict", "function"};
  return kNames[v_.index()];
}

bool operator==(const Value& a, const Value& b) {
  if ((a.is_number() || a.is_bool()) && (b.is_number() || b.is_bool())) return a.as_number() == b.as_number();
  if (a.storage().index() != b.storage().index()) return false;
  if (a.is_undefined() || a.is_none()) return true;
  if (a.is_string()) return a.as_string() == b.as_string();
  if (a.is_list()) {
    const auto &x = a.as_list(), &y = b.as_list();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (x[i] != y[i]) return false;
    return true;
  }
  if (a.is_dict()) {
    const auto &x = a.as_dict().items, &y = b.as_dict().items;
    if (x.size() != y.size()) return false;
    for (const auto& [k, v] : x) {
      const Value* other = b.as_dict().find(k);
      if (!other || *other != v) return false;
    }
    return true;
  }
  return &a.as_callable() == &b.as_callable();
}

bool less_than(const Value& a, const Value& b) {
  if ((a.is_number() || a.is_bool()) && (b.is_number() || b.is_bool())) return a.as_number() < b.as_number();
  if (a.is_string() && b.is_string()) return a.as_string() < b.as_string();
  if (a.is_list() && b.is_list()) {
    const auto &x = a.as_list(), &y = b.as_list();
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (less_than(x[i], y[i])) return true;
      if (less_than(y[i], x[i])) return false;
    }
    return x.size() < y.size();
  }
  throw TemplateError("cannot compare " + a.type_name() + " with " + b.type_name());
}

void check_nesting(const Value& v, int limit, const ValueDict* must_not_contain) {
  if (limit < 0) throw TemplateError("values nested too deeply");
  if (v.is_list()) {
    for (const Value& x : v.as_list()) check_nesting(x, limit - 1, must_not_contain);
  } else if (v.is_dict()) {
    if (&v.as_dict() == must_not_contain) throw TemplateError("a namespace cannot contain itself");
    for (const auto& [k, x] : v.as_dict().items) check_nesting(x, limit - 1, must_not_contain);
  }
}

Value Arguments::get(size_t index, std::string_view name, Value fallback) const {
  for (const auto& [k, v] : keyword)
    if (k == name) return v;
  if (index < positional.size()) return positional[index];
  return fallback;
}

}  // namespace hearth::jinja
