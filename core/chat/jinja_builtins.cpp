// The filters, tests, methods and global functions chat templates use (Jinja2's and Python's
// behaviour, plus transformers' additions: raise_exception, strftime_now, tojson without HTML
// escaping).
#include <algorithm>
#include <cmath>
#include <ctime>

#include "chat/jinja_interpreter.h"

namespace hearth::jinja {

namespace {

constexpr int64_t kMaxRange = 100'000;  // elements; a chat template never needs more

[[noreturn]] void error_at(int line, const std::string& message) {
  throw TemplateError("line " + std::to_string(line) + ": " + message);
}

bool is_py_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); }

std::string strip(const std::string& s, const Value& chars, bool left, bool right) {
  auto strip_char = [&](char c) {
    if (chars.is_string()) return chars.as_string().find(c) != std::string::npos;
    return is_py_space(c);
  };
  size_t b = 0, e = s.size();
  if (left)
    while (b < e && strip_char(s[b])) ++b;
  if (right)
    while (e > b && strip_char(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string to_lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string to_upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string title_case(std::string s) {
  bool start = true;
  for (char& c : s) {
    const bool alpha = std::isalpha(static_cast<unsigned char>(c)) != 0;
    c = static_cast<char>(alpha ? (start ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c))) : c);
    start = !alpha;
  }
  return s;
}
std::string capitalize(std::string s) {
  s = to_lower(std::move(s));
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string replace_all(const std::string& s, const std::string& from, const std::string& to, int64_t count) {
  if (from.empty()) return s;
  std::string out;
  size_t pos = 0;
  for (int64_t done = 0; count < 0 || done < count; ++done) {
    const size_t hit = s.find(from, pos);
    if (hit == std::string::npos) break;
    out.append(s, pos, hit - pos).append(to);
    pos = hit + from.size();
  }
  return out.append(s, pos, std::string::npos);
}

ValueList split(const std::string& s, const Value& sep, int64_t maxsplit) {
  ValueList out;
  if (!sep.is_string() || sep.as_string().empty()) {
    size_t i = 0;
    while (true) {
      while (i < s.size() && is_py_space(s[i])) ++i;
      if (i >= s.size()) break;
      if (maxsplit >= 0 && int64_t(out.size()) == maxsplit) {
        size_t e = s.size();
        while (e > i && is_py_space(s[e - 1])) --e;
        out.emplace_back(s.substr(i, e - i));
        break;
      }
      size_t j = i;
      while (j < s.size() && !is_py_space(s[j])) ++j;
      out.emplace_back(s.substr(i, j - i));
      i = j;
    }
    return out;
  }
  const std::string& d = sep.as_string();
  size_t pos = 0;
  while (maxsplit < 0 || int64_t(out.size()) < maxsplit) {
    const size_t hit = s.find(d, pos);
    if (hit == std::string::npos) break;
    out.emplace_back(s.substr(pos, hit - pos));
    pos = hit + d.size();
  }
  out.emplace_back(s.substr(pos));
  return out;
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}


// Attribute lookup with dotted paths ("a.b"), as map(attribute=) and sort(attribute=) allow.
Value attribute_path(const Value& v, const std::string& path, int line) {
  Value cur = v;
  size_t pos = 0;
  while (pos <= path.size()) {
    const size_t dot = path.find('.', pos);
    const std::string part = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    cur = get_item(cur, Value(part), line);
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return cur;
}

// Arguments after the first `skip` positional ones (select('equalto', 3) passes 3 to the test).
Arguments rest_of(const Arguments& args, size_t skip) {
  Arguments rest;
  for (size_t i = skip; i < args.positional.size(); ++i) rest.positional.push_back(args.positional[i]);
  rest.keyword = args.keyword;
  return rest;
}

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

int64_t int_arg(const Value& v, int64_t fallback) { return v.is_int() ? v.as_int() : fallback; }

}  // namespace

ValueList iterable_items(const Value& v, int line) {
  if (v.is_list()) return v.as_list();
  if (v.is_dict()) {
    ValueList keys;
    for (const auto& [k, unused] : v.as_dict().items) keys.emplace_back(k);
    return keys;
  }
  if (v.is_string()) {
    ValueList chars;
    const std::string& s = v.as_string();
    for (size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      chars.emplace_back(s.substr(i, len));
      i += len;
    }
    return chars;
  }
  if (v.is_undefined() || v.is_none()) return {};
  error_at(line, "a " + v.type_name() + " is not iterable");
}

Value get_attribute(const Value& object, const std::string& name) {
  if (object.is_dict()) {
    if (const Value* v = object.as_dict().find(name)) return *v;
  }
  return Value::undefined(name);
}

Value get_item(const Value& object, const Value& key, int line) {
  if (object.is_dict()) {
    if (!key.is_string()) return Value::undefined("[" + key.repr() + "]");
    if (const Value* v = object.as_dict().find(key.as_string())) return *v;
    return Value::undefined(key.as_string());
  }
  if (object.is_list() || object.is_string()) {
    if (!key.is_int()) {
      if (key.is_string() && object.is_list()) return Value::undefined(key.as_string());
      error_at(line, "indices must be integers, not " + key.type_name());
    }
    const ValueList items = object.is_list() ? object.as_list() : iterable_items(object, line);
    int64_t i = key.as_int();
    if (i < 0) i += static_cast<int64_t>(items.size());
    if (i < 0 || i >= static_cast<int64_t>(items.size())) return Value::undefined("[" + std::to_string(key.as_int()) + "]");
    return items[size_t(i)];
  }
  if (object.is_undefined()) error_at(line, "'" + object.undefined_name() + "' is undefined (indexing it)");
  return Value::undefined("[" + key.repr() + "]");
}

bool apply_test(const std::string& name, const Value& v, const Arguments& args, int line) {
  const Value arg = args.get(0, "value");
  if (name == "defined") return !v.is_undefined();
  if (name == "undefined") return v.is_undefined();
  if (name == "none") return v.is_none();
  if (name == "boolean") return v.is_bool();
  if (name == "true") return v.is_bool() && v.as_bool();
  if (name == "false") return v.is_bool() && !v.as_bool();
  if (name == "number") return v.is_number();
  if (name == "integer") return v.is_int();
  if (name == "float") return v.is_float();
  if (name == "string") return v.is_string();
  if (name == "mapping") return v.is_dict();
  if (name == "iterable") return v.is_list() || v.is_dict() || v.is_string();
  if (name == "sequence") return v.is_list() || v.is_dict() || v.is_string();
  if (name == "callable") return v.is_callable();
  if (name == "lower") return v.is_string() && to_lower(v.as_string()) == v.as_string();
  if (name == "upper") return v.is_string() && to_upper(v.as_string()) == v.as_string();
  if (name == "even" || name == "odd" || name == "divisibleby") {
    if (!v.is_int()) error_at(line, "test '" + name + "' needs an integer");
    if (name == "even") return v.as_int() % 2 == 0;
    if (name == "odd") return v.as_int() % 2 != 0;
    if (!arg.is_int() || arg.as_int() == 0) error_at(line, "divisibleby needs a non-zero integer");
    return v.as_int() % arg.as_int() == 0;
  }
  if (name == "equalto" || name == "eq" || name == "==" || name == "sameas") return v == arg;
  if (name == "ne" || name == "!=") return v != arg;
  try {
    if (name == "lt" || name == "lessthan" || name == "<") return less_than(v, arg);
    if (name == "gt" || name == "greaterthan" || name == ">") return less_than(arg, v);
    if (name == "le" || name == "<=") return !less_than(arg, v);
    if (name == "ge" || name == ">=") return !less_than(v, arg);
  } catch (const TemplateError& e) {
    error_at(line, e.what());
  }
  if (name == "in") {
    for (const Value& x : iterable_items(arg, line))
      if (x == v) return true;
    if (arg.is_string() && v.is_string()) return arg.as_string().find(v.as_string()) != std::string::npos;
    return false;
  }
  error_at(line, "unknown test '" + name + "'");
}

Value apply_filter(const std::string& name, const Value& v, const Arguments& args, int line) {
  auto need_string = [&]() -> const std::string& {
    if (!v.is_string()) error_at(line, "filter '" + name + "' needs a string, not a " + v.type_name());
    return v.as_string();
  };
  if (name == "trim") return Value(strip(v.str(), args.get(0, "chars"), true, true));
  if (name == "length" || name == "count") {
    if (v.is_string()) return Value(int64_t(code_points(v.as_string())));
    if (v.is_list()) return Value(int64_t(v.as_list().size()));
    if (v.is_dict()) return Value(int64_t(v.as_dict().items.size()));
    if (v.is_undefined()) return Value(int64_t(0));
    error_at(line, "a " + v.type_name() + " has no length");
  }
  if (name == "upper") return Value(to_upper(v.str()));
  if (name == "lower") return Value(to_lower(v.str()));
  if (name == "title") return Value(title_case(v.str()));
  if (name == "capitalize") return Value(capitalize(v.str()));
  if (name == "string") return Value(v.str());
  if (name == "safe") return v;
  if (name == "escape" || name == "e") return Value(escape_html(v.str()));
  if (name == "replace") {
    const Value from = args.get(0, "old"), to = args.get(1, "new");
    if (!from.is_string() || !to.is_string()) error_at(line, "replace needs two strings");
    return Value(replace_all(v.str(), from.as_string(), to.as_string(), int_arg(args.get(2, "count"), -1)));
  }
  if (name == "default" || name == "d") {
    const bool boolean = args.get(1, "boolean", Value(false)).truthy();
    if (v.is_undefined() || (boolean && !v.truthy())) return args.get(0, "default_value", Value(std::string()));
    return v;
  }
  if (name == "tojson") {
    const Value indent = args.get(0, "indent");
    return Value(v.to_json(indent.is_int() ? int(std::clamp<int64_t>(indent.as_int(), 0, 16)) : -1));
  }
  if (name == "int") {
    if (v.is_int()) return v;
    if (v.is_float() || v.is_bool()) return Value(int64_t(v.as_number()));
    if (v.is_string()) {
      try {
        size_t used = 0;
        const int64_t i = std::stoll(v.as_string(), &used);
        if (used == v.as_string().size()) return Value(i);
      } catch (const std::exception&) {
      }
    }
    return args.get(0, "default", Value(int64_t(0)));
  }
  if (name == "float") {
    if (v.is_number() || v.is_bool()) return Value(v.as_number());
    if (v.is_string()) {
      try {
        return Value(std::stod(v.as_string()));
      } catch (const std::exception&) {
      }
    }
    return args.get(0, "default", Value(0.0));
  }
  if (name == "abs") {
    if (v.is_int()) return Value(v.as_int() < 0 ? -v.as_int() : v.as_int());
    if (v.is_float()) return Value(std::fabs(v.as_number()));
    error_at(line, "abs needs a number");
  }
  if (name == "round") {
    if (!v.is_number()) error_at(line, "round needs a number");
    const int64_t digits = int_arg(args.get(0, "precision"), 0);
    const double scale = std::pow(10.0, double(std::clamp<int64_t>(digits, -20, 20)));
    return Value(std::round(v.as_number() * scale) / scale);
  }
  if (name == "list") return Value(iterable_items(v, line));
  if (name == "first" || name == "last") {
    const ValueList items = iterable_items(v, line);
    if (items.empty()) return Value::undefined(name);
    return name == "first" ? items.front() : items.back();
  }
  if (name == "reverse") {
    if (v.is_string()) {
      ValueList chars = iterable_items(v, line);
      std::string out;
      for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += it->as_string();
      return Value(std::move(out));
    }
    ValueList items = iterable_items(v, line);
    std::reverse(items.begin(), items.end());
    return Value(std::move(items));
  }
  if (name == "join") {
    const Value sep = args.get(0, "d", Value(std::string()));
    const Value attribute = args.get(1, "attribute");
    std::string out;
    bool first = true;
    for (const Value& item : iterable_items(v, line)) {
      if (!first) out += sep.str();
      out += attribute.is_string() ? attribute_path(item, attribute.as_string(), line).str() : item.str();
      first = false;
    }
    return Value(std::move(out));
  }
  if (name == "items") {
    if (!v.is_dict()) error_at(line, "items needs a mapping");
    ValueList pairs;
    for (const auto& [k, x] : v.as_dict().items) pairs.emplace_back(ValueList{Value(k), x});
    return Value(std::move(pairs));
  }
  if (name == "dictsort") {
    if (!v.is_dict()) error_at(line, "dictsort needs a mapping");
    auto items = v.as_dict().items;
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    ValueList pairs;
    for (const auto& [k, x] : items) pairs.emplace_back(ValueList{Value(k), x});
    return Value(std::move(pairs));
  }
  if (name == "map") {
    ValueList out;
    const Value attribute = args.get(99, "attribute");
    for (const Value& item : iterable_items(v, line)) {
      if (attribute.is_string()) {
        Value x = attribute_path(item, attribute.as_string(), line);
        if (x.is_undefined()) x = args.get(99, "default", x);
        out.push_back(std::move(x));
      } else {
        const Value filter = args.get(0, "");
        if (!filter.is_string()) error_at(line, "map needs a filter name or attribute=");
        out.push_back(apply_filter(filter.as_string(), item, rest_of(args, 1), line));
      }
    }
    return Value(std::move(out));
  }
  if (name == "select" || name == "reject" || name == "selectattr" || name == "rejectattr") {
    const bool by_attr = name == "selectattr" || name == "rejectattr";
    const bool keep_if = name == "select" || name == "selectattr";
    const size_t test_at = by_attr ? 1 : 0;
    const Value attribute = by_attr ? args.get(0, "") : Value();
    const Value test = args.get(test_at, "");
    ValueList out;
    for (const Value& item : iterable_items(v, line)) {
      const Value subject = by_attr ? attribute_path(item, attribute.str(), line) : item;
      const bool r = test.is_string() ? apply_test(test.as_string(), subject, rest_of(args, test_at + 1), line)
                                      : subject.truthy();
      if (r == keep_if) out.push_back(item);
    }
    return Value(std::move(out));
  }
  if (name == "unique") {
    ValueList out;
    for (const Value& item : iterable_items(v, line)) {
      if (std::none_of(out.begin(), out.end(), [&](const Value& x) { return x == item; })) out.push_back(item);
    }
    return Value(std::move(out));
  }
  if (name == "sort") {
    ValueList items = iterable_items(v, line);
    const bool reverse = args.get(0, "reverse", Value(false)).truthy();
    const Value attribute = args.get(2, "attribute");
    auto key = [&](const Value& x) { return attribute.is_string() ? attribute_path(x, attribute.as_string(), line) : x; };
    try {
      std::stable_sort(items.begin(), items.end(),
                       [&](const Value& a, const Value& b) { return reverse ? less_than(key(b), key(a)) : less_than(key(a), key(b)); });
    } catch (const TemplateError& e) {
      error_at(line, e.what());
    }
    return Value(std::move(items));
  }
  if (name == "sum" || name == "min" || name == "max") {
    const ValueList items = iterable_items(v, line);
    if (name == "sum") {
      double total = 0;
      bool ints = true;
      for (const Value& x : items) {
        if (!x.is_number()) error_at(line, "sum needs numbers");
        ints = ints && x.is_int();
        total += x.as_number();
      }
      return ints ? Value(int64_t(total)) : Value(total);
    }
    if (items.empty()) return Value::undefined(name);
    Value best = items[0];
    try {
      for (const Value& x : items) {
        if (name == "min" ? less_than(x, best) : less_than(best, x)) best = x;
      }
    } catch (const TemplateError& e) {
      error_at(line, e.what());
    }
    return best;
  }
  if (name == "indent") {
    const int64_t width = std::clamp<int64_t>(int_arg(args.get(0, "width"), 4), 0, 64);
    const bool first = args.get(1, "first", Value(false)).truthy();
    const std::string pad(size_t(width), ' ');
    const std::string& s = need_string();
    std::string out = first ? pad : "";
    for (size_t i = 0; i < s.size(); ++i) {
      out += s[i];
      if (s[i] == '\n' && i + 1 < s.size() && s[i + 1] != '\n') out += pad;
    }
    return Value(std::move(out));
  }
  if (name == "wordcount") return Value(int64_t(split(v.str(), Value(), -1).size()));
  error_at(line, "unknown filter '" + name + "'");
}

std::optional<Value> call_method(const Value& object, const std::string& name, const Arguments& args, int line) {
  if (object.is_string()) {
    const std::string& s = object.as_string();
    if (name == "strip") return Value(strip(s, args.get(0, "chars"), true, true));
    if (name == "lstrip") return Value(strip(s, args.get(0, "chars"), true, false));
    if (name == "rstrip") return Value(strip(s, args.get(0, "chars"), false, true));
    if (name == "upper") return Value(to_upper(s));
    if (name == "lower") return Value(to_lower(s));
    if (name == "title") return Value(title_case(s));
    if (name == "capitalize") return Value(capitalize(s));
    if (name == "split") return Value(split(s, args.get(0, "sep"), int_arg(args.get(1, "maxsplit"), -1)));
    if (name == "splitlines") return Value(split(replace_all(s, "\r\n", "\n", -1), Value("\n"), -1));
    if (name == "startswith" || name == "endswith") {
      const Value what = args.get(0, "prefix");
      ValueList options = what.is_list() ? what.as_list() : ValueList{what};
      for (const Value& o : options) {
        if (!o.is_string()) error_at(line, name + " needs a string");
        const std::string& p = o.as_string();
        if (p.size() <= s.size() &&
            (name == "startswith" ? s.compare(0, p.size(), p) == 0 : s.compare(s.size() - p.size(), p.size(), p) == 0)) {
          return Value(true);
        }
      }
      return Value(false);
    }
    if (name == "replace") {
      const Value from = args.get(0, "old"), to = args.get(1, "new");
      if (!from.is_string() || !to.is_string()) error_at(line, "replace needs two strings");
      return Value(replace_all(s, from.as_string(), to.as_string(), int_arg(args.get(2, "count"), -1)));
    }
    if (name == "find") {
      const Value what = args.get(0, "sub");
      if (!what.is_string()) error_at(line, "find needs a string");
      const size_t at = s.find(what.as_string());
      return Value(at == std::string::npos ? int64_t(-1) : int64_t(code_points(s.substr(0, at))));
    }
    if (name == "count") {
      const Value what = args.get(0, "sub");
      if (!what.is_string() || what.as_string().empty()) error_at(line, "count needs a non-empty string");
      int64_t n = 0;
      for (size_t p = s.find(what.as_string()); p != std::string::npos; p = s.find(what.as_string(), p + what.as_string().size())) ++n;
      return Value(n);
    }
    if (name == "join") {
      std::string out;
      bool first = true;
      for (const Value& item : iterable_items(args.get(0, "iterable"), line)) {
        if (!first) out += s;
        out += item.str();
        first = false;
      }
      return Value(std::move(out));
    }
    if (name == "isdigit" || name == "isalpha" || name == "isspace" || name == "isalnum") {
      if (s.empty()) return Value(false);
      for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        const bool ok = name == "isdigit" ? std::isdigit(u) : name == "isalpha" ? std::isalpha(u)
                        : name == "isspace" ? is_py_space(c) : std::isalnum(u);
        if (!ok) return Value(false);
      }
      return Value(true);
    }
    return std::nullopt;
  }
  if (object.is_dict() && !object.as_dict().is_namespace) {
    const ValueDict& d = object.as_dict();
    if (name == "items") return apply_filter("items", object, Arguments{}, line);
    if (name == "keys") return Value(iterable_items(object, line));
    if (name == "values") {
      ValueList values;
      for (const auto& [k, x] : d.items) values.push_back(x);
      return Value(std::move(values));
    }
    if (name == "get") {
      const Value key = args.get(0, "key");
      if (key.is_string()) {
        if (const Value* found = d.find(key.as_string())) return *found;
      }
      return args.get(1, "default", Value(None{}));
    }
    if (d.find(name) == nullptr && (name == "update" || name == "pop" || name == "setdefault" || name == "clear")) {
      error_at(line, "dictionaries cannot be changed by a chat template ('" + name + "')");
    }
    return std::nullopt;
  }
  if (object.is_list()) {
    if (name == "append" || name == "extend" || name == "pop" || name == "insert" || name == "remove" ||
        name == "sort" || name == "reverse" || name == "clear") {
      error_at(line, "lists cannot be changed by a chat template ('" + name + "')");
    }
    if (name == "index" || name == "count") {
      const Value what = args.get(0, "value");
      const ValueList& list = object.as_list();
      int64_t n = 0;
      for (size_t i = 0; i < list.size(); ++i) {
        if (list[i] != what) continue;
        if (name == "index") return Value(int64_t(i));
        ++n;
      }
      if (name == "index") error_at(line, "value is not in the list");
      return Value(n);
    }
  }
  return std::nullopt;
}

void add_builtin_globals(ValueDict& globals) {
  auto fn = [](std::string name, std::function<Value(Arguments&)> call) {
    auto c = std::make_shared<Callable>();
    c->name = std::move(name);
    c->call = std::move(call);
    return Value(c);
  };
  globals.set("raise_exception", fn("raise_exception", [](Arguments& a) -> Value {
                throw TemplateError("the template raised an error: " + a.get(0, "message").str());
              }));
  globals.set("range", fn("range", [](Arguments& a) -> Value {
                int64_t start = 0, stop = 0, stride = 1;
                for (const Value& v : a.positional)
                  if (!v.is_int()) throw TemplateError("range() needs integers");
                if (a.positional.size() == 1) {
                  stop = a.positional[0].as_int();
                } else if (a.positional.size() >= 2) {
                  start = a.positional[0].as_int();
                  stop = a.positional[1].as_int();
                  if (a.positional.size() > 2) stride = a.positional[2].as_int();
                }
                if (stride == 0) throw TemplateError("range() step cannot be zero");
                ValueList out;
                for (int64_t i = start; stride > 0 ? i < stop : i > stop; i += stride) {
                  if (int64_t(out.size()) >= kMaxRange) throw TemplateError("range() is too long");
                  out.emplace_back(i);
                }
                return Value(std::move(out));
              }));
  globals.set("namespace", fn("namespace", [](Arguments& a) -> Value {
                ValueDict ns;
                ns.is_namespace = true;
                for (const Value& v : a.positional) {
                  if (v.is_dict())
                    for (const auto& [k, x] : v.as_dict().items) ns.set(k, x);
                }
                for (const auto& [k, v] : a.keyword) ns.set(k, v);
                Value result(std::move(ns));
                check_nesting(result);
                return result;
              }));
  globals.set("dict", fn("dict", [](Arguments& a) -> Value {
                ValueDict d;
                for (const auto& [k, v] : a.keyword) d.set(k, v);
                Value result(std::move(d));
                check_nesting(result);
                return result;
              }));
  globals.set("strftime_now", fn("strftime_now", [](Arguments& a) -> Value {
                const Value format = a.get(0, "format");
                if (!format.is_string() || format.as_string().size() > 256) throw TemplateError("strftime_now needs a format");
                const std::time_t now = std::time(nullptr);
                std::tm local{};
#ifdef _WIN32
                localtime_s(&local, &now);
#else
                localtime_r(&now, &local);
#endif
                char buf[512];
                const size_t n = std::strftime(buf, sizeof buf, format.as_string().c_str(), &local);
                return Value(std::string(buf, n));
              }));
}

}  // namespace hearth::jinja
