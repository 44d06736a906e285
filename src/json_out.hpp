// Appending JSON text by hand: the result is written straight into one
// reused buffer, never built as a DOM.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace assurecalc {

// Eight bytes at a time: true when any is a control character, '"' or '\\'
// (bytes >= 0x80 pass: the text is valid UTF-8 already).
inline bool needs_escape8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  const uint64_t lt20 = (x - ones * 0x20) & ~x;
  const uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
  return ((lt20 | ((q - ones) & ~q) | ((b - ones) & ~b)) & high) != 0;
}

inline void json_string(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  size_t i = 0;
  while (i + 8 <= s.size() && !needs_escape8(s.data() + i)) i += 8;
  size_t start = 0;
  for (; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.data() + start, s.size() - start);
  out += '"';
}

inline void json_int(std::string& out, int64_t v) {
  char b[24];
  int n = 0;
  uint64_t u = v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v);
  do {
    b[n++] = char('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) out += '-';
  while (n) out += b[--n];
}

// `"key":` with a leading comma unless `first`.
inline void json_key(std::string& out, const char* key, bool& first) {
  if (!first) out += ',';
  first = false;
  out += '"';
  out += key;
  out += "\":";
}

// A string literal, without measuring it at run time.
template <size_t N>
inline void lit(std::string& out, const char (&s)[N]) {
  out.append(s, N - 1);
}

}  // namespace assurecalc
