// The policy language's operators: for each, how it compiles and how it
// evaluates, then the table (kOperators) holding one row per operator with
// its key, the other keys it allows, its type and a line of documentation.
//
// Compile functions run once, when a policy loads; evaluate functions run
// for every node of every claim. Evaluation never fails: a value is known,
// unknown (a field the buyer must give, listed in `missing`) or none (an
// event that has not happened).
#include "operators.hpp"

#include <array>
#include <functional>
#include <iterator>

#include "evaluator.hpp"

// Compile functions run once per policy: optimised for size, as policy.cpp
// is in the wasm build (clang's minsize); evaluate functions for speed.
#if defined(__clang__)
#define ASSURECALC_COLD __attribute__((cold, minsize))
#else
#define ASSURECALC_COLD __attribute__((cold))
#endif

namespace assurecalc {

namespace {

using json = nlohmann::json;
using eval::Coded;
using eval::Evaluator;
using eval::ExprValue;
using eval::known;
using eval::none;
using eval::Ref;
using eval::State;
using eval::unknown;

// The key of the node's operator (for operators sharing a compile function).
const char* key_of(const Node& n) { return operator_row(n.op).key; }

// Literals, claim fields and derived values (compiled by the compiler itself;
// Evaluator::value_of reads numbers, fields and derived values directly, as
// these functions do).

ExprValue evaluate_number(Evaluator&, const Node& n) { return known(n.number); }
ExprValue evaluate_text(Evaluator&, const Node& n) { return known(0, n.texts[0]); }
ExprValue evaluate_field(Evaluator& ev, const Node& n) { return ev.field(n.field); }
ExprValue evaluate_derived(Evaluator& ev, const Node& n) { return ev.derived(size_t(n.number)); }

ASSURECALC_COLD bool compile_date(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  Day d = 0;
  if (!j["date"].is_string() || !parse_date(j["date"].get<std::string>(), d))
    c.fail(path + "/date", "must be a date");
  n.number = d;
  return true;
}

ASSURECALC_COLD bool compile_text(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  if (!j["text"].is_string())
    c.fail(path + "/text", "must be text");
  else
    n.texts.push_back(j["text"].get<std::string>());
  return true;
}

// Dates.

ASSURECALC_COLD bool compile_add_days(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  n.parameter = c.expr(j["add_days"], path + "/add_days", ValueType::amount);
  n.kids.push_back(c.expr(j.value("to", json()), path + "/to", ValueType::date));
  return true;
}

// Dates stay within years 0001..9999 whatever a policy adds.
ExprValue clamp_day(int64_t d) {
  if (d < eval::kMinDay || d > eval::kMaxDay)
    return none();
  return known(d);
}

ExprValue evaluate_add_days(Evaluator& ev, const Node& n) {
  const ExprValue to = ev.eval(n.kids[0]);
  if (to.state != State::known)
    return to;
  const ExprValue days = ev.eval(n.parameter);
  if (days.state != State::known)
    return days;
  return clamp_day(to.i + days.i);
}

ASSURECALC_COLD bool compile_add_business_days(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  const json& k = j["add_business_days"];
  if (!k.is_number_integer() || k.get<int64_t>() < 1 || k.get<int64_t>() > 3650)
    c.fail(path + "/add_business_days", "must be a whole number of days from 1 to 3650");
  else
    n.number = k.get<int64_t>();
  if (!c.policy().calendar)
    c.fail(path, "business days need the policy's calendar");
  n.kids.push_back(c.expr(j.value("to", json()), path + "/to", ValueType::date));
  return true;
}

ExprValue evaluate_add_business_days(Evaluator& ev, const Node& n) {
  const ExprValue to = ev.eval(n.kids[0]);
  if (to.state != State::known)
    return to;
  if (to.i + n.number * 2 > eval::kMaxDay)
    return none();
  bool outside = false;
  const Day d = ev.p->calendar->add_business_days(Day(to.i), int(n.number), outside);
  if (outside)
    ev.pend.push_back(Coded{"CALENDAR_NOT_COVERED", ev.current_rule, &ev.p->calendar_params, {}});
  return known(d);
}

// Choosing among values: earliest, latest, coalesce, switch.

// The type is the first value's; earliest and latest take dates or amounts.
ASSURECALC_COLD bool compile_pick(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  const char* k = key_of(n);
  const json& values = j[k];
  const std::string at = path + "/" + k;
  const int first = values.is_array() && !values.empty() ? c.expr_any(values[0], at + "/0") : -1;
  n.type = first >= 0 ? c.policy().nodes[first].type : ValueType::date;
  if (n.op != Op::coalesce && n.type != ValueType::date && n.type != ValueType::amount)
    c.fail(path, "earliest and latest compare dates or amounts");
  n.kids = c.list(values, at, n.type, 1);
  if (!n.kids.empty())
    n.kids[0] = first;
  return true;
}

// The known value that `Better` prefers; unknown when any value is unknown.
template <class Better>
ExprValue evaluate_extreme(Evaluator& ev, const Node& n) {
  ExprValue best;
  bool any_unknown = false;
  for (int k : n.kids) {
    const ExprValue v = ev.eval(k);
    if (v.state == State::unknown)
      any_unknown = true;
    if (v.state != State::known)
      continue;
    if (best.state != State::known || Better()(v.i, best.i))
      best = v;
  }
  return any_unknown ? unknown() : best;
}

ExprValue evaluate_coalesce(Evaluator& ev, const Node& n) {
  for (int k : n.kids) {
    const ExprValue v = ev.eval(k);
    if (v.state != State::none)
      return v;
  }
  return none();
}

// kids: the subject, then one per case (keys in texts); extra: the default.
// The type is the cases'; without a case that compiles there is no switch.
ASSURECALC_COLD bool compile_switch(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  n.kids.push_back(c.expr(j["switch"], path + "/switch", ValueType::text));
  const json* cases = c.member(j, path, "cases", json::value_t::object, true);
  bool first = true;
  if (cases)
    for (const auto& it : cases->items()) {
      const int value = c.expr_any(it.value(), path + "/cases/" + it.key());
      if (value < 0)
        continue;
      const ValueType type = c.policy().nodes[value].type;
      if (first)
        n.type = type;
      if (!first && type != n.type)
        c.fail(path + "/cases/" + it.key(), "has another type than the first case");
      first = false;
      n.texts.push_back(it.key());
      n.kids.push_back(value);
    }
  if (first) {
    // No case compiled, so the switch has no type: it fails here, and
    // nothing reads the type it never got.
    c.fail(path + "/cases", "needs at least one case");
    return false;
  }
  if (j.contains("default"))
    n.extra = c.expr(j["default"], path + "/default", n.type);
  return true;
}

ExprValue evaluate_switch(Evaluator& ev, const Node& n) {
  const ExprValue key = ev.eval(n.kids[0]);
  if (key.state == State::unknown)
    return key;
  if (key.state == State::known)
    for (size_t i = 0; i < n.texts.size(); ++i)
      if (key.s == n.texts[i])
        return ev.eval(n.kids[i + 1]);
  return n.extra >= 0 ? ev.eval(n.extra) : none();
}

// kids: the condition, then the value when it holds; extra: the value
// otherwise. The type is the `then` value's.
ASSURECALC_COLD bool compile_if(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  n.kids.push_back(c.expr(j["if"], path + "/if", ValueType::boolean));
  if (!j.contains("then")) {
    c.fail(path + "/then", "is required");
    return false;
  }
  const int then = c.expr_any(j["then"], path + "/then");
  if (then < 0)
    return false;
  n.type = c.policy().nodes[then].type;
  n.kids.push_back(then);
  if (j.contains("else"))
    n.extra = c.expr(j["else"], path + "/else", n.type);
  return true;
}

ExprValue evaluate_if(Evaluator& ev, const Node& n) {
  const ExprValue cond = ev.eval(n.kids[0]);
  if (cond.state == State::unknown)
    return cond;
  if (cond.state == State::known && cond.i)
    return ev.eval(n.kids[1]);
  return n.extra >= 0 ? ev.eval(n.extra) : none();
}

// Conditions.

ASSURECALC_COLD bool compile_compare_dates(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  const char* k = key_of(n);
  n.kids = c.list(j[k], path + "/" + k, ValueType::date, 2);
  if (n.kids.size() != 2)
    c.fail(path + "/" + k, "compares exactly two dates");
  return true;
}

// False when either event has not happened.
template <class Compare>
ExprValue evaluate_compare_dates(Evaluator& ev, const Node& n) {
  const ExprValue a = ev.eval(n.kids[0]);
  const ExprValue b = ev.eval(n.kids[1]);
  if (a.state == State::none || b.state == State::none)
    return known(0);
  if (a.state == State::unknown || b.state == State::unknown)
    return unknown();
  return known(Compare()(a.i, b.i));
}

// The second value must have the first one's type.
ASSURECALC_COLD bool compile_eq(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  const json& e = j["eq"];
  if (!e.is_array() || e.size() != 2) {
    c.fail(path + "/eq", "compares exactly two values");
    return true;
  }
  const int a = c.expr_any(e[0], path + "/eq/0");
  const int b = a >= 0 ? c.expr(e[1], path + "/eq/1", c.policy().nodes[a].type) : -1;
  n.kids = {a, b};
  return true;
}

ExprValue evaluate_eq(Evaluator& ev, const Node& n) {
  const ExprValue a = ev.eval(n.kids[0]);
  const ExprValue b = ev.eval(n.kids[1]);
  if (a.state == State::none || b.state == State::none)
    return known(0);
  if (a.state == State::unknown || b.state == State::unknown)
    return unknown();
  const bool text = ev.p->nodes[size_t(n.kids[0])].type == ValueType::text;
  return known(text ? a.s == b.s : a.i == b.i);
}

ASSURECALC_COLD bool compile_at_least(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  n.kids = c.list(j["at_least"], path + "/at_least", ValueType::amount, 2);
  if (n.kids.size() != 2)
    c.fail(path + "/at_least", "compares exactly two amounts");
  return true;
}

// False when either value is none; unknown when either is unknown.
ExprValue evaluate_at_least(Evaluator& ev, const Node& n) {
  const ExprValue a = ev.eval(n.kids[0]);
  const ExprValue b = ev.eval(n.kids[1]);
  if (a.state == State::none || b.state == State::none)
    return known(0);
  if (a.state == State::unknown || b.state == State::unknown)
    return unknown();
  return known(a.i >= b.i);
}

ASSURECALC_COLD bool compile_one_of(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  n.kids.push_back(c.expr(j.value("value", json()), path + "/value", ValueType::text));
  const json& texts = j["one_of"];
  if (!texts.is_array() || texts.empty())
    c.fail(path + "/one_of", "must be a list of texts");
  for (const auto& x : texts) {
    if (x.is_string())
      n.texts.push_back(x.get<std::string>());
    else
      c.fail(path + "/one_of", "must be a list of texts");
  }
  return true;
}

ExprValue evaluate_one_of(Evaluator& ev, const Node& n) {
  const ExprValue a = ev.eval(n.kids[0]);
  if (a.state != State::known)
    return a.state == State::none ? known(0) : a;
  for (const std::string& s : n.texts)
    if (a.s == s)
      return known(1);
  return known(0);
}

ASSURECALC_COLD bool compile_known(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  n.kids.push_back(c.expr_any(j["known"], path + "/known"));
  return true;
}

// Whether the value is known; it asks for nothing it lacks.
ExprValue evaluate_known(Evaluator& ev, const Node& n) {
  const size_t m = ev.missing.size();
  const ExprValue a = ev.eval(n.kids[0]);
  ev.missing.resize(m);
  return known(a.state == State::known);
}

ASSURECALC_COLD bool compile_not(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  n.kids.push_back(c.expr(j["not"], path + "/not", ValueType::boolean));
  return true;
}

ExprValue evaluate_not(Evaluator& ev, const Node& n) {
  const ExprValue a = ev.eval(n.kids[0]);
  if (a.state == State::unknown)
    return a;
  return known(a.state == State::none || a.i == 0);
}

ASSURECALC_COLD bool compile_all_any(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  const char* k = key_of(n);
  n.kids = c.list(j[k], path + "/" + k, ValueType::boolean, 1);
  return true;
}

// all (`decides` false) and any (true): a known condition equal to `decides`
// settles it; else unknown when one is unknown.
template <bool decides>
ExprValue evaluate_all_any(Evaluator& ev, const Node& n) {
  bool any_unknown = false;
  for (int k : n.kids) {
    const ExprValue v = ev.eval(k);
    if (v.state == State::unknown) {
      any_unknown = true;
      continue;
    }
    if ((v.state == State::known && v.i != 0) == decides)
      return known(decides);
  }
  return any_unknown ? unknown() : known(!decides);
}

// kids: the value; texts: the claim's JSON Pointer to ask for; extra: when.
ASSURECALC_COLD bool compile_need(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  const int value = c.expr_any(j["need"], path + "/need");
  n.type = value >= 0 ? c.policy().nodes[value].type : ValueType::date;
  n.kids.push_back(value);
  const std::string pointer = c.text(j, path, "path", true);
  if (!pointer.empty() && pointer[0] != '/')
    c.fail(path + "/path", "must be a JSON Pointer into the claim");
  n.texts.push_back(pointer);
  if (j.contains("when"))
    n.extra = c.expr(j["when"], path + "/when", ValueType::boolean);
  return true;
}

ExprValue evaluate_need(Evaluator& ev, const Node& n) {
  const ExprValue v = ev.eval(n.kids[0]);
  if (v.state != State::none)
    return v;
  if (n.extra >= 0) {
    const ExprValue when = ev.eval(n.extra);
    if (when.state == State::unknown)
      return when;
    if (when.i == 0)
      return v;
  }
  ev.missing.push_back(Ref{n.texts[0].c_str(), {}});
  return unknown();
}

// Amounts, in the order's currency (minor units).

// number: basis points.
ASSURECALC_COLD bool compile_percent(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  const json& pc = j["percent"];
  const double bp = pc.is_number() ? pc.get<double>() * 100 : -1;
  if (bp < 0 || bp > 1e6 || bp != double(int64_t(bp)))
    c.fail(path + "/percent", "must be a percentage with at most two decimals");
  else
    n.number = int64_t(bp);
  n.kids.push_back(c.expr(j.value("of", json()), path + "/of", ValueType::amount));
  return true;
}

ExprValue evaluate_percent(Evaluator& ev, const Node& n) {
  const ExprValue of = ev.eval(n.kids[0]);
  if (of.state != State::known)
    return of;
  return known(int64_t((__int128)of.i * n.number / 10000));
}

// number: whole US dollars.
ASSURECALC_COLD bool compile_money(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  const json& m = j["money"];
  if (!m.is_number_integer() || m.get<int64_t>() < 0 || m.get<int64_t>() > 1000000000)
    c.fail(path + "/money", "must be a whole number of US dollars");
  else
    n.number = m.get<int64_t>();
  if (c.text(j, path, "currency", true) != "USD")
    c.fail(path + "/currency", "only US dollar amounts are supported (exchange rates are given per US dollar)");
  return true;
}

// `mantissa` / 10^`scale` written as a decimal number (25, 0.05, 1.5).
void append_decimal(Buf& out, int64_t mantissa, int scale) {
  std::string r = std::to_string(mantissa);
  if (scale > 0) {
    if (r.size() <= size_t(scale))
      r.insert(0, size_t(scale) + 1 - r.size(), '0');
    r.insert(r.size() - size_t(scale), ".");
  }
  out += r;
}

// Converted at the claim's rate, rounded down; the result warns that the
// amount is estimated, quoting the rate.
ExprValue evaluate_money(Evaluator& ev, const Node& n) {
  const Value& cur = (*ev.c)[Field::order_currency];
  if (cur.s == "USD")
    return known(n.number * 100);
  const Value& rate = (*ev.c)[Field::fx_usd_per_unit];
  if (!rate.set) {
    ev.missing.push_back(Ref{field_spec(Field::fx_usd_per_unit).pointer, {}});
    return unknown();
  }
  // floor(usd / (mantissa / 10^scale) * 10^exponent), exactly.
  __int128 num = n.number;
  for (int e = 0; e < ev.c->currency_exponent + rate.scale; ++e)
    num *= 10;
  const __int128 q = num / rate.i;
  const size_t m = ev.mark();
  ev.arena += "{\"usd\":";
  json_int(ev.arena, n.number);
  ev.arena += ",\"usd_per_unit\":";
  append_decimal(ev.arena, rate.i, rate.scale);
  ev.arena += '}';
  ev.pend.push_back(Coded{"ESTIMATED_AMOUNT", ev.current_rule, nullptr, ev.since(m)});
  return known(q > eval::kMaxAmount ? eval::kMaxAmount : int64_t(q));
}

// number: 1 for earliest_day.
ASSURECALC_COLD bool compile_covered_payments(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  const std::string selection = c.text(j, path, "covered_payments", true);
  if (selection != "all" && selection != "earliest_day")
    c.fail(path + "/covered_payments", "must be \"all\" or \"earliest_day\"");
  n.number = selection == "earliest_day";
  return true;
}

ExprValue evaluate_covered_payments(Evaluator& ev, const Node& n) { return ev.covered_payments(n.number != 0); }

ASSURECALC_COLD bool compile_covered_payment_on(ExprCompiler& c, const json& j, const std::string& path, Node& n) {
  if (c.text(j, path, "covered_payment_on", true) != "earliest")
    c.fail(path + "/covered_payment_on", "must be \"earliest\"");
  return true;
}

ExprValue evaluate_covered_payment_on(Evaluator& ev, const Node&) { return ev.first_covered_payment_day(); }

ASSURECALC_COLD bool compile_nothing(ExprCompiler&, const json&, const std::string&, Node&) { return true; }

// None when the order has no lines; unknown when a missing line's unit price is.
ExprValue evaluate_missing_units_value(Evaluator& ev, const Node&) {
  const Claim& c = *ev.c;
  if (!c.has_lines)
    return none();
  if (!c.has_missing_units) {
    ev.missing.push_back(Ref{"/issue/missing_units", {}});
    return unknown();
  }
  __int128 sum = 0;
  bool any_unknown = false;
  for (const MissingUnits& mu : c.missing_units) {
    const Line& l = c.lines[mu.line];
    if (!l.has_unit_price) {
      const size_t m = ev.mark();
      ev.arena += "/order/lines/";
      json_int(ev.arena, int64_t(mu.line));
      ev.arena += "/unit_price";
      ev.missing.push_back(Ref{nullptr, ev.since(m)});
      any_unknown = true;
      continue;
    }
    sum += (__int128)mu.units * l.unit_price;
  }
  if (any_unknown)
    return unknown();
  return known(sum > eval::kMaxAmount ? eval::kMaxAmount : int64_t(sum));
}

using Less = std::less<int64_t>;
using LessEqual = std::less_equal<int64_t>;
using Greater = std::greater<int64_t>;
using GreaterEqual = std::greater_equal<int64_t>;
constexpr ValueType kDate = ValueType::date, kAmount = ValueType::amount, kCondition = ValueType::boolean,
                    kText = ValueType::text;
constexpr Typing kFixed = Typing::fixed, kAsArguments = Typing::from_arguments, kAsNamed = Typing::from_name;

// One row per operator, in the order of enum Op: op, key, other keys
// allowed, type, typing, compile, evaluate, documentation.
// clang-format off
constexpr Operator kOperators[] = {
  {Op::lit_int, nullptr, {}, kAmount, kFixed, nullptr, evaluate_number,
   "15: a whole number (an amount in minor units, a number of days)"},
  {Op::lit_bool, nullptr, {}, kCondition, kFixed, nullptr, evaluate_number,
   "true, false: a condition that always holds, never holds"},
  {Op::lit_date, "date", {}, kDate, kFixed, compile_date, evaluate_number,
   R"({"date": "2017-12-08"}: a date)"},
  {Op::lit_text, "text", {}, kText, kFixed, compile_text, evaluate_text,
   R"({"text": "gold"}: a text)"},
  {Op::field, nullptr, {}, kDate, kAsNamed, nullptr, evaluate_field,
   R"("order.created_on": a claim field; none when absent, unknown (asked for) when the contract needs it)"},
  {Op::derived, nullptr, {}, kDate, kAsNamed, nullptr, evaluate_derived,
   R"("$name": a value the policy derived earlier (under "derived"), computed once per claim)"},
  {Op::add_days, "add_days", {"to"}, kDate, kFixed, compile_add_days, evaluate_add_days,
   R"({"add_days": N, "to": date}: the date N days after `to`; N is an amount expression, none past year 9999)"},
  {Op::add_business_days, "add_business_days", {"to"}, kDate, kFixed,
   compile_add_business_days, evaluate_add_business_days,
   R"({"add_business_days": N, "to": date}: the Nth business day after `to` in the policy's calendar (N 1..3650))"},
  {Op::earliest, "earliest", {}, kDate, kAsArguments, compile_pick, evaluate_extreme<Less>,
   R"({"earliest": [a, b, ...]}: the earliest known date (or least amount); unknown when any is unknown)"},
  {Op::latest, "latest", {}, kDate, kAsArguments, compile_pick, evaluate_extreme<Greater>,
   R"({"latest": [a, b, ...]}: the latest known date (or greatest amount); unknown when any is unknown)"},
  {Op::coalesce, "coalesce", {}, kDate, kAsArguments, compile_pick, evaluate_coalesce,
   R"({"coalesce": [a, b, ...]}: the first value that is not none (an event that has not happened))"},
  {Op::switch_, "switch", {"cases", "default"}, kDate, kAsArguments, compile_switch, evaluate_switch,
   R"({"switch": text, "cases": {"k": v, ...}, "default": v}: the case the text names, else the default or none)"},
  {Op::if_, "if", {"then", "else"}, kDate, kAsArguments, compile_if, evaluate_if,
   R"({"if": c, "then": x, "else": y}: x when condition c holds, else y (or none); unknown when c is)"},
  {Op::before, "before", {}, kCondition, kFixed, compile_compare_dates, evaluate_compare_dates<Less>,
   R"({"before": [a, b]}: date a is before date b; false when either event has not happened)"},
  {Op::on_or_before, "on_or_before", {}, kCondition, kFixed, compile_compare_dates, evaluate_compare_dates<LessEqual>,
   R"({"on_or_before": [a, b]}: date a is b or before; false when either event has not happened)"},
  {Op::after, "after", {}, kCondition, kFixed, compile_compare_dates, evaluate_compare_dates<Greater>,
   R"({"after": [a, b]}: date a is after date b; false when either event has not happened)"},
  {Op::on_or_after, "on_or_after", {}, kCondition, kFixed, compile_compare_dates, evaluate_compare_dates<GreaterEqual>,
   R"({"on_or_after": [a, b]}: date a is b or after; false when either event has not happened)"},
  {Op::eq, "eq", {}, kCondition, kFixed, compile_eq, evaluate_eq,
   R"({"eq": [a, b]}: two values of one type are equal (texts by their text); false when either is none)"},
  {Op::at_least, "at_least", {}, kCondition, kFixed, compile_at_least, evaluate_at_least,
   R"({"at_least": [a, b]}: amount or count a is b or more; false when either is none)"},
  {Op::one_of, "one_of", {"value"}, kCondition, kFixed, compile_one_of, evaluate_one_of,
   R"({"one_of": ["a", "b", ...], "value": text}: the text is one of the list; false when it is none)"},
  {Op::known, "known", {}, kCondition, kFixed, compile_known, evaluate_known,
   R"({"known": x}: x is known; what x lacks is not asked for)"},
  {Op::not_, "not", {}, kCondition, kFixed, compile_not, evaluate_not,
   R"({"not": c}: the condition does not hold (true when it is none))"},
  {Op::all, "all", {}, kCondition, kFixed, compile_all_any, evaluate_all_any<false>,
   R"({"all": [c, ...]}: every condition holds; a false one settles it, else unknown when one is unknown)"},
  {Op::any, "any", {}, kCondition, kFixed, compile_all_any, evaluate_all_any<true>,
   R"({"any": [c, ...]}: some condition holds; a true one settles it, else unknown when one is unknown)"},
  {Op::need, "need", {"path", "when"}, kDate, kAsArguments, compile_need, evaluate_need,
   R"({"need": x, "path": "/claim/pointer", "when": c}: x; when x is none (and c holds) unknown, asking for path)"},
  {Op::percent, "percent", {"of"}, kAmount, kFixed, compile_percent, evaluate_percent,
   R"({"percent": 12.5, "of": amount}: that share of the amount, rounded down; two decimals at most)"},
  {Op::money, "money", {"currency"}, kAmount, kFixed, compile_money, evaluate_money,
   R"({"money": N, "currency": "USD"}: N US dollars in the order's currency at the claim's rate, rounded down)"},
  {Op::covered_payments, "covered_payments", {}, kAmount, kFixed, compile_covered_payments, evaluate_covered_payments,
   R"({"covered_payments": "all" or "earliest_day"}: the covered payments' sum, all or those of the first day)"},
  {Op::covered_payment_on, "covered_payment_on", {}, kDate, kFixed, compile_covered_payment_on,
   evaluate_covered_payment_on,
   R"({"covered_payment_on": "earliest"}: the day of the first covered payment of more than zero; none without one)"},
  {Op::missing_units_value, "missing_units_value", {}, kAmount, kFixed, compile_nothing, evaluate_missing_units_value,
   R"({"missing_units_value": true}: the missing units times their lines' unit prices; none without lines)"},
};
// clang-format on

constexpr bool same_text(const char* a, const char* b) {
  while (*a && *a == *b)
    ++a, ++b;
  return *a == *b;
}

// Every Op has its row, in order, with a line of documentation and a key of
// its own. (That each row has its functions is a unit test: comparing
// function pointers is no constant expression under the sanitizers.)
constexpr bool rows_complete() {
  if (std::size(kOperators) != size_t(Op::count))
    return false;
  for (size_t i = 0; i < std::size(kOperators); ++i) {
    const Operator& row = kOperators[i];
    if (size_t(row.op) != i || !row.doc || !*row.doc)
      return false;
    for (size_t k = 0; row.key && k < i; ++k)
      if (kOperators[k].key && same_text(kOperators[k].key, row.key))
        return false;
  }
  return true;
}
static_assert(rows_complete(), "kOperators: one complete row per Op, in the order of enum Op");

// The evaluate functions alone: an engine that reads compiled tables links
// these and no compile function (kOperators itself is not kept).
constexpr auto kEvaluators = [] {
  std::array<EvaluateFn, size_t(Op::count)> a{};
  for (size_t i = 0; i < a.size(); ++i)
    a[i] = kOperators[i].evaluate;
  return a;
}();

}  // namespace

const Operator& operator_row(Op op) { return kOperators[size_t(op)]; }
EvaluateFn evaluator_of(Op op) { return kEvaluators[size_t(op)]; }

const Operator* operator_named_in(const json& object) {
  for (const Operator& row : kOperators)
    if (row.key && object.contains(row.key))
      return &row;
  return nullptr;
}

}  // namespace assurecalc
