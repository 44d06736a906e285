// Appending JSON text by hand: the result is written straight into one
// reused buffer, never built as a DOM.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "civil.hpp"

namespace assurecalc {

// A growable byte buffer whose appends inline to a bounds check and a
// memcpy (std::string's go through the C++ library out of line, which in
// wasm is most of the cost of writing a result). Its interface is the part
// of std::string the writers use, so they are templates over either.
class Buf {
 public:
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  ~Buf() { std::free(p_); }

  void clear() { n_ = 0; }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const char* data() const { return p_; }
  std::string_view view() const { return std::string_view(p_, n_); }
  void resize(size_t n) {  // shrink only, or grow with unspecified bytes
    reserve(n);
    n_ = n;
  }
  void reserve(size_t n) {
    if (n > cap_)
      grow(n);
  }
  void append(const char* s, size_t k) {
    if (n_ + k > cap_)
      grow(n_ + k);
    std::memcpy(p_ + n_, s, k);
    n_ += k;
  }
  void push_back(char c) {
    if (n_ == cap_)
      grow(n_ + 1);
    p_[n_++] = c;
  }
  // A pointer to k writable bytes at the end, committed by the caller.
  char* extend(size_t k) {
    if (n_ + k > cap_)
      grow(n_ + k);
    char* at = p_ + n_;
    n_ += k;
    return at;
  }
  Buf& operator+=(char c) {
    push_back(c);
    return *this;
  }
  Buf& operator+=(const char* s) {  // inline, so strlen of a literal folds
    append(s, std::strlen(s));
    return *this;
  }
  Buf& operator+=(std::string_view s) {
    append(s.data(), s.size());
    return *this;
  }
  Buf& operator+=(const std::string& s) {
    append(s.data(), s.size());
    return *this;
  }

 private:
  char* p_ = nullptr;
  size_t n_ = 0, cap_ = 0;
  void grow(size_t need) {
    size_t c = cap_ ? cap_ * 2 : 4096;
    while (c < need)
      c *= 2;
    char* q = static_cast<char*>(std::realloc(p_, c));
    if (!q)
      std::abort();
    p_ = q;
    cap_ = c;
  }
};

// Eight bytes at a time: true when any is a control character, '"', '\\'
// or a byte >= 0x80 (checked one character at a time, below).
inline bool needs_escape8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  const uint64_t lt20 = (x - ones * 0x20) & ~x;
  const uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
  return ((x | lt20 | ((q - ones) & ~q) | ((b - ones) & ~b)) & high) != 0;
}

// The length of the well-formed UTF-8 character starting at s[i] (2 to 4),
// or 0 when the bytes there are not one (a stray continuation byte, a
// sequence cut short, an overlong form, a surrogate, beyond U+10FFFF).
inline size_t utf8_char_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) -> unsigned { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  auto tail = [](unsigned b) { return (b & 0xC0) == 0x80; };
  const unsigned c = at(0);
  if (c >= 0xC2 && c <= 0xDF)
    return tail(at(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return at(1) >= lo && at(1) <= hi && tail(at(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return at(1) >= lo && at(1) <= hi && tail(at(2)) && tail(at(3)) ? 4 : 0;
  }
  return 0;
}

// At most `max` bytes of `s`, cut before a character rather than inside
// one, so that a name echoed in a message never ends in part of a
// character. (Input that is not UTF-8 at all is cut at `max` or up to
// three bytes before; json_string() replaces what is left of it.)
inline std::string_view utf8_prefix(std::string_view s, size_t max) {
  if (s.size() <= max)
    return s;
  size_t n = max;
  while (n > 0 && max - n < 3 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
    --n;
  return s.substr(0, n);
}

template <class Out>
void json_string(Out& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  size_t i = 0;
  while (i + 8 <= s.size() && !needs_escape8(s.data() + i))
    i += 8;
  size_t start = 0;
  for (; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // Valid UTF-8 is copied; any other byte becomes U+FFFD, so the result
      // is valid JSON whatever text reached here.
      const size_t k = utf8_char_length(s, i);
      if (k) {
        i += k - 1;
        continue;
      }
      out.append(s.data() + start, i - start);
      start = i + 1;
      out += "\xEF\xBF\xBD";
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    out.append(s.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.data() + start, s.size() - start);
  out += '"';
}

// Two decimal digits of 0..99.
inline const char* two_digits(unsigned v) {
  static const char t[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  return t + 2 * v;
}

template <class Out>
void json_int(Out& out, int64_t v) {
  // Two digits at a time from the right, then one append.
  char b[24];
  char* p = b + sizeof b;
  uint64_t u = v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v);
  while (u >= 100) {
    p -= 2;
    std::memcpy(p, two_digits(unsigned(u % 100)), 2);
    u /= 100;
  }
  if (u >= 10) {
    p -= 2;
    std::memcpy(p, two_digits(unsigned(u)), 2);
  } else {
    *--p = char('0' + u);
  }
  if (v < 0)
    *--p = '-';
  out.append(p, size_t(b + sizeof b - p));
}

// A text, or null.
template <class Out>
void json_string_or_null(Out& out, const char* s) {
  if (s)
    json_string(out, s);
  else
    out += "null";
}

// `"key":` with a leading comma unless `first`.
template <class Out>
void json_key(Out& out, const char* key, bool& first) {
  if (!first)
    out += ',';
  first = false;
  out += '"';
  out += key;
  out += "\":";
}

// put_date() for the days of years 0001 to 9999, the same text: the civil
// date by eras of 400 years from 0000-03-01 (all unsigned, as no such day
// is before it), the digits from a table. Other days go to put_date().
inline void put_date_fast(char* b, Day d) {
  constexpr Day first = -719162, last = 2932896;  // 0001-01-01, 9999-12-31
  if (d < first || d > last) {
    put_date(b, d);
    return;
  }
  const uint32_t z = uint32_t(d + 719468);
  const uint32_t era = z / 146097, doe = z - era * 146097;
  const uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const uint32_t mp = (5 * doy + 2) / 153;
  const uint32_t day = doy - (153 * mp + 2) / 5 + 1;
  const uint32_t month = mp < 10 ? mp + 3 : mp - 9;
  const uint32_t year = yoe + era * 400 + (month <= 2);
  std::memcpy(b, two_digits(year / 100), 2);
  std::memcpy(b + 2, two_digits(year % 100), 2);
  b[4] = '-';
  std::memcpy(b + 5, two_digits(month), 2);
  b[7] = '-';
  std::memcpy(b + 8, two_digits(day), 2);
}

// YYYY-MM-DD of a day, as put_date() writes it, from a small table of the
// days written last: one result names the same few days many times (in its
// windows, timeline, params and trace), and a date from the calendar
// arithmetic costs more than a copy.
inline const char* date_text(Day d) {
  struct Entry {
    Day day;
    bool set;
    char text[kDateLen];
  };
  static thread_local Entry table[64] = {};
  Entry& e = table[static_cast<uint32_t>(d) & 63u];
  if (!e.set || e.day != d) {
    put_date_fast(e.text, d);
    e.day = d;
    e.set = true;
  }
  return e.text;
}

template <class Out>
void append_date_fast(Out& out, Day d) {
  out.append(date_text(d), kDateLen);
}

// An instant as put_instant() writes it (2025-05-12T23:59:59+08:00), its
// date from date_text().
inline void put_instant_fast(char* b, int64_t sec, int offset_min) {
  const int64_t local = sec + int64_t(offset_min) * 60;
  const Day d = Day(local >= 0 ? local / 86400 : (local - 86399) / 86400);
  const int tod = int(local - int64_t(d) * 86400);
  std::memcpy(b, date_text(d), kDateLen);
  b[10] = 'T';
  std::memcpy(b + 11, two_digits(unsigned(tod / 3600)), 2);
  b[13] = ':';
  std::memcpy(b + 14, two_digits(unsigned(tod / 60 % 60)), 2);
  b[16] = ':';
  std::memcpy(b + 17, two_digits(unsigned(tod % 60)), 2);
  b[19] = offset_min < 0 ? '-' : '+';
  const int a = offset_min < 0 ? -offset_min : offset_min;
  if (a / 60 < 100) {
    std::memcpy(b + 20, two_digits(unsigned(a / 60)), 2);
  } else {  // not an offset any zone has; written as put_instant() would
    b[20] = char('0' + a / 60 / 10);
    b[21] = char('0' + a / 60 % 10);
  }
  b[22] = ':';
  std::memcpy(b + 23, two_digits(unsigned(a % 60)), 2);
}

// A civil date in quotes, or null.
template <class Out>
void json_date_or_null(Out& out, bool set, Day d) {
  if (!set) {
    out += "null";
    return;
  }
  out += '"';
  append_date_fast(out, d);
  out += '"';
}

}  // namespace assurecalc
