// The policy language's operators, one row each in src/operators.cpp: the
// JSON key naming it, the other keys it allows, the type of its value, a line
// of documentation, how it compiles (an expression object into a Node) and
// how it evaluates (a Node, for one claim). A new operator is a new row there
// and its value in enum Op (policy.hpp). Compile side only: the evaluator
// reaches an operator through Node::evaluate, without this header.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "policy.hpp"

namespace assurecalc {

// What an operator's compile function may ask of the policy compiler
// (src/policy.cpp). Paths are JSON Pointers into the policy file; errors are
// recorded and compiling goes on, so a policy's mistakes are listed at once.
class ExprCompiler {
 public:
  using json = nlohmann::json;
  virtual ~ExprCompiler() = default;

  virtual void fail(std::string path, std::string message) = 0;
  // An expression of the type `want`, as a node index; -1 after an error.
  virtual int expr(const json& j, const std::string& path, ValueType want) = 0;
  // An expression of any type, as a node index; -1 after an error.
  virtual int expr_any(const json& j, const std::string& path) = 0;
  // A list of at least `min` expressions of the type `want`.
  virtual std::vector<int> list(const json& j, const std::string& path, ValueType want, size_t min) = 0;
  // The member `key` of `j` if it has the type `type`; null when it is
  // absent (an error when required) or of another type (an error).
  virtual const json* member(const json& j, const std::string& path, const char* key, json::value_t type,
                             bool required) = 0;
  // The text member `key` of `j`; empty when absent or not a text.
  virtual std::string text(const json& j, const std::string& path, const char* key, bool required) = 0;
  // The policy being built: its nodes so far, its calendar.
  virtual const Policy& policy() const = 0;
};

// How an operator's value gets its type.
enum class Typing : uint8_t {
  fixed,           // always the row's type
  from_arguments,  // the type of its arguments (the row's type when none compiled)
  from_name        // the type of the claim field or derived value it names
};

// Reads an expression object `j` (at `path`) into `node`, whose op and type
// are set already (the type from the row). False when there is no node to
// add (the expression fails, as after an error in a reference).
using CompileFn = bool (*)(ExprCompiler& compiler, const nlohmann::json& j, const std::string& path, Node& node);

struct Operator {
  Op op;
  const char* key;      // the key naming it in an expression object; null for values not written as an
                        // object (numbers, true/false, "claim.field", "$derived")
  const char* also[2];  // the other keys it allows
  ValueType type;
  Typing typing;
  CompileFn compile;  // null for literals and references (the compiler reads them itself)
  EvaluateFn evaluate;
  const char* doc;  // one line: how it is written, what it gives
};

// The row of `op`.
const Operator& operator_row(Op op);
// The operator an expression object names: the first row, in the order of
// Op, whose key it has; null when it has none.
const Operator* operator_named_in(const nlohmann::json& object);

}  // namespace assurecalc
