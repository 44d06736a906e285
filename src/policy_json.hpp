// What every listing of a program version writes the same way.
#pragma once
#include "json_out.hpp"
#include "policy.hpp"

namespace assurecalc {

// `"effective_from":"2017-12-08","effective_to":null`: the version's
// half-open period of order dates.
template <class Out>
void period_json(Out& out, const Policy& p, bool& first) {
  json_key(out, "effective_from", first);
  json_date_or_null(out, true, p.effective_from);
  json_key(out, "effective_to", first);
  json_date_or_null(out, p.has_effective_to, p.effective_to);
}

// A version's id, program, name, time zone and period.
template <class Out>
void version_json_head(Out& out, const Policy& p, bool& first) {
  json_key(out, "id", first);
  json_string(out, p.id);
  json_key(out, "program", first);
  json_string(out, p.program);
  json_key(out, "name", first);
  json_string(out, p.name);
  json_key(out, "timezone", first);
  json_string(out, p.timezone);
  period_json(out, p, first);
}

}  // namespace assurecalc
