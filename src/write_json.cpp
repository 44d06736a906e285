// The result as JSON (claim-api.md), read from the judged Result. The trace
// is written here too, from what the Result holds.
#include "json_out.hpp"
#include "policy_json.hpp"
#include "result.hpp"

namespace assurecalc {
namespace {
using namespace eval;

// Policy ids and names are plain (checked when the policy loads): no escaping.
void rule_id(Buf& out, const Policy* p, int rule) {
  if (p && rule >= 0)
    quoted(out, p->rules[size_t(rule)].id);
  else
    out += "null";
}

void coded_json(Buf& out, const Result& r, const Coded& x) {
  out += "{\"code\":\"";
  out += x.code;
  out += "\",\"rule\":";
  // Without a version in force (ORDER_BEFORE_PROGRAM) the rule is the
  // first version's period rule.
  rule_id(out, r.policy ? r.policy : r.first, x.rule);
  out += ",\"params\":";
  const std::string_view prm = r.texts->params(x);
  if (prm.empty())
    out += "{}";
  else
    out.append(prm.data(), prm.size());
  out += '}';
}

void program_object(Buf& out, const Result& r) {
  const Policy* p = r.policy;
  out += "\"program\":{\"id\":";
  if (!p) {
    out += "null,\"program\":";
    json_string(out, r.program);
    out += ",\"name\":null,\"timezone\":null,\"effective_from\":null,\"effective_to\":null,\"rule\":null}";
    return;
  }
  json_string(out, p->id);
  out += ",\"program\":";
  json_string(out, p->program);
  out += ",\"name\":";
  json_string(out, p->name);
  out += ",\"timezone\":";
  json_string(out, p->timezone);
  bool first = false;
  period_json(out, *p, first);
  // The rule that gives the version's period: why this version applies.
  out += ",\"rule\":";
  rule_id(out, p, p->period_rule);
  out += '}';
}

void instant_or_null(Buf& out, bool set, int64_t at, const Zone& zone) {
  if (!set) {
    out += "null";
    return;
  }
  out += '"';
  append_instant_fast(out, at, zone);
  out += '"';
}

void basis_json(Buf& out, const Result& r, const Verdict& v, Detail detail) {
  if (detail == Detail::summary) {
    out += '}';
    return;
  }
  out += ",\"basis\":[";
  if (v.status != not_covered)
    for (uint32_t b = v.basis.begin; b < v.basis.end; ++b) {
      const BasisLine& x = r.basis[b];
      if (b != v.basis.begin)
        out += ',';
      out += "{\"rule\":";
      rule_id(out, r.policy, x.cap.rule);
      out += ",\"cap\":";
      quoted(out, *x.cap.name);
      out += ",\"amount\":";
      json_int(out, x.cap.amount);
      out += ",\"applied\":";
      out += x.applied ? "true" : "false";
      if (x.cap.params.len) {
        out += ",\"params\":";
        const std::string_view prm = r.texts->view(x.cap.params);
        out.append(prm.data(), prm.size());
      }
      out += '}';
    }
  out += "]}";
}

void verdict_json(Buf& out, const Result& r, const Verdict& v, Detail detail) {
  const Zone& off = r.zone;
  out += "{\"kind\":\"";
  out += kind_name(v.kind);
  out += "\",\"status\":\"";
  out += kStatusNames[v.status];
  out += "\",\"opens_at\":";
  instant_or_null(out, v.has_opens, start_of_day(v.opens, off), off);
  out += ",\"closes_at\":";
  instant_or_null(out, v.has_closes, end_of_day(v.closes, off), off);
  out += ",\"days_left\":";
  if (v.status == open && v.has_closes)
    json_int(out, v.closes - r.today);
  else
    out += "null";
  out += ",\"refund\":{\"max\":";
  if (v.max_known)
    json_int(out, v.max);
  else
    out += "null";
  out += ",\"currency\":";
  json_string(out, (*r.claim)[Field::order_currency].s);
  out += ",\"form\":";
  if (v.form)
    json_string(out, *v.form);
  else
    out += "null";
  out += ",\"form_rule\":";
  rule_id(out, r.policy, v.form_rule);
  basis_json(out, r, v, detail);
  out += ",\"reasons\":[";
  for (uint32_t i = v.reasons.begin; i < v.reasons.end; ++i) {
    if (i != v.reasons.begin)
      out += ',';
    coded_json(out, r, r.reasons[i]);
  }
  out += "],\"missing\":[";
  for (uint32_t m = v.missing.begin; m < v.missing.end; ++m) {
    if (m != v.missing.begin)
      out += ',';
    json_string(out, r.texts->view(r.missing[m]));
  }
  // The missing date the answer was decided without, with its range.
  out += "],\"assumed\":[";
  if (v.assumed >= 0 && v.decided) {
    out += "{\"path\":\"";
    out += field_spec(r.policy->bounds[size_t(v.assumed)].date).pointer;
    out += "\",\"from\":";
    quoted_date(out, v.assumed_from);
    out += ",\"to\":";
    quoted_date(out, v.assumed_to);
    out += '}';
  }
  out += "]}";
}

void dispute_json(Buf& out, const Result& r) {
  out += ",\"dispute\":{";
  bool first = true;
  for (int d = 0; d < kDisputeCount; ++d) {
    json_key(out, kDisputeNames[d], first);
    instant_or_null(out, r.dispute[d].set, r.dispute[d].at, r.zone);
  }
  out += '}';
}

void timeline_json(Buf& out, const Result& r) {
  out += ",\"timeline\":[";
  for (size_t i = 0; i < r.timeline.size(); ++i) {
    const TimelineItem& t = r.timeline[i];
    if (i)
      out += ',';
    out += "{\"at\":\"";
    append_instant_fast(out, t.at, r.zone);
    out += "\",\"event\":\"";
    out += t.event;
    if (t.suffix)
      out += t.suffix;
    out += "\",\"source\":";
    if (t.rule >= 0) {
      rule_id(out, r.policy, t.rule);
    } else {
      out += '"';
      out += t.source;
      out += '"';
    }
    out += '}';
  }
  out += ']';
}

// Trace lines hold only plain texts (ids, names, codes, dates, numbers).
void trace_version(Buf& t, const Result& r) {
  const Day created = Day((*r.claim)[Field::order_created_on].i);
  t += '"';
  if (r.policy) {
    t += "version ";
    t += r.policy->id;
    t += " chosen for an order created ";
    append_date_fast(t, created);
    t += r.program_named ? " (named in the claim)" : " (by order.created_on)";
  } else {
    t += "no version of ";
    t += r.program;
    t += " covers an order created ";
    append_date_fast(t, created);
  }
  t += '"';
}

void trace_derived(Buf& t, const Result& r, const DerivedDate& d) {
  const Derived& def = r.policy->derived[d.derived];
  t += ",\"";
  t += def.name;
  t += " = ";
  append_date_fast(t, d.value);
  t += " (";
  t += r.policy->rules[size_t(def.rule)].id;
  t += ")\"";
}

void trace_verdict(Buf& t, const Result& r, const Verdict& v) {
  const bool dated = v.status != not_covered;
  t += ",\"";
  t += kind_name(v.kind);
  t += ": ";
  t += kStatusNames[v.status];
  if (v.has_opens) {
    t += ", opens ";
    append_date_fast(t, v.opens);
  }
  if (v.has_closes) {
    t += ", closes end of ";
    append_date_fast(t, v.closes);
  }
  if (dated && v.max_known) {
    t += ", refund at most ";
    json_int(t, v.max);
    t += " (least of";
    for (uint32_t b = v.basis.begin; b < v.basis.end; ++b) {
      t += ' ';
      t += *r.basis[b].cap.name;
      t += ' ';
      json_int(t, r.basis[b].cap.amount);
    }
    t += ')';
  }
  for (uint32_t i = v.reasons.begin; i < v.reasons.end; ++i) {
    t += ", ";
    t += r.reasons[i].code;
  }
  if (v.assumed >= 0 && v.decided) {
    const Bound& b = r.policy->bounds[size_t(v.assumed)];
    t += ", whatever ";
    t += field_spec(b.date).dotted;
    t += " from ";
    append_date_fast(t, v.assumed_from);
    t += " to ";
    append_date_fast(t, v.assumed_to);
    t += " (";
    t += r.policy->rules[size_t(b.rule)].id;
    t += ')';
  }
  t += '"';
}

// How the answer was reached: the version, each derived date where it was
// first needed, each claim's outcome.
void trace_json(Buf& out, const Result& r) {
  out += ",\"trace\":[";
  trace_version(out, r);
  size_t d = 0;
  for (size_t i = 0; i <= r.claims.size(); ++i) {
    for (; d < r.derived.size() && r.derived[d].after_claims == i; ++d)
      trace_derived(out, r, r.derived[d].date);
    if (i < r.claims.size())
      trace_verdict(out, r, r.claims[i]);
  }
  out += ']';
}

}  // namespace

void write_errors_json(const std::vector<Error>& errors, Buf& out) {
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

void write_result_json(const Result& r, Buf& out, Detail detail) {
  const Claim& c = *r.claim;
  out.reserve(4096);
  out += "{\"ok\":true,";
  program_object(out, r);
  // The caller's order id, so results in a queue can be matched to orders.
  out += ",\"order_id\":";
  if (c[Field::order_id].set)
    json_string(out, c[Field::order_id].s);
  else
    out += "null";
  // The moment judged, in the program's zone: days_left counts from its day.
  out += ",\"as_of\":\"";
  append_instant_fast(out, c.as_of.sec, r.zone);
  out += "\",\"claims\":[";
  for (size_t i = 0; i < r.claims.size(); ++i) {
    if (i)
      out += ',';
    verdict_json(out, r, r.claims[i], detail);
  }
  out += ']';
  dispute_json(out, r);
  if (detail == Detail::full)
    timeline_json(out, r);
  out += ",\"warnings\":[";
  for (size_t i = 0; i < r.warnings.size(); ++i) {
    if (i)
      out += ',';
    coded_json(out, r, r.warnings[i]);
  }
  out += ']';
  if (detail == Detail::full)
    trace_json(out, r);
  out += '}';
}

}  // namespace assurecalc
