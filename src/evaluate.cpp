#include <algorithm>
#include <cstring>

#include "assurecalc.hpp"
#include "json_out.hpp"

namespace assurecalc {

const char* version() { return "0.1.0"; }

namespace {

constexpr int64_t kMaxAmount = (int64_t(1) << 53) - 1;
// Dates stay within years 0001..9999 whatever a policy adds.
constexpr Day kMinDay = -719162, kMaxDay = 2932896;

enum St : uint8_t { NONE, KNOWN, UNKNOWN };
struct V {
  St st = NONE;
  int64_t i = 0;
  const std::string* s = nullptr;
};

struct Pend {
  const char* code;
  int rule;            // -1: none
  std::string params;  // a JSON object
};

struct ReasonOut {
  const char* code;
  int rule;
  std::string params;
};

struct Basis {
  int rule;
  const std::string* name;
  int64_t amount;
  std::string params;
};

struct DCache {
  bool done = false;
  V v;
  std::vector<std::string> missing;
  std::vector<Pend> pend;
};

struct PayInfo {
  bool done = false;
  bool absent = false;
  std::vector<std::string> unknown;  // paths of fields a countable payment lacks
  int64_t total = 0;
  std::vector<int> covered;
  std::vector<ReasonOut> excluded;
};

void append_day(std::string& out, Day d) { append_date(out, d); }

std::string note_params(const std::string& note) {
  std::string p = "{\"note\":";
  json_string(p, note);
  p += '}';
  return p;
}

class Evaluator {
 public:
  const Policy* p = nullptr;
  const Claim* c = nullptr;
  std::vector<std::string> missing;
  std::vector<Pend> pend;
  std::string trace;  // the body of the result's trace array, JSON strings
  std::string scratch;
  void trace_line(const std::string& t) {
    if (!trace.empty()) trace += ',';
    json_string(trace, t);
  }
  std::vector<DCache> dcache;
  PayInfo pay;
  int current_rule = -1;
  bool cover_hit = false;        // a covered_payments node was evaluated
  std::vector<int> cover_used;   // the payments it counted

  void reset(const Policy* policy, const Claim* claim) {
    p = policy;
    c = claim;
    missing.clear();
    pend.clear();
    trace.clear();
    dcache.resize(p ? p->derived.size() : 0);
    for (DCache& d : dcache) {
      d.done = false;
      d.missing.clear();
      d.pend.clear();
    }
    pay.done = pay.absent = false;
    pay.unknown.clear();
    pay.total = 0;
    pay.covered.clear();
    pay.excluded.clear();
  }

  void need_path(const std::string& path) { missing.push_back(path); }

  V eval(int node) {
    const size_t mark = missing.size();
    V v = eval_inner(p->nodes[node]);
    if (v.st != UNKNOWN) missing.resize(mark);
    return v;
  }

  static V known(int64_t i, const std::string* s = nullptr) {
    V v;
    v.st = KNOWN;
    v.i = i;
    v.s = s;
    return v;
  }
  static V unknown() {
    V v;
    v.st = UNKNOWN;
    return v;
  }

  V field(F f) {
    const Value& val = (*c)[f];
    const FieldSpec& spec = field_spec(f);
    if (val.set) return known(val.i, &val.s);
    if (spec.needed) {
      missing.emplace_back(spec.pointer);
      return unknown();
    }
    if (spec.type == VT::boolean) return known(0);  // an absent flag is false
    return V();
  }

  V derived(size_t d) {
    DCache& dc = dcache[d];
    if (!dc.done) {
      const size_t m0 = missing.size(), p0 = pend.size();
      const int saved = current_rule;
      current_rule = p->derived[d].rule;
      dc.v = eval(p->derived[d].expr);
      current_rule = saved;
      if (dc.v.st == KNOWN && !p->derived[d].ambiguous.empty())
        pend.push_back(Pend{"RULE_AMBIGUOUS", p->derived[d].rule, note_params(p->derived[d].ambiguous)});
      dc.missing.assign(missing.begin() + long(m0), missing.end());
      dc.pend.assign(pend.begin() + long(p0), pend.end());
      dc.done = true;
      if (dc.v.st == KNOWN && p->nodes[p->derived[d].expr].type == T::date) {
        std::string& t = scratch;
        t.assign(p->derived[d].name);
        t += " = ";
        append_day(t, Day(dc.v.i));
        t += " (";
        t += p->rules[size_t(p->derived[d].rule)].id;
        t += ')';
        trace_line(t);
      }
      return dc.v;
    }
    missing.insert(missing.end(), dc.missing.begin(), dc.missing.end());
    pend.insert(pend.end(), dc.pend.begin(), dc.pend.end());
    return dc.v;
  }

  static V clamp_day(int64_t d) {
    if (d < kMinDay || d > kMaxDay) return V();
    return known(d);
  }

  void analyse_payments() {
    if (pay.done) return;
    pay.done = true;
    if (!c->has_payments) {
      pay.absent = true;
      return;
    }
    for (size_t i = 0; i < c->payments.size(); ++i) {
      const Payment& py = c->payments[i];
      bool excluded = false;
      if (py.method.set && !p->method_covered[py.method.i]) {
        std::string prm = "{\"payment\":" + std::to_string(i) + ",\"method\":";
        json_string(prm, method_name(Method(py.method.i)));
        prm += '}';
        pay.excluded.push_back(ReasonOut{"PAYMENT_METHOD_NOT_COVERED", p->payment_rule, std::move(prm)});
        excluded = true;
      }
      if (py.to.set && py.to.s != p->paid_to) {
        std::string prm = "{\"payment\":" + std::to_string(i) + ",\"to\":";
        json_string(prm, py.to.s);
        prm += '}';
        pay.excluded.push_back(ReasonOut{"PAID_OFF_PLATFORM", p->payment_rule, std::move(prm)});
        excluded = true;
      }
      if (excluded) continue;
      const std::string base = "/payments/" + std::to_string(i);
      bool countable = true;
      if (!py.method.set) pay.unknown.push_back(base + "/method"), countable = false;
      if (!py.to.set) pay.unknown.push_back(base + "/to"), countable = false;
      if (!py.amount.set) pay.unknown.push_back(base + "/amount"), countable = false;
      if (!countable) continue;
      pay.covered.push_back(int(i));
      pay.total = std::min(kMaxAmount, pay.total + py.amount.i);
    }
  }

  // Covered payments; `earliest_day` keeps only those on the first day a
  // non-zero covered payment was made (the 2015 "initial payment").
  V covered_payments(bool earliest_day) {
    analyse_payments();
    cover_hit = true;
    cover_used.clear();
    std::vector<int>* used = &cover_used;
    if (pay.absent) {
      missing.emplace_back("/payments");
      return unknown();
    }
    if (!pay.unknown.empty()) {
      missing.insert(missing.end(), pay.unknown.begin(), pay.unknown.end());
      return unknown();
    }
    if (!earliest_day) {
      if (used) *used = pay.covered;
      return known(pay.total);
    }
    bool any_unknown = false, have = false;
    Day first = 0;
    for (int i : pay.covered) {
      const Payment& py = c->payments[size_t(i)];
      if (py.amount.i == 0) continue;
      if (!py.on.set) {
        missing.push_back("/payments/" + std::to_string(i) + "/on");
        any_unknown = true;
        continue;
      }
      if (!have || py.on.i < first) first = Day(py.on.i);
      have = true;
    }
    if (any_unknown) return unknown();
    int64_t sum = 0;
    for (int i : pay.covered) {
      const Payment& py = c->payments[size_t(i)];
      if (have && py.amount.i > 0 && py.on.i == first) {
        sum += py.amount.i;
        if (used) used->push_back(i);
      }
    }
    return known(std::min(sum, kMaxAmount));
  }

  V eval_inner(const Node& n) {
    switch (n.op) {
      case Op::lit_int:
      case Op::lit_bool:
      case Op::lit_date: return known(n.n);
      case Op::lit_text: return known(0, &n.s[0]);
      case Op::field: return field(n.field);
      case Op::derived: return derived(size_t(n.n));
      case Op::add_days: {
        const V to = eval(n.kids[0]);
        if (to.st != KNOWN) return to;
        const V k = eval(n.extra);
        if (k.st != KNOWN) return k;
        return clamp_day(to.i + k.i);
      }
      case Op::add_business_days: {
        const V to = eval(n.kids[0]);
        if (to.st != KNOWN) return to;
        if (to.i + n.n * 2 > kMaxDay) return V();
        bool outside = false;
        const Day d = p->calendar->add_business_days(Day(to.i), int(n.n), outside);
        if (outside) {
          const Calendar& cal = *p->calendar;
          std::string prm = "{\"calendar\":";
          json_string(prm, cal.id);
          prm += ",\"years\":\"" + std::to_string(cal.first_year) + "-" + std::to_string(cal.last_year) + "\"}";
          pend.push_back(Pend{"CALENDAR_NOT_COVERED", current_rule, std::move(prm)});
        }
        return known(d);
      }
      case Op::earliest:
      case Op::latest: {
        V best;
        bool unk = false;
        for (int k : n.kids) {
          const V v = eval(k);
          if (v.st == UNKNOWN) unk = true;
          if (v.st != KNOWN) continue;
          if (best.st != KNOWN || (n.op == Op::earliest ? v.i < best.i : v.i > best.i)) best = v;
        }
        return unk ? unknown() : best;
      }
      case Op::coalesce:
        for (int k : n.kids) {
          const V v = eval(k);
          if (v.st != NONE) return v;
        }
        return V();
      case Op::switch_: {
        const V key = eval(n.kids[0]);
        if (key.st == UNKNOWN) return key;
        if (key.st == KNOWN)
          for (size_t i = 0; i < n.s.size(); ++i)
            if (*key.s == n.s[i]) return eval(n.kids[i + 1]);
        return n.extra >= 0 ? eval(n.extra) : V();
      }
      case Op::before:
      case Op::on_or_before:
      case Op::after:
      case Op::on_or_after: {
        const V a = eval(n.kids[0]);
        const V b = eval(n.kids[1]);
        if (a.st == NONE || b.st == NONE) return known(0);  // an event that has not happened
        if (a.st == UNKNOWN || b.st == UNKNOWN) return unknown();
        bool r = n.op == Op::before         ? a.i < b.i
                 : n.op == Op::on_or_before ? a.i <= b.i
                 : n.op == Op::after        ? a.i > b.i
                                            : a.i >= b.i;
        return known(r);
      }
      case Op::eq: {
        const V a = eval(n.kids[0]);
        const V b = eval(n.kids[1]);
        if (a.st == NONE || b.st == NONE) return known(0);
        if (a.st == UNKNOWN || b.st == UNKNOWN) return unknown();
        const bool text = p->nodes[n.kids[0]].type == T::text;
        return known(text ? *a.s == *b.s : a.i == b.i);
      }
      case Op::one_of: {
        const V a = eval(n.kids[0]);
        if (a.st != KNOWN) return a.st == NONE ? known(0) : a;
        for (const std::string& s : n.s)
          if (*a.s == s) return known(1);
        return known(0);
      }
      case Op::known: {
        const size_t mark = missing.size();
        const V a = eval(n.kids[0]);
        missing.resize(mark);
        return known(a.st == KNOWN);
      }
      case Op::not_: {
        const V a = eval(n.kids[0]);
        if (a.st == UNKNOWN) return a;
        return known(a.st == NONE || a.i == 0);
      }
      case Op::all:
      case Op::any: {
        const bool want = n.op == Op::any;  // the value that decides
        bool unk = false;
        for (int k : n.kids) {
          const V v = eval(k);
          if (v.st == UNKNOWN) {
            unk = true;
            continue;
          }
          if ((v.st == KNOWN && v.i != 0) == want) return known(want);
        }
        return unk ? unknown() : known(!want);
      }
      case Op::need: {
        const V v = eval(n.kids[0]);
        if (v.st != NONE) return v;
        if (n.extra >= 0) {
          const V w = eval(n.extra);
          if (w.st == UNKNOWN) return w;
          if (w.i == 0) return v;
        }
        missing.push_back(n.s[0]);
        return unknown();
      }
      case Op::percent: {
        const V of = eval(n.kids[0]);
        if (of.st != KNOWN) return of;
        return known(int64_t((__int128)of.i * n.n / 10000));
      }
      case Op::money: {
        const Value& cur = (*c)[F::order_currency];
        if (cur.s == "USD") return known(n.n * 100);
        const Value& rate = (*c)[F::fx_usd_per_unit];
        if (!rate.set) {
          missing.emplace_back("/fx/usd_per_unit");
          return unknown();
        }
        __int128 num = n.n;
        for (int e = 0; e < c->currency_exponent + rate.scale; ++e) num *= 10;
        const __int128 q = num / rate.i;
        std::string prm = "{\"usd\":" + std::to_string(n.n) + ",\"usd_per_unit\":";
        std::string r = std::to_string(rate.i);
        if (rate.scale > 0) {
          if (r.size() <= size_t(rate.scale)) r.insert(0, size_t(rate.scale) + 1 - r.size(), '0');
          r.insert(r.size() - size_t(rate.scale), ".");
        }
        prm += r + "}";
        pend.push_back(Pend{"ESTIMATED_AMOUNT", current_rule, std::move(prm)});
        return known(q > kMaxAmount ? kMaxAmount : int64_t(q));
      }
      case Op::covered_payments: return covered_payments(n.n != 0);
      case Op::missing_units_value: {
        if (!c->has_lines) return V();
        if (!c->has_missing_units) {
          missing.emplace_back("/issue/missing_units");
          return unknown();
        }
        __int128 sum = 0;
        for (const MissingUnits& mu : c->missing_units) sum += (__int128)mu.units * c->lines[mu.line].unit_price;
        return known(sum > kMaxAmount ? kMaxAmount : int64_t(sum));
      }
    }
    return V();
  }

  // Params quoting the fields a gate or warning looked at.
  std::string shown_params(const std::vector<F>& fields, const char* extra_key = nullptr,
                           const std::string* extra = nullptr) {
    std::string out = "{";
    bool first = true;
    for (F f : fields) {
      const Value& v = (*c)[f];
      if (!v.set) continue;
      json_key(out, field_spec(f).dotted, first);
      switch (field_spec(f).type) {
        case VT::date: append_day_quoted(out, Day(v.i)); break;
        case VT::amount: json_int(out, v.i); break;
        case VT::boolean: out += v.i ? "true" : "false"; break;
        default: json_string(out, v.s);
      }
    }
    if (extra_key && extra && !extra->empty()) {
      json_key(out, extra_key, first);
      json_string(out, *extra);
    }
    out += '}';
    return out;
  }
  static void append_day_quoted(std::string& out, Day d) {
    out += '"';
    append_date(out, d);
    out += '"';
  }

  // A gate: adds its reason when it fails, its missing fields when it
  // cannot be judged.
  void check_gate(const Gate& g, std::vector<ReasonOut>& reasons) {
    current_rule = g.rule;
    for (F f : g.needs) field(f);
    bool fails = false, judged = true;
    if (g.when >= 0) {
      const V v = eval(g.when);
      if (v.st == UNKNOWN) judged = false;
      fails = v.st == KNOWN && v.i;
    }
    if (g.unless >= 0 && !fails) {
      const V v = eval(g.unless);
      if (v.st == UNKNOWN) judged = false;
      fails = judged && v.st == KNOWN && !v.i;
    }
    if (fails) reasons.push_back(ReasonOut{g.reason.c_str(), g.rule, shown_params(g.shown)});
  }
};

// ---------------------------------------------------------------------------

struct Output {
  std::string& o;
  const Policy* p;
  int off;

  // `"rule":"<id>"`; the rule's title and source are in programs().
  void rule_and_source(int rule) {
    if (!p || rule < 0)
      o += "\"rule\":null";
    else
      o += p->rules[size_t(rule)].json;
  }
  void rule_id(int rule) {
    if (!p || rule < 0)
      o += "null";
    else
      json_string(o, p->rules[size_t(rule)].id);
  }
  void coded(const char* code, int rule, const std::string& params) {
    o += "{\"code\":\"";
    o += code;
    o += "\",";
    rule_and_source(rule);
    o += ",\"params\":";
    o += params.empty() ? "{}" : params;
    o += '}';
  }
  void instant_start(Day d) {
    o += '"';
    append_instant(o, start_of_day(d, off), off);
    o += '"';
  }
  void instant_end(Day d) {
    o += '"';
    append_instant(o, end_of_day(d, off), off);
    o += '"';
  }
};

struct TimelineItem {
  int64_t at;
  const char* event;
  const char* suffix;  // appended to event, or null
  int rule;           // -1: contract/event/input
  const char* source; // when rule < 0
};

const char* const kStatusNames[] = {"open", "not_yet_open", "closed", "not_covered", "needs_info"};
enum Status { open, not_yet_open, closed, not_covered, needs_info };

struct Work {
  Claim claim;
  Evaluator ev;
  std::vector<ReasonOut> reasons;
  std::vector<Basis> basis;
  std::vector<TimelineItem> timeline;
  std::vector<Pend> warnings;
  std::vector<std::string> missing;
};

void write_errors(std::string& out, const std::vector<Error>& errors) {
  out += "{\"ok\":false,\"errors\":[";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i) out += ',';
    out += "{\"code\":\"";
    out += errors[i].code;
    out += "\",\"path\":";
    json_string(out, errors[i].path);
    out += ",\"message\":";
    json_string(out, errors[i].message);
    out += '}';
  }
  out += "]}";
}

void add_warning(std::vector<Pend>& ws, Pend w) {
  for (const Pend& x : ws)
    if (std::strcmp(x.code, w.code) == 0 && x.rule == w.rule && x.params == w.params) return;
  ws.push_back(std::move(w));
}

void program_object(std::string& out, const Policy* p, const std::string& program) {
  out += "\"program\":{\"id\":";
  if (!p) {
    out += "null,\"program\":";
    json_string(out, program);
    out += ",\"name\":null,\"timezone\":null,\"effective_from\":null,\"effective_to\":null}";
    return;
  }
  json_string(out, p->id);
  out += ",\"program\":";
  json_string(out, p->program);
  out += ",\"name\":";
  json_string(out, p->name);
  out += ",\"timezone\":";
  json_string(out, p->timezone);
  out += ",\"effective_from\":\"";
  append_date(out, p->effective_from);
  out += "\",\"effective_to\":";
  if (p->has_effective_to) {
    out += '"';
    append_date(out, p->effective_to);
    out += '"';
  } else {
    out += "null";
  }
  out += '}';
}

bool run(std::string_view text, std::string& out, const Registry& reg, Work& w) {
  out.clear();
  Claim& c = w.claim;
  read_claim(text, c);

  // Program and version.
  const Policy* p = nullptr;
  const Policy* first = nullptr;
  std::string program = c[F::program].set ? c[F::program].s : std::string("alibaba-ta");
  if (c.errors.empty() || c[F::program].set) {
    if (const Policy* named = reg.find_version(program)) {
      p = named;
      program = named->program;
    } else {
      bool found = false;
      for (const auto& q : reg.policies()) {
        if (q->program != program) continue;
        if (!found) first = q.get();
        found = true;
        const Day d = Day(c[F::order_created_on].i);
        if (d >= q->effective_from && (!q->has_effective_to || d < q->effective_to)) p = q.get();
      }
      if (!found) {
        std::string known;
        for (const auto& q : reg.policies()) {
          if (known.find(q->program + ",") == std::string::npos) known += q->program + ", ";
          known += q->id + ", ";
        }
        if (known.size() > 2) known.resize(known.size() - 2);
        c.errors.push_back(Error{"UNKNOWN_PROGRAM", "/program",
                                 "\"" + program.substr(0, 60) + "\" is not a known program; known: " + known + "."});
      }
    }
  }
  if (!c.errors.empty()) {
    write_errors(out, c.errors);
    return false;
  }

  const int off = p ? p->offset_min : 480;
  Output o{out, p, off};
  Evaluator& ev = w.ev;
  ev.reset(p, &c);
  w.warnings.clear();
  w.timeline.clear();
  for (const std::string& path : c.unknown_fields) {
    std::string prm = "{\"path\":";
    json_string(prm, path);
    prm += '}';
    w.warnings.push_back(Pend{"UNKNOWN_FIELD", -1, std::move(prm)});
  }
  if (p) {
    std::string t = "version " + p->id + " chosen for an order created ";
    append_date(t, Day(c[F::order_created_on].i));
    t += c[F::program].set && program != c[F::program].s ? " (named in the claim)" : " (by order.created_on)";
    ev.trace_line(t);
  } else {
    ev.trace_line("the order was created before the program's first modelled version");
  }
  const Day today = day_in_zone(c.as_of, off);

  out.reserve(4096);
  out += "{\"ok\":true,";
  program_object(out, p, program);
  out += ",\"claims\":[";

  int kinds[kKindCount];
  int nkinds = 0;
  if (c[F::issue_kind].set)
    kinds[nkinds++] = int(c[F::issue_kind].i);
  else
    for (int k = 0; k < kKindCount; ++k) kinds[nkinds++] = k;

  for (int ki = 0; ki < nkinds; ++ki) {
    const Kind kind = Kind(kinds[ki]);
    w.reasons.clear();
    w.basis.clear();
    ev.missing.clear();
    const size_t pend0 = ev.pend.size();
    V opens, closes;
    int64_t max = -1;  // -1: not known
    bool max_unknown = false;
    std::string form;
    const KindDef* kd = p ? &p->kinds[int(kind)] : nullptr;

    if (!p) {
      std::string prm = "{\"order.created_on\":\"";
      append_date(prm, Day(c[F::order_created_on].i));
      prm += "\"";
      if (first) {
        prm += ",\"program_starts\":\"";
        append_date(prm, first->effective_from);
        prm += "\"";
      }
      prm += '}';
      w.reasons.push_back(ReasonOut{first && first->effective_from > c[F::order_created_on].i ? "ORDER_BEFORE_PROGRAM"
                                                                                                : "ORDER_OUTSIDE_PROGRAM",
                                    first ? first->period_rule : -1, std::move(prm)});
    } else {
      for (const Gate& g : p->gates) ev.check_gate(g, w.reasons);
      bool covered = kd->covered;
      if (covered && kd->covered_if >= 0) {
        ev.current_rule = kd->rule;
        const V v = ev.eval(kd->covered_if);
        covered = v.st != KNOWN || v.i;
      }
      if (!covered) {
        std::string prm = "{\"kind\":\"";
        prm += kind_name(kind);
        prm += "\"}";
        w.reasons.push_back(ReasonOut{"KIND_NOT_COVERED", p->kinds_rule, std::move(prm)});
      } else {
        for (const Gate& g : kd->exclusions) ev.check_gate(g, w.reasons);
        // Payment cover: something must be covered at all.
        ev.analyse_payments();
        if (ev.pay.absent) {
          ev.missing.emplace_back("/payments");
        } else if (!ev.pay.unknown.empty()) {
          ev.missing.insert(ev.missing.end(), ev.pay.unknown.begin(), ev.pay.unknown.end());
        } else if (ev.pay.total == 0) {
          if (ev.pay.excluded.empty())
            w.reasons.push_back(ReasonOut{"NOTHING_COVERED_PAID", p->payment_rule, "{}"});
          else
            w.reasons.insert(w.reasons.end(), ev.pay.excluded.begin(), ev.pay.excluded.end());
        }
        // Caps: the policy's own, then the kind's.
        std::vector<int> used;
        bool cover_seen = false;
        for (int pass = 0; pass < 2; ++pass) {
          const std::vector<Cap>& caps = pass ? kd->caps : p->caps;
          for (const Cap& cap : caps) {
            ev.current_rule = cap.rule;
            ev.cover_hit = false;
            const V v = ev.eval(cap.expr);
            if (v.st == UNKNOWN) {
              max_unknown = true;
              continue;
            }
            if (v.st == NONE) continue;
            std::string prm;
            if (ev.cover_hit) {
              // The payments cap says which payments it counted and which it left out.
              used = ev.cover_used;
              cover_seen = true;
              prm = "{\"payments\":[";
              for (size_t u = 0; u < used.size(); ++u) {
                if (u) prm += ',';
                json_int(prm, used[u]);
              }
              prm += "],\"excluded\":[";
              for (size_t e = 0; e < ev.pay.excluded.size(); ++e) {
                if (e) prm += ',';
                prm += "{\"code\":\"";
                prm += ev.pay.excluded[e].code;
                prm += "\",";
                prm += ev.pay.excluded[e].params.substr(1);
              }
              prm += "]}";
              for (int u : used) {
                const std::string& note = p->method_ambiguous[c.payments[size_t(u)].method.i];
                if (!note.empty()) ev.pend.push_back(Pend{"RULE_AMBIGUOUS", p->payment_rule, note_params(note)});
              }
            }
            if (!cap.ambiguous.empty()) ev.pend.push_back(Pend{"RULE_AMBIGUOUS", cap.rule, note_params(cap.ambiguous)});
            w.basis.push_back(Basis{cap.rule, &cap.name, v.i, std::move(prm)});
            if (max < 0 || v.i < max) max = v.i;
          }
        }
        // Refund form: the kind's own, else by the methods of covered payments.
        if (!kd->form.empty()) {
          form = kd->form;
        } else {
          form = p->form_default;
          if (!cover_seen) used = ev.pay.covered;
          std::string all;
          bool same = !used.empty();
          for (size_t u = 0; u < used.size() && same; ++u) {
            const std::string& f = p->form_if_all[c.payments[size_t(used[u])].method.i];
            if (u == 0) all = f;
            same = !f.empty() && f == all;
          }
          if (same) form = all;
        }
      }
      if (w.reasons.empty()) {
        ev.current_rule = kd->rule;
        if (kd->opens >= 0) opens = ev.eval(kd->opens);
        if (kd->closes >= 0) closes = ev.eval(kd->closes);
      }
    }

    // Status: not_covered beats needs_info, which beats the window.
    Status st;
    ReasonOut window_reason{nullptr, -1, {}};
    if (!w.reasons.empty()) {
      st = not_covered;
      ev.pend.resize(pend0);
    } else if (!ev.missing.empty()) {
      st = needs_info;
    } else {
      const bool ho = opens.st == KNOWN, hc = closes.st == KNOWN;
      const int64_t os = ho ? start_of_day(Day(opens.i), off) : 0;
      const int64_t ce = hc ? end_of_day(Day(closes.i), off) : 0;
      const Instant ce_i{ce, 0};
      if (hc && ((ho && ce < os) || c.as_of > ce_i)) {
        st = closed;
        std::string prm = "{\"closed_at\":\"";
        append_instant(prm, ce, off);
        prm += "\"}";
        window_reason = ReasonOut{"WINDOW_CLOSED", kd->rule, std::move(prm)};
      } else if (!ho || c.as_of < Instant{os, 0}) {
        st = not_yet_open;
        std::string prm = "{\"opens_at\":";
        if (ho) {
          prm += '"';
          append_instant(prm, os, off);
          prm += '"';
        } else {
          prm += "null";
        }
        prm += '}';
        window_reason = ReasonOut{"WINDOW_NOT_OPEN", kd->rule, std::move(prm)};
      } else {
        st = open;
      }
    }
    if (window_reason.code) w.reasons.push_back(std::move(window_reason));
    for (size_t i = pend0; i < ev.pend.size(); ++i) add_warning(w.warnings, ev.pend[i]);
    ev.pend.resize(pend0);

    // Write the claim.
    if (ki) out += ',';
    out += "{\"kind\":\"";
    out += kind_name(kind);
    out += "\",\"status\":\"";
    out += kStatusNames[st];
    out += "\",\"opens_at\":";
    const bool dated = st != not_covered;
    if (dated && opens.st == KNOWN)
      o.instant_start(Day(opens.i));
    else
      out += "null";
    out += ",\"closes_at\":";
    if (dated && closes.st == KNOWN)
      o.instant_end(Day(closes.i));
    else
      out += "null";
    out += ",\"days_left\":";
    if (st == open && closes.st == KNOWN)
      json_int(out, closes.i - today);
    else
      out += "null";
    out += ",\"refund\":{\"max\":";
    if (st != not_covered && !max_unknown && max >= 0)
      json_int(out, max);
    else
      out += "null";
    out += ",\"currency\":";
    json_string(out, c[F::order_currency].s);
    out += ",\"form\":";
    if (st != not_covered && !form.empty())
      json_string(out, form);
    else
      out += "null";
    out += ",\"basis\":[";
    if (st != not_covered)
      for (size_t b = 0; b < w.basis.size(); ++b) {
        if (b) out += ',';
        out += '{';
        o.rule_and_source(w.basis[b].rule);
        out += ",\"cap\":";
        json_string(out, *w.basis[b].name);
        out += ",\"amount\":";
        json_int(out, w.basis[b].amount);
        out += ",\"applied\":";
        out += !max_unknown && w.basis[b].amount == max ? "true" : "false";
        if (!w.basis[b].params.empty()) {
          out += ",\"params\":";
          out += w.basis[b].params;
        }
        out += '}';
      }
    out += "]},\"reasons\":[";
    for (size_t r = 0; r < w.reasons.size(); ++r) {
      if (r) out += ',';
      o.coded(w.reasons[r].code, w.reasons[r].rule, w.reasons[r].params);
    }
    out += "],\"missing\":[";
    if (st == needs_info) {
      w.missing.clear();
      for (const std::string& m : ev.missing)
        if (std::find(w.missing.begin(), w.missing.end(), m) == w.missing.end()) w.missing.push_back(m);
      for (size_t m = 0; m < w.missing.size(); ++m) {
        if (m) out += ',';
        json_string(out, w.missing[m]);
      }
    }
    out += "]}";

    // Trace and timeline.
    {
      std::string& t = ev.scratch;
      t.assign(kind_name(kind));
      t += ": ";
      t += kStatusNames[st];
      if (dated && opens.st == KNOWN) {
        t += ", opens ";
        append_date(t, Day(opens.i));
      }
      if (dated && closes.st == KNOWN) {
        t += ", closes end of ";
        append_date(t, Day(closes.i));
      }
      if (st != not_covered && !max_unknown && max >= 0) {
        t += ", refund at most ";
        json_int(t, max);
        t += " (least of";
        for (const Basis& b : w.basis) {
          t += ' ';
          t += *b.name;
          t += ' ';
          json_int(t, b.amount);
        }
        t += ')';
      }
      for (const ReasonOut& r : w.reasons) {
        t += ", ";
        t += r.code;
      }
      ev.trace_line(t);
      if (dated && opens.st == KNOWN)
        w.timeline.push_back({start_of_day(Day(opens.i), off), kind_name(kind), ".opens", kd->rule, nullptr});
      if (dated && closes.st == KNOWN)
        w.timeline.push_back({end_of_day(Day(closes.i), off), kind_name(kind), ".closes", kd->rule, nullptr});
    }
  }
  out += "],\"dispute\":{";
  {
    static const char* const names[] = {"supplier_response_due", "escalation_opens", "auto_escalation_on",
                                        "refund_starts_by"};
    bool firstk = true;
    for (int d = 0; d < kDisputeCount; ++d) {
      json_key(out, names[d], firstk);
      const DisputeItem* item = p ? &p->dispute[d] : nullptr;
      if (!item || item->expr < 0) {
        out += "null";
        continue;
      }
      ev.current_rule = item->rule;
      const size_t pend0 = ev.pend.size();
      const V v = ev.eval(item->expr);
      ev.missing.clear();
      if (v.st != KNOWN) {
        out += "null";
        ev.pend.resize(pend0);
        continue;
      }
      const int64_t at = item->end_of_day ? end_of_day(Day(v.i), off) : start_of_day(Day(v.i), off);
      out += '"';
      append_instant(out, at, off);
      out += '"';
      if (!item->ambiguous.empty()) ev.pend.push_back(Pend{"RULE_AMBIGUOUS", item->rule, note_params(item->ambiguous)});
      for (size_t i = pend0; i < ev.pend.size(); ++i) add_warning(w.warnings, ev.pend[i]);
      ev.pend.resize(pend0);
      w.timeline.push_back({at, names[d], nullptr, item->rule, nullptr});
    }
  }
  out += '}';

  // Program-wide warnings.
  if (p)
    for (const WarningDef& wd : p->warnings) {
      ev.current_rule = wd.rule;
      const V v = ev.eval(wd.when);
      ev.missing.clear();
      if (v.st == KNOWN && v.i) add_warning(w.warnings, Pend{wd.code.c_str(), wd.rule, ev.shown_params(wd.shown, "note", &wd.note)});
    }

  // Timeline: the contract, what happened, the windows, today.
  struct Ev {
    F f;
    bool end;
    const char* source;
  };
  static const Ev events[] = {
      {F::order_created_on, false, "contract"},           {F::order_ship_by, true, "contract"},
      {F::order_ship_by_extended_to, true, "contract"},   {F::shipment_shipped_on, false, "event"},
      {F::shipment_customs_cleared_on, false, "event"},   {F::shipment_expected_delivery_by, true, "contract"},
      {F::order_guaranteed_delivery_by, true, "contract"}, {F::shipment_delivered_on, false, "event"},
      {F::shipment_receipt_confirmed_on, false, "event"}, {F::history_dispute_opened_on, false, "event"},
      {F::history_escalated_on, false, "event"},          {F::history_agreement_on, false, "event"},
  };
  for (const Ev& e : events) {
    const Value& v = c[e.f];
    if (!v.set) continue;
    const char* dotted = field_spec(e.f).dotted;
    w.timeline.push_back({e.end ? end_of_day(Day(v.i), off) : start_of_day(Day(v.i), off),
                          std::strchr(dotted, '.') + 1, nullptr, -1, e.source});
  }
  for (const Payment& py : c.payments)
    if (py.on.set) w.timeline.push_back({start_of_day(Day(py.on.i), off), "payment", nullptr, -1, "event"});
  w.timeline.push_back({c.as_of.sec, "as_of", nullptr, -1, "input"});
  std::stable_sort(w.timeline.begin(), w.timeline.end(),
                   [](const TimelineItem& a, const TimelineItem& b) {
                     // On the same instant: what happened, then what a rule derives from it.
                     return a.at < b.at || (a.at == b.at && (a.rule < 0) > (b.rule < 0));
                   });
  out += ",\"timeline\":[";
  for (size_t i = 0; i < w.timeline.size(); ++i) {
    if (i) out += ',';
    out += "{\"at\":\"";
    append_instant(out, w.timeline[i].at, off);
    out += "\",\"event\":\"";
    out += w.timeline[i].event;
    if (w.timeline[i].suffix) out += w.timeline[i].suffix;
    out += '"';
    out += ",\"source\":";
    if (w.timeline[i].rule >= 0)
      o.rule_id(w.timeline[i].rule);
    else
      json_string(out, w.timeline[i].source);
    out += '}';
  }
  out += "],\"warnings\":[";
  for (size_t i = 0; i < w.warnings.size(); ++i) {
    if (i) out += ',';
    o.coded(w.warnings[i].code, w.warnings[i].rule, w.warnings[i].params);
  }
  out += "],\"trace\":[";
  out += ev.trace;
  out += "]}";
  return true;
}

}  // namespace

bool evaluate_into(std::string_view claim_json, std::string& out, const Registry& registry) {
  static thread_local Work work;
  try {
    return run(claim_json, out, registry, work);
  } catch (const std::exception& e) {
    out.clear();
    write_errors(out, {Error{"INTERNAL", "", std::string("The calculator failed on this claim: ") + e.what()}});
  } catch (...) {
    out.clear();
    write_errors(out, {Error{"INTERNAL", "", "The calculator failed on this claim."}});
  }
  return false;
}

std::string evaluate(std::string_view claim_json, const Registry& registry) {
  std::string out;
  evaluate_into(claim_json, out, registry);
  return out;
}

}  // namespace assurecalc
