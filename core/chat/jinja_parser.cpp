// Template source -> segments (text, {{ }}, {% %}) with Jinja's whitespace control, then a
// recursive-descent parser for statements and expressions. Nesting is bounded so that a hostile
// template cannot exhaust the stack.
#include <cctype>
#include <cstring>
#include <set>

#include "chat/jinja_ast.h"

namespace hearth::jinja {

namespace {

constexpr int kMaxBlockNesting = 64;        // {% if %} inside {% for %} … (real templates: under 10)
constexpr int kMaxExpressionNesting = 256;  // parser levels; one pair of parentheses is about 4

struct Tok {
  enum Type { Name, String, Int, Float, Op, End } type = End;
  std::string text;
  int64_t i = 0;
  double f = 0;
  int line = 0;
};

struct Segment {
  enum Kind { Text, Expression, Statement } kind = Text;
  std::string text;
  std::vector<Tok> toks;
  int line = 0;
};

[[noreturn]] void error_at(int line, const std::string& message) {
  throw TemplateError("line " + std::to_string(line) + ": " + message);
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

class Lexer {
 public:
  explicit Lexer(const std::string& src) : src_(src) {}

  std::vector<Segment> run() {
    size_t pos = 0;
    bool strip_next = false;  // '-' at the end of the previous tag
    bool trim_next = false;   // trim_blocks after the previous block tag
    while (pos <= src_.size()) {
      const size_t open = find_open(pos);
      std::string text = src_.substr(pos, (open == std::string::npos ? src_.size() : open) - pos);
      if (strip_next) {
        size_t k = 0;
        while (k < text.size() && is_ws(text[k])) ++k;
        text.erase(0, k);
      } else if (trim_next) {
        if (text.rfind("\r\n", 0) == 0) text.erase(0, 2);
        else if (!text.empty() && text[0] == '\n') text.erase(0, 1);
      }
      strip_next = trim_next = false;
      if (open == std::string::npos) {
        push_text(std::move(text), pos);
        break;
      }
      const char kind = src_[open + 1];
      size_t p = open + 2;
      const bool minus = p < src_.size() && src_[p] == '-';
      const bool plus = p < src_.size() && src_[p] == '+';
      if (minus || plus) ++p;
      if (minus) {
        while (!text.empty() && is_ws(text.back())) text.pop_back();
      } else if (!plus && kind != '{') {
        // lstrip_blocks: spaces and tabs between the start of the line and a block tag go.
        size_t k = open;
        while (k > pos && (src_[k - 1] == ' ' || src_[k - 1] == '\t')) --k;
        if (k == 0 || src_[k - 1] == '\n') text.erase(text.size() - std::min(text.size(), open - k));
      }
      push_text(std::move(text), pos);
      const int line = line_of(open);
      if (kind == '#') {
        const size_t close = src_.find("#}", p);
        if (close == std::string::npos) error_at(line, "unclosed comment {#");
        strip_next = close > p && src_[close - 1] == '-';
        trim_next = !(close > p && src_[close - 1] == '+');
        pos = close + 2;
        continue;
      }
      Segment seg;
      seg.kind = kind == '{' ? Segment::Expression : Segment::Statement;
      seg.line = line;
      const char* close = kind == '{' ? "}}" : "%}";
      bool end_plus = false;
      pos = lex_tag(p, close, seg.toks, strip_next, end_plus);
      if (seg.kind == Segment::Statement) {
        trim_next = !end_plus;
        if (seg.toks.size() == 2 && seg.toks[0].type == Tok::Name && seg.toks[0].text == "raw") {
          pos = read_raw(pos, seg.line, strip_next);
          continue;
        }
      }
      segments_.push_back(std::move(seg));
    }
    return std::move(segments_);
  }

 private:
  size_t find_open(size_t from) const {
    for (size_t p = src_.find('{', from); p != std::string::npos; p = src_.find('{', p + 1)) {
      if (p + 1 < src_.size() && (src_[p + 1] == '{' || src_[p + 1] == '%' || src_[p + 1] == '#')) return p;
    }
    return std::string::npos;
  }

  int line_of(size_t offset) {
    for (; line_pos_ < offset && line_pos_ < src_.size(); ++line_pos_)
      if (src_[line_pos_] == '\n') ++line_;
    return line_;
  }

  void push_text(std::string text, size_t at) {
    if (text.empty()) return;
    Segment s;
    s.kind = Segment::Text;
    s.text = std::move(text);
    s.line = line_of(at);
    segments_.push_back(std::move(s));
  }

  // {% raw %} … {% endraw %}: the text in between is output as is.
  size_t read_raw(size_t pos, int line, bool& strip_next) {
    for (size_t p = src_.find("{%", pos); p != std::string::npos; p = src_.find("{%", p + 2)) {
      size_t q = p + 2;
      if (q < src_.size() && (src_[q] == '-' || src_[q] == '+')) ++q;
      while (q < src_.size() && is_ws(src_[q])) ++q;
      if (src_.compare(q, 6, "endraw") != 0) continue;
      q += 6;
      while (q < src_.size() && is_ws(src_[q])) ++q;
      bool minus = false;
      if (q < src_.size() && (src_[q] == '-' || src_[q] == '+')) minus = src_[q++] == '-';
      if (src_.compare(q, 2, "%}") != 0) continue;
      std::string text = src_.substr(pos, p - pos);
      if (strip_next) {
        size_t k = 0;
        while (k < text.size() && is_ws(text[k])) ++k;
        text.erase(0, k);
      }
      if (p + 2 < src_.size() && src_[p + 2] == '-') {
        while (!text.empty() && is_ws(text.back())) text.pop_back();
      }
      push_text(std::move(text), pos);
      strip_next = minus;
      return q + 2;
    }
    error_at(line, "{% raw %} without {% endraw %}");
  }

  // One escape of a string literal, Python-style (Jinja unescapes literals as Python does);
  // `q` is just after the backslash. Returns the position after the escape.
  size_t read_escape(size_t q, std::string& out, int line) {
    const char e = src_[q];
    auto hex_value = [&](size_t from, size_t digits) -> uint32_t {
      if (from + digits > src_.size()) error_at(line, "truncated escape in a string literal");
      uint32_t v = 0;
      for (size_t k = 0; k < digits; ++k) {
        const char h = src_[from + k];
        const int d = std::isdigit(static_cast<unsigned char>(h)) ? h - '0'
                      : (h >= 'a' && h <= 'f')                     ? h - 'a' + 10
                      : (h >= 'A' && h <= 'F')                     ? h - 'A' + 10
                                                                   : -1;
        if (d < 0) error_at(line, "bad hexadecimal escape in a string literal");
        v = v * 16 + uint32_t(d);
      }
      return v;
    };
    auto append_cp = [&](uint32_t cp) {
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) error_at(line, "escape is not a valid character");
      if (cp < 0x80) {
        out += char(cp);
      } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6)), out += char(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12)), out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
      } else {
        out += char(0xF0 | (cp >> 18)), out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
      }
    };
    switch (e) {
      case '\n': return q + 1;  // backslash-newline continues the line
      case 'n': out += '\n'; return q + 1;
      case 't': out += '\t'; return q + 1;
      case 'r': out += '\r'; return q + 1;
      case 'a': out += '\a'; return q + 1;
      case 'b': out += '\b'; return q + 1;
      case 'f': out += '\f'; return q + 1;
      case 'v': out += '\v'; return q + 1;
      case '\\': case '\'': case '"': out += e; return q + 1;
      case 'x': append_cp(hex_value(q + 1, 2)); return q + 3;
      case 'u': append_cp(hex_value(q + 1, 4)); return q + 5;
      case 'U': append_cp(hex_value(q + 1, 8)); return q + 9;
      default:
        if (e >= '0' && e <= '7') {  // up to three octal digits
          uint32_t v = 0;
          size_t k = q;
          for (; k < q + 3 && k < src_.size() && src_[k] >= '0' && src_[k] <= '7'; ++k) v = v * 8 + uint32_t(src_[k] - '0');
          append_cp(v);
          return k;
        }
        out += '\\';  // an unknown escape keeps its backslash
        out += e;
        return q + 1;
    }
  }

  // Tokens of a tag up to its closing "}}" / "%}"; returns the position after it.
  size_t lex_tag(size_t p, const char* close, std::vector<Tok>& toks, bool& strip_after, bool& plus_after) {
    int depth = 0;
    const int line = line_of(p);
    while (true) {
      while (p < src_.size() && is_ws(src_[p])) ++p;
      if (p >= src_.size()) error_at(line, std::string("tag is not closed with ") + close);
      if (depth == 0) {
        for (const char mod : {'-', '+'}) {
          if (src_[p] == mod && src_.compare(p + 1, 2, close) == 0) {
            (mod == '-' ? strip_after : plus_after) = true;
            toks.push_back({Tok::End, "", 0, 0, line});
            return p + 3;
          }
        }
        if (src_.compare(p, 2, close) == 0) {
          toks.push_back({Tok::End, "", 0, 0, line});
          return p + 2;
        }
      }
      Tok t;
      t.line = line_of(p);
      const char c = src_[p];
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        size_t q = p;
        while (q < src_.size() && (std::isalnum(static_cast<unsigned char>(src_[q])) || src_[q] == '_')) ++q;
        t.type = Tok::Name;
        t.text = src_.substr(p, q - p);
        p = q;
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        size_t q = p;
        while (q < src_.size() && (std::isdigit(static_cast<unsigned char>(src_[q])) || src_[q] == '_')) ++q;
        bool is_float = false;
        if (q + 1 < src_.size() && src_[q] == '.' && std::isdigit(static_cast<unsigned char>(src_[q + 1]))) {
          is_float = true;
          ++q;
          while (q < src_.size() && std::isdigit(static_cast<unsigned char>(src_[q]))) ++q;
        }
        std::string digits;
        for (size_t k = p; k < q; ++k)
          if (src_[k] != '_') digits += src_[k];
        if (is_float) {
          t.type = Tok::Float;
          t.f = std::strtod(digits.c_str(), nullptr);
        } else {
          t.type = Tok::Int;
          if (digits.size() > 18) error_at(t.line, "integer literal too large");
          t.i = std::stoll(digits);
        }
        p = q;
      } else if (c == '\'' || c == '"') {
        t.type = Tok::String;
        size_t q = p + 1;
        while (true) {
          if (q >= src_.size()) error_at(t.line, "unterminated string literal");
          const char d = src_[q];
          if (d == c) break;
          if (d == '\\' && q + 1 < src_.size()) {
            q = read_escape(q + 1, t.text, t.line);
            continue;
          }
          t.text += d;
          ++q;
        }
        p = q + 1;
      } else {
        static const char* kTwo[] = {"==", "!=", "<=", ">=", "//", "**"};
        t.type = Tok::Op;
        for (const char* op : kTwo) {
          if (src_.compare(p, 2, op) == 0) {
            t.text = op;
            break;
          }
        }
        if (t.text.empty()) {
          if (!std::strchr("+-*/%~<>=()[]{},.:|", c)) error_at(t.line, std::string("unexpected character '") + c + "'");
          t.text = std::string(1, c);
        }
        if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
        if (t.text == ")" || t.text == "]" || t.text == "}") --depth;
        p += t.text.size();
      }
      toks.push_back(std::move(t));
    }
  }

  const std::string& src_;
  std::vector<Segment> segments_;
  size_t line_pos_ = 0;
  int line_ = 1;
};

class Parser {
 public:
  explicit Parser(std::vector<Segment> segments) : segs_(std::move(segments)) {}

  Body parse_all() {
    std::string end;
    Body body = parse_body({}, end);
    return body;
  }

 private:
  // --- statements ---------------------------------------------------------------------------

  // Parses nodes until a statement whose first word is in `ends` (returned in `end`).
  Body parse_body(const std::set<std::string>& ends, std::string& end) {
    if (++depth_ > kMaxBlockNesting) error_at(line(), "blocks nested too deeply");
    Body body;
    while (seg_ < segs_.size()) {
      Segment& s = segs_[seg_];
      if (s.kind == Segment::Text) {
        auto n = node(Node::Kind::Text, s.line);
        n->text = std::move(s.text);
        body.push_back(std::move(n));
        ++seg_;
        continue;
      }
      start_tokens(s);
      if (s.kind == Segment::Expression) {
        auto n = node(Node::Kind::Output, s.line);
        n->expr = parse_expression();
        expect_end();
        body.push_back(std::move(n));
        ++seg_;
        continue;
      }
      const Tok& first = peek();
      if (first.type != Tok::Name) error_at(first.line, "a statement must start with a keyword");
      if (ends.count(first.text)) {
        end = first.text;
        --depth_;
        return body;  // the caller consumes the end statement
      }
      body.push_back(parse_statement());
    }
    if (!ends.empty()) {
      std::string wanted;
      for (const auto& e : ends) wanted += (wanted.empty() ? "" : " or ") + e;
      error_at(segs_.empty() ? 1 : segs_.back().line, "missing {% " + wanted + " %}");
    }
    --depth_;
    return body;
  }

  NodePtr parse_statement() {
    const Tok kw = next();
    const int at = kw.line;
    if (kw.text == "if") {
      auto n = node(Node::Kind::If, at);
      n->conditions.push_back(parse_expression());
      expect_end();
      ++seg_;
      while (true) {
        std::string end;
        n->bodies.push_back(parse_body({"elif", "else", "endif"}, end));
        start_tokens(segs_[seg_]);
        next();
        if (end == "elif") {
          n->conditions.push_back(parse_expression());
          expect_end();
          ++seg_;
        } else if (end == "else") {
          expect_end();
          ++seg_;
          n->bodies.push_back(parse_body({"endif"}, end));
          start_tokens(segs_[seg_]);
          next();
          expect_end();
          ++seg_;
          break;
        } else {
          expect_end();
          ++seg_;
          break;
        }
      }
      return n;
    }
    if (kw.text == "for") {
      auto n = node(Node::Kind::For, at);
      do {
        n->targets.push_back(expect_name("a loop variable"));
      } while (accept_op(","));
      if (!accept_name("in")) error_at(at, "expected 'in' in the for statement");
      n->expr = parse_or();
      if (peek().type == Tok::Op && peek().text == ",") {  // for x in a, b
        auto list = expr(Expr::Kind::List, at);
        list->children.push_back(std::move(n->expr));
        while (accept_op(",")) list->children.push_back(parse_or());
        n->expr = std::move(list);
      }
      if (accept_name("if")) n->filter = parse_or();
      if (peek().type == Tok::Name && peek().text == "recursive") error_at(at, "recursive loops are not supported");
      expect_end();
      ++seg_;
      std::string end;
      n->bodies.push_back(parse_body({"else", "endfor"}, end));
      start_tokens(segs_[seg_]);
      next();
      expect_end();
      ++seg_;
      if (end == "else") {
        n->bodies.push_back(parse_body({"endfor"}, end));
        start_tokens(segs_[seg_]);
        next();
        expect_end();
        ++seg_;
      }
      return n;
    }
    if (kw.text == "set") {
      std::vector<std::string> targets;
      std::string attribute;
      targets.push_back(expect_name("a variable name"));
      if (accept_op(".")) {
        attribute = expect_name("an attribute name");
      } else {
        while (accept_op(",")) targets.push_back(expect_name("a variable name"));
      }
      if (accept_op("=")) {
        auto n = node(Node::Kind::Set, at);
        n->targets = std::move(targets);
        n->attribute = std::move(attribute);
        n->expr = parse_expression();
        if (peek().type == Tok::Op && peek().text == ",") {  // set a, b = 1, 2
          auto list = expr(Expr::Kind::List, at);
          list->children.push_back(std::move(n->expr));
          while (accept_op(",")) list->children.push_back(parse_expression());
          n->expr = std::move(list);
        }
        expect_end();
        ++seg_;
        return n;
      }
      if (targets.size() != 1 || !attribute.empty()) error_at(at, "a block set takes one variable");
      auto n = node(Node::Kind::SetBlock, at);
      n->targets = std::move(targets);
      expect_end();
      ++seg_;
      std::string end;
      n->bodies.push_back(parse_body({"endset"}, end));
      start_tokens(segs_[seg_]);
      next();
      expect_end();
      ++seg_;
      return n;
    }
    if (kw.text == "macro") {
      auto n = node(Node::Kind::Macro, at);
      n->text = expect_name("a macro name");
      expect_op("(");
      if (!accept_op(")")) {
        do {
          n->params.push_back(expect_name("a parameter name"));
          n->defaults.push_back(accept_op("=") ? parse_expression() : nullptr);
        } while (accept_op(","));
        expect_op(")");
      }
      expect_end();
      ++seg_;
      std::string end;
      n->bodies.push_back(parse_body({"endmacro"}, end));
      start_tokens(segs_[seg_]);
      next();
      if (peek().type == Tok::Name) next();  // {% endmacro name %}
      expect_end();
      ++seg_;
      return n;
    }
    if (kw.text == "break" || kw.text == "continue") {
      auto n = node(kw.text == "break" ? Node::Kind::Break : Node::Kind::Continue, at);
      expect_end();
      ++seg_;
      return n;
    }
    if (kw.text == "generation") {  // transformers' AssistantTracker marks: no effect on the text
      auto n = node(Node::Kind::Scope, at);
      expect_end();
      ++seg_;
      std::string end;
      n->bodies.push_back(parse_body({"endgeneration"}, end));
      start_tokens(segs_[seg_]);
      next();
      expect_end();
      ++seg_;
      return n;
    }
    error_at(at, "'{% " + kw.text + " %}' is not supported in chat templates");
  }

  // --- expressions --------------------------------------------------------------------------

  ExprPtr parse_expression() {
    Nesting guard(*this);
    auto e = parse_or();
    if (accept_name("if")) {
      auto cond = expr(Expr::Kind::Cond, e->line);
      auto test = parse_or();
      ExprPtr otherwise;
      if (accept_name("else")) otherwise = parse_expression();
      cond->children.push_back(std::move(e));
      cond->children.push_back(std::move(test));
      cond->children.push_back(std::move(otherwise));
      return cond;
    }
    return e;
  }

  ExprPtr parse_or() {
    auto e = parse_and();
    while (accept_name("or")) e = binary(Expr::Kind::Or, "", std::move(e), parse_and());
    return e;
  }
  ExprPtr parse_and() {
    auto e = parse_not();
    while (accept_name("and")) e = binary(Expr::Kind::And, "", std::move(e), parse_not());
    return e;
  }
  ExprPtr parse_not() {
    Nesting guard(*this);
    if (peek().type == Tok::Name && peek().text == "not") {
      const int at = next().line;
      auto n = expr(Expr::Kind::Not, at);
      n->children.push_back(parse_not());
      return n;
    }
    return parse_compare();
  }
  ExprPtr parse_compare() {
    auto e = parse_math1();
    while (true) {
      const Tok& t = peek();
      if (t.type == Tok::Op && (t.text == "==" || t.text == "!=" || t.text == "<" || t.text == ">" || t.text == "<=" ||
                                t.text == ">=")) {
        const std::string op = next().text;
        e = binary(Expr::Kind::Binary, op, std::move(e), parse_math1());
      } else if (t.type == Tok::Name && t.text == "in") {
        next();
        e = binary(Expr::Kind::Binary, "in", std::move(e), parse_math1());
      } else if (t.type == Tok::Name && t.text == "not" && peek(1).type == Tok::Name && peek(1).text == "in") {
        next();
        next();
        e = binary(Expr::Kind::Binary, "not in", std::move(e), parse_math1());
      } else {
        return e;
      }
    }
  }
  ExprPtr parse_math1() {
    auto e = parse_concat();
    while (peek().type == Tok::Op && (peek().text == "+" || peek().text == "-")) {
      const std::string op = next().text;
      e = binary(Expr::Kind::Binary, op, std::move(e), parse_concat());
    }
    return e;
  }
  ExprPtr parse_concat() {
    auto e = parse_math2();
    while (accept_op("~")) e = binary(Expr::Kind::Binary, "~", std::move(e), parse_math2());
    return e;
  }
  ExprPtr parse_math2() {
    auto e = parse_pow();
    while (peek().type == Tok::Op &&
           (peek().text == "*" || peek().text == "/" || peek().text == "//" || peek().text == "%")) {
      const std::string op = next().text;
      e = binary(Expr::Kind::Binary, op, std::move(e), parse_pow());
    }
    return e;
  }
  ExprPtr parse_pow() {
    auto e = parse_unary(true);
    while (accept_op("**")) e = binary(Expr::Kind::Binary, "**", std::move(e), parse_unary(true));
    return e;
  }
  ExprPtr parse_unary(bool with_filters) {
    Nesting guard(*this);
    ExprPtr e;
    if (peek().type == Tok::Op && (peek().text == "-" || peek().text == "+")) {
      const Tok op = next();
      e = expr(Expr::Kind::Unary, op.line);
      e->name = op.text;
      e->children.push_back(parse_unary(false));
    } else {
      e = parse_primary();
    }
    e = parse_postfix(std::move(e));
    if (with_filters) e = parse_filters(std::move(e));
    return e;
  }

  ExprPtr parse_primary() {
    Nesting guard(*this);
    const Tok t = next();
    switch (t.type) {
      case Tok::Name: {
        if (t.text == "true" || t.text == "True") return literal(Value(true), t.line);
        if (t.text == "false" || t.text == "False") return literal(Value(false), t.line);
        if (t.text == "none" || t.text == "None") return literal(Value(None{}), t.line);
        auto e = expr(Expr::Kind::Name, t.line);
        e->name = t.text;
        return e;
      }
      case Tok::String: {
        std::string s = t.text;
        while (peek().type == Tok::String) s += next().text;  // "a" "b" is "ab"
        return literal(Value(std::move(s)), t.line);
      }
      case Tok::Int: return literal(Value(t.i), t.line);
      case Tok::Float: return literal(Value(t.f), t.line);
      case Tok::Op:
        if (t.text == "(") {
          if (accept_op(")")) return expr(Expr::Kind::List, t.line);  // () is an empty tuple
          auto e = parse_expression();
          if (peek().type == Tok::Op && peek().text == ",") {  // a tuple: a list here
            auto list = expr(Expr::Kind::List, t.line);
            list->children.push_back(std::move(e));
            while (accept_op(",")) {
              if (peek().type == Tok::Op && peek().text == ")") break;
              list->children.push_back(parse_expression());
            }
            e = std::move(list);
          }
          expect_op(")");
          return e;
        }
        if (t.text == "[") {
          auto list = expr(Expr::Kind::List, t.line);
          while (!accept_op("]")) {
            list->children.push_back(parse_expression());
            if (!accept_op(",")) {
              expect_op("]");
              break;
            }
          }
          return list;
        }
        if (t.text == "{") {
          auto dict = expr(Expr::Kind::Dict, t.line);
          while (!accept_op("}")) {
            dict->children.push_back(parse_expression());
            expect_op(":");
            dict->children.push_back(parse_expression());
            if (!accept_op(",")) {
              expect_op("}");
              break;
            }
          }
          return dict;
        }
        break;
      default: break;
    }
    error_at(t.line, t.type == Tok::End ? "expression expected" : "unexpected '" + t.text + "'");
  }

  ExprPtr parse_postfix(ExprPtr e) {
    while (true) {
      if (accept_op(".")) {
        const Tok t = next();
        if (t.type == Tok::Name) {
          auto a = expr(Expr::Kind::Attr, t.line);
          a->name = t.text;
          a->children.push_back(std::move(e));
          e = std::move(a);
        } else if (t.type == Tok::Int) {  // x.0 is x[0]
          auto a = expr(Expr::Kind::Item, t.line);
          a->children.push_back(std::move(e));
          a->children.push_back(literal(Value(t.i), t.line));
          e = std::move(a);
        } else {
          error_at(t.line, "attribute name expected after '.'");
        }
      } else if (peek().type == Tok::Op && peek().text == "[") {
        const int at = next().line;
        ExprPtr parts[3];
        bool slice = false;
        for (int k = 0; k < 3; ++k) {
          if (!(peek().type == Tok::Op && (peek().text == ":" || peek().text == "]"))) parts[k] = parse_expression();
          if (k < 2 && accept_op(":")) {
            slice = true;
            continue;
          }
          break;
        }
        expect_op("]");
        auto a = expr(slice ? Expr::Kind::Slice : Expr::Kind::Item, at);
        a->children.push_back(std::move(e));
        if (!slice && !parts[0]) error_at(at, "index expected inside [ ]");
        for (int k = 0; k < (slice ? 3 : 1); ++k) a->children.push_back(std::move(parts[k]));
        e = std::move(a);
      } else if (peek().type == Tok::Op && peek().text == "(") {
        e = parse_call(std::move(e));
      } else {
        return e;
      }
    }
  }

  ExprPtr parse_call(ExprPtr callee) {
    const int at = next().line;  // '('
    auto call = expr(Expr::Kind::Call, at);
    call->children.push_back(std::move(callee));
    parse_arguments(*call);
    return call;
  }

  // Arguments after '(' up to ')', appended to e.children (keyword names in e.keywords).
  void parse_arguments(Expr& e) {
    while (!accept_op(")")) {
      if (peek().type == Tok::Name && peek(1).type == Tok::Op && peek(1).text == "=") {
        e.keywords.push_back(next().text);
        next();
        e.children.push_back(parse_expression());
      } else {
        if (!e.keywords.empty()) error_at(peek().line, "positional argument after keyword argument");
        e.children.push_back(parse_expression());
      }
      if (!accept_op(",")) {
        expect_op(")");
        break;
      }
    }
  }

  ExprPtr parse_filters(ExprPtr e) {
    while (true) {
      if (accept_op("|")) {
        const Tok name = next();
        if (name.type != Tok::Name) error_at(name.line, "filter name expected after '|'");
        auto f = expr(Expr::Kind::Filter, name.line);
        f->name = name.text;
        f->children.push_back(std::move(e));
        if (accept_op("(")) parse_arguments(*f);
        e = std::move(f);
      } else if (peek().type == Tok::Name && peek().text == "is") {
        const int at = next().line;
        auto t = expr(Expr::Kind::Test, at);
        t->negated = accept_name("not");
        const Tok name = next();
        if (name.type != Tok::Name) error_at(at, "test name expected after 'is'");
        t->name = name.text;
        t->children.push_back(std::move(e));
        if (accept_op("(")) {
          parse_arguments(*t);
        } else if (peek().type == Tok::Int || peek().type == Tok::Float || peek().type == Tok::String ||
                   (peek().type == Tok::Op && (peek().text == "[" || peek().text == "{")) ||
                   (peek().type == Tok::Name && peek().text != "and" && peek().text != "or" && peek().text != "else" &&
                    peek().text != "if" && peek().text != "is" && peek().text != "in" && peek().text != "not")) {
          t->children.push_back(parse_primary());  // "x is divisibleby 3", "x is sameas none"
        }
        e = std::move(t);
      } else if (peek().type == Tok::Op && peek().text == "(") {
        e = parse_call(std::move(e));
      } else {
        return e;
      }
    }
  }

  // --- token helpers ------------------------------------------------------------------------

  struct Nesting {
    explicit Nesting(Parser& p) : p_(p) {
      if (++p_.expression_depth_ > kMaxExpressionNesting) error_at(p_.line(), "expression nested too deeply");
    }
    ~Nesting() { --p_.expression_depth_; }
    Parser& p_;
  };

  void start_tokens(Segment& s) {
    toks_ = &s.toks;
    tok_ = 0;
  }
  const Tok& peek(size_t ahead = 0) const {
    const size_t i = std::min(tok_ + ahead, toks_->size() - 1);
    return (*toks_)[i];
  }
  Tok next() {
    const Tok& t = peek();
    if (t.type != Tok::End) ++tok_;
    return t;
  }
  int line() const { return toks_ ? peek().line : 1; }
  bool accept_op(const char* op) {
    if (peek().type == Tok::Op && peek().text == op) {
      ++tok_;
      return true;
    }
    return false;
  }
  bool accept_name(const char* name) {
    if (peek().type == Tok::Name && peek().text == name) {
      ++tok_;
      return true;
    }
    return false;
  }
  void expect_op(const char* op) {
    if (!accept_op(op)) {
      const Tok& t = peek();
      error_at(t.line, std::string("expected '") + op + "' but found " + (t.type == Tok::End ? "the end of the tag" : "'" + t.text + "'"));
    }
  }
  std::string expect_name(const char* what) {
    const Tok t = next();
    if (t.type != Tok::Name) error_at(t.line, std::string("expected ") + what);
    return t.text;
  }
  void expect_end() {
    const Tok& t = peek();
    if (t.type != Tok::End) error_at(t.line, "unexpected '" + t.text + "' (expected the end of the tag)");
  }

  static NodePtr node(Node::Kind kind, int line) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->line = line;
    return n;
  }
  static ExprPtr expr(Expr::Kind kind, int line) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->line = line;
    return e;
  }
  static ExprPtr literal(Value v, int line) {
    auto e = expr(Expr::Kind::Literal, line);
    e->literal = std::move(v);
    return e;
  }
  static ExprPtr binary(Expr::Kind kind, std::string op, ExprPtr a, ExprPtr b) {
    auto e = expr(kind, a->line);
    e->name = std::move(op);
    e->children.push_back(std::move(a));
    e->children.push_back(std::move(b));
    return e;
  }

  std::vector<Segment> segs_;
  size_t seg_ = 0;
  std::vector<Tok>* toks_ = nullptr;
  size_t tok_ = 0;
  int depth_ = 0;             // blocks
  int expression_depth_ = 0;  // parser recursion inside one expression
};

}  // namespace

Body parse_template(const std::string& source) {
  Lexer lexer(source);
  Parser parser(lexer.run());
  return parser.parse_all();
}

}  // namespace hearth::jinja
