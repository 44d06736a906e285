// libFuzzer target: any bytes as a policy file (and a calendar) for
// Registry::add_policy and add_calendar, what `assurecalc --policy FILE
// --calendar FILE` reads. Input: CALENDAR \0 POLICY, or POLICY alone.
// Never a crash, a hang or a sanitizer report, and:
//   - a refused file says why, in UTF-8, at a JSON Pointer;
//   - a policy that compiles answers claims: evaluate() under it gives a
//     UTF-8 JSON result starting {"ok":, for the version named, for its
//     program, with and without a kind, at several dates;
//   - programs_json() and vocabulary_json() of the registry are UTF-8 JSON.
// A fresh registry per input holds small calendars named like the shipped
// ones (CN, WEEKDAYS), so the shipped policy files compile as seeds.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "assurecalc.hpp"
#include "policy.hpp"
#include "fuzz_check.hpp"

namespace {

const char* const kCalendars[] = {
    R"({"id":"CN","name":"a few days of the mainland China calendar","source":{"title":"fuzz","url":null},)"
    R"("years":[2015,2026],"holidays":["2017-10-02","2025-01-01","2025-05-01","2025-05-02"],)"
    R"("workdays":["2025-01-26","2025-04-27"]})",
    R"({"id":"WEEKDAYS","name":"Monday to Friday","source":{"title":"fuzz","url":null},"years":[1900,2200],)"
    R"("holidays":[],"workdays":[]})",
};

void check_errors(const std::vector<assurecalc::PolicyError>& errors, const char* what) {
  if (errors.empty())
    fuzz::fail(what, "(no error given)");
  for (const auto& e : errors) {
    if (!fuzz::valid_utf8(e.message) || e.message.empty())
      fuzz::fail("an error message must be UTF-8 text", e.message);
    if (!e.path.empty() && e.path[0] != '/')
      fuzz::fail("an error path must be a JSON Pointer", e.path);
  }
}

// A claim naming `program`, every other field filled.
std::string claim_for(const std::string& program, const char* created_on, const char* as_of, const char* kind) {
  nlohmann::json c = nlohmann::json::parse(R"({
    "buyer": {"tier": "enterprise"},
    "supplier": {"country": "CN", "ta_limit_remaining": 500000},
    "order": {"id": "PO-1", "currency": "USD", "total": 300000, "assurance_amount": 250000,
              "incoterm": "CIF", "placed_via_assurance": true, "coverage_type": "post_delivery",
              "ship_by": "2025-03-20", "guaranteed_delivery_by": "2025-04-10",
              "lines": [{"sku": "MUG-01", "quantity": 1000, "unit_price": 300}]},
    "payments": [{"on": "2025-03-02", "amount": 90000, "method": "tt", "to": "platform"},
                 {"on": "2025-03-28", "amount": 210000, "method": "card", "to": "platform"}],
    "shipment": {"shipped_on": "2025-03-27", "customs_cleared_on": "2025-04-02",
                 "expected_delivery_by": "2025-04-15", "delivered_on": "2025-04-12",
                 "receipt_confirmed_on": "2025-04-11"},
    "issue": {"claimed": 200000, "missing_units": {"MUG-01": 120}},
    "history": {"dispute_opened_on": "2025-04-14", "escalated_on": "2025-04-20", "agreement_on": "2025-04-25"},
    "fx": {"usd_per_unit": 1}
  })");
  c["program"] = program;
  c["order"]["created_on"] = created_on;
  c["as_of"] = as_of;
  if (kind)
    c["issue"]["kind"] = kind;
  return c.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view calendar, policy = in;
  if (const void* nul = std::memchr(in.data(), 0, in.size())) {
    const size_t at = size_t(static_cast<const char*>(nul) - in.data());
    calendar = in.substr(0, at);
    policy = in.substr(at + 1);
  }

  assurecalc::Registry reg;
  std::vector<assurecalc::PolicyError> errors;
  if (!calendar.empty() && !reg.add_calendar(calendar, errors))
    check_errors(errors, "a refused calendar must say why");
  for (const char* text : kCalendars) {
    errors.clear();
    if (!reg.add_calendar(text, errors))
      fuzz::fail("the fuzzer's own calendar must load", text);
  }
  errors.clear();
  if (!reg.add_policy(policy, errors)) {
    check_errors(errors, "a refused policy must say why");
    if (!reg.policies().empty())
      fuzz::fail("a refused policy must add nothing", policy);
    return 0;
  }
  if (reg.policies().size() != 1)
    fuzz::fail("a policy that compiles must be added once", policy);
  const assurecalc::Policy& p = *reg.policies()[0];

  fuzz::require_json(assurecalc::programs_json(reg), "programs_json must be UTF-8 JSON");
  fuzz::require_json(assurecalc::vocabulary_json(reg), "vocabulary_json must be UTF-8 JSON");

  const char* const dates[][2] = {{"2025-03-02", "2025-04-20T09:30:00Z"},
                                  {"2015-03-02", "2015-03-03T00:00:00+08:00"},
                                  {"2099-12-31", "2100-06-30T23:59:60Z"}};
  std::string out;
  for (const std::string& program : {p.id, p.program})
    for (const auto& d : dates)
      for (const char* kind : {static_cast<const char*>(nullptr), "quality", "late_delivery"}) {
        assurecalc::evaluate_into(claim_for(program, d[0], d[1], kind), out, reg);
        fuzz::require_result(out);
      }
  return 0;
}
