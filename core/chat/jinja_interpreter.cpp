#include "chat/jinja_interpreter.h"

#include <cmath>
#include <optional>

namespace hearth::jinja {

namespace {

[[noreturn]] void error_at(int line, const std::string& message) {
  throw TemplateError("line " + std::to_string(line) + ": " + message);
}

// Control flow out of loop bodies.
struct BreakSignal {};
struct ContinueSignal {};

class Interpreter {
 public:
  Interpreter(const ValueDict& globals, const RenderLimits& limits) : limits_(limits) {
    scopes_.emplace_back();
    for (const auto& [k, v] : globals.items) assign(k, v);
  }

  std::string run(const Body& body) {
    exec_body(body);
    return std::move(out_);
  }

 private:
  // Variables of one scope. Scopes hold a handful of names, so a vector beats a hash map.
  using Scope = std::vector<std::pair<std::string, Value>>;

  void step(int line) {
    if (++steps_ > limits_.max_steps) error_at(line, "the template runs too long (step limit reached)");
  }

  // Work proportional to the size of what an operation copies, so that a loop that keeps
  // growing a string or list runs out of budget instead of running for hours.
  void charge(size_t bytes, int line) {
    steps_ += bytes / 256;
    if (steps_ > limits_.max_steps) error_at(line, "the template runs too long (step limit reached)");
  }
  static size_t weight(const Value& v) {
    if (v.is_string()) return v.as_string().size();
    if (v.is_list()) return v.as_list().size() * 16;
    if (v.is_dict()) return v.as_dict().items.size() * 32;
    return 0;
  }

  void emit(const std::string& s, int line) {
    if (out_.size() + s.size() > limits_.max_output_bytes) error_at(line, "the template output is too large");
    out_ += s;
  }

  Value lookup(const std::string& name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      for (const auto& [k, v] : *it)
        if (k == name) return v;
    }
    return Value::undefined(name);
  }

  void assign(const std::string& name, Value v) {
    for (auto& [k, existing] : scopes_.back()) {
      if (k == name) {
        existing = std::move(v);
        return;
      }
    }
    scopes_.back().emplace_back(name, std::move(v));
  }

  // --- statements ---------------------------------------------------------------------------

  void exec_body(const Body& body) {
    for (const NodePtr& n : body) exec(*n);
  }

  void exec(const Node& n) {
    step(n.line);
    switch (n.kind) {
      case Node::Kind::Text: emit(n.text, n.line); break;
      case Node::Kind::Output: emit(eval(*n.expr).str(), n.line); break;
      case Node::Kind::If:
        for (size_t i = 0; i < n.bodies.size(); ++i) {
          if (i >= n.conditions.size() || eval(*n.conditions[i]).truthy()) {
            exec_body(n.bodies[i]);
            break;
          }
        }
        break;
      case Node::Kind::For: exec_for(n); break;
      case Node::Kind::Set: exec_set(n); break;
      case Node::Kind::SetBlock: {
        std::string saved;
        saved.swap(out_);
        exec_body(n.bodies[0]);
        saved.swap(out_);
        assign(n.targets[0], Value(std::move(saved)));
        break;
      }
      case Node::Kind::Macro: define_macro(n); break;
      case Node::Kind::Break: throw BreakSignal{};
      case Node::Kind::Continue: throw ContinueSignal{};
      case Node::Kind::Scope: exec_body(n.bodies[0]); break;
    }
  }

  void exec_set(const Node& n) {
    Value v = eval(*n.expr);
    if (!n.attribute.empty()) {
      const Value target = lookup(n.targets[0]);
      if (!target.is_dict() || !target.as_dict().is_namespace) {
        error_at(n.line, "only namespace() objects can have attributes set ('" + n.targets[0] + "' is not one)");
      }
      try {
        check_nesting(v, kMaxValueNesting - 1, &target.as_dict());
      } catch (const TemplateError& e) {
        error_at(n.line, e.what());
      }
      target.mutable_dict().set(n.attribute, std::move(v));
      return;
    }
    if (n.targets.size() == 1) {
      assign(n.targets[0], std::move(v));
      return;
    }
    if (!v.is_list() || v.as_list().size() != n.targets.size()) {
      error_at(n.line, "cannot unpack " + v.type_name() + " into " + std::to_string(n.targets.size()) + " variables");
    }
    for (size_t i = 0; i < n.targets.size(); ++i) assign(n.targets[i], v.as_list()[i]);
  }

  void exec_for(const Node& n) {
    ValueList items = iterable_items(eval(*n.expr), n.line);
    if (n.filter) {
      ValueList kept;
      for (Value& item : items) {
        scopes_.emplace_back();
        bind_targets(n, item);
        const bool keep = eval(*n.filter).truthy();
        scopes_.pop_back();
        if (keep) kept.push_back(std::move(item));
      }
      items.swap(kept);
    }
    if (items.empty()) {
      if (n.bodies.size() > 1) exec_body(n.bodies[1]);
      return;
    }
    const int64_t length = static_cast<int64_t>(items.size());
    for (int64_t i = 0; i < length; ++i) {
      step(n.line);
      scopes_.emplace_back();
      ValueDict loop;
      loop.items = {{"index", Value(i + 1)},
                    {"index0", Value(i)},
                    {"revindex", Value(length - i)},
                    {"revindex0", Value(length - i - 1)},
                    {"first", Value(i == 0)},
                    {"last", Value(i == length - 1)},
                    {"length", Value(length)},
                    {"previtem", i > 0 ? items[size_t(i - 1)] : Value::undefined("loop.previtem")},
                    {"nextitem", i + 1 < length ? items[size_t(i + 1)] : Value::undefined("loop.nextitem")}};
      assign("loop", Value(std::move(loop)));
      bind_targets(n, items[size_t(i)]);
      bool stop = false;
      try {
        exec_body(n.bodies[0]);
      } catch (const BreakSignal&) {
        stop = true;
      } catch (const ContinueSignal&) {
      }
      scopes_.pop_back();
      if (stop) break;
    }
  }

  void bind_targets(const Node& n, const Value& item) {
    if (n.targets.size() == 1) {
      assign(n.targets[0], item);
      return;
    }
    if (!item.is_list() || item.as_list().size() != n.targets.size()) {
      error_at(n.line, "cannot unpack " + item.type_name() + " into " + std::to_string(n.targets.size()) + " loop variables");
    }
    for (size_t k = 0; k < n.targets.size(); ++k) assign(n.targets[k], item.as_list()[k]);
  }

  void define_macro(const Node& n) {
    auto fn = std::make_shared<Callable>();
    fn->name = n.text;
    const Node* def = &n;
    fn->call = [this, def](Arguments& args) -> Value {
      if (++call_depth_ > limits_.max_call_depth) error_at(def->line, "macros call each other too deeply");
      // A macro sees the template's globals and its own arguments, not the caller's locals.
      std::vector<Scope> saved;
      saved.swap(scopes_);
      scopes_.push_back(saved.front());
      scopes_.emplace_back();
      for (size_t i = 0; i < def->params.size(); ++i) {
        Value v = args.get(i, def->params[i]);
        if (v.is_undefined() && def->defaults[i]) v = eval(*def->defaults[i]);
        assign(def->params[i], v);
      }
      std::string text;
      text.swap(out_);
      try {
        exec_body(def->bodies[0]);
      } catch (...) {
        text.swap(out_);
        scopes_.swap(saved);
        --call_depth_;
        throw;
      }
      text.swap(out_);
      // Globals may have been read but never written by the macro (set is local there).
      scopes_.swap(saved);
      --call_depth_;
      return Value(std::move(text));
    };
    assign(n.text, Value(fn));
  }

  // --- expressions --------------------------------------------------------------------------

  Value eval(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Literal: return e.literal;
      case Expr::Kind::Name: return lookup(e.name);
      case Expr::Kind::Attr: {
        const Value object = eval(*e.children[0]);
        if (object.is_undefined()) error_at(e.line, "'" + object.undefined_name() + "' is undefined (reading ." + e.name + ")");
        return get_attribute(object, e.name);
      }
      case Expr::Kind::Item: {
        const Value object = eval(*e.children[0]);
        if (object.is_undefined()) error_at(e.line, "'" + object.undefined_name() + "' is undefined (indexing it)");
        return get_item(object, eval(*e.children[1]), e.line);
      }
      case Expr::Kind::Slice: return eval_slice(e);
      case Expr::Kind::Call: return eval_call(e);
      case Expr::Kind::Filter: {
        Arguments args = eval_arguments(e, 1);
        const Value input = eval(*e.children[0]);
        step(e.line);
        charge(weight(input), e.line);
        return apply_filter(e.name, input, args, e.line);
      }
      case Expr::Kind::Test: {
        Arguments args = eval_arguments(e, 1);
        const bool r = apply_test(e.name, eval(*e.children[0]), args, e.line);
        return Value(e.negated ? !r : r);
      }
      case Expr::Kind::Unary: {
        const Value v = eval(*e.children[0]);
        if (!v.is_number() && !v.is_bool()) error_at(e.line, "unary " + e.name + " on a " + v.type_name());
        if (e.name == "+") return v;
        return v.is_float() ? Value(-v.as_number()) : Value(-static_cast<int64_t>(v.as_number()));
      }
      case Expr::Kind::Binary: return eval_binary(e);
      case Expr::Kind::And: {
        Value a = eval(*e.children[0]);
        return a.truthy() ? eval(*e.children[1]) : a;
      }
      case Expr::Kind::Or: {
        Value a = eval(*e.children[0]);
        return a.truthy() ? a : eval(*e.children[1]);
      }
      case Expr::Kind::Not: return Value(!eval(*e.children[0]).truthy());
      case Expr::Kind::Cond:
        if (eval(*e.children[1]).truthy()) return eval(*e.children[0]);
        return e.children[2] ? eval(*e.children[2]) : Value::undefined("conditional without else");
      case Expr::Kind::List: {
        ValueList list;
        for (const auto& c : e.children) list.push_back(eval(*c));
        return checked(Value(std::move(list)), e.line);
      }
      case Expr::Kind::Dict: {
        ValueDict dict;
        for (size_t i = 0; i + 1 < e.children.size(); i += 2) {
          const Value key = eval(*e.children[i]);
          if (!key.is_string()) error_at(e.line, "dictionary keys must be strings here");
          dict.set(key.as_string(), eval(*e.children[i + 1]));
        }
        return checked(Value(std::move(dict)), e.line);
      }
    }
    error_at(e.line, "unknown expression");
  }

  static Value checked(Value v, int line) {
    try {
      check_nesting(v);
    } catch (const TemplateError& err) {
      error_at(line, err.what());
    }
    return v;
  }

  Arguments eval_arguments(const Expr& e, size_t first) {
    Arguments args;
    const size_t n_keyword = e.keywords.size();
    const size_t n_positional = e.children.size() - first - n_keyword;
    for (size_t i = 0; i < n_positional; ++i) args.positional.push_back(eval(*e.children[first + i]));
    for (size_t i = 0; i < n_keyword; ++i) {
      args.keyword.emplace_back(e.keywords[i], eval(*e.children[first + n_positional + i]));
    }
    return args;
  }

  Value eval_call(const Expr& e) {
    step(e.line);
    Arguments args = eval_arguments(e, 1);
    const Expr& callee = *e.children[0];
    if (callee.kind == Expr::Kind::Attr) {
      const Value object = eval(*callee.children[0]);
      if (object.is_undefined()) {
        error_at(e.line, "'" + object.undefined_name() + "' is undefined (calling ." + callee.name + "())");
      }
      charge(weight(object), e.line);
      if (auto r = call_method(object, callee.name, args, e.line)) return *r;
      const Value fn = get_attribute(object, callee.name);
      if (fn.is_callable()) return fn.as_callable().call(args);
      error_at(e.line, "a " + object.type_name() + " has no method '" + callee.name + "'");
    }
    const Value fn = eval(callee);
    if (!fn.is_callable()) {
      const std::string what = callee.kind == Expr::Kind::Name ? "'" + callee.name + "'" : "this value";
      error_at(e.line, what + " is not a function" + (fn.is_undefined() ? " (it is undefined)" : ""));
    }
    return fn.as_callable().call(args);
  }

  Value eval_slice(const Expr& e) {
    const Value object = eval(*e.children[0]);
    auto bound = [&](int k) -> std::optional<int64_t> {
      if (!e.children[size_t(k)]) return std::nullopt;
      const Value v = eval(*e.children[size_t(k)]);
      if (v.is_none()) return std::nullopt;
      if (!v.is_int()) error_at(e.line, "slice bounds must be integers");
      return v.as_int();
    };
    const auto start = bound(1), stop = bound(2), stride = bound(3);
    const int64_t step_by = stride.value_or(1);
    if (step_by == 0) error_at(e.line, "slice step cannot be zero");
    auto select = [&](int64_t n, auto&& take) {
      // Python's slice.indices().
      auto clamp = [&](std::optional<int64_t> v, int64_t lo_default, int64_t hi_default) {
        if (!v) return step_by > 0 ? lo_default : hi_default;
        int64_t x = *v < 0 ? *v + n : *v;
        if (step_by > 0) return std::clamp<int64_t>(x, 0, n);
        return std::clamp<int64_t>(x, -1, n - 1);
      };
      const int64_t from = clamp(start, 0, n - 1);
      const int64_t to = clamp(stop, n, -1);
      for (int64_t i = from; step_by > 0 ? i < to : i > to; i += step_by) take(i);
    };
    if (object.is_list()) {
      const ValueList& list = object.as_list();
      ValueList out;
      select(static_cast<int64_t>(list.size()), [&](int64_t i) { out.push_back(list[size_t(i)]); });
      return Value(std::move(out));
    }
    if (object.is_string()) {
      // By code point, as Python slices str.
      ValueList chars = iterable_items(object, e.line);
      std::string out;
      select(static_cast<int64_t>(chars.size()), [&](int64_t i) { out += chars[size_t(i)].as_string(); });
      return Value(std::move(out));
    }
    error_at(e.line, "cannot slice a " + object.type_name());
  }

  Value eval_binary(const Expr& e) {
    const std::string& op = e.name;
    const Value a = eval(*e.children[0]);
    const Value b = eval(*e.children[1]);
    if (op == "==") return Value(a == b);
    if (op == "!=") return Value(a != b);
    if (op == "<") return Value(compare(a, b, e.line));
    if (op == ">") return Value(compare(b, a, e.line));
    if (op == "<=") return Value(!compare(b, a, e.line));
    if (op == ">=") return Value(!compare(a, b, e.line));
    if (op == "in" || op == "not in") {
      bool found = false;
      if (b.is_string()) {
        if (!a.is_string()) error_at(e.line, "'in <string>' needs a string on the left");
        found = b.as_string().find(a.as_string()) != std::string::npos;
      } else if (b.is_list()) {
        for (const Value& x : b.as_list()) found = found || x == a;
      } else if (b.is_dict()) {
        found = a.is_string() && b.as_dict().find(a.as_string()) != nullptr;
      } else if (!b.is_undefined() && !b.is_none()) {
        error_at(e.line, "cannot use 'in' on a " + b.type_name());
      } else {
        error_at(e.line, "cannot use 'in' on " + std::string(b.is_none() ? "None" : "an undefined value"));
      }
      return Value(op == "in" ? found : !found);
    }
    if (op == "~") {
      std::string s = a.str() + b.str();
      charge(s.size(), e.line);
      if (s.size() > limits_.max_output_bytes) error_at(e.line, "string too large");
      return Value(std::move(s));
    }
    return arithmetic(op, a, b, e.line);
  }

  bool compare(const Value& a, const Value& b, int line) {
    try {
      return less_than(a, b);
    } catch (const TemplateError& err) {
      error_at(line, err.what());
    }
  }

  Value arithmetic(const std::string& op, const Value& a, const Value& b, int line) {
    if (op == "+") {
      if (a.is_string() && b.is_string()) {
        if (a.as_string().size() + b.as_string().size() > limits_.max_output_bytes) error_at(line, "string too large");
        charge(a.as_string().size() + b.as_string().size(), line);
        return Value(a.as_string() + b.as_string());
      }
      if (a.is_list() && b.is_list()) {
        ValueList out = a.as_list();
        out.insert(out.end(), b.as_list().begin(), b.as_list().end());
        if (out.size() > limits_.max_output_bytes) error_at(line, "list too large");
        charge(out.size() * 16, line);
        return Value(std::move(out));
      }
    }
    if (op == "*" && ((a.is_string() && b.is_int()) || (a.is_int() && b.is_string()))) {
      const std::string& s = a.is_string() ? a.as_string() : b.as_string();
      const int64_t n = a.is_int() ? a.as_int() : b.as_int();
      if (n <= 0) return Value(std::string());
      if (s.size() * uint64_t(n) > limits_.max_output_bytes) error_at(line, "string too large");
      charge(s.size() * size_t(n), line);
      std::string out;
      for (int64_t i = 0; i < n; ++i) out += s;
      return Value(std::move(out));
    }
    const bool numeric = (a.is_number() || a.is_bool()) && (b.is_number() || b.is_bool());
    if (!numeric) {
      if (a.is_undefined() || b.is_undefined()) {
        const std::string name = a.is_undefined() ? a.undefined_name() : b.undefined_name();
        error_at(line, "'" + name + "' is undefined (in " + op + ")");
      }
      error_at(line, "unsupported operand types for " + op + ": " + a.type_name() + " and " + b.type_name());
    }
    const bool ints = !a.is_float() && !b.is_float();
    const double x = a.as_number(), y = b.as_number();
    if (op == "+") return ints ? Value(int64_t(x) + int64_t(y)) : Value(x + y);
    if (op == "-") return ints ? Value(int64_t(x) - int64_t(y)) : Value(x - y);
    if (op == "*") return ints ? Value(int64_t(x) * int64_t(y)) : Value(x * y);
    if (op == "/") {
      if (y == 0) error_at(line, "division by zero");
      return Value(x / y);
    }
    if (op == "//" || op == "%") {
      if (y == 0) error_at(line, "division by zero");
      if (ints) {
        const int64_t p = int64_t(x), q = int64_t(y);
        int64_t d = p / q, r = p % q;
        if (r != 0 && ((r < 0) != (q < 0))) --d, r += q;  // Python floors
        return op == "//" ? Value(d) : Value(r);
      }
      const double d = std::floor(x / y);
      return op == "//" ? Value(d) : Value(x - d * y);
    }
    if (op == "**") {
      if (ints && y >= 0 && y < 64) {
        int64_t r = 1;
        for (int64_t i = 0; i < int64_t(y); ++i) r *= int64_t(x);
        return Value(r);
      }
      return Value(std::pow(x, y));
    }
    error_at(line, "unknown operator " + op);
  }

  RenderLimits limits_;
  std::vector<Scope> scopes_;
  std::string out_;
  uint64_t steps_ = 0;
  int call_depth_ = 0;
};

}  // namespace

std::string render(const Body& body, const ValueDict& globals, const RenderLimits& limits) {
  ValueDict all = globals;
  ValueDict builtins;
  add_builtin_globals(builtins);
  for (auto& [k, v] : builtins.items)
    if (!all.find(k)) all.set(k, v);
  Interpreter interpreter(all, limits);
  try {
    return interpreter.run(body);
  } catch (const BreakSignal&) {
    throw TemplateError("{% break %} outside a loop");
  } catch (const ContinueSignal&) {
    throw TemplateError("{% continue %} outside a loop");
  }
}

}  // namespace hearth::jinja
