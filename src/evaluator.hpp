// The evaluator: walks a policy's expression graph for one claim, each node
// through its operator's evaluate function (operators.cpp) but for the
// literals and references it reads itself (value_of). Values are known,
// unknown (a field the buyer must give: it goes to `missing`) or none (an
// event that has not happened). Judging and writing the result are in
// evaluate.cpp.
#pragma once
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "assurecalc.hpp"
#include "policy.hpp"
#include "json_out.hpp"

namespace assurecalc {
namespace eval {

constexpr int64_t kMaxAmount = (int64_t(1) << 53) - 1;
// Dates stay within years 0001..9999 whatever a policy adds.
constexpr Day kMinDay = -719162, kMaxDay = 2932896;

// What is known of a value: `none`, an event that has not happened; `known`;
// `unknown`, a field the buyer must give (it goes to `missing`).
enum class State : uint8_t { none, known, unknown };

// The value of an expression: a day, an amount or a condition in `i`, a text in `s`.
struct ExprValue {
  State state = State::none;
  int64_t i = 0;
  std::string_view s;
};

// Values as the evaluator and the operators make them.
inline ExprValue known(int64_t i, std::string_view s = {}) {
  ExprValue v;
  v.state = State::known;
  v.i = i;
  v.s = s;
  return v;
}
inline ExprValue unknown() {
  ExprValue v;
  v.state = State::unknown;
  return v;
}
inline ExprValue none() { return ExprValue(); }

// A piece of the arena.
struct Span {
  uint32_t off = 0, len = 0;
};
// A text: static (p) or in the arena (span).
struct Ref {
  const char* p = nullptr;
  Span s;
};

// A reason or warning: code, rule and params (a JSON object), the params
// either fixed by the policy or written into the arena.
struct Coded {
  const char* code;
  int rule;
  const std::string* fixed = nullptr;
  Span params;
};

// A date a policy's named value came to.
struct DerivedDate {
  size_t derived;  // index into Policy::derived
  Day value;
};

struct Basis {
  int rule;
  const std::string* name;
  int64_t amount;
  Span params;
};

struct CapResult {
  const Cap* cap;
  ExprValue v;
  Span params;
};

struct DerivedCache {
  bool done = false;
  ExprValue v;
  std::vector<Ref> missing;
  std::vector<Coded> pend;
};

enum Status { open, not_yet_open, closed, not_covered, needs_info };

struct TimelineItem {
  int64_t at;
  const char* event;
  const char* suffix;  // appended to event, or null
  int rule;            // -1: contract/event/input
  const char* source;  // when rule < 0
};

inline void quoted_date(Buf& out, Day d) {
  char* b = out.extend(kDateLen + 2);
  b[0] = '"';
  std::memcpy(b + 1, date_text(d), kDateLen);
  b[kDateLen + 1] = '"';
}

// An instant with the zone's offset in force then (zone.hpp's
// append_instant), written through date_text().
template <class Out>
void append_instant_fast(Out& out, int64_t sec, const Zone& z) {
  char b[kInstantLen];
  put_instant_fast(b, sec, z.offset_at(sec));
  out.append(b, kInstantLen);
}

// Policy ids and names are plain (checked when the policy loads): no escaping.
inline void quoted(Buf& out, const std::string& plain) {
  out += '"';
  out += plain;
  out += '"';
}

class Evaluator {
 public:
  const Policy* p = nullptr;
  const Policy* first = nullptr;  // the program's first version (ORDER_BEFORE_PROGRAM cites it)
  const Claim* c = nullptr;
  Zone zone;  // the program's
  Buf arena;
  std::vector<Ref> missing;
  std::vector<Coded> pend;
  // Dates the policy derived, in the order they were first computed (the
  // result's trace shows them).
  std::vector<DerivedDate> derived_dates;
  std::string scratch;
  std::vector<DerivedCache> dcache;
  int current_rule = -1;
  // A missing date judged at one end of its range (evaluate.cpp): not a
  // fact of the claim, so params never quote it.
  Field assumed = Field::count;

  // Payment analysis, once per claim.
  bool pay_done = false, pay_absent = false;
  std::vector<Ref> pay_unknown;  // fields a countable payment lacks
  int64_t pay_total = 0;
  std::vector<int> pay_covered;
  std::vector<Coded> pay_excluded;
  bool cover_hit = false;       // a covered_payments node was evaluated
  std::vector<int> cover_used;  // the payments it counted

  void reset(const Policy* policy, const Claim* claim, const Zone& program_zone) {
    p = policy;
    c = claim;
    zone = program_zone;
    arena.clear();
    missing.clear();
    pend.clear();
    derived_dates.clear();
    dcache.resize(p ? p->derived.size() : 0);
    for (DerivedCache& d : dcache) {
      d.done = false;
      d.missing.clear();
      d.pend.clear();
    }
    pay_done = pay_absent = false;
    pay_unknown.clear();
    pay_total = 0;
    pay_covered.clear();
    pay_excluded.clear();
  }

  size_t mark() const { return arena.size(); }
  Span since(size_t m) const { return Span{uint32_t(m), uint32_t(arena.size() - m)}; }
  std::string_view view(Span s) const { return arena.view().substr(s.off, s.len); }
  std::string_view view(const Ref& r) const { return r.p ? std::string_view(r.p) : view(r.s); }
  std::string_view params(const Coded& x) const { return x.fixed ? std::string_view(*x.fixed) : view(x.params); }

  ExprValue eval(int node) {
    const size_t m = missing.size();
    const ExprValue v = value_of(p->nodes[size_t(node)]);
    if (v.state != State::unknown)
      missing.resize(m);
    return v;
  }

  // Numbers, claim fields and derived values, most of the nodes, are read
  // here as their rows in operators.cpp read them; every other node goes
  // through its operator's evaluate function. (Sending every node through
  // the call made the wasm build about 4% slower per claim.)
  ExprValue value_of(const Node& n) {
    switch (n.op) {
      case Op::lit_int:
      case Op::lit_bool:
      case Op::lit_date:
        return known(n.number);
      case Op::field:
        return field(n.field);
      case Op::derived:
        return derived(size_t(n.number));
      default:
        return n.evaluate(*this, n);
    }
  }

  ExprValue field(Field f) {
    const Value& val = (*c)[f];
    const FieldSpec& spec = field_spec(f);
    if (val.set)
      return known(val.i, val.s);
    if (spec.needed) {
      missing.push_back(Ref{spec.pointer, {}});
      return unknown();
    }
    if (spec.type == FieldType::boolean)
      return known(0);  // an absent flag is false
    return none();
  }

  ExprValue derived(size_t d) {
    DerivedCache& dc = dcache[d];
    if (!dc.done) {
      const Derived& def = p->derived[d];
      const size_t m0 = missing.size(), p0 = pend.size();
      const int saved = current_rule;
      current_rule = def.rule;
      dc.v = eval(def.expr);
      current_rule = saved;
      if (dc.v.state == State::known && !def.ambiguous.empty())
        pend.push_back(Coded{"RULE_AMBIGUOUS", def.rule, &def.ambiguous_json, {}});
      dc.missing.assign(missing.begin() + long(m0), missing.end());
      dc.pend.assign(pend.begin() + long(p0), pend.end());
      dc.done = true;
      if (dc.v.state == State::known && p->nodes[size_t(def.expr)].type == ValueType::date)
        derived_dates.push_back(DerivedDate{d, Day(dc.v.i)});
      return dc.v;
    }
    missing.insert(missing.end(), dc.missing.begin(), dc.missing.end());
    pend.insert(pend.end(), dc.pend.begin(), dc.pend.end());
    return dc.v;
  }

  Ref payment_path(size_t i, const char* leaf) {
    const size_t m = mark();
    arena += "/payments/";
    json_int(arena, int64_t(i));
    arena += leaf;
    return Ref{nullptr, since(m)};
  }

  void analyse_payments() {
    if (pay_done)
      return;
    pay_done = true;
    if (!c->has_payments) {
      pay_absent = true;
      return;
    }
    for (size_t i = 0; i < c->payments.size(); ++i) {
      const Payment& py = c->payments[i];
      bool excluded = false;
      if (py.method.set && !p->method_covered[py.method.i]) {
        const size_t m = mark();
        arena += "{\"payment\":";
        json_int(arena, int64_t(i));
        arena += ",\"method\":\"";
        arena += method_name(Method(py.method.i));
        arena += "\"}";
        pay_excluded.push_back(Coded{"PAYMENT_METHOD_NOT_COVERED", p->payment_rule, nullptr, since(m)});
        excluded = true;
      }
      if (py.to.set && py.to.s != p->paid_to) {
        const size_t m = mark();
        arena += "{\"payment\":";
        json_int(arena, int64_t(i));
        arena += ",\"to\":";
        json_string(arena, py.to.s);
        arena += '}';
        pay_excluded.push_back(Coded{"PAID_OFF_PLATFORM", p->payment_rule, nullptr, since(m)});
        excluded = true;
      }
      if (excluded)
        continue;
      bool countable = true;
      if (!py.method.set)
        pay_unknown.push_back(payment_path(i, "/method")), countable = false;
      if (!py.to.set)
        pay_unknown.push_back(payment_path(i, "/to")), countable = false;
      if (!py.amount.set)
        pay_unknown.push_back(payment_path(i, "/amount")), countable = false;
      if (!countable)
        continue;
      pay_covered.push_back(int(i));
      pay_total = std::min(kMaxAmount, pay_total + py.amount.i);
    }
  }

  // Covered payments; `earliest_day` keeps only those on the first day a
  // non-zero covered payment was made (the 2015 "initial payment").
  ExprValue covered_payments(bool earliest_day) {
    analyse_payments();
    cover_hit = true;
    cover_used.clear();
    if (pay_absent) {
      missing.push_back(Ref{"/payments", {}});
      return unknown();
    }
    if (!pay_unknown.empty()) {
      missing.insert(missing.end(), pay_unknown.begin(), pay_unknown.end());
      return unknown();
    }
    if (!earliest_day) {
      cover_used = pay_covered;
      return known(pay_total);
    }
    const ExprValue day = first_covered_payment_day();
    if (day.state == State::unknown)
      return day;
    const bool have = day.state == State::known;
    const Day first = Day(day.i);
    int64_t sum = 0;
    for (int i : pay_covered) {
      const Payment& py = c->payments[size_t(i)];
      if (have && py.amount.i > 0 && py.on.i == first) {
        sum += py.amount.i;
        cover_used.push_back(i);
      }
    }
    return known(std::min(sum, kMaxAmount));
  }

  // The day of the first covered payment of more than zero (PayPal counts
  // its window from it); none without one.
  ExprValue first_covered_payment_day() {
    analyse_payments();
    if (pay_absent) {
      missing.push_back(Ref{"/payments", {}});
      return unknown();
    }
    if (!pay_unknown.empty()) {
      missing.insert(missing.end(), pay_unknown.begin(), pay_unknown.end());
      return unknown();
    }
    bool have = false, any_unknown = false;
    Day first = 0;
    for (int i : pay_covered) {
      const Payment& py = c->payments[size_t(i)];
      if (py.amount.i == 0)
        continue;
      if (!py.on.set) {
        missing.push_back(payment_path(size_t(i), "/on"));
        any_unknown = true;
        continue;
      }
      if (!have || py.on.i < first)
        first = Day(py.on.i);
      have = true;
    }
    if (any_unknown)
      return unknown();
    return have ? known(first) : none();
  }

  // Params quoting the fields a gate or warning looked at, plus a note.
  Span shown_params(const std::vector<Field>& fields, const std::string* note = nullptr) {
    const size_t m = mark();
    arena += '{';
    bool first = true;
    for (Field f : fields) {
      const Value& v = (*c)[f];
      if (!v.set || f == assumed)
        continue;
      json_key(arena, field_spec(f).dotted, first);
      switch (field_spec(f).type) {
        case FieldType::date:
          quoted_date(arena, Day(v.i));
          break;
        case FieldType::amount:
        case FieldType::count:
          json_int(arena, v.i);
          break;
        case FieldType::boolean:
          arena += v.i ? "true" : "false";
          break;
        default:
          json_string(arena, v.s);
      }
    }
    if (note && !note->empty()) {
      json_key(arena, "note", first);
      json_string(arena, *note);
    }
    arena += '}';
    return since(m);
  }

  // A gate adds its reason when it fails, its missing fields when it cannot
  // be judged.
  void check_gate(const Gate& g, std::vector<Coded>& reasons) {
    current_rule = g.rule;
    for (Field f : g.needs)
      field(f);
    bool fails = false, judged = true;
    if (g.when >= 0) {
      const ExprValue v = eval(g.when);
      if (v.state == State::unknown)
        judged = false;
      fails = v.state == State::known && v.i;
    }
    if (g.unless >= 0 && !fails) {
      const ExprValue v = eval(g.unless);
      if (v.state == State::unknown)
        judged = false;
      fails = judged && v.state == State::known && !v.i;
    }
    if (fails)
      reasons.push_back(Coded{g.reason.c_str(), g.rule, nullptr, shown_params(g.shown)});
  }

  // Evaluates caps into `out`; false when one of them is unknown.
  bool eval_caps(const std::vector<Cap>& caps, std::vector<CapResult>& out) {
    bool all_known = true;
    for (const Cap& cap : caps) {
      current_rule = cap.rule;
      cover_hit = false;
      const ExprValue v = eval(cap.expr);
      if (v.state == State::unknown) {
        all_known = false;
        continue;
      }
      if (v.state == State::none)
        continue;
      Span prm;
      if (cover_hit) {
        // The payments cap says which payments it counted and which it left out.
        const size_t m = mark();
        arena += "{\"payments\":[";
        for (size_t u = 0; u < cover_used.size(); ++u) {
          if (u)
            arena += ',';
          json_int(arena, cover_used[u]);
        }
        arena += "],\"excluded\":[";
        for (size_t e = 0; e < pay_excluded.size(); ++e) {
          if (e)
            arena += ',';
          arena += "{\"code\":\"";
          arena += pay_excluded[e].code;
          arena += "\",";
          arena += view(pay_excluded[e].params).substr(1);
        }
        arena += "]}";
        prm = since(m);
        for (int u : cover_used) {
          const Method meth = Method(c->payments[size_t(u)].method.i);
          if (!p->method_ambiguous[int(meth)].empty())
            pend.push_back(Coded{"RULE_AMBIGUOUS", p->payment_rule, &p->method_ambiguous_json[int(meth)], {}});
        }
      }
      if (!cap.ambiguous.empty())
        pend.push_back(Coded{"RULE_AMBIGUOUS", cap.rule, &cap.ambiguous_json, {}});
      out.push_back(CapResult{&cap, v, prm});
    }
    return all_known;
  }
};

}  // namespace eval
}  // namespace assurecalc
