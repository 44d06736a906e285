// Time zones: a fixed UTC offset ("+08:00"), or the rules of an IANA zone
// ("America/Los_Angeles") held as data: the UTC-offset transitions of a
// range of years, generated from the tz database by scripts/gen-zones.mjs
// into src/zones/*.json and compiled into the engine.
//
// How a zone's days read (what "start of day D" and "end of day D" mean):
// - start_of_day(D) is the first second whose local date is D, and
//   end_of_day(D) the last one: with a change at 02:00 (as in Los Angeles)
//   that is 00:00:00 and 23:59:59 local, each with the offset in force at
//   that instant, so on a change day the two may differ (2026-03-08 starts
//   at 00:00:00-08:00 and ends at 23:59:59-07:00).
// - A gap (clocks jump forward over a local time that never happens): if a
//   day's midnight falls in it, the day starts at the instant of the jump
//   (its first existing second); if 23:59:59 falls in it, the day ends at
//   the second before the jump.
// - An overlap (clocks go back, a local time happens twice): the day starts
//   at the earlier 00:00:00 and ends at the later 23:59:59, so a deadline
//   at the end of a day holds until the day is over for good.
// - A day skipped whole (clocks jump over all of it): both are the instant
//   of the jump (the end one second before it).
// - Outside the years the data covers, the offset in force at the nearest
//   edge holds (before: the offset before the first transition listed;
//   after: the offset after the last one).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "civil.hpp"

namespace assurecalc {

// One IANA zone's rules over the years its data covers.
struct ZoneRules {
  std::string id;      // "America/Los_Angeles"
  std::string tzdata;  // the tz database's version, "2025b"
  std::string source_title, source_url;
  int first_year = 0, last_year = -1;
  int initial_min = 0;              // the offset before the first transition
  std::vector<int64_t> at;          // transition instants (seconds since the epoch), ascending
  std::vector<int32_t> offset_min;  // the offset from at[i] on, minutes east of UTC
};

// A policy's zone: a value (two words), cheap to copy. Rules are built in
// and live as long as the program.
class Zone {
 public:
  Zone() = default;  // UTC
  static Zone fixed(int offset_min) {
    Zone z;
    z.fixed_ = offset_min;
    return z;
  }
  explicit Zone(const ZoneRules* rules) : rules_(rules) {}

  const ZoneRules* rules() const { return rules_; }  // null for a fixed offset
  // The offset in force at an instant, minutes east of UTC.
  int offset_at(int64_t utc_sec) const;
  // The local date an instant falls on.
  Day day_of(const Instant& t) const;
  // The first and last second of a local date (see above for gaps and
  // overlaps).
  int64_t start_of_day(Day d) const;
  int64_t end_of_day(Day d) const;

 private:
  int fixed_ = 0;
  const ZoneRules* rules_ = nullptr;
};

// The zones built into the engine: read from src/zones/*.json at startup
// (src/builtin_json.cpp) or from the compiled tables
// (src/lean/builtin_tables.cpp), whichever the build links.
const std::vector<ZoneRules>& builtin_zones();
// A built-in zone's rules by IANA name; null when the engine has none.
const ZoneRules* find_zone(std::string_view name);
// The built-in zones' names, for messages ("America/Los_Angeles, ...").
std::string zone_names();
// A policy's "timezone": "+08:00" (a fixed offset) or a built-in zone name.
bool parse_zone(std::string_view text, Zone& out);
// Reads one zone file (src/zones/*.json); false with `error` set when it is
// not one.
bool read_zone_rules(std::string_view json, ZoneRules& out, std::string& error);

// The time primitives of civil.hpp, in a zone.
inline Day day_in_zone(const Instant& t, const Zone& z) { return z.day_of(t); }
inline int64_t start_of_day(Day d, const Zone& z) { return z.start_of_day(d); }
inline int64_t end_of_day(Day d, const Zone& z) { return z.end_of_day(d); }
// An instant written with the offset in force at that instant.
inline void put_instant(char* b, int64_t sec, const Zone& z) { put_instant(b, sec, z.offset_at(sec)); }
template <class Out>
void append_instant(Out& out, int64_t sec, const Zone& z) {
  append_instant(out, sec, z.offset_at(sec));
}

}  // namespace assurecalc
