// Unit tests of the primitives (dates, instants, calendars, currencies, the
// JSON reader, the policy compiler) and robustness of evaluate().
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <sstream>

#include "assurecalc.hpp"
#include "policy.hpp"
#include "calendar.hpp"
#include "civil.hpp"
#include "currency.hpp"
#include "operators.hpp"

using namespace assurecalc;
using nlohmann::json;

namespace {
Day D(const char* s) {
  Day d = 0;
  REQUIRE(parse_date(s, d));
  return d;
}
std::string date_text(Day d) {
  std::string s;
  append_date(s, d);
  return s;
}
std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
const std::string kData = ASSURECALC_TEST_DATA_DIR;
}  // namespace

TEST_CASE("civil days round-trip over years 1 to 9999") {
  for (Day d = days_from_civil(1, 1, 1); d <= days_from_civil(9999, 12, 31); d += 37) {
    int y, m, dd;
    civil_from_days(d, y, m, dd);
    CHECK(days_from_civil(y, m, dd) == d);
  }
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(weekday(days_from_civil(2025, 3, 2)) == 0);  // a Sunday
  CHECK(weekday(days_from_civil(1969, 12, 31)) == 3);
}

TEST_CASE("dates are parsed strictly") {
  Day d;
  CHECK(parse_date("2024-02-29", d));
  CHECK_FALSE(parse_date("2023-02-29", d));
  CHECK_FALSE(parse_date("2025-02-30", d));
  CHECK_FALSE(parse_date("2025-2-03", d));
  CHECK_FALSE(parse_date("2025-02-03 ", d));
  CHECK_FALSE(parse_date("0000-01-01", d));
  CHECK_FALSE(parse_date("2025-13-01", d));
  CHECK_FALSE(parse_date("2025/02/03", d));
  CHECK(parse_date("1900-02-28", d));
  CHECK_FALSE(parse_date("1900-02-29", d));
  CHECK(parse_date("2000-02-29", d));
}

TEST_CASE("instants: RFC 3339 with offsets, fractions, leap seconds") {
  Instant t;
  REQUIRE(parse_instant("2025-04-20T09:30:00Z", t));
  CHECK(day_in_zone(t, 480) == D("2025-04-20"));
  REQUIRE(parse_instant("2025-05-12T16:00:00Z", t));  // midnight in Beijing
  CHECK(day_in_zone(t, 480) == D("2025-05-13"));
  CHECK(day_in_zone(t, 0) == D("2025-05-12"));
  REQUIRE(parse_instant("2025-05-12T23:59:59.5+08:00", t));
  CHECK(t.nanos == 500000000);
  CHECK(t > Instant{end_of_day(D("2025-05-12"), 480), 0});
  REQUIRE(parse_instant("2025-05-12t10:00:00-05:30", t));
  CHECK(t.sec == int64_t(D("2025-05-12")) * 86400 + 10 * 3600 + 5 * 3600 + 1800);
  CHECK_FALSE(parse_instant("2025-05-12T24:00:00Z", t));
  REQUIRE(parse_instant("2016-12-31T23:59:60Z", t));  // a leap second: the end of second 59
  CHECK(t.sec == int64_t(D("2016-12-31")) * 86400 + 86399);
  CHECK(t.nanos == 999999999);
  CHECK_FALSE(parse_instant("2016-12-31T23:59:61Z", t));
  CHECK_FALSE(parse_instant("2025-05-12T10:00:00", t));
  CHECK_FALSE(parse_instant("2025-05-12T10:00Z", t));
  CHECK_FALSE(parse_instant("2025-05-12T10:00:00.Z", t));
  CHECK_FALSE(parse_instant("2025-05-12T10:00:00+8:00", t));
  std::string s;
  append_instant(s, end_of_day(D("2025-05-12"), 480), 480);
  CHECK(s == "2025-05-12T23:59:59+08:00");
  s.clear();
  append_instant(s, start_of_day(D("2025-05-12"), -330), -330);
  CHECK(s == "2025-05-12T00:00:00-05:30");
}

TEST_CASE("the CN calendar: Spring Festival 2025 and make-up working days") {
  const Calendar* cn = builtin_registry().calendar("CN");
  REQUIRE(cn);
  CHECK(cn->first_year == 2015);
  CHECK(cn->last_year >= 2026);
  bool outside = false;
  CHECK(cn->is_business_day(D("2025-01-26"), outside));  // Sunday, declared a working day
  CHECK_FALSE(cn->is_business_day(D("2025-01-28"), outside));
  CHECK_FALSE(cn->is_business_day(D("2025-02-04"), outside));
  CHECK(cn->is_business_day(D("2025-02-05"), outside));
  CHECK(cn->is_business_day(D("2025-02-08"), outside));  // Saturday, declared a working day
  CHECK_FALSE(cn->is_business_day(D("2025-02-09"), outside));
  CHECK_FALSE(outside);
  // Friday 24 Jan + 3 business days: Sun 26, Mon 27, then Wed 5 Feb.
  CHECK(date_text(cn->add_business_days(D("2025-01-24"), 3, outside)) == "2025-02-05");
  CHECK_FALSE(outside);
  // National Day 2024: 1-7 Oct off, Sat 12 Oct worked.
  CHECK(date_text(cn->add_business_days(D("2024-09-30"), 1, outside)) == "2024-10-08");
  CHECK(date_text(cn->add_business_days(D("2024-10-11"), 1, outside)) == "2024-10-12");
  // Beyond the data: Mon-Fri, flagged.
  CHECK(date_text(cn->add_business_days(D("2026-12-31"), 1, outside)) == "2027-01-01");
  CHECK(outside);
}

TEST_CASE("currencies and their minor-unit exponents") {
  CHECK(currency_exponent("USD") == 2);
  CHECK(currency_exponent("JPY") == 0);
  CHECK(currency_exponent("VND") == 0);
  CHECK(currency_exponent("BHD") == 3);
  CHECK(currency_exponent("KWD") == 3);
  CHECK(currency_exponent("CLF") == 4);
  CHECK(currency_exponent("CNY") == 2);
  CHECK(currency_exponent("AED") == 2);
  CHECK(currency_exponent("ZWL") == 2);
  CHECK(currency_exponent("usd") == -1);
  CHECK(currency_exponent("XXX") == -1);
  CHECK(currency_exponent("XAU") == -1);
  CHECK(currency_exponent("US") == -1);
}

TEST_CASE("the built-in policies load and list their rules with sources") {
  const json programs = json::parse(programs_json());
  // Sorted by program, then by start: Trade Assurance first, then its peers.
  std::vector<std::string> ids;
  for (const auto& p : programs)
    ids.push_back(p["id"].get<std::string>());
  CHECK(ids == std::vector<std::string>{"alibaba-ta-2015", "alibaba-ta-2017", "aliexpress-bp-2015",
                                        "aliexpress-bp-2020", "amazon-atoz-2014", "amazon-atoz-2020", "ebay-mbg-2019",
                                        "paypal-bp-2010", "paypal-bp-2014"});
  CHECK(programs[0]["effective_to"] == "2017-12-08");
  CHECK(programs[1]["effective_to"].is_null());
  for (const auto& p : programs)
    for (const auto& r : p["rules"]) {
      CHECK(r["source"].is_object());
      CHECK_FALSE(r["title"].get<std::string>().empty());
    }
}

TEST_CASE("policy files with mistakes are refused with a path and a reason") {
  Registry reg;
  std::vector<PolicyError> errors;
  REQUIRE(load_builtin(reg, errors));
  std::string good = read_file(kData + "/policies/peer-test-2024.json");
  auto errors_for = [&](const std::string& text) {
    std::vector<PolicyError> e;
    Registry r;
    std::vector<PolicyError> ignore;
    load_builtin(r, ignore);
    r.add_calendar(read_file(kData + "/policies/weekdays-calendar.json"), ignore);
    CHECK_FALSE(r.add_policy(text, e));
    return e;
  };
  auto has = [](const std::vector<PolicyError>& e, const std::string& path) {
    for (const auto& x : e)
      if (x.path == path)
        return true;
    return false;
  };
  CHECK(has(errors_for("[1]"), ""));
  CHECK(has(errors_for("{"), ""));
  json j = json::parse(good);
  j["kinds"]["quality"]["opens"] = {{"add_weeks", 1}};
  CHECK(has(errors_for(j.dump()), "/kinds/quality/opens"));
  j = json::parse(good);
  j["kinds"]["quality"]["rule"] = "no.such.rule";
  CHECK(has(errors_for(j.dump()), "/kinds/quality/rule"));
  j = json::parse(good);
  j["kinds"]["quality"]["closes"] = "order.total";  // an amount where a date belongs
  CHECK(has(errors_for(j.dump()), "/kinds/quality/closes"));
  j = json::parse(good);
  j["kinds"]["lost_parcel"] = json::object();
  CHECK(has(errors_for(j.dump()), "/kinds/lost_parcel"));
  j = json::parse(good);
  j["timezone"] = "Pacific";
  CHECK(has(errors_for(j.dump()), "/timezone"));
  j = json::parse(good);
  j["id"] = "alibaba-ta-2017";
  j["program"] = "alibaba-ta";
  CHECK_FALSE(errors_for(j.dump()).empty());  // repeats an id, overlaps a period
}

TEST_CASE("a peer program (a test policy beside the built-in ones) is policy data, not code") {
  Registry reg;
  std::vector<PolicyError> errors;
  REQUIRE(load_builtin(reg, errors));
  REQUIRE(reg.add_calendar(read_file(kData + "/policies/weekdays-calendar.json"), errors));
  REQUIRE(reg.add_policy(read_file(kData + "/policies/peer-test-2024.json"), errors));
  REQUIRE(errors.empty());
  json claim = {
      {"program", "peer-test"},
      {"as_of", "2025-06-10T12:00:00Z"},
      {"order", {{"created_on", "2025-05-01"}, {"currency", "GBP"}, {"total", 4599}}},
      {"payments", {{{"on", "2025-05-01"}, {"amount", 4599}, {"method", "card"}, {"to", "platform"}}}},
      {"shipment", {{"expected_delivery_by", "2025-05-12"}}},
      {"history", {{"dispute_opened_on", "2025-06-06"}}},
  };
  const json r = json::parse(evaluate(claim.dump(), reg));
  REQUIRE(r["ok"] == true);
  CHECK(r["program"]["id"] == "peer-test-2024");
  const json& inr = r["claims"][1];
  CHECK(inr["kind"] == "not_received");
  CHECK(inr["status"] == "open");
  CHECK(inr["closes_at"] == "2025-06-11T23:59:59+00:00");
  CHECK(inr["days_left"] == 1);
  CHECK(inr["refund"]["max"] == 4599);
  CHECK(r["claims"][0]["status"] == "not_covered");  // late_shipment is not an eBay claim
  // Fri 6 June + 3 business days = Wed 11 June.
  CHECK(r["dispute"]["supplier_response_due"] == "2025-06-11T23:59:59+00:00");
  CHECK(r["dispute"]["escalation_opens"] == "2025-06-12T00:00:00+00:00");
  // The Alibaba programs are still there beside it.
  claim["program"] = "alibaba-ta";
  CHECK(json::parse(evaluate(claim.dump(), reg))["program"]["id"] == "alibaba-ta-2017");
}

TEST_CASE("no input crashes, hangs or escapes as anything but a result") {
  const std::string sample = read_file(kData + "/samples/claim-api-sample.json");
  REQUIRE_FALSE(sample.empty());
  std::mt19937 rng(20261126);
  std::string out;
  int ok_true = 0, ok_false = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string s = sample;
    const int edits = 1 + int(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % s.size();
      switch (rng() % 4) {
        case 0:
          s[at] = char(rng() % 256);
          break;
        case 1:
          s.erase(at, 1 + rng() % 8);
          break;
        case 2:
          s.insert(at, std::string(1 + rng() % 3, "{[\"]}:,0-e\\"[rng() % 11]));
          break;
        default:
          s = s.substr(0, at);
          break;
      }
      if (s.empty())
        s = "{";
    }
    evaluate_into(s, out);
    const json r = json::parse(out, nullptr, false);
    REQUIRE_FALSE(r.is_discarded());
    REQUIRE(r.contains("ok"));
    (r["ok"] == true ? ok_true : ok_false)++;
    if (r["ok"] == false) {
      REQUIRE(r.size() == 2);
      for (const auto& e : r["errors"]) {
        REQUIRE(e["code"].is_string());
        REQUIRE(e["path"].is_string());
        REQUIRE(e["message"].is_string());
      }
    }
  }
  CHECK(ok_true > 0);
  CHECK(ok_false > 0);
  // Deep nesting is refused at depth 64, without recursion trouble.
  std::string deep = "{\"order\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  evaluate_into(deep, out);
  const json r = json::parse(out);
  REQUIRE(r["errors"].size() == 2);
  CHECK(r["errors"][0]["code"] == "INVALID_TYPE");  // order must be an object
  CHECK(r["errors"][1]["code"] == "INPUT_TOO_LARGE");
  std::string too_deep = "/order";
  for (int i = 0; i < 63; ++i)
    too_deep += "/0";
  CHECK(r["errors"][1]["path"] == too_deep);
}

TEST_CASE("every policy operator has its evaluate function, and a compile function when it has a key") {
  for (int i = 0; i < int(Op::count); ++i) {
    const Operator& row = operator_row(Op(i));
    CHECK(row.evaluate != nullptr);
    CHECK((row.key == nullptr || row.compile != nullptr));
  }
}

// Answers from partial facts with a made-up program whose window (the 20th
// to the 40th day after shipment) and refund (500.00 when shipped before
// 10 March 2020) both read the shipping date: every kind of decision, on
// both sides of each boundary. Ordered 2020-03-01, delivered 2020-03-20,
// shipping date unknown: shipped from 2020-03-01 to 2020-03-20, so the
// window opens from 2020-03-21 to 2020-04-09 and closes from 2020-04-10 to
// 2020-04-29.
namespace {
json judge_bounded(const std::string& as_of, bool with_shipped = false) {
  static Registry reg;
  static bool loaded = false;
  if (!loaded) {
    std::vector<PolicyError> errors;
    REQUIRE(load_builtin(reg, errors));
    REQUIRE(reg.add_calendar(read_file(kData + "/policies/weekdays-calendar.json"), errors));
    REQUIRE(reg.add_policy(read_file(kData + "/policies/bounded-test-2020.json"), errors));
    REQUIRE(errors.empty());
    loaded = true;
  }
  json claim = {
      {"program", "bounded-test"},
      {"as_of", as_of},
      {"order", {{"created_on", "2020-03-01"}, {"currency", "USD"}, {"total", 100000}}},
      {"payments", {{{"on", "2020-03-01"}, {"amount", 100000}, {"method", "card"}, {"to", "platform"}}}},
      {"shipment", {{"delivered_on", "2020-03-20"}}},
      {"issue", {{"kind", "damaged"}}},
  };
  if (with_shipped)
    claim["shipment"]["shipped_on"] = "2020-03-12";
  const json r = json::parse(evaluate(claim.dump(), reg));
  REQUIRE(r["ok"] == true);
  return r;
}
const json kAssumed = json::array({{{"path", "/shipment/shipped_on"}, {"from", "2020-03-01"}, {"to", "2020-03-20"}}});
bool warns_decided(const json& r) {
  for (const json& w : r["warnings"])
    if (w["code"] == "DECIDED_WITHOUT_DATE")
      return w["params"] == kAssumed[0] && w["rule"] == "bt.order_of_events";
  return false;
}
}  // namespace

TEST_CASE("partial facts: not yet open at both ends is not_yet_open, with the latest opening and earliest closing") {
  const json r = judge_bounded("2020-03-20T23:59:59Z");  // the last second before the earliest opening
  const json& k = r["claims"][0];
  CHECK(k["status"] == "not_yet_open");
  CHECK(k["opens_at"] == "2020-04-09T00:00:00+00:00");
  CHECK(k["closes_at"] == "2020-04-10T23:59:59+00:00");
  CHECK(k["refund"]["max"] == 50000);  // the lowest over the range
  CHECK(k["assumed"] == kAssumed);
  CHECK(warns_decided(r));
  CHECK(k["reasons"][0]["params"]["opens_at"] == "2020-04-09T00:00:00+00:00");
}

TEST_CASE("partial facts: open at one end only is needs_info, with the earliest closing and latest opening") {
  for (const char* at :
       {"2020-03-21T00:00:00Z", "2020-04-08T23:59:59Z", "2020-04-11T00:00:00Z", "2020-04-29T23:59:59Z"}) {
    INFO(at);
    const json r = judge_bounded(at);
    const json& k = r["claims"][0];
    CHECK(k["status"] == "needs_info");
    CHECK(k["missing"] == json::array({"/shipment/shipped_on"}));
    CHECK(k["opens_at"] == "2020-04-09T00:00:00+00:00");
    CHECK(k["closes_at"] == "2020-04-10T23:59:59+00:00");
    CHECK(k["refund"]["max"] == 50000);
    CHECK(k["assumed"].empty());
    CHECK_FALSE(warns_decided(r));
    // The timeline still shows the range the date lies in.
    std::vector<std::string> range;
    for (const json& t : r["timeline"])
      if (t["source"] == "bt.order_of_events")
        range.push_back(t["event"].get<std::string>() + " " + t["at"].get<std::string>());
    CHECK(range == std::vector<std::string>{"shipped_on.from 2020-03-01T00:00:00+00:00",
                                            "shipped_on.to 2020-03-20T23:59:59+00:00"});
  }
}

TEST_CASE("partial facts: open at both ends is open, closing at the earliest possible closing") {
  // From the latest opening (2020-04-09) to the earliest closing (2020-04-10).
  const json first = judge_bounded("2020-04-09T00:00:00Z")["claims"][0];
  CHECK(first["status"] == "open");
  CHECK(first["opens_at"] == "2020-03-21T00:00:00+00:00");
  CHECK(first["closes_at"] == "2020-04-10T23:59:59+00:00");
  CHECK(first["days_left"] == 1);
  const json r = judge_bounded("2020-04-10T23:59:59Z");
  const json& last = r["claims"][0];
  CHECK(last["status"] == "open");
  CHECK(last["days_left"] == 0);
  CHECK(last["refund"]["max"] == 50000);
  CHECK(last["assumed"] == kAssumed);
  CHECK(warns_decided(r));
}

TEST_CASE("partial facts: closed at both ends is closed, with the latest possible closing") {
  const json r = judge_bounded("2020-04-30T00:00:00Z");  // the first second after the latest closing
  const json& k = r["claims"][0];
  CHECK(k["status"] == "closed");
  CHECK(k["closes_at"] == "2020-04-29T23:59:59+00:00");
  CHECK(k["opens_at"] == "2020-04-09T00:00:00+00:00");
  CHECK(k["reasons"][0]["code"] == "WINDOW_CLOSED");
  CHECK(k["reasons"][0]["params"]["closed_at"] == "2020-04-29T23:59:59+00:00");
  CHECK(k["assumed"] == kAssumed);
  CHECK(warns_decided(r));
}

TEST_CASE("partial facts: a known date is judged as given, nothing assumed") {
  const json r = judge_bounded("2020-04-30T00:00:00Z", true);  // shipped 2020-03-12: open to 2020-04-21
  const json& k = r["claims"][0];
  CHECK(k["status"] == "closed");
  CHECK(k["closes_at"] == "2020-04-21T23:59:59+00:00");
  CHECK(k["refund"]["max"] == 100000);
  CHECK(k["assumed"].empty());
  CHECK_FALSE(warns_decided(r));
}

TEST_CASE("partial facts: a bound's fields are checked when the policy loads") {
  std::string text = read_file(kData + "/policies/bounded-test-2020.json");
  const std::string from = "\"on_or_before\": [\"shipment.delivered_on\"]";
  REQUIRE(text.find(from) != std::string::npos);
  for (const char* bad :
       {"\"on_or_before\": [\"order.total\"]", "\"on_or_before\": []", "\"on_or_before\": [\"shipment.shipped_on\"]"}) {
    INFO(bad);
    std::string t = text;
    t.replace(t.find(from), from.size(), bad);
    Registry reg;
    std::vector<PolicyError> errors;
    REQUIRE(reg.add_calendar(read_file(kData + "/policies/weekdays-calendar.json"), errors));
    CHECK_FALSE(reg.add_policy(t, errors));
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].path.rfind("/bounds/0", 0) == 0);
  }
}
