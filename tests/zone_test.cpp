// Time zones with daylight saving (src/zone.hpp, data in src/zones/) and the
// US federal business-day calendar (src/calendars/us.json): the primitives,
// and a policy counted in Los Angeles with US business days, on both sides
// of each boundary.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "assurecalc.hpp"
#include "calendar.hpp"
#include "civil.hpp"
#include "policy.hpp"
#include "zone.hpp"

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
int64_t T(const char* s) {
  Instant t;
  REQUIRE(parse_instant(s, t));
  return t.sec;
}
std::string at(int64_t sec, const Zone& z) {
  std::string s;
  append_instant(s, sec, z);
  return s;
}
std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
const std::string kData = ASSURECALC_TEST_DATA_DIR;

Zone zone(const char* name) {
  Zone z;
  REQUIRE(parse_zone(name, z));
  return z;
}
}  // namespace

TEST_CASE("zones: the built-in rules state their tz database version and years") {
  for (const char* name : {"America/Los_Angeles", "Asia/Shanghai", "UTC"}) {
    const ZoneRules* z = find_zone(name);
    REQUIRE(z);
    CHECK(z->id == name);
    CHECK(std::regex_match(z->tzdata, std::regex("[0-9]{4}[a-z]")));
    CHECK(z->first_year == 1970);
    CHECK(z->last_year == 2037);
    CHECK(z->source_url == "https://www.iana.org/time-zones");
    CHECK(z->at.size() == z->offset_min.size());
  }
  CHECK(find_zone("America/Los_Angeles")->at.size() == 136);  // two changes a year, 1970-2037
  CHECK(find_zone("Asia/Shanghai")->at.size() == 12);         // daylight saving 1986-1991
  CHECK(find_zone("UTC")->at.empty());
  CHECK_FALSE(find_zone("Pacific"));
  CHECK_FALSE(find_zone("america/los_angeles"));
  CHECK(zone_names() == "America/Los_Angeles, Asia/Shanghai, UTC");
}

TEST_CASE("zones: a policy's timezone is a fixed offset or a built-in zone name") {
  Zone z;
  REQUIRE(parse_zone("+08:00", z));
  CHECK_FALSE(z.rules());
  CHECK(z.offset_at(0) == 480);
  REQUIRE(parse_zone("-05:30", z));
  CHECK(z.offset_at(0) == -330);
  REQUIRE(parse_zone("America/Los_Angeles", z));
  REQUIRE(z.rules());
  CHECK(z.rules()->id == "America/Los_Angeles");
  CHECK_FALSE(parse_zone("Pacific", z));
  CHECK_FALSE(parse_zone("", z));
  CHECK_FALSE(parse_zone("+8:00", z));
}

TEST_CASE("zones: a fixed offset counts exactly as the civil primitives") {
  for (int off : {480, 0, -300, 330, -720, 840}) {
    const Zone z = Zone::fixed(off);
    for (Day d = D("2015-01-01"); d < D("2031-01-01"); d += 17) {
      CHECK(z.start_of_day(d) == start_of_day(d, off));
      CHECK(z.end_of_day(d) == end_of_day(d, off));
      const Instant t{start_of_day(d, off) + 86399, 0};
      CHECK(z.day_of(t) == day_in_zone(t, off));
      CHECK(at(t.sec, z) == [&] {
        std::string s;
        append_instant(s, t.sec, off);
        return s;
      }());
    }
  }
}

TEST_CASE("zones: Los Angeles, the offset in force on both sides of each change") {
  const Zone la = zone("America/Los_Angeles");
  // Spring forward: Sunday 2026-03-08 02:00 PST becomes 03:00 PDT (10:00 UTC).
  CHECK(la.offset_at(T("2026-03-08T09:59:59Z")) == -480);
  CHECK(la.offset_at(T("2026-03-08T10:00:00Z")) == -420);
  CHECK(at(T("2026-03-08T09:59:59Z"), la) == "2026-03-08T01:59:59-08:00");
  CHECK(at(T("2026-03-08T10:00:00Z"), la) == "2026-03-08T03:00:00-07:00");
  // Fall back: Sunday 2026-11-01 02:00 PDT becomes 01:00 PST (09:00 UTC).
  CHECK(la.offset_at(T("2026-11-01T08:59:59Z")) == -420);
  CHECK(la.offset_at(T("2026-11-01T09:00:00Z")) == -480);
  CHECK(at(T("2026-11-01T08:59:59Z"), la) == "2026-11-01T01:59:59-07:00");
  CHECK(at(T("2026-11-01T09:00:00Z"), la) == "2026-11-01T01:00:00-08:00");
  // Before and after the data's years: the offset at the nearest edge.
  CHECK(la.offset_at(T("1969-07-01T00:00:00Z")) == -480);
  CHECK(la.offset_at(T("2038-01-10T00:00:00Z")) == -480);
  // The US rules of 1987-2006 (first Sunday in April, last in October).
  CHECK(la.offset_at(T("2006-04-02T09:59:59Z")) == -480);
  CHECK(la.offset_at(T("2006-04-02T10:00:00Z")) == -420);
  CHECK(la.offset_at(T("2006-10-29T08:59:59Z")) == -420);
  CHECK(la.offset_at(T("2006-10-29T09:00:00Z")) == -480);
}

TEST_CASE("zones: Los Angeles, the start and end of days around the changes") {
  const Zone la = zone("America/Los_Angeles");
  auto start = [&](const char* d) { return at(la.start_of_day(D(d)), la); };
  auto end = [&](const char* d) { return at(la.end_of_day(D(d)), la); };
  CHECK(end("2026-03-07") == "2026-03-07T23:59:59-08:00");
  CHECK(start("2026-03-08") == "2026-03-08T00:00:00-08:00");
  CHECK(end("2026-03-08") == "2026-03-08T23:59:59-07:00");
  CHECK(start("2026-03-09") == "2026-03-09T00:00:00-07:00");
  CHECK(la.end_of_day(D("2026-03-08")) - la.start_of_day(D("2026-03-08")) == 23 * 3600 - 1);
  CHECK(end("2026-10-31") == "2026-10-31T23:59:59-07:00");
  CHECK(start("2026-11-01") == "2026-11-01T00:00:00-07:00");
  CHECK(end("2026-11-01") == "2026-11-01T23:59:59-08:00");
  CHECK(start("2026-11-02") == "2026-11-02T00:00:00-08:00");
  CHECK(la.end_of_day(D("2026-11-01")) - la.start_of_day(D("2026-11-01")) == 25 * 3600 - 1);
  // The local day of an instant, one second either side of the end of a
  // change day.
  const int64_t end8 = la.end_of_day(D("2026-03-08"));
  CHECK(date_text(la.day_of(Instant{end8, 0})) == "2026-03-08");
  CHECK(date_text(la.day_of(Instant{end8, 999999999})) == "2026-03-08");
  CHECK(date_text(la.day_of(Instant{end8 + 1, 0})) == "2026-03-09");
  const int64_t end1 = la.end_of_day(D("2026-11-01"));
  CHECK(date_text(la.day_of(Instant{end1, 0})) == "2026-11-01");
  CHECK(date_text(la.day_of(Instant{end1 + 1, 0})) == "2026-11-02");
  // Every day of the data: 00:00:00 and 23:59:59 local, days back to back,
  // 23 or 25 hours long only on the change days (Sundays).
  for (Day d = D("1970-01-01"); d <= D("2037-12-31"); ++d) {
    const int64_t s = la.start_of_day(d), e = la.end_of_day(d);
    CHECK(s + la.offset_at(s) * 60 == int64_t(d) * 86400);
    CHECK(e + la.offset_at(e) * 60 == int64_t(d) * 86400 + 86399);
    CHECK(la.start_of_day(d + 1) == e + 1);
    if (e - s != 86399) {
      CHECK(weekday(d) == 0);
      CHECK((e - s == 23 * 3600 - 1 || e - s == 25 * 3600 - 1));
    }
  }
}

TEST_CASE("zones: Asia/Shanghai and UTC") {
  const Zone sh = zone("Asia/Shanghai");
  CHECK(at(sh.end_of_day(D("2025-05-12")), sh) == "2025-05-12T23:59:59+08:00");
  CHECK(sh.end_of_day(D("2025-05-12")) == end_of_day(D("2025-05-12"), 480));
  CHECK(at(sh.end_of_day(D("1988-07-01")), sh) == "1988-07-01T23:59:59+09:00");  // daylight saving 1986-1991
  const Zone utc = zone("UTC");
  CHECK(at(utc.start_of_day(D("2026-03-08")), utc) == "2026-03-08T00:00:00+00:00");
}

TEST_CASE("zones: gaps and overlaps at midnight, and a day skipped whole") {
  // Invented zones (none shipped changes at midnight), read as zone.hpp says.
  ZoneRules gap;  // -03:00, and at 2026-03-08 00:00 local clocks jump to 01:00
  gap.id = "Test/Gap";
  gap.initial_min = -180;
  gap.at = {T("2026-03-08T03:00:00Z")};
  gap.offset_min = {-120};
  const Zone g(&gap);
  CHECK(at(g.end_of_day(D("2026-03-07")), g) == "2026-03-07T23:59:59-03:00");
  CHECK(at(g.start_of_day(D("2026-03-08")), g) == "2026-03-08T01:00:00-02:00");  // its first second
  CHECK(g.start_of_day(D("2026-03-08")) == g.end_of_day(D("2026-03-07")) + 1);

  ZoneRules back;  // -02:00, and at 2026-03-08 00:30 local clocks go back to 23:30 on the 7th
  back.id = "Test/Overlap";
  back.initial_min = -120;
  back.at = {T("2026-03-08T02:30:00Z")};
  back.offset_min = {-180};
  const Zone o(&back);
  CHECK(at(o.start_of_day(D("2026-03-08")), o) == "2026-03-08T00:00:00-02:00");  // the earlier midnight
  CHECK(at(o.end_of_day(D("2026-03-07")), o) == "2026-03-07T23:59:59-03:00");    // the later 23:59:59
  CHECK(o.end_of_day(D("2026-03-07")) == o.start_of_day(D("2026-03-08")) + 3600 - 1);
  CHECK(date_text(o.day_of(Instant{o.end_of_day(D("2026-03-07")), 0})) == "2026-03-07");

  ZoneRules skip;  // -10:00, then at 2011-12-30 00:00 local clocks jump to 2011-12-31 00:00 (+14:00)
  skip.id = "Test/Skip";
  skip.initial_min = -600;
  skip.at = {T("2011-12-30T10:00:00Z")};
  skip.offset_min = {840};
  const Zone k(&skip);
  CHECK(at(k.end_of_day(D("2011-12-29")), k) == "2011-12-29T23:59:59-10:00");
  CHECK(k.start_of_day(D("2011-12-30")) == T("2011-12-30T10:00:00Z"));
  CHECK(k.end_of_day(D("2011-12-30")) == T("2011-12-30T09:59:59Z"));
  CHECK(at(k.start_of_day(D("2011-12-31")), k) == "2011-12-31T00:00:00+14:00");
}

TEST_CASE("zone files with mistakes are refused with the place") {
  ZoneRules z;
  std::string error;
  const std::string good =
      R"({"id":"X/Y","tzdata":"2025b","years":[1970,2037],"initial":{"offset":"-08:00"},)"
      R"("transitions":[{"at":"2026-03-08T10:00:00Z","offset":"-07:00"},{"at":"2026-11-01T09:00:00Z","offset":"-08:00"}]})";
  REQUIRE(read_zone_rules(good, z, error));
  CHECK(z.at.size() == 2);
  CHECK(z.offset_min[0] == -420);
  json j = json::parse(good);
  j["transitions"][1]["at"] = "2026-03-08T10:00:00Z";
  CHECK_FALSE(read_zone_rules(j.dump(), z, error));
  CHECK(error.find("/transitions/1") != std::string::npos);
  j = json::parse(good);
  j["initial"]["offset"] = "PST";
  CHECK_FALSE(read_zone_rules(j.dump(), z, error));
  CHECK(error.find("/initial/offset") != std::string::npos);
  j = json::parse(good);
  j.erase("years");
  CHECK_FALSE(read_zone_rules(j.dump(), z, error));
  CHECK_FALSE(read_zone_rules("[]", z, error));
}

TEST_CASE("the US calendar: federal holidays as observed, 2010-2035") {
  const Calendar* us = builtin_registry().calendar("US");
  REQUIRE(us);
  CHECK(us->first_year == 2010);
  CHECK(us->last_year == 2035);
  CHECK(us->source_url == "https://www.law.cornell.edu/uscode/text/5/6103");
  bool outside = false;
  auto holiday = [&](const char* d) { return !us->is_business_day(D(d), outside); };
  CHECK(holiday("2021-12-31"));  // New Year's Day 2022 is a Saturday: observed Friday
  CHECK_FALSE(holiday("2022-01-03"));
  CHECK(holiday("2026-07-03"));  // Independence Day 2026 is a Saturday
  CHECK_FALSE(holiday("2026-07-06"));
  CHECK(holiday("2022-06-20"));        // Juneteenth 2022 is a Sunday: observed Monday
  CHECK(holiday("2021-06-18"));        // Juneteenth 2021 is a Saturday: observed Friday
  CHECK_FALSE(holiday("2020-06-19"));  // before Juneteenth was a holiday (a Friday)
  CHECK(holiday("2023-11-10"));        // Veterans Day 2023 is a Saturday
  CHECK(holiday("2026-01-19"));        // third Monday in January
  CHECK(holiday("2026-02-16"));        // third Monday in February
  CHECK(holiday("2026-05-25"));        // last Monday in May
  CHECK(holiday("2026-09-07"));        // first Monday in September
  CHECK(holiday("2026-10-12"));        // second Monday in October
  CHECK(holiday("2026-11-11"));        // a Wednesday
  CHECK(holiday("2026-11-26"));        // fourth Thursday in November
  CHECK(holiday("2026-12-25"));
  CHECK(holiday("2027-12-24"));        // Christmas 2027 is a Saturday
  CHECK_FALSE(holiday("2026-11-27"));  // the day after Thanksgiving is not a federal holiday
  CHECK_FALSE(outside);
  // Eleven a year from 2021, counted by observed date: 2021 holds New Year's
  // Day of 2021 and of 2022, so 2022 holds ten.
  auto count = [&](int y) {
    int n = 0;
    for (Day d = days_from_civil(y, 1, 1); d < days_from_civil(y + 1, 1, 1); ++d)
      n += std::binary_search(us->holidays.begin(), us->holidays.end(), d);
    return n;
  };
  CHECK(count(2019) == 10);
  CHECK(count(2021) == 12);
  CHECK(count(2022) == 10);
  CHECK(count(2026) == 11);
  for (Day d : us->holidays)
    CHECK((weekday(d) != 0 && weekday(d) != 6));
}

TEST_CASE("the US calendar: business days across Thanksgiving and a weekend") {
  const Calendar* us = builtin_registry().calendar("US");
  REQUIRE(us);
  bool outside = false;
  // Tue 24 Nov 2026 + 1 is Wed 25 (before the holiday); Wed 25 + 1 skips
  // Thanksgiving (Thu 26) to Fri 27; Fri 27 + 1 skips the weekend to Mon 30.
  CHECK(date_text(us->add_business_days(D("2026-11-24"), 1, outside)) == "2026-11-25");
  CHECK(date_text(us->add_business_days(D("2026-11-25"), 1, outside)) == "2026-11-27");
  CHECK(date_text(us->add_business_days(D("2026-11-27"), 1, outside)) == "2026-11-30");
  CHECK(date_text(us->add_business_days(D("2026-11-23"), 3, outside)) == "2026-11-27");
  CHECK(date_text(us->add_business_days(D("2026-11-24"), 3, outside)) == "2026-11-30");
  CHECK_FALSE(outside);
  // Beyond the data: Monday to Friday, flagged.
  CHECK(date_text(us->add_business_days(D("2035-12-31"), 1, outside)) == "2036-01-01");
  CHECK(outside);
}

namespace {
// The built-in programs and the test policy counted in Los Angeles with US
// business days.
const Registry& pacific_registry() {
  static const Registry reg = [] {
    Registry r;
    std::vector<PolicyError> errors;
    load_builtin(r, errors);
    r.add_policy(read_file(kData + "/policies/pacific-us-test.json"), errors);
    for (const PolicyError& e : errors)
      FAIL(e.path + ": " + e.message);
    return r;
  }();
  return reg;
}

json judge(const char* as_of, json shipment, json history = json::object()) {
  const json claim = {
      {"program", "pacific-us-test"},
      {"as_of", as_of},
      {"order", {{"created_on", "2026-01-10"}, {"currency", "USD"}, {"total", 5000}}},
      {"payments", {{{"on", "2026-01-10"}, {"amount", 5000}, {"method", "card"}, {"to", "platform"}}}},
      {"shipment", std::move(shipment)},
      {"history", std::move(history)},
  };
  json r = json::parse(evaluate(claim.dump(), pacific_registry()));
  REQUIRE(r["ok"] == true);
  return r;
}
json kind(const json& r, const char* k) {
  for (const json& c : r["claims"])
    if (c["kind"] == k)
      return c;
  FAIL(std::string("no claim of kind ") + k);
  return json();
}
}  // namespace

TEST_CASE("a policy in America/Los_Angeles: a window closing on the spring-forward day") {
  const json ship = {{"expected_delivery_by", "2026-02-06"}};  // + 30 days: Sunday 2026-03-08
  json r = judge("2026-03-08T23:59:59-07:00", ship);           // the last allowed second
  CHECK(r["program"]["timezone"] == "America/Los_Angeles");
  json inr = kind(r, "not_received");
  CHECK(inr["status"] == "open");
  CHECK(inr["opens_at"] == "2026-02-07T00:00:00-08:00");
  CHECK(inr["closes_at"] == "2026-03-08T23:59:59-07:00");
  CHECK(inr["days_left"] == 0);
  CHECK(r["as_of"] == "2026-03-08T23:59:59-07:00");
  r = judge("2026-03-08T23:59:59.999-07:00", ship);  // within the last second: closed (one-second rule)
  CHECK(kind(r, "not_received")["status"] == "closed");
  r = judge("2026-03-09T00:00:00-07:00", ship);  // the first second too late
  inr = kind(r, "not_received");
  CHECK(inr["status"] == "closed");
  CHECK(inr["reasons"][0]["code"] == "WINDOW_CLOSED");
  CHECK(inr["reasons"][0]["params"]["closed_at"] == "2026-03-08T23:59:59-07:00");
  // 23:59:59 read with the winter offset is an hour later, 00:59:59 on the
  // 9th: a fixed -08:00 would have wrongly kept the window open.
  r = judge("2026-03-08T23:59:59-08:00", ship);
  CHECK(r["as_of"] == "2026-03-09T00:59:59-07:00");
  CHECK(kind(r, "not_received")["status"] == "closed");
  // The as_of's local day around the start of the change day: days_left.
  r = judge("2026-03-08T07:59:59Z", ship);  // 2026-03-07T23:59:59-08:00
  CHECK(r["as_of"] == "2026-03-07T23:59:59-08:00");
  CHECK(kind(r, "not_received")["days_left"] == 1);
  r = judge("2026-03-08T08:00:00Z", ship);  // 2026-03-08T00:00:00-08:00
  CHECK(r["as_of"] == "2026-03-08T00:00:00-08:00");
  CHECK(kind(r, "not_received")["days_left"] == 0);
  // Every instant of the result is written with the offset in force then.
  std::vector<std::string> times;
  for (const json& t : r["timeline"])
    times.push_back(t["at"]);
  auto has = [&](const char* s) { return std::find(times.begin(), times.end(), s) != times.end(); };
  CHECK(has("2026-01-10T00:00:00-08:00"));  // the payment
  CHECK(has("2026-02-07T00:00:00-08:00"));  // not_received.opens
  CHECK(has("2026-03-08T23:59:59-07:00"));  // not_received.closes
  CHECK(has("2026-03-08T00:00:00-08:00"));  // as_of
}

TEST_CASE("a policy in America/Los_Angeles: a window closing on the fall-back day") {
  const json ship = {{"expected_delivery_by", "2026-10-02"}};  // + 30 days: Sunday 2026-11-01
  json r = judge("2026-11-01T23:59:59-08:00", ship);           // the last allowed second
  json inr = kind(r, "not_received");
  CHECK(inr["status"] == "open");
  CHECK(inr["opens_at"] == "2026-10-03T00:00:00-07:00");
  CHECK(inr["closes_at"] == "2026-11-01T23:59:59-08:00");
  CHECK(inr["days_left"] == 0);
  r = judge("2026-11-02T00:00:00-08:00", ship);  // the first second too late
  CHECK(kind(r, "not_received")["status"] == "closed");
  // 23:59:59 with the summer offset is 22:59:59 PST, still the 1st: open.
  r = judge("2026-11-01T23:59:59-07:00", ship);
  CHECK(r["as_of"] == "2026-11-01T22:59:59-08:00");
  CHECK(kind(r, "not_received")["status"] == "open");
  CHECK(kind(r, "not_received")["days_left"] == 0);
}

TEST_CASE("a policy in America/Los_Angeles: a window opening on a change day, closing in US business days") {
  // Delivered Sunday 2026-03-08: opens at its start (PST), closes 3 US
  // business days later, Wednesday 11 March (PDT).
  const json ship = {{"delivered_on", "2026-03-08"}};
  json r = judge("2026-03-07T23:59:59-08:00", ship);  // one second before it opens
  json q = kind(r, "quality");
  CHECK(q["status"] == "not_yet_open");
  CHECK(q["opens_at"] == "2026-03-08T00:00:00-08:00");
  CHECK(q["closes_at"] == "2026-03-11T23:59:59-07:00");
  r = judge("2026-03-08T00:00:00-08:00", ship);  // its first second
  CHECK(kind(r, "quality")["status"] == "open");
  CHECK(kind(r, "quality")["days_left"] == 3);

  // Across Thanksgiving and the weekend: delivered Tue 24 Nov 2026, 3
  // business days are Wed 25, Fri 27 and Mon 30.
  const json tg = {{"delivered_on", "2026-11-24"}};
  r = judge("2026-11-30T23:59:59-08:00", tg);  // the last allowed second
  q = kind(r, "quality");
  CHECK(q["closes_at"] == "2026-11-30T23:59:59-08:00");
  CHECK(q["status"] == "open");
  CHECK(q["days_left"] == 0);
  r = judge("2026-12-01T00:00:00-08:00", tg);  // the first second too late
  CHECK(kind(r, "quality")["status"] == "closed");
  // A day earlier, Mon 23 Nov: Tue 24, Wed 25, Fri 27.
  const json tg23 = {{"delivered_on", "2026-11-23"}};
  r = judge("2026-11-27T23:59:59-08:00", tg23);
  CHECK(kind(r, "quality")["closes_at"] == "2026-11-27T23:59:59-08:00");
  CHECK(kind(r, "quality")["status"] == "open");
  r = judge("2026-11-28T00:00:00-08:00", tg23);
  CHECK(kind(r, "quality")["status"] == "closed");

  // The dispute's dates count the same business days.
  r = judge("2026-11-25T12:00:00-08:00", tg, {{"dispute_opened_on", "2026-11-24"}});
  CHECK(r["dispute"]["supplier_response_due"] == "2026-11-30T23:59:59-08:00");
  CHECK(r["dispute"]["escalation_opens"] == "2026-12-01T00:00:00-08:00");
}

TEST_CASE("a policy's timezone that names no zone the engine holds is refused") {
  json p = json::parse(read_file(kData + "/policies/pacific-us-test.json"));
  p["timezone"] = "America/New_York";
  Registry r;
  std::vector<PolicyError> errors;
  load_builtin(r, errors);
  REQUIRE(errors.empty());
  CHECK_FALSE(r.add_policy(p.dump(), errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "/timezone");
  CHECK(errors[0].message.find("America/Los_Angeles") != std::string::npos);
}
