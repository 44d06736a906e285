// evaluate(): a claim against the policy version in force. The rules are
// the policy's data; this file only walks them and writes the result.
//
// Written for speed: the engine runs on every keystroke and over queues of
// 100,000 claims. Per claim, the kind-independent parts (gates, payment
// cover, the policy's own caps) are evaluated once and shared by the six
// kinds; texts made on the way (params, missing pointers) go into one arena
// that keeps its capacity between claims; the result is appended to one
// buffer, never built as a DOM.
#include <algorithm>
#include <cstring>
#include <functional>

#include "assurecalc.hpp"
#include "evaluator.hpp"
#include "json_out.hpp"

namespace assurecalc {

const char* version() { return ASSURECALC_VERSION; }

namespace {
using namespace eval;

// What one claim (kind) came to.
struct KindResult {
  Kind kind;
  Status status;
  V opens, closes;
  int64_t max = -1;  // -1: not known
  bool max_unknown = false;
  const std::string* form = nullptr;
  const KindDef* kd = nullptr;
};

struct Work {
  Claim claim;
  Evaluator ev;
  std::vector<Coded> reasons;
  std::vector<Basis> basis;
  std::vector<TimelineItem> timeline;
  std::vector<Coded> warnings;
  std::vector<Ref> missing;
  std::vector<uint32_t> missing_slots;  // unique_missing()'s table
  // Shared by the kinds of one claim.
  std::vector<Coded> gate_reasons;
  std::vector<Ref> gate_missing;
  std::vector<Coded> gate_pend;
  bool caps_done = false, caps_known = true;
  std::vector<CapResult> caps;
  std::vector<Ref> caps_missing;
  std::vector<Coded> caps_pend;
  std::vector<int> caps_cover_used;
  bool caps_cover_seen = false;
  std::vector<CapResult> kind_caps;
};

void write_errors(Buf& out, const std::vector<Error>& errors) {
  out += "{\"ok\":false,\"errors\":[";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i)
      out += ',';
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

void add_warning(const Evaluator& ev, std::vector<Coded>& ws, const Coded& w) {
  for (const Coded& x : ws)
    if (std::strcmp(x.code, w.code) == 0 && x.rule == w.rule && ev.params(x) == ev.params(w))
      return;
  ws.push_back(w);
}

void program_object(Buf& out, const Policy* p, const std::string& program) {
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
  out += ",\"effective_from\":";
  quoted_date(out, p->effective_from);
  out += ",\"effective_to\":";
  if (p->has_effective_to)
    quoted_date(out, p->effective_to);
  else
    out += "null";
  out += '}';
}

// The version that judges the claim: a version named in `program`, else the
// program's version whose [from, to) holds order.created_on.
const Policy* pick_policy(Claim& c, const Registry& reg, std::string& program, const Policy*& first) {
  program = c[F::program].set ? std::string(c[F::program].s) : std::string("alibaba-ta");
  if (const Policy* named = reg.find_version(program)) {
    program = named->program;
    return named;
  }
  const Policy* p = nullptr;
  bool found = false;
  const Day d = Day(c[F::order_created_on].i);
  for (const auto& q : reg.policies()) {
    if (q->program != program)
      continue;
    if (!found)
      first = q.get();
    found = true;
    if (d >= q->effective_from && (!q->has_effective_to || d < q->effective_to))
      p = q.get();
  }
  if (!found) {
    std::string known;
    for (const auto& q : reg.policies()) {
      if (known.find(q->program + ",") == std::string::npos)
        known += q->program + ", ";
      known += q->id + ", ";
    }
    if (known.size() > 2)
      known.resize(known.size() - 2);
    c.errors.push_back(Error{"UNKNOWN_PROGRAM", "/program",
                             "\"" + program.substr(0, 60) + "\" is not a known program; known: " + known + "."});
  }
  return p;
}

void coded_json(Buf& out, const Evaluator& ev, const Coded& x) {
  out += "{\"code\":\"";
  out += x.code;
  out += "\",\"rule\":";
  // Without a version in force (ORDER_BEFORE_PROGRAM) the rule is the
  // first version's period rule.
  const Policy* rules_of = ev.p ? ev.p : ev.first;
  if (rules_of && x.rule >= 0)
    quoted(out, rules_of->rules[size_t(x.rule)].id);
  else
    out += "null";
  out += ",\"params\":";
  const std::string_view prm = ev.params(x);
  if (prm.empty())
    out += "{}";
  else
    out.append(prm.data(), prm.size());
  out += '}';
}

// One kind: gates, cover, caps, window, status.
void judge_kind(Work& w, const Policy* p, const Policy* first, KindResult& r) {
  Claim& c = w.claim;
  Evaluator& ev = w.ev;
  const int off = ev.off;
  w.reasons.clear();
  w.basis.clear();
  ev.missing.clear();
  const size_t pend0 = ev.pend.size();

  if (!p) {
    const size_t m = ev.mark();
    ev.arena += "{\"order.created_on\":";
    quoted_date(ev.arena, Day(c[F::order_created_on].i));
    if (first) {
      ev.arena += ",\"program_starts\":";
      quoted_date(ev.arena, first->effective_from);
    }
    ev.arena += '}';
    const bool before = first && first->effective_from > c[F::order_created_on].i;
    w.reasons.push_back(Coded{before ? "ORDER_BEFORE_PROGRAM" : "ORDER_OUTSIDE_PROGRAM",
                              first ? first->period_rule : -1, nullptr, ev.since(m)});
    r.status = not_covered;
    return;
  }
  const KindDef& kd = p->kinds[int(r.kind)];
  r.kd = &kd;
  w.reasons = w.gate_reasons;
  ev.missing = w.gate_missing;
  ev.pend.insert(ev.pend.end(), w.gate_pend.begin(), w.gate_pend.end());

  bool covered = kd.covered;
  if (covered && kd.covered_if >= 0) {
    ev.current_rule = kd.rule;
    const V v = ev.eval(kd.covered_if);
    covered = v.st != KNOWN || v.i;
  }
  if (!covered) {
    const size_t m = ev.mark();
    ev.arena += "{\"kind\":\"";
    ev.arena += kind_name(r.kind);
    ev.arena += "\"}";
    w.reasons.push_back(Coded{"KIND_NOT_COVERED", p->kinds_rule, nullptr, ev.since(m)});
  } else {
    for (const Gate& g : kd.exclusions)
      ev.check_gate(g, w.reasons);
    // Payment cover: something must be covered at all.
    ev.analyse_payments();
    if (ev.pay_absent) {
      ev.missing.push_back(Ref{"/payments", {}});
    } else if (!ev.pay_unknown.empty()) {
      ev.missing.insert(ev.missing.end(), ev.pay_unknown.begin(), ev.pay_unknown.end());
    } else if (ev.pay_total == 0) {
      if (ev.pay_excluded.empty())
        w.reasons.push_back(Coded{"NOTHING_COVERED_PAID", p->payment_rule, nullptr, {}});
      else
        w.reasons.insert(w.reasons.end(), ev.pay_excluded.begin(), ev.pay_excluded.end());
    }
    // Caps: the policy's own (once per claim), then the kind's.
    if (!w.caps_done) {
      w.caps_done = true;
      const size_t m0 = ev.missing.size(), p0 = ev.pend.size();
      w.caps.clear();
      w.caps_known = ev.eval_caps(p->caps, w.caps);
      w.caps_missing.assign(ev.missing.begin() + long(m0), ev.missing.end());
      w.caps_pend.assign(ev.pend.begin() + long(p0), ev.pend.end());
      ev.missing.resize(m0);
      ev.pend.resize(p0);
      w.caps_cover_used = ev.cover_used;
      w.caps_cover_seen = false;
      for (const CapResult& cr : w.caps)
        w.caps_cover_seen |= cr.params.len > 0;
    }
    ev.missing.insert(ev.missing.end(), w.caps_missing.begin(), w.caps_missing.end());
    ev.pend.insert(ev.pend.end(), w.caps_pend.begin(), w.caps_pend.end());
    w.kind_caps.clear();
    ev.cover_used = w.caps_cover_used;
    const bool kind_known = ev.eval_caps(kd.caps, w.kind_caps);
    r.max_unknown = !w.caps_known || !kind_known;
    for (int pass = 0; pass < 2; ++pass)
      for (const CapResult& cr : pass ? w.kind_caps : w.caps) {
        w.basis.push_back(Basis{cr.cap->rule, &cr.cap->name, cr.v.i, cr.params});
        if (r.max < 0 || cr.v.i < r.max)
          r.max = cr.v.i;
      }
    // Refund form: the kind's own, else by the methods of the payments counted.
    if (!kd.form.empty()) {
      r.form = &kd.form;
    } else {
      r.form = &p->form_default;
      const std::vector<int>& used = w.caps_cover_seen ? w.caps_cover_used : ev.pay_covered;
      const std::string* all = nullptr;
      bool same = !used.empty();
      for (size_t u = 0; u < used.size() && same; ++u) {
        const std::string& f = p->form_if_all[c.payments[size_t(used[u])].method.i];
        if (u == 0)
          all = &f;
        same = !f.empty() && f == *all;
      }
      if (same)
        r.form = all;
    }
  }
  if (w.reasons.empty()) {
    ev.current_rule = kd.rule;
    if (kd.opens >= 0)
      r.opens = ev.eval(kd.opens);
    if (kd.closes >= 0)
      r.closes = ev.eval(kd.closes);
  }

  // Status: not_covered beats needs_info, which beats the window.
  if (!w.reasons.empty()) {
    r.status = not_covered;
    ev.pend.resize(pend0);  // a claim that is not covered raises no warnings
    return;
  }
  if (!ev.missing.empty()) {
    r.status = needs_info;
  } else {
    const bool ho = r.opens.st == KNOWN, hc = r.closes.st == KNOWN;
    const int64_t os = ho ? start_of_day(Day(r.opens.i), off) : 0;
    const int64_t ce = hc ? end_of_day(Day(r.closes.i), off) : 0;
    if (hc && ((ho && ce < os) || c.as_of > Instant{ce, 0})) {
      r.status = closed;
      const size_t m = ev.mark();
      ev.arena += "{\"closed_at\":\"";
      append_instant(ev.arena, ce, off);
      ev.arena += "\"}";
      w.reasons.push_back(Coded{"WINDOW_CLOSED", kd.rule, nullptr, ev.since(m)});
    } else if (!ho || c.as_of < Instant{os, 0}) {
      r.status = not_yet_open;
      const size_t m = ev.mark();
      ev.arena += "{\"opens_at\":";
      if (ho) {
        ev.arena += '"';
        append_instant(ev.arena, os, off);
        ev.arena += '"';
      } else {
        // No date yet: say which events it waits for.
        ev.arena += "null,\"waits_for\":[";
        bool firstw = true;
        for (F f : kd.opens_fields) {
          if (c[f].set || field_spec(f).type != VT::date)
            continue;
          if (!firstw)
            ev.arena += ',';
          firstw = false;
          ev.arena += '"';
          ev.arena += field_spec(f).pointer;
          ev.arena += '"';
        }
        ev.arena += ']';
      }
      ev.arena += '}';
      w.reasons.push_back(Coded{"WINDOW_NOT_OPEN", kd.rule, nullptr, ev.since(m)});
    } else {
      r.status = open;
    }
  }
  for (size_t i = pend0; i < ev.pend.size(); ++i)
    add_warning(ev, w.warnings, ev.pend[i]);
  ev.pend.resize(pend0);
}

// ev.missing into w.missing, each pointer once, where it first appears. A
// claim with many payments can lack hundreds of thousands of fields, so past
// a few the pointers kept are found through a hash table (open addressing
// over indexes into w.missing) rather than by comparing with each of them.
void unique_missing(Work& w) {
  const Evaluator& ev = w.ev;
  w.missing.clear();
  const size_t n = ev.missing.size();
  if (n <= 16) {
    for (const Ref& m : ev.missing) {
      bool seen = false;
      for (const Ref& x : w.missing)
        seen = seen || ev.view(x) == ev.view(m);
      if (!seen)
        w.missing.push_back(m);
    }
    return;
  }
  constexpr uint32_t kEmpty = UINT32_MAX;
  size_t slots = 64;
  while (slots < 2 * n)
    slots *= 2;
  w.missing_slots.assign(slots, kEmpty);
  const std::hash<std::string_view> hash;
  for (const Ref& m : ev.missing) {
    const std::string_view v = ev.view(m);
    size_t h = hash(v) & (slots - 1);
    bool seen = false;
    for (uint32_t k; (k = w.missing_slots[h]) != kEmpty; h = (h + 1) & (slots - 1))
      if (ev.view(w.missing[k]) == v) {
        seen = true;
        break;
      }
    if (!seen) {
      w.missing_slots[h] = uint32_t(w.missing.size());
      w.missing.push_back(m);
    }
  }
}

void write_kind(Buf& out, Work& w, const KindResult& r, Day today) {
  const Evaluator& ev = w.ev;
  const int off = ev.off;
  const Status st = r.status;
  const bool dated = st != not_covered;
  out += "{\"kind\":\"";
  out += kind_name(r.kind);
  out += "\",\"status\":\"";
  out += kStatusNames[st];
  // A window edge: the start or end of its day, or null.
  auto edge = [&](const V& v, bool end) {
    if (!dated || v.st != KNOWN) {
      out += "null";
      return;
    }
    out += '"';
    append_instant(out, end ? end_of_day(Day(v.i), off) : start_of_day(Day(v.i), off), off);
    out += '"';
  };
  out += "\",\"opens_at\":";
  edge(r.opens, false);
  out += ",\"closes_at\":";
  edge(r.closes, true);
  out += ",\"days_left\":";
  if (st == open && r.closes.st == KNOWN)
    json_int(out, r.closes.i - today);
  else
    out += "null";
  out += ",\"refund\":{\"max\":";
  const bool max_known = dated && !r.max_unknown && r.max >= 0;
  if (max_known)
    json_int(out, r.max);
  else
    out += "null";
  out += ",\"currency\":";
  json_string(out, w.claim[F::order_currency].s);
  out += ",\"form\":";
  if (dated && r.form && !r.form->empty())
    json_string(out, *r.form);
  else
    out += "null";
  out += ",\"basis\":[";
  if (dated)
    for (size_t b = 0; b < w.basis.size(); ++b) {
      const Basis& x = w.basis[b];
      if (b)
        out += ',';
      out += "{\"rule\":";
      quoted(out, ev.p->rules[size_t(x.rule)].id);
      out += ",\"cap\":";
      quoted(out, *x.name);
      out += ",\"amount\":";
      json_int(out, x.amount);
      out += ",\"applied\":";
      out += max_known && x.amount == r.max ? "true" : "false";
      if (x.params.len) {
        out += ",\"params\":";
        const std::string_view prm = ev.view(x.params);
        out.append(prm.data(), prm.size());
      }
      out += '}';
    }
  out += "]},\"reasons\":[";
  for (size_t i = 0; i < w.reasons.size(); ++i) {
    if (i)
      out += ',';
    coded_json(out, ev, w.reasons[i]);
  }
  out += "],\"missing\":[";
  if (st == needs_info) {
    unique_missing(w);
    for (size_t m = 0; m < w.missing.size(); ++m) {
      if (m)
        out += ',';
      json_string(out, ev.view(w.missing[m]));
    }
  }
  out += "]}";
}

void trace_kind(Work& w, const KindResult& r) {
  Evaluator& ev = w.ev;
  Buf& t = ev.trace_open();
  const bool dated = r.status != not_covered;
  t += kind_name(r.kind);
  t += ": ";
  t += kStatusNames[r.status];
  if (dated && r.opens.st == KNOWN) {
    t += ", opens ";
    append_date(t, Day(r.opens.i));
  }
  if (dated && r.closes.st == KNOWN) {
    t += ", closes end of ";
    append_date(t, Day(r.closes.i));
  }
  if (dated && !r.max_unknown && r.max >= 0) {
    t += ", refund at most ";
    json_int(t, r.max);
    t += " (least of";
    for (const Basis& b : w.basis) {
      t += ' ';
      t += *b.name;
      t += ' ';
      json_int(t, b.amount);
    }
    t += ')';
  }
  for (const Coded& x : w.reasons) {
    t += ", ";
    t += x.code;
  }
  ev.trace_close();
  if (dated && r.opens.st == KNOWN)
    w.timeline.push_back({start_of_day(Day(r.opens.i), ev.off), kind_name(r.kind), ".opens", r.kd->rule, nullptr});
  if (dated && r.closes.st == KNOWN)
    w.timeline.push_back({end_of_day(Day(r.closes.i), ev.off), kind_name(r.kind), ".closes", r.kd->rule, nullptr});
}

void write_dispute(Buf& out, Work& w, const Policy* p) {
  Evaluator& ev = w.ev;
  out += ",\"dispute\":{";
  bool firstk = true;
  for (int d = 0; d < kDisputeCount; ++d) {
    json_key(out, kDisputeNames[d], firstk);
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
    const int64_t at = item->end_of_day ? end_of_day(Day(v.i), ev.off) : start_of_day(Day(v.i), ev.off);
    out += '"';
    append_instant(out, at, ev.off);
    out += '"';
    if (!item->ambiguous.empty())
      ev.pend.push_back(Coded{"RULE_AMBIGUOUS", item->rule, &item->ambiguous_json, {}});
    for (size_t i = pend0; i < ev.pend.size(); ++i)
      add_warning(ev, w.warnings, ev.pend[i]);
    ev.pend.resize(pend0);
    w.timeline.push_back({at, kDisputeNames[d], nullptr, item->rule, nullptr});
  }
  out += '}';
}

void write_timeline(Buf& out, Work& w) {
  const Claim& c = w.claim;
  const Evaluator& ev = w.ev;
  const int off = ev.off;
  struct Event {
    F f;
    bool end;
    const char* source;
  };
  static const Event events[] = {
      {F::order_created_on, false, "contract"},
      {F::order_ship_by, true, "contract"},
      {F::order_ship_by_extended_to, true, "contract"},
      {F::shipment_shipped_on, false, "event"},
      {F::shipment_customs_cleared_on, false, "event"},
      {F::shipment_expected_delivery_by, true, "contract"},
      {F::order_guaranteed_delivery_by, true, "contract"},
      {F::shipment_delivered_on, false, "event"},
      {F::shipment_receipt_confirmed_on, false, "event"},
      {F::history_dispute_opened_on, false, "event"},
      {F::history_escalated_on, false, "event"},
      {F::history_agreement_on, false, "event"},
  };
  for (const Event& e : events) {
    const Value& v = c[e.f];
    if (!v.set)
      continue;
    const char* dotted = field_spec(e.f).dotted;
    w.timeline.push_back({e.end ? end_of_day(Day(v.i), off) : start_of_day(Day(v.i), off), std::strchr(dotted, '.') + 1,
                          nullptr, -1, e.source});
  }
  for (const Payment& py : c.payments)
    if (py.on.set)
      w.timeline.push_back({start_of_day(Day(py.on.i), off), "payment", nullptr, -1, "event"});
  w.timeline.push_back({c.as_of.sec, "as_of", nullptr, -1, "input"});
  std::stable_sort(w.timeline.begin(), w.timeline.end(), [](const TimelineItem& a, const TimelineItem& b) {
    // On the same instant: what happened, then what a rule derives from it.
    return a.at < b.at || (a.at == b.at && (a.rule < 0) > (b.rule < 0));
  });
  out += ",\"timeline\":[";
  for (size_t i = 0; i < w.timeline.size(); ++i) {
    const TimelineItem& t = w.timeline[i];
    if (i)
      out += ',';
    out += "{\"at\":\"";
    append_instant(out, t.at, off);
    out += "\",\"event\":\"";
    out += t.event;
    if (t.suffix)
      out += t.suffix;
    out += "\",\"source\":";
    if (t.rule >= 0) {
      quoted(out, ev.p->rules[size_t(t.rule)].id);
    } else {
      out += '"';
      out += t.source;
      out += '"';
    }
    out += '}';
  }
  out += ']';
}

bool run(std::string_view text, Buf& out, const Registry& reg, Work& w) {
  out.clear();
  Claim& c = w.claim;
  read_claim(text, c);

  std::string program;
  const Policy* first = nullptr;
  const Policy* p = nullptr;
  if (c.errors.empty()) {
    p = pick_policy(c, reg, program, first);
  } else if (c[F::program].set && !reg.find_version(c[F::program].s)) {
    // An unknown program is an error of its own, whatever else is wrong.
    bool known = false;
    for (const auto& q : reg.policies())
      known = known || q->program == c[F::program].s;
    if (!known)
      pick_policy(c, reg, program, first);
  }
  if (!c.errors.empty()) {
    write_errors(out, c.errors);
    return false;
  }

  const int off = p ? p->offset_min : (first ? first->offset_min : 0);
  Evaluator& ev = w.ev;
  ev.reset(p, &c, off);
  ev.first = first;
  w.warnings.clear();
  w.timeline.clear();
  w.caps_done = false;
  for (const std::string& path : c.unknown_fields) {
    const size_t m = ev.mark();
    ev.arena += "{\"path\":";
    json_string(ev.arena, path);
    ev.arena += '}';
    w.warnings.push_back(Coded{"UNKNOWN_FIELD", -1, nullptr, ev.since(m)});
  }
  {
    std::string& t = ev.scratch;
    if (p) {
      t.assign("version ");
      t += p->id;
      t += " chosen for an order created ";
      append_date(t, Day(c[F::order_created_on].i));
      t += c[F::program].set && program != c[F::program].s ? " (named in the claim)" : " (by order.created_on)";
    } else {
      t.assign("no version of ");
      t += program;
      t += " covers an order created ";
      append_date(t, Day(c[F::order_created_on].i));
    }
    ev.trace_line(t);
  }
  // The kind-independent gates, once.
  w.gate_reasons.clear();
  w.gate_missing.clear();
  w.gate_pend.clear();
  if (p) {
    for (const Gate& g : p->gates)
      ev.check_gate(g, w.gate_reasons);
    w.gate_missing = ev.missing;
    w.gate_pend = ev.pend;
    ev.missing.clear();
    ev.pend.clear();
  }
  const Day today = day_in_zone(c.as_of, off);

  out.reserve(4096);
  out += "{\"ok\":true,";
  program_object(out, p, program);
  // The caller's order id, so results in a queue can be matched to orders.
  out += ",\"order_id\":";
  if (c[F::order_id].set)
    json_string(out, c[F::order_id].s);
  else
    out += "null";
  // The moment judged, in the program's zone: days_left counts from its day.
  out += ",\"as_of\":\"";
  append_instant(out, c.as_of.sec, off);
  out += '"';
  out += ",\"claims\":[";
  int kinds[kKindCount];
  int nkinds = 0;
  if (c[F::issue_kind].set)
    kinds[nkinds++] = int(c[F::issue_kind].i);
  else
    for (int k = 0; k < kKindCount; ++k)
      kinds[nkinds++] = k;
  for (int ki = 0; ki < nkinds; ++ki) {
    KindResult r;
    r.kind = Kind(kinds[ki]);
    judge_kind(w, p, first, r);
    if (ki)
      out += ',';
    write_kind(out, w, r, today);
    trace_kind(w, r);
  }
  out += ']';
  write_dispute(out, w, p);

  // Program-wide warnings.
  if (p)
    for (const WarningDef& wd : p->warnings) {
      ev.current_rule = wd.rule;
      const V v = ev.eval(wd.when);
      ev.missing.clear();
      if (v.st == KNOWN && v.i)
        add_warning(ev, w.warnings, Coded{wd.code.c_str(), wd.rule, nullptr, ev.shown_params(wd.shown, &wd.note)});
    }

  write_timeline(out, w);
  out += ",\"warnings\":[";
  for (size_t i = 0; i < w.warnings.size(); ++i) {
    if (i)
      out += ',';
    coded_json(out, ev, w.warnings[i]);
  }
  out += "],\"trace\":[";
  out += ev.trace.view();
  out += "]}";
  return true;
}

}  // namespace

namespace {
Work& work() {
  static thread_local Work w;
  return w;
}
Buf& result_buffer() {
  static thread_local Buf b;
  return b;
}
}  // namespace

bool evaluate_view(std::string_view claim_json, std::string_view& result, const Registry& registry) {
  Buf& out = result_buffer();
  bool ok = false;
  try {
    ok = run(claim_json, out, registry, work());
  } catch (const std::exception& e) {
    out.clear();
    write_errors(out, {Error{"INTERNAL", "", std::string("The calculator failed on this claim: ") + e.what()}});
  } catch (...) {
    out.clear();
    write_errors(out, {Error{"INTERNAL", "", "The calculator failed on this claim."}});
  }
  result = out.view();
  return ok;
}

bool evaluate_into(std::string_view claim_json, std::string& out, const Registry& registry) {
  std::string_view r;
  const bool ok = evaluate_view(claim_json, r, registry);
  out.assign(r.data(), r.size());
  return ok;
}

std::string evaluate(std::string_view claim_json, const Registry& registry) {
  std::string out;
  evaluate_into(claim_json, out, registry);
  return out;
}

}  // namespace assurecalc
