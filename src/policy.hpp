// A program version's rules, compiled from its JSON policy file into a flat
// expression graph the evaluator walks per claim.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "assurecalc.hpp"
#include "calendar.hpp"
#include "claim.hpp"
#include "zone.hpp"

namespace assurecalc {

// What an expression node is: a literal or a reference (the first six), or
// one of the engine's general primitives, the operators. A policy combines
// them; no operator knows about any one program. Each has one row in
// src/operators.cpp (its JSON key, compile and evaluate functions, a line of
// documentation), in this order.
enum class Op : uint8_t {
  lit_int,
  lit_bool,
  lit_date,
  lit_text,
  field,
  derived,
  add_days,
  add_business_days,
  earliest,
  latest,
  coalesce,
  switch_,
  if_,
  before,
  on_or_before,
  after,
  on_or_after,
  eq,
  at_least,
  one_of,
  known,
  not_,
  all,
  any,
  need,
  percent,
  money,
  covered_payments,
  covered_payment_on,
  missing_units_value,
  count
};

// The type of an expression's value.
enum class ValueType : uint8_t { date, amount, boolean, text };

struct Node;
namespace eval {
class Evaluator;
struct ExprValue;
}  // namespace eval
// An operator's evaluation of one node for the claim being judged.
using EvaluateFn = eval::ExprValue (*)(eval::Evaluator&, const Node&);

struct Node {
  Op op = Op::lit_int;
  ValueType type = ValueType::date;
  Field field = Field::count;     // the claim field a field node reads
  EvaluateFn evaluate = nullptr;  // the operator's, set when the node is compiled
  int64_t number = 0;     // literal, day count, basis points, US dollars, derived value index, payment selection
  std::vector<int> kids;  // children: the values this one is computed from
  std::vector<std::string> texts;  // one_of values, switch case keys, need path, text literal
  int extra = -1;                  // one more child: switch default, need condition
  int parameter = -1;              // a child that sets how, not from what (add_days' day count):
                                   // its fields are not among those the value is computed from
};

// The evaluate function of an operator (src/operators.cpp), for nodes read
// from compiled tables rather than compiled from JSON.
EvaluateFn evaluator_of(Op op);

struct Source {
  std::string title, url;
};
struct RuleInfo {
  std::string id, title;
  int source = -1;
  // `"rule":"<id>"` written once when the policy loads.
  std::string json;
};

// A gate or exclusion: `reason` when `when` holds (or `unless` fails);
// `needs` are fields that must be known for the gate to be judged.
struct Gate {
  int rule = -1;
  std::string reason;
  int when = -1, unless = -1;
  std::vector<Field> needs;
  std::vector<Field> shown;  // fields quoted in the reason's params
};

struct Cap {
  int rule = -1;
  std::string name;
  int expr = -1;
  std::string ambiguous;  // RULE_AMBIGUOUS note when this cap is computed
  std::string ambiguous_json;
};

struct KindDef {
  bool covered = false;
  int rule = -1;
  int covered_if = -1;
  std::vector<Gate> exclusions;
  int opens = -1, closes = -1;
  std::vector<Field> opens_fields;  // what the opening date is computed from
  std::vector<Cap> caps;
  std::string form;  // overrides the policy's refund form
};

struct Derived {
  std::string name;
  int rule = -1;
  int expr = -1;
  std::string ambiguous;
  std::string ambiguous_json;
};

struct WarningDef {
  int rule = -1;
  std::string code;
  int when = -1;
  std::string note;
  std::vector<Field> shown;
};

// A date the buyer may not know, bounded by the order of events: when it is
// missing and one of `before` is known, it happened on an unknown day from
// the latest known of `after` to the earliest known of `before` (and by the
// as_of day). The claim is then judged at both ends of that range
// (evaluate.cpp, "Answers from partial facts").
struct Bound {
  int rule = -1;
  Field date = Field::count;
  std::vector<Field> after, before;
};

enum DisputeField {
  supplier_response_due,
  escalation_opens,
  auto_escalation_on,
  refund_starts_by,
  escalation_closes,
  kDisputeCount
};
// The dispute's dates as the result names them, in the order of DisputeField.
inline const char* const kDisputeNames[] = {"supplier_response_due", "escalation_opens", "auto_escalation_on",
                                            "refund_starts_by", "escalation_closes"};
struct DisputeItem {
  int rule = -1;
  int expr = -1;
  bool end_of_day = false;
  std::string ambiguous;
  std::string ambiguous_json;
};

struct Policy {
  std::string id, program, name, timezone;
  Zone zone;  // "timezone": a fixed UTC offset or a built-in IANA zone
  const Calendar* calendar = nullptr;
  Day effective_from = 0;
  bool has_effective_to = false;
  Day effective_to = 0;
  int period_rule = -1, kinds_rule = -1;

  std::vector<Source> sources;
  std::vector<RuleInfo> rules;
  std::vector<Node> nodes;
  std::vector<Derived> derived;

  int payment_rule = -1;
  bool method_covered[kMethodCount] = {};
  std::string method_ambiguous[kMethodCount];
  std::string method_ambiguous_json[kMethodCount];
  std::string calendar_params;  // {"calendar":...,"years":...} for CALENDAR_NOT_COVERED
  std::string paid_to;

  int form_rule = -1;
  std::string form_default;
  std::string form_if_all[kMethodCount];

  std::vector<Gate> gates;
  std::vector<Cap> caps;
  KindDef kinds[kKindCount];
  std::vector<WarningDef> warnings;
  std::vector<Bound> bounds;
  DisputeItem dispute[kDisputeCount];

  int rule_index(std::string_view id) const;
};

}  // namespace assurecalc
