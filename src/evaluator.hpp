// The evaluator: walks a policy's expression graph for one claim. Values
// are known, unknown (a field the buyer must give: it goes to `missing`) or
// none (an event that has not happened). Judging and writing the result are
// in evaluate.cpp.
#pragma once
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "assurecalc.hpp"
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

inline const char* const kDisputeNames[] = {"supplier_response_due", "escalation_opens", "auto_escalation_on",
                                            "refund_starts_by"};

struct TimelineItem {
  int64_t at;
  const char* event;
  const char* suffix;  // appended to event, or null
  int rule;            // -1: contract/event/input
  const char* source;  // when rule < 0
};

inline void quoted_date(Buf& out, Day d) {
  out += '"';
  append_date(out, d);
  out += '"';
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
  int off = 0;
  Buf arena;
  std::vector<Ref> missing;
  std::vector<Coded> pend;
  // Dates the policy derived, in the order they were first computed (the
  // result's trace shows them).
  std::vector<DerivedDate> derived_dates;
  std::string scratch;
  std::vector<DerivedCache> dcache;
  int current_rule = -1;

  // Payment analysis, once per claim.
  bool pay_done = false, pay_absent = false;
  std::vector<Ref> pay_unknown;  // fields a countable payment lacks
  int64_t pay_total = 0;
  std::vector<int> pay_covered;
  std::vector<Coded> pay_excluded;
  bool cover_hit = false;       // a covered_payments node was evaluated
  std::vector<int> cover_used;  // the payments it counted

  void reset(const Policy* policy, const Claim* claim, int offset) {
    p = policy;
    c = claim;
    off = offset;
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
    ExprValue v = eval_inner(p->nodes[size_t(node)]);
    if (v.state != State::unknown)
      missing.resize(m);
    return v;
  }

  static ExprValue known(int64_t i, std::string_view s = {}) {
    ExprValue v;
    v.state = State::known;
    v.i = i;
    v.s = s;
    return v;
  }
  static ExprValue unknown() {
    ExprValue v;
    v.state = State::unknown;
    return v;
  }

  ExprValue field(F f) {
    const Value& val = (*c)[f];
    const FieldSpec& spec = field_spec(f);
    if (val.set)
      return known(val.i, val.s);
    if (spec.needed) {
      missing.push_back(Ref{spec.pointer, {}});
      return unknown();
    }
    if (spec.type == VT::boolean)
      return known(0);  // an absent flag is false
    return ExprValue();
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

  static ExprValue clamp_day(int64_t d) {
    if (d < kMinDay || d > kMaxDay)
      return ExprValue();
    return known(d);
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
    bool any_unknown = false, have = false;
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

  ExprValue eval_inner(const Node& n) {
    switch (n.op) {
      case Op::lit_int:
      case Op::lit_bool:
      case Op::lit_date:
        return known(n.number);
      case Op::lit_text:
        return known(0, n.texts[0]);
      case Op::field:
        return field(n.field);
      case Op::derived:
        return derived(size_t(n.number));
      case Op::add_days: {
        const ExprValue to = eval(n.kids[0]);
        if (to.state != State::known)
          return to;
        const ExprValue k = eval(n.extra);
        if (k.state != State::known)
          return k;
        return clamp_day(to.i + k.i);
      }
      case Op::add_business_days: {
        const ExprValue to = eval(n.kids[0]);
        if (to.state != State::known)
          return to;
        if (to.i + n.number * 2 > kMaxDay)
          return ExprValue();
        bool outside = false;
        const Day d = p->calendar->add_business_days(Day(to.i), int(n.number), outside);
        if (outside)
          pend.push_back(Coded{"CALENDAR_NOT_COVERED", current_rule, &p->calendar_params, {}});
        return known(d);
      }
      case Op::earliest:
      case Op::latest: {
        ExprValue best;
        bool unk = false;
        for (int k : n.kids) {
          const ExprValue v = eval(k);
          if (v.state == State::unknown)
            unk = true;
          if (v.state != State::known)
            continue;
          if (best.state != State::known || (n.op == Op::earliest ? v.i < best.i : v.i > best.i))
            best = v;
        }
        return unk ? unknown() : best;
      }
      case Op::coalesce:
        for (int k : n.kids) {
          const ExprValue v = eval(k);
          if (v.state != State::none)
            return v;
        }
        return ExprValue();
      case Op::switch_: {
        const ExprValue key = eval(n.kids[0]);
        if (key.state == State::unknown)
          return key;
        if (key.state == State::known)
          for (size_t i = 0; i < n.texts.size(); ++i)
            if (key.s == n.texts[i])
              return eval(n.kids[i + 1]);
        return n.extra >= 0 ? eval(n.extra) : ExprValue();
      }
      case Op::before:
      case Op::on_or_before:
      case Op::after:
      case Op::on_or_after: {
        const ExprValue a = eval(n.kids[0]);
        const ExprValue b = eval(n.kids[1]);
        if (a.state == State::none || b.state == State::none)
          return known(0);  // an event that has not happened
        if (a.state == State::unknown || b.state == State::unknown)
          return unknown();
        const bool r = n.op == Op::before         ? a.i < b.i
                       : n.op == Op::on_or_before ? a.i <= b.i
                       : n.op == Op::after        ? a.i > b.i
                                                  : a.i >= b.i;
        return known(r);
      }
      case Op::eq: {
        const ExprValue a = eval(n.kids[0]);
        const ExprValue b = eval(n.kids[1]);
        if (a.state == State::none || b.state == State::none)
          return known(0);
        if (a.state == State::unknown || b.state == State::unknown)
          return unknown();
        const bool text = p->nodes[size_t(n.kids[0])].type == ValueType::text;
        return known(text ? a.s == b.s : a.i == b.i);
      }
      case Op::one_of: {
        const ExprValue a = eval(n.kids[0]);
        if (a.state != State::known)
          return a.state == State::none ? known(0) : a;
        for (const std::string& s : n.texts)
          if (a.s == s)
            return known(1);
        return known(0);
      }
      case Op::known: {
        const size_t m = missing.size();
        const ExprValue a = eval(n.kids[0]);
        missing.resize(m);
        return known(a.state == State::known);
      }
      case Op::not_: {
        const ExprValue a = eval(n.kids[0]);
        if (a.state == State::unknown)
          return a;
        return known(a.state == State::none || a.i == 0);
      }
      case Op::all:
      case Op::any: {
        const bool decides = n.op == Op::any;  // the value that settles it
        bool unk = false;
        for (int k : n.kids) {
          const ExprValue v = eval(k);
          if (v.state == State::unknown) {
            unk = true;
            continue;
          }
          if ((v.state == State::known && v.i != 0) == decides)
            return known(decides);
        }
        return unk ? unknown() : known(!decides);
      }
      case Op::need: {
        const ExprValue v = eval(n.kids[0]);
        if (v.state != State::none)
          return v;
        if (n.extra >= 0) {
          const ExprValue w = eval(n.extra);
          if (w.state == State::unknown)
            return w;
          if (w.i == 0)
            return v;
        }
        missing.push_back(Ref{n.texts[0].c_str(), {}});
        return unknown();
      }
      case Op::percent: {
        const ExprValue of = eval(n.kids[0]);
        if (of.state != State::known)
          return of;
        return known(int64_t((__int128)of.i * n.number / 10000));
      }
      case Op::money: {
        const Value& cur = (*c)[F::order_currency];
        if (cur.s == "USD")
          return known(n.number * 100);
        const Value& rate = (*c)[F::fx_usd_per_unit];
        if (!rate.set) {
          missing.push_back(Ref{field_spec(F::fx_usd_per_unit).pointer, {}});
          return unknown();
        }
        // floor(usd / (mantissa / 10^scale) * 10^exponent), exactly.
        __int128 num = n.number;
        for (int e = 0; e < c->currency_exponent + rate.scale; ++e)
          num *= 10;
        const __int128 q = num / rate.i;
        const size_t m = mark();
        arena += "{\"usd\":";
        json_int(arena, n.number);
        arena += ",\"usd_per_unit\":";
        std::string r = std::to_string(rate.i);
        if (rate.scale > 0) {
          if (r.size() <= size_t(rate.scale))
            r.insert(0, size_t(rate.scale) + 1 - r.size(), '0');
          r.insert(r.size() - size_t(rate.scale), ".");
        }
        arena += r;
        arena += '}';
        pend.push_back(Coded{"ESTIMATED_AMOUNT", current_rule, nullptr, since(m)});
        return known(q > kMaxAmount ? kMaxAmount : int64_t(q));
      }
      case Op::covered_payments:
        return covered_payments(n.number != 0);
      case Op::missing_units_value: {
        if (!c->has_lines)
          return ExprValue();
        if (!c->has_missing_units) {
          missing.push_back(Ref{"/issue/missing_units", {}});
          return unknown();
        }
        __int128 sum = 0;
        bool unk = false;
        for (const MissingUnits& mu : c->missing_units) {
          const Line& l = c->lines[mu.line];
          if (!l.has_unit_price) {
            const size_t m = mark();
            arena += "/order/lines/";
            json_int(arena, int64_t(mu.line));
            arena += "/unit_price";
            missing.push_back(Ref{nullptr, since(m)});
            unk = true;
            continue;
          }
          sum += (__int128)mu.units * l.unit_price;
        }
        if (unk)
          return unknown();
        return known(sum > kMaxAmount ? kMaxAmount : int64_t(sum));
      }
    }
    return ExprValue();
  }

  // Params quoting the fields a gate or warning looked at, plus a note.
  Span shown_params(const std::vector<F>& fields, const std::string* note = nullptr) {
    const size_t m = mark();
    arena += '{';
    bool first = true;
    for (F f : fields) {
      const Value& v = (*c)[f];
      if (!v.set)
        continue;
      json_key(arena, field_spec(f).dotted, first);
      switch (field_spec(f).type) {
        case VT::date:
          quoted_date(arena, Day(v.i));
          break;
        case VT::amount:
          json_int(arena, v.i);
          break;
        case VT::boolean:
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
    for (F f : g.needs)
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
