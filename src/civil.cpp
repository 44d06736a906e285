#include "civil.hpp"

namespace assurecalc {

// Days from civil: eras of 400 years (146097 days), March-based years so the
// leap day falls at the end of the year.
Day days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (m + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(Day z, int& y, int& m, int& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2);
}

int weekday(Day z) { return z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6; }

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const unsigned char k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : k[m - 1];
}

namespace {
bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size())
    return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9')
      return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

bool date_at(std::string_view s, Day& out) {
  int y, m, d;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-')
    return false;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d))
    return false;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    return false;
  out = days_from_civil(y, m, d);
  return true;
}
}  // namespace

bool parse_date(std::string_view s, Day& out) { return s.size() == 10 && date_at(s, out); }

bool parse_offset(std::string_view s, int& minutes) {
  if (s == "Z" || s == "z") {
    minutes = 0;
    return true;
  }
  int h, m;
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':')
    return false;
  if (!digits(s, 1, 2, h) || !digits(s, 4, 2, m) || h > 23 || m > 59)
    return false;
  minutes = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
  return true;
}

bool parse_instant(std::string_view s, Instant& out) {
  Day day;
  if (s.size() < 20 || !date_at(s, day))
    return false;
  const char sep = s[10];
  if (sep != 'T' && sep != 't' && sep != ' ')
    return false;
  int hh, mm, ss;
  if (!digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mm) || s[16] != ':' || !digits(s, 17, 2, ss))
    return false;
  // RFC 3339 allows second 60 for a leap second; it is held as the last
  // instant of second 59 (the engine's days have 86,400 seconds).
  const bool leap = ss == 60;
  if (hh > 23 || mm > 59 || ss > 60)
    return false;
  if (leap)
    ss = 59;
  size_t p = 19;
  int32_t nanos = 0;
  if (p < s.size() && s[p] == '.') {
    ++p;
    size_t n = 0;
    int32_t scale = 100000000;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
      nanos += (s[p] - '0') * scale;
      scale /= 10;
      ++p;
      ++n;
    }
    if (n == 0)
      return false;  // more than 9 digits simply stop adding precision
  }
  if (leap)
    nanos = 999999999;
  int off;
  if (!parse_offset(s.substr(p), off))
    return false;
  out.sec = int64_t(day) * 86400 + hh * 3600 + mm * 60 + ss - int64_t(off) * 60;
  out.nanos = nanos;
  return true;
}

Day day_in_zone(const Instant& t, int offset_min) {
  const int64_t local = t.sec + int64_t(offset_min) * 60;
  return Day(local >= 0 ? local / 86400 : (local - 86399) / 86400);
}

int64_t start_of_day(Day d, int offset_min) { return int64_t(d) * 86400 - int64_t(offset_min) * 60; }
int64_t end_of_day(Day d, int offset_min) { return start_of_day(d, offset_min) + 86399; }

namespace {
inline void put2(char* p, int v) {
  p[0] = char('0' + v / 10);
  p[1] = char('0' + v % 10);
}
}  // namespace

void put_date(char* b, Day d) {
  int y, m, dd;
  civil_from_days(d, y, m, dd);
  b[0] = char('0' + (y / 1000) % 10);
  b[1] = char('0' + (y / 100) % 10);
  b[2] = char('0' + (y / 10) % 10);
  b[3] = char('0' + y % 10);
  b[4] = '-';
  put2(b + 5, m);
  b[7] = '-';
  put2(b + 8, dd);
}

void put_instant(char* b, int64_t sec, int offset_min) {
  const int64_t local = sec + int64_t(offset_min) * 60;
  const Day d = Day(local >= 0 ? local / 86400 : (local - 86399) / 86400);
  const int tod = int(local - int64_t(d) * 86400);
  put_date(b, d);
  b[10] = 'T';
  put2(b + 11, tod / 3600);
  b[13] = ':';
  put2(b + 14, tod / 60 % 60);
  b[16] = ':';
  put2(b + 17, tod % 60);
  b[19] = offset_min < 0 ? '-' : '+';
  const int a = offset_min < 0 ? -offset_min : offset_min;
  put2(b + 20, a / 60);
  b[22] = ':';
  put2(b + 23, a % 60);
}

}  // namespace assurecalc
