#include "zone.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace assurecalc {

namespace {

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
