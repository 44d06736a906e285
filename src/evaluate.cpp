// evaluate(): a claim against the policy version in force. The rules are
// the policy's data; this file judges the claim into a Result (result.hpp),
// which write_json.cpp and the CSV writer read.
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
#include "policy.hpp"
#include "csv.hpp"
#include "result.hpp"
#include "json_out.hpp"

namespace assurecalc {

const char* version() { return ASSURECALC_VERSION; }

namespace {
using namespace eval;

// The per-claim work space, reused between claims.
struct Work {
  Claim claim;
  Evaluator ev;
  Result result;
  // One kind's reasons and caps while it is judged.
  std::vector<Coded> reasons;
  std::vector<Basis> basis;
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

// What one kind came to while it is judged.
struct KindResult {
  Kind kind;
  Status status = needs_info;
  ExprValue opens, closes;
  int64_t max = -1;  // -1: not known
  bool max_unknown = false;
  const std::string* form = nullptr;
  int form_rule = -1;
  const KindDef* kd = nullptr;
};

void add_warning(const Evaluator& ev, std::vector<Coded>& ws, const Coded& w) {
  for (const Coded& x : ws)
    if (std::strcmp(x.code, w.code) == 0 && x.rule == w.rule && ev.params(x) == ev.params(w))
      return;
  ws.push_back(w);
}

// The version that judges the claim: a version named in `program`, else the
// program's version whose [from, to) holds order.created_on.
const Policy* pick_policy(Claim& c, const Registry& reg, std::string& program, const Policy*& first) {
  program = c[Field::program].set ? std::string(c[Field::program].s) : std::string("alibaba-ta");
  if (const Policy* named = reg.find_version(program)) {
    program = named->program;
    return named;
  }
  const Policy* p = nullptr;
  bool found = false;
  const Day d = Day(c[Field::order_created_on].i);
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
    c.errors.push_back(
        Error{"UNKNOWN_PROGRAM", "/program",
              "\"" + std::string(utf8_prefix(program, 60)) + "\" is not a known program; known: " + known + "."});
  }
  return p;
}

// An order no version covers: not covered, citing the first version's period.
void judge_outside_program(Work& w, const Policy* first, KindResult& r) {
  Evaluator& ev = w.ev;
  const Day created = Day(w.claim[Field::order_created_on].i);
  const size_t m = ev.mark();
  ev.arena += "{\"order.created_on\":";
  quoted_date(ev.arena, created);
  if (first) {
    ev.arena += ",\"program_starts\":";
    quoted_date(ev.arena, first->effective_from);
  }
  ev.arena += '}';
  const bool before = first && first->effective_from > created;
  w.reasons.push_back(Coded{before ? "ORDER_BEFORE_PROGRAM" : "ORDER_OUTSIDE_PROGRAM", first ? first->period_rule : -1,
                            nullptr, ev.since(m)});
  r.status = not_covered;
}

// Whether the version covers the kind for this claim (its `covered_if`).
bool kind_covered(Evaluator& ev, const KindDef& kd) {
  if (!kd.covered || kd.covered_if < 0)
    return kd.covered;
  ev.current_rule = kd.rule;
  const ExprValue v = ev.eval(kd.covered_if);
  return v.state != State::known || v.i;
}

// Payment cover: something must be covered at all.
void check_payment_cover(Work& w, const Policy* p) {
  Evaluator& ev = w.ev;
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
}

// The policy's own caps, once per claim: what they found is kept in `w`
// and handed to each kind.
void policy_caps(Work& w, const Policy* p) {
  Evaluator& ev = w.ev;
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
}

// The policy's caps and the kind's: the least is the refund's maximum.
void judge_caps(Work& w, const Policy* p, const KindDef& kd, KindResult& r) {
  Evaluator& ev = w.ev;
  policy_caps(w, p);
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
}

// Refund form: the kind's own, else by the methods of the payments counted.
const std::string* refund_form(const Work& w, const Policy* p, const KindDef& kd) {
  if (!kd.form.empty())
    return &kd.form;
  const std::vector<int>& used = w.caps_cover_seen ? w.caps_cover_used : w.ev.pay_covered;
  const std::string* all = nullptr;
  bool same = !used.empty();
  for (size_t u = 0; u < used.size() && same; ++u) {
    const std::string& f = p->form_if_all[w.claim.payments[size_t(used[u])].method.i];
    if (u == 0)
      all = &f;
    same = !f.empty() && f == *all;
  }
  return same ? all : &p->form_default;
}

// WINDOW_NOT_OPEN's params: when it opens, or the events it waits for.
Span not_open_params(Evaluator& ev, const KindDef& kd, bool has_opens, int64_t opens_at) {
  const size_t m = ev.mark();
  ev.arena += "{\"opens_at\":";
  if (has_opens) {
    ev.arena += '"';
    append_instant_fast(ev.arena, opens_at, ev.zone);
    ev.arena += '"';
  } else {
    ev.arena += "null,\"waits_for\":[";
    bool firstw = true;
    for (Field f : kd.opens_fields) {
      if ((*ev.c)[f].set || field_spec(f).type != FieldType::date)
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
  return ev.since(m);
}

// Where as_of stands against a covered, fully known window.
void judge_window(Work& w, const KindDef& kd, KindResult& r) {
  Evaluator& ev = w.ev;
  const Zone& off = ev.zone;
  const bool has_opens = r.opens.state == State::known, has_closes = r.closes.state == State::known;
  const int64_t opens_at = has_opens ? start_of_day(Day(r.opens.i), off) : 0;
  const int64_t closes_at = has_closes ? end_of_day(Day(r.closes.i), off) : 0;
  if (has_closes && ((has_opens && closes_at < opens_at) || w.claim.as_of > Instant{closes_at, 0})) {
    r.status = closed;
    const size_t m = ev.mark();
    ev.arena += "{\"closed_at\":\"";
    append_instant_fast(ev.arena, closes_at, off);
    ev.arena += "\"}";
    w.reasons.push_back(Coded{"WINDOW_CLOSED", kd.rule, nullptr, ev.since(m)});
  } else if (!has_opens || w.claim.as_of < Instant{opens_at, 0}) {
    r.status = not_yet_open;
    w.reasons.push_back(Coded{"WINDOW_NOT_OPEN", kd.rule, nullptr, not_open_params(ev, kd, has_opens, opens_at)});
  } else {
    r.status = open;
  }
}

// One kind: gates, cover, caps, window, status. Not covered beats needs
// info, which beats the window's own status.
void judge_kind(Work& w, const Policy* p, KindResult& r) {
  Evaluator& ev = w.ev;
  const KindDef& kd = p->kinds[int(r.kind)];
  r.kd = &kd;
  w.reasons = w.gate_reasons;
  ev.missing = w.gate_missing;
  const size_t pend0 = ev.pend.size();
  ev.pend.insert(ev.pend.end(), w.gate_pend.begin(), w.gate_pend.end());

  if (!kind_covered(ev, kd)) {
    const size_t m = ev.mark();
    ev.arena += "{\"kind\":\"";
    ev.arena += kind_name(r.kind);
    ev.arena += "\"}";
    w.reasons.push_back(Coded{"KIND_NOT_COVERED", p->kinds_rule, nullptr, ev.since(m)});
  } else {
    for (const Gate& g : kd.exclusions)
      ev.check_gate(g, w.reasons);
    check_payment_cover(w, p);
    judge_caps(w, p, kd, r);
    r.form = refund_form(w, p, kd);
    r.form_rule = kd.form.empty() ? p->form_rule : kd.rule;
  }
  if (!w.reasons.empty()) {
    r.status = not_covered;
    ev.pend.resize(pend0);  // a claim that is not covered raises no warnings
    return;
  }
  ev.current_rule = kd.rule;
  if (kd.opens >= 0)
    r.opens = ev.eval(kd.opens);
  if (kd.closes >= 0)
    r.closes = ev.eval(kd.closes);
  if (ev.missing.empty())
    judge_window(w, kd, r);
  else
    r.status = needs_info;
  for (size_t i = pend0; i < ev.pend.size(); ++i)
    add_warning(ev, w.result.warnings, ev.pend[i]);
  ev.pend.resize(pend0);
}

// ev.missing into r.missing, each pointer once, where it first appears. A
// claim with many payments can lack hundreds of thousands of fields, so past
// a few the pointers kept are found through a hash table (open addressing
// over indexes into r.missing) rather than by comparing with each of them.
Slice unique_missing(Work& w, Result& r) {
  const Evaluator& ev = w.ev;
  const size_t base = r.missing.size();
  const size_t n = ev.missing.size();
  if (n <= 16) {
    for (const Ref& m : ev.missing) {
      bool seen = false;
      for (size_t x = base; x < r.missing.size(); ++x)
        seen = seen || ev.view(r.missing[x]) == ev.view(m);
      if (!seen)
        r.missing.push_back(m);
    }
    return Slice{uint32_t(base), uint32_t(r.missing.size())};
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
      if (ev.view(r.missing[base + k]) == v) {
        seen = true;
        break;
      }
    if (!seen) {
      w.missing_slots[h] = uint32_t(r.missing.size() - base);
      r.missing.push_back(m);
    }
  }
  return Slice{uint32_t(base), uint32_t(r.missing.size())};
}

// The kind's verdict into the result, with its reasons, caps and missing
// fields in the result's lists.
void record(Work& w, const KindResult& k) {
  Result& r = w.result;
  Verdict v;
  v.kind = k.kind;
  v.status = k.status;
  v.rule = k.kd ? k.kd->rule : -1;
  const bool dated = k.status != not_covered;
  v.has_opens = dated && k.opens.state == State::known;
  v.has_closes = dated && k.closes.state == State::known;
  v.opens = Day(k.opens.i);
  v.closes = Day(k.closes.i);
  v.max_known = dated && !k.max_unknown && k.max >= 0;
  v.max = k.max;
  v.form = dated && k.form && !k.form->empty() ? k.form : nullptr;
  v.form_rule = v.form ? k.form_rule : -1;
  v.reasons.begin = uint32_t(r.reasons.size());
  r.reasons.insert(r.reasons.end(), w.reasons.begin(), w.reasons.end());
  v.reasons.end = uint32_t(r.reasons.size());
  // The trace quotes every cap considered; the JSON lists them only for a
  // claim that is covered.
  v.basis.begin = uint32_t(r.basis.size());
  for (const Basis& b : w.basis)
    r.basis.push_back(BasisLine{b, v.max_known && b.amount == v.max});
  v.basis.end = uint32_t(r.basis.size());
  v.missing = k.status == needs_info ? unique_missing(w, r) : Slice{};
  r.claims.push_back(v);
}

// The dispute's dates, from history, with their warnings.
void judge_dispute(Work& w, const Policy* p) {
  Evaluator& ev = w.ev;
  Result& r = w.result;
  for (int d = 0; d < kDisputeCount; ++d) {
    r.dispute[d] = DisputeDate{};
    const DisputeItem* item = p ? &p->dispute[d] : nullptr;
    if (!item || item->expr < 0)
      continue;
    ev.current_rule = item->rule;
    const size_t pend0 = ev.pend.size();
    const ExprValue v = ev.eval(item->expr);
    ev.missing.clear();
    if (v.state != State::known) {
      ev.pend.resize(pend0);
      continue;
    }
    const Day day = Day(v.i);
    r.dispute[d] =
        DisputeDate{true, item->end_of_day ? end_of_day(day, ev.zone) : start_of_day(day, ev.zone), item->rule};
    if (!item->ambiguous.empty())
      ev.pend.push_back(Coded{"RULE_AMBIGUOUS", item->rule, &item->ambiguous_json, {}});
    for (size_t i = pend0; i < ev.pend.size(); ++i)
      add_warning(ev, r.warnings, ev.pend[i]);
    ev.pend.resize(pend0);
  }
}

// Warnings about the order as a whole.
void judge_program_warnings(Work& w, const Policy* p) {
  Evaluator& ev = w.ev;
  if (!p)
    return;
  for (const WarningDef& wd : p->warnings) {
    ev.current_rule = wd.rule;
    const ExprValue v = ev.eval(wd.when);
    ev.missing.clear();
    if (v.state == State::known && v.i)
      add_warning(ev, w.result.warnings, Coded{wd.code.c_str(), wd.rule, nullptr, ev.shown_params(wd.shown, &wd.note)});
  }
}

// The timeline, from what was judged: the windows, the dispute's dates, the
// claim's own dates and as_of, in time order.
void build_timeline(Result& r) {
  const Claim& c = *r.claim;
  const Zone& off = r.zone;
  r.timeline.clear();
  for (const Verdict& v : r.claims) {
    if (v.has_opens)
      r.timeline.push_back({start_of_day(v.opens, off), kind_name(v.kind), ".opens", v.rule, nullptr});
    if (v.has_closes)
      r.timeline.push_back({end_of_day(v.closes, off), kind_name(v.kind), ".closes", v.rule, nullptr});
  }
  for (int d = 0; d < kDisputeCount; ++d)
    if (r.dispute[d].set)
      r.timeline.push_back({r.dispute[d].at, kDisputeNames[d], nullptr, r.dispute[d].rule, nullptr});
  struct Event {
    Field f;
    bool end;
    const char* source;
  };
  static const Event events[] = {
      {Field::order_created_on, false, "contract"},
      {Field::order_ship_by, true, "contract"},
      {Field::order_ship_by_extended_to, true, "contract"},
      {Field::shipment_shipped_on, false, "event"},
      {Field::shipment_customs_cleared_on, false, "event"},
      {Field::shipment_expected_delivery_by, true, "contract"},
      {Field::order_guaranteed_delivery_by, true, "contract"},
      {Field::shipment_delivered_on, false, "event"},
      {Field::shipment_receipt_confirmed_on, false, "event"},
      {Field::history_dispute_opened_on, false, "event"},
      {Field::history_escalated_on, false, "event"},
      {Field::history_agreement_on, false, "event"},
  };
  for (const Event& e : events) {
    const Value& v = c[e.f];
    if (!v.set)
      continue;
    const char* dotted = field_spec(e.f).dotted;
    r.timeline.push_back({e.end ? end_of_day(Day(v.i), off) : start_of_day(Day(v.i), off), std::strchr(dotted, '.') + 1,
                          nullptr, -1, e.source});
  }
  for (const Payment& py : c.payments)
    if (py.on.set)
      r.timeline.push_back({start_of_day(Day(py.on.i), off), "payment", nullptr, -1, "event"});
  // A missing date an answer was decided without: the range it lies in.
  int drawn = -1;
  for (const Verdict& v : r.claims) {
    if (v.assumed < 0 || v.assumed == drawn)
      continue;
    drawn = v.assumed;
    const Bound& b = r.policy->bounds[size_t(v.assumed)];
    const char* leaf = std::strchr(field_spec(b.date).dotted, '.') + 1;
    r.timeline.push_back({start_of_day(v.assumed_from, off), leaf, ".from", b.rule, nullptr});
    r.timeline.push_back({end_of_day(v.assumed_to, off), leaf, ".to", b.rule, nullptr});
  }
  r.timeline.push_back({c.as_of.sec, "as_of", nullptr, -1, "input"});
  // On the same instant: what happened, then what a rule derives from it.
  auto before = [](const TimelineItem& a, const TimelineItem& b) {
    return a.at < b.at || (a.at == b.at && (a.rule < 0) > (b.rule < 0));
  };
  // A stable insertion sort: a timeline has a dozen items or so, mostly in
  // order already, and std::stable_sort takes a temporary buffer from the
  // heap on every call. Past a few hundred items (a claim with many
  // payments) the library's sort is the better one.
  std::vector<TimelineItem>& t = r.timeline;
  if (t.size() > 256) {
    std::stable_sort(t.begin(), t.end(), before);
    return;
  }
  for (size_t i = 1; i < t.size(); ++i) {
    if (!before(t[i], t[i - 1]))
      continue;
    const TimelineItem x = t[i];
    size_t j = i;
    for (; j > 0 && before(x, t[j - 1]); --j)
      t[j] = t[j - 1];
    t[j] = x;
  }
}

// The dates derived since the last call, noted with how many claims came
// before them.
void note_derived(Work& w, size_t& seen) {
  const std::vector<DerivedDate>& dates = w.ev.derived_dates;
  for (; seen < dates.size(); ++seen)
    w.result.derived.push_back(Result::Derived{dates[seen], w.result.claims.size()});
}

// The kind-independent gates, once per claim.
void judge_gates(Work& w, const Policy* p) {
  Evaluator& ev = w.ev;
  w.gate_reasons.clear();
  w.gate_missing.clear();
  w.gate_pend.clear();
  if (!p)
    return;
  for (const Gate& g : p->gates)
    ev.check_gate(g, w.gate_reasons);
  w.gate_missing = ev.missing;
  w.gate_pend = ev.pend;
  ev.missing.clear();
  ev.pend.clear();
}

// Payments that add up to more than the order's total: the figures do not
// fit (a typo, or a payment of another order). The claim is still judged;
// the caps hold the refund to the total.
void warn_payments_over_total(Work& w) {
  const Claim& c = w.claim;
  if (!c[Field::order_total].set || !c.has_payments)
    return;
  int64_t sum = 0;
  for (const Payment& py : c.payments)
    if (py.amount.set)
      sum = std::min(eval::kMaxAmount, sum + py.amount.i);
  if (sum <= c[Field::order_total].i)
    return;
  Evaluator& ev = w.ev;
  const size_t m = ev.mark();
  ev.arena += "{\"payments\":";
  json_int(ev.arena, sum);
  ev.arena += ",\"total\":";
  json_int(ev.arena, c[Field::order_total].i);
  ev.arena += '}';
  w.result.warnings.push_back(Coded{"PAYMENTS_EXCEED_TOTAL", -1, nullptr, ev.since(m)});
}

void start_result(Work& w, const Policy* p, const Policy* first, std::string&& program) {
  Result& r = w.result;
  Claim& c = w.claim;
  r.claim = &c;
  r.policy = p;
  r.first = first;
  r.program = std::move(program);
  r.program_named = c[Field::program].set && r.program != c[Field::program].s;
  r.zone = p ? p->zone : (first ? first->zone : Zone());
  r.today = day_in_zone(c.as_of, r.zone);
  r.claims.clear();
  r.reasons.clear();
  r.basis.clear();
  r.missing.clear();
  r.warnings.clear();
  r.derived.clear();
  r.texts = &w.ev;
  Evaluator& ev = w.ev;
  ev.reset(p, &c, r.zone);
  ev.first = first;
  w.caps_done = false;
  for (const std::string& path : c.unknown_fields) {
    const size_t m = ev.mark();
    ev.arena += "{\"path\":";
    json_string(ev.arena, path);
    ev.arena += '}';
    r.warnings.push_back(Coded{"UNKNOWN_FIELD", -1, nullptr, ev.since(m)});
  }
  warn_payments_over_total(w);
}

// The claim judged once, with the facts as given.
bool judge_once(Work& w, const Registry& reg) {
  Claim& c = w.claim;
  std::string program;
  const Policy* first = nullptr;
  const Policy* p = pick_policy(c, reg, program, first);
  if (!c.errors.empty())
    return false;
  start_result(w, p, first, std::move(program));
  size_t derived_seen = 0;
  judge_gates(w, p);
  note_derived(w, derived_seen);
  int kinds[kKindCount];
  int nkinds = 0;
  if (c[Field::issue_kind].set)
    kinds[nkinds++] = int(c[Field::issue_kind].i);
  else
    for (int k = 0; k < kKindCount; ++k)
      kinds[nkinds++] = k;
  for (int ki = 0; ki < nkinds; ++ki) {
    KindResult k;
    k.kind = Kind(kinds[ki]);
    w.reasons.clear();
    w.basis.clear();
    w.ev.missing.clear();
    if (p)
      judge_kind(w, p, k);
    else
      judge_outside_program(w, first, k);
    note_derived(w, derived_seen);
    record(w, k);
  }
  judge_dispute(w, p);
  judge_program_warnings(w, p);
  note_derived(w, derived_seen);
  build_timeline(w.result);
  return true;
}

// Answers from partial facts (docs/claim-api.md, "assumed").
//
// A date the policy bounds (Policy::bounds) that the claim lacks, while a
// later event is known, happened on an unknown day of a range. Every
// operator a window or cap is made of (adding calendar or business days,
// earliest, latest, coalesce, the start or end of a day) is non-decreasing
// in each date it reads, and a comparison of that date with another is
// monotone, so the range passes through the policy's expressions as the
// range between what its two ends give: the claim is judged with the date
// at each end. Where both ends give the same status it holds for every day
// between, and the answer is taken from the end that is safe for the buyer
// (the earliest closing to act by, the latest closing once closed, the
// latest opening, the lowest refund). Where they differ the claim stays
// needs_info for that date, with the earliest closing of any day that has
// a window, found by bisection.

// A text of one evaluator's arena copied into another's.
Span rehome(const Evaluator& from, Evaluator& to, Span s) {
  if (s.len == 0)
    return Span{};
  const size_t m = to.mark();
  const std::string_view t = from.view(s);
  to.arena.append(t.data(), t.size());
  return to.since(m);
}
Coded rehome(const Evaluator& from, Evaluator& to, Coded c) {
  if (!c.fixed)
    c.params = rehome(from, to, c.params);
  return c;
}
Ref rehome(const Evaluator& from, Evaluator& to, Ref r) {
  if (!r.p)
    r.s = rehome(from, to, r.s);
  return r;
}

// The works that judge a claim again at the ends of a range.
struct EndWorks {
  Work lo, hi, probe;
};
EndWorks& end_works() {
  static thread_local EndWorks e;
  return e;
}

bool has_window(Status s) { return s == open || s == closed || s == not_yet_open; }

// The claim judged again with `date` set to `day`.
const Result& judge_at(Work& into, const Work& w, const Registry& reg, Field date, Day day) {
  into.claim = w.claim;
  Value& v = into.claim[date];
  v.set = true;
  v.i = day;
  into.ev.assumed = date;
  judge_once(into, reg);
  return into.result;
}

// A verdict of `src` (judged in `from`) added to `to`'s lists.
Verdict copy_verdict(const Verdict& v, const Work& from, Work& to) {
  const Result& a = from.result;
  Result& r = to.result;
  Verdict out = v;
  out.reasons.begin = uint32_t(r.reasons.size());
  for (uint32_t i = v.reasons.begin; i < v.reasons.end; ++i)
    r.reasons.push_back(rehome(from.ev, to.ev, a.reasons[i]));
  out.reasons.end = uint32_t(r.reasons.size());
  out.basis.begin = uint32_t(r.basis.size());
  for (uint32_t i = v.basis.begin; i < v.basis.end; ++i) {
    BasisLine b = a.basis[i];
    b.cap.params = rehome(from.ev, to.ev, b.cap.params);
    r.basis.push_back(b);
  }
  out.basis.end = uint32_t(r.basis.size());
  out.missing.begin = uint32_t(r.missing.size());
  for (uint32_t i = v.missing.begin; i < v.missing.end; ++i)
    r.missing.push_back(rehome(from.ev, to.ev, a.missing[i]));
  out.missing.end = uint32_t(r.missing.size());
  return out;
}

bool same_answer(const Verdict& a, const Verdict& b) {
  return a.status == b.status && a.has_opens == b.has_opens && (!a.has_opens || a.opens == b.opens) &&
         a.has_closes == b.has_closes && (!a.has_closes || a.closes == b.closes) && a.max_known == b.max_known &&
         (!a.max_known || a.max == b.max) && a.reasons.end - a.reasons.begin == b.reasons.end - b.reasons.begin;
}

// The first (or, with `last`, the last) day of [lo, hi] at which kind `i`
// has a window, given that `lo` (or `hi`) has one: bisection over days.
Day window_edge(Work& probe, const Work& w, const Registry& reg, Field date, size_t i, Day lo, Day hi, bool last) {
  // Invariant: the day on the known side has a window; the other does not.
  Day in = last ? lo : hi, out = last ? hi : lo;
  while (in - out > 1 || out - in > 1) {
    const Day mid = Day(out + (in - out) / 2);
    if (has_window(judge_at(probe, w, reg, date, mid).claims[i].status))
      in = mid;
    else
      out = mid;
  }
  return in;
}

// Decides the claims of w.result that one bound's range settles.
void decide_bound(Work& w, const Registry& reg, const Bound& b, int bound_index, Day lo, Day hi) {
  EndWorks& e = end_works();
  const Result& at_lo = judge_at(e.lo, w, reg, b.date, lo);
  const Result& at_hi = judge_at(e.hi, w, reg, b.date, hi);
  Result& r = w.result;
  const Policy* p = r.policy;
  bool decided_any = false;
  for (size_t i = 0; i < r.claims.size(); ++i) {
    const Verdict& vl = at_lo.claims[i];
    const Verdict& vh = at_hi.claims[i];
    const Verdict base = r.claims[i];
    if (vl.status == vh.status) {
      if (vl.status == needs_info)
        continue;  // other facts are missing too
      // The end the answer is read from, then what the other end improves.
      const bool from_hi = vl.status == closed || vl.status == not_yet_open;
      const Work& src = from_hi ? e.hi : e.lo;
      const Verdict& other = from_hi ? vl : vh;
      Verdict v = copy_verdict(from_hi ? vh : vl, src, w);
      if (vl.status == not_yet_open) {  // the earliest possible closing
        v.has_closes = vl.has_closes;
        v.closes = vl.closes;
      }
      if (v.max_known && other.max_known && other.max < v.max) {  // the lowest refund
        const Verdict low = copy_verdict(other, from_hi ? e.lo : e.hi, w);
        v.max = low.max;
        v.basis = low.basis;
      }
      if (same_answer(v, base))
        continue;  // the date changes nothing
      v.assumed = bound_index;
      v.decided = true;
      v.assumed_from = lo;
      v.assumed_to = hi;
      r.claims[i] = v;
      decided_any = true;
      // Warnings computed from the assumed date, as if it were known.
      for (const Coded& x : src.result.warnings)
        add_warning(w.ev, r.warnings, rehome(src.ev, w.ev, x));
      // The dates the rules derived at that end, for the trace.
      for (const Result::Derived& d : src.result.derived) {
        bool seen = false;
        for (const Result::Derived& have : r.derived)
          seen = seen || have.date.derived == d.date.derived;
        if (seen)
          continue;
        auto at = r.derived.begin();  // kept in claim order, as the trace reads them
        while (at != r.derived.end() && at->after_claims <= i)
          ++at;
        r.derived.insert(at, Result::Derived{d.date, i});
      }
      continue;
    }
    // Undecided: the date is needed, with the earliest closing of any day
    // that has a window and the latest opening.
    Verdict v = base;
    v.status = needs_info;
    v.reasons = Slice{uint32_t(r.reasons.size()), uint32_t(r.reasons.size())};
    v.has_opens = v.has_closes = false;
    const bool lo_window = has_window(vl.status), hi_window = has_window(vh.status);
    if (lo_window || hi_window) {
      const Day first = lo_window ? lo : window_edge(e.probe, w, reg, b.date, i, lo, hi, false);
      const Verdict& vf = first == lo ? vl : judge_at(e.probe, w, reg, b.date, first).claims[i];
      v.has_closes = vf.has_closes;
      v.closes = vf.closes;
      const Day last = hi_window ? hi : window_edge(e.probe, w, reg, b.date, i, lo, hi, true);
      const Verdict& vz = last == hi ? vh : judge_at(e.probe, w, reg, b.date, last).claims[i];
      v.has_opens = vz.has_opens;
      v.opens = vz.opens;
    }
    // The lowest refund of the two ends, as for a decided claim.
    if (vl.max_known && vh.max_known) {
      const bool low_hi = vh.max < vl.max;
      const Verdict low = copy_verdict(low_hi ? vh : vl, low_hi ? e.hi : e.lo, w);
      v.max_known = true;
      v.max = low.max;
      v.basis = low.basis;
    }
    // What is missing: the date, and whatever else either end lacks.
    v.missing.begin = uint32_t(r.missing.size());
    r.missing.push_back(Ref{field_spec(b.date).pointer, {}});
    for (const Work* end : {&e.lo, &e.hi}) {
      const Result& er = end->result;
      const Verdict& ev = er.claims[i];
      for (uint32_t m = ev.missing.begin; m < ev.missing.end; ++m) {
        const std::string_view path = end->ev.view(er.missing[m]);
        bool dup = false;
        for (uint32_t k = v.missing.begin; k < r.missing.size(); ++k)
          dup = dup || w.ev.view(r.missing[k]) == path;
        if (!dup)
          r.missing.push_back(rehome(end->ev, w.ev, er.missing[m]));
      }
    }
    v.missing.end = uint32_t(r.missing.size());
    v.assumed = bound_index;  // the range, for the timeline; nothing decided
    v.decided = false;
    v.assumed_from = lo;
    v.assumed_to = hi;
    r.claims[i] = v;
  }
  if (!decided_any)
    return;
  const size_t m = w.ev.mark();
  w.ev.arena += "{\"path\":\"";
  w.ev.arena += field_spec(b.date).pointer;
  w.ev.arena += "\",\"from\":";
  quoted_date(w.ev.arena, lo);
  w.ev.arena += ",\"to\":";
  quoted_date(w.ev.arena, hi);
  w.ev.arena += '}';
  add_warning(w.ev, r.warnings, Coded{"DECIDED_WITHOUT_DATE", b.rule, nullptr, w.ev.since(m)});
  (void)p;
}

// The range a bound gives the claim's missing date, if any: false when the
// date is known, no later event is, or the range is empty.
bool bound_range(const Claim& c, const Bound& b, Day today, Day& lo, Day& hi) {
  if (c[b.date].set)
    return false;
  bool have_lo = false, have_hi = false;
  for (Field f : b.after)
    if (c[f].set && (!have_lo || Day(c[f].i) > lo))
      lo = Day(c[f].i), have_lo = true;
  for (Field f : b.before)
    if (c[f].set && (!have_hi || Day(c[f].i) < hi))
      hi = Day(c[f].i), have_hi = true;
  if (!have_lo || !have_hi)
    return false;
  hi = std::min(hi, today);  // a known event happened by the as_of day
  return lo <= hi;
}

// The claim (read, without errors) judged into w.result; false when the
// program is unknown (claim.errors says so).
bool judge(Work& w, const Registry& reg) {
  if (!judge_once(w, reg))
    return false;
  const Policy* p = w.result.policy;
  if (!p || p->bounds.empty())
    return true;
  bool changed = false;
  for (size_t b = 0; b < p->bounds.size(); ++b) {
    Day lo = 0, hi = 0;
    if (!bound_range(w.claim, p->bounds[b], w.result.today, lo, hi))
      continue;
    decide_bound(w, reg, p->bounds[b], int(b), lo, hi);
    changed = true;
  }
  if (changed)
    build_timeline(w.result);
  return true;
}

// Reads and judges the claim into w.result; false when it has errors (in
// w.claim.errors).
bool read_and_judge(std::string_view text, const Registry& reg, Work& w) {
  Claim& c = w.claim;
  read_claim(text, c);
  if (!c.errors.empty() && c[Field::program].set && !reg.find_version(c[Field::program].s)) {
    // An unknown program is an error of its own, whatever else is wrong.
    bool known = false;
    for (const auto& q : reg.policies())
      known = known || q->program == c[Field::program].s;
    std::string program;
    const Policy* first = nullptr;
    if (!known)
      pick_policy(c, reg, program, first);
  }
  return c.errors.empty() && judge(w, reg);
}

bool run(std::string_view text, Buf& out, const Registry& reg, Work& w, Detail detail) {
  out.clear();
  if (!read_and_judge(text, reg, w)) {
    write_errors_json(w.claim.errors, out);
    return false;
  }
  write_result_json(w.result, out, detail);
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

bool evaluate_view(std::string_view claim_json, std::string_view& result, const Registry& registry, Detail detail) {
  Buf& out = result_buffer();
  bool ok = false;
  try {
    ok = run(claim_json, out, registry, work(), detail);
  } catch (const std::exception& e) {
    out.clear();
    write_errors_json({Error{"INTERNAL", "", std::string("The calculator failed on this claim: ") + e.what()}}, out);
  } catch (...) {
    out.clear();
    write_errors_json({Error{"INTERNAL", "", "The calculator failed on this claim."}}, out);
  }
  result = out.view();
  return ok;
}

bool evaluate_csv_rows(size_t line, std::string_view order_id, std::string_view claim_json, std::string& out,
                       const Registry& registry) {
  Work& w = work();
  try {
    if (read_and_judge(claim_json, registry, w)) {
      csv_result_rows(line, order_id, w.result, out);
      return true;
    }
    csv_error_row(line, order_id, w.claim.errors, out);
  } catch (const std::exception& e) {
    csv_error_row(line, order_id,
                  {Error{"INTERNAL", "", std::string("The calculator failed on this claim: ") + e.what()}}, out);
  }
  return false;
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
