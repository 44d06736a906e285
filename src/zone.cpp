#include "zone.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace assurecalc {

namespace embedded {
extern const char* const zones[];
extern const unsigned zone_count;
}  // namespace embedded

namespace {

using json = nlohmann::json;

// More than any UTC offset: the instants whose local date is D all lie
// within this of D's midnight read as UTC.
constexpr int64_t kMargin = 2 * 86400;

int64_t floor_day(int64_t local) { return local >= 0 ? local / 86400 : (local - 86399) / 86400; }

// Calls f(begin, end, offset_seconds) for each stretch of constant offset
// that meets [from, to), clipped to it, in time order, until f returns
// false. Stretch k runs from transition k-1 (or `from`) to transition k (or
// `to`).
template <class F>
void for_each_stretch(const ZoneRules& z, int64_t from, int64_t to, F f) {
  size_t k = size_t(std::upper_bound(z.at.begin(), z.at.end(), from) - z.at.begin());
  for (;; ++k) {
    const int64_t b = k == 0 ? from : std::max(from, z.at[k - 1]);
    if (b >= to)
      return;
    const bool last = k >= z.at.size();
    const int64_t e = last ? to : std::min(to, z.at[k]);
    const int64_t off = 60 * int64_t(k == 0 ? z.initial_min : z.offset_min[k - 1]);
    if (!f(b, e, off) || last)
      return;
  }
}

std::vector<ZoneRules> load_builtin_zones() {
  std::vector<ZoneRules> out(embedded::zone_count);
  for (unsigned i = 0; i < embedded::zone_count; ++i) {
    std::string error;
    if (!read_zone_rules(embedded::zones[i], out[i], error)) {
      // A shipped zone file that does not read is a build defect, caught by
      // the tests; say so rather than count days in the wrong zone.
      std::fprintf(stderr, "assurecalc: built-in zone %u: %s\n", i, error.c_str());
      std::abort();
    }
  }
  return out;
}

const std::vector<ZoneRules>& builtin_zones() {
  static const std::vector<ZoneRules> zones = load_builtin_zones();
  return zones;
}

}  // namespace

int Zone::offset_at(int64_t utc_sec) const {
  if (!rules_)
    return fixed_;
  const auto& at = rules_->at;
  const size_t k = size_t(std::upper_bound(at.begin(), at.end(), utc_sec) - at.begin());
  return k == 0 ? rules_->initial_min : rules_->offset_min[k - 1];
}

Day Zone::day_of(const Instant& t) const {
  if (!rules_)
    return day_in_zone(t, fixed_);
  return Day(floor_day(t.sec + int64_t(offset_at(t.sec)) * 60));
}

int64_t Zone::start_of_day(Day d) const {
  if (!rules_)
    return assurecalc::start_of_day(d, fixed_);
  const int64_t lo = int64_t(d) * 86400, hi = lo + 86400;  // the day's local seconds
  bool found = false;
  int64_t start = 0, jump = 0;
  for_each_stretch(*rules_, lo - kMargin, hi + kMargin, [&](int64_t b, int64_t e, int64_t off) {
    if (b + off < hi && e + off > lo) {  // some of its local times are on day d: the first of them
      start = std::max(b + off, lo) - off;
      found = true;
      return false;
    }
    if (b + off >= hi) {  // past day d without meeting it: the day was skipped
      jump = b;
      return false;
    }
    return true;
  });
  if (found)
    return start;
  return jump ? jump : lo - int64_t(rules_->initial_min) * 60;
}

int64_t Zone::end_of_day(Day d) const {
  if (!rules_)
    return assurecalc::end_of_day(d, fixed_);
  const int64_t lo = int64_t(d) * 86400, hi = lo + 86400;
  bool found = false;
  int64_t end = 0, jump = 0;
  for_each_stretch(*rules_, lo - kMargin, hi + kMargin, [&](int64_t b, int64_t e, int64_t off) {
    if (b + off < hi && e + off > lo) {  // the last of its local times on day d (a later stretch may hold more)
      end = std::min(e + off, hi) - 1 - off;
      found = true;
    } else if (b + off >= hi) {
      if (!found)
        jump = b;
      return false;
    }
    return true;
  });
  if (found)
    return end;
  return jump ? jump - 1 : hi - 1 - int64_t(rules_->initial_min) * 60;
}

bool read_zone_rules(std::string_view text, ZoneRules& z, std::string& error) {
  const json j = json::parse(text.data(), text.data() + text.size(), nullptr, false);
  auto str = [](const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (j.is_discarded() || !j.is_object())
    return error = "a zone must be a JSON object", false;
  z = ZoneRules{};
  z.id = str(j, "id");
  z.tzdata = str(j, "tzdata");
  if (z.id.empty())
    return error = "/id is required", false;
  if (j.contains("source") && j["source"].is_object()) {
    z.source_title = str(j["source"], "title");
    z.source_url = str(j["source"], "url");
  }
  const json years = j.value("years", json());
  if (!years.is_array() || years.size() != 2 || !years[0].is_number_integer() || !years[1].is_number_integer())
    return error = z.id + ": /years must be [first, last]", false;
  z.first_year = years[0].get<int>();
  z.last_year = years[1].get<int>();
  const json initial = j.value("initial", json());
  if (!initial.is_object() || !parse_offset(str(initial, "offset"), z.initial_min))
    return error = z.id + ": /initial/offset must be an offset such as -08:00", false;
  const json list = j.value("transitions", json());
  if (!list.is_array())
    return error = z.id + ": /transitions must be a list", false;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = z.id + ": /transitions/" + std::to_string(i);
    Instant at;
    int off = 0;
    if (!list[i].is_object() || !parse_instant(str(list[i], "at"), at) || at.nanos)
      return error = where + "/at must be an instant to the second", false;
    if (!parse_offset(str(list[i], "offset"), off))
      return error = where + "/offset must be an offset such as -07:00", false;
    if (!z.at.empty() && at.sec <= z.at.back())
      return error = where + " is not after the one before", false;
    z.at.push_back(at.sec);
    z.offset_min.push_back(off);
  }
  return true;
}

const ZoneRules* find_zone(std::string_view name) {
  for (const ZoneRules& z : builtin_zones())
    if (z.id == name)
      return &z;
  return nullptr;
}

std::string zone_names() {
  std::string s;
  for (const ZoneRules& z : builtin_zones())
    s += (s.empty() ? "" : ", ") + z.id;
  return s;
}

bool parse_zone(std::string_view text, Zone& out) {
  int off = 0;
  if (parse_offset(text, off)) {
    out = Zone::fixed(off);
    return true;
  }
  if (const ZoneRules* z = find_zone(text)) {
    out = Zone(z);
    return true;
  }
  return false;
}

}  // namespace assurecalc
