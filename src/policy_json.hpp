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

}  // namespace assurecalc
