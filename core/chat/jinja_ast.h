// The parsed form of a template: expressions and statements of the Jinja subset.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chat/jinja_value.h"

namespace hearth::jinja {

struct Expr {
  enum class Kind {
    Literal,  // literal
    Name,     // name
    Attr,     // children[0].name
    Item,     // children[0][children[1]]
    Slice,    // children[0][children[1]:children[2]:children[3]] (null parts allowed)
    Call,     // children[0](children[1..]); the last keywords.size() arguments are keyword arguments
    Filter,   // children[0] | name(children[1..])
    Test,     // children[0] is [not] name(children[1..])
    Unary,    // name ("-", "+") children[0]
    Binary,   // children[0] name children[1]: + - * / // % ** ~ == != < > <= >= in, "not in"
    And,
    Or,
    Not,
    Cond,     // children[0] if children[1] else children[2] (children[2] may be null)
    List,
    Dict,     // children: key, value, key, value …
  };
  Kind kind = Kind::Literal;
  int line = 0;
  Value literal;
  std::string name;
  std::vector<std::unique_ptr<Expr>> children;
  std::vector<std::string> keywords;
  bool negated = false;  // Test: "is not"
};
using ExprPtr = std::unique_ptr<Expr>;

struct Node;
using NodePtr = std::unique_ptr<Node>;
using Body = std::vector<NodePtr>;

struct Node {
  enum class Kind {
    Text,      // text
    Output,    // {{ expr }}
    If,        // conditions[i] -> bodies[i]; an extra body without condition is the else branch
    For,       // for targets in expr [if filter]: bodies[0]; else: bodies[1] (may be absent)
    Set,       // set targets = expr, or set target.attribute = expr
    SetBlock,  // set target %} bodies[0] {% endset
    Macro,     // macro name(params = defaults): bodies[0]
    Break,
    Continue,
    Scope,     // a block that only groups (generation … endgeneration): bodies[0]
  };
  Kind kind = Kind::Text;
  int line = 0;
  std::string text;
  ExprPtr expr;
  ExprPtr filter;
  std::vector<ExprPtr> conditions;
  std::vector<Body> bodies;
  std::vector<std::string> targets;
  std::string attribute;             // Set on a namespace attribute: targets[0].attribute
  std::vector<std::string> params;   // Macro
  std::vector<ExprPtr> defaults;     // Macro: one per param, null when none
};

// Parses template source (with trim_blocks and lstrip_blocks on, as Hugging Face renders chat
// templates). Throws TemplateError with the line on syntax errors.
Body parse_template(const std::string& source);

}  // namespace hearth::jinja
