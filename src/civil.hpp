// Civil dates, instants and fixed UTC offsets: the time primitives every
// rule is written in. Days are counted from 1970-01-01 (proleptic Gregorian).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace assurecalc {

using Day = int32_t;

Day days_from_civil(int y, int m, int d);
void civil_from_days(Day z, int& y, int& m, int& d);
// 0 = Sunday ... 6 = Saturday
int weekday(Day z);
bool is_leap(int y);
int days_in_month(int y, int m);

// Strict YYYY-MM-DD (years 0001-9999). `2025-02-30` is rejected.
bool parse_date(std::string_view s, Day& out);

// An instant with sub-second precision kept so that 23:59:59.5 is later than
// 23:59:59 (the spec's one-second closing rule).
struct Instant {
  int64_t sec = 0;    // seconds since 1970-01-01T00:00:00Z
  int32_t nanos = 0;  // 0..999999999
};
inline bool operator<(const Instant& a, const Instant& b) {
  return a.sec < b.sec || (a.sec == b.sec && a.nanos < b.nanos);
}
inline bool operator>(const Instant& a, const Instant& b) { return b < a; }

// RFC 3339 date-time with `Z` or `±HH:MM` (a `T` or `t`/space separator,
// optional fraction). Seconds 60 (leap seconds) are rejected.
bool parse_instant(std::string_view s, Instant& out);

// "+08:00" / "-05:30" / "Z" -> minutes east of UTC.
bool parse_offset(std::string_view s, int& minutes);

// The civil day an instant falls on in a zone of fixed offset.
Day day_in_zone(const Instant& t, int offset_min);
// First and last second of a civil day in a zone.
int64_t start_of_day(Day d, int offset_min);
int64_t end_of_day(Day d, int offset_min);

// Writers: `put_*` fill a caller's bytes, `append_*` append to a string or
// buffer (anything with append(const char*, size_t)).
constexpr size_t kDateLen = 10, kInstantLen = 25;
void put_date(char* b, Day d);                           // YYYY-MM-DD
void put_instant(char* b, int64_t sec, int offset_min);  // 2025-05-12T23:59:59+08:00
template <class Out>
void append_date(Out& out, Day d) {
  char b[kDateLen];
  put_date(b, d);
  out.append(b, kDateLen);
}
template <class Out>
void append_instant(Out& out, int64_t sec, int offset_min) {
  char b[kInstantLen];
  put_instant(b, sec, offset_min);
  out.append(b, kInstantLen);
}

}  // namespace assurecalc
