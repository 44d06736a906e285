// A strict, allocation-light JSON reader (RFC 8259) that calls a handler
// for each token, SAX style. Strings without escapes are handed over as
// views into the input. It rejects what the claim contract says is not
// JSON: invalid or overlong UTF-8, encoded or escaped lone surrogates,
// control characters in strings, trailing text. One leading UTF-8
// byte-order mark is skipped.
//
// nlohmann::json reads policy files; claims come through here because the
// engine reads one per keystroke and 100,000 per queue, and nlohmann's
// lexer copies every character into a token buffer (measured: most of the
// cost of a claim).
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace assurecalc {

struct JsonNumber {
  bool integer;  // no fraction or exponent, and fits 64 bits
  bool negative;
  uint64_t magnitude;  // when integer
  std::string_view text;
};

// The value of a JSON number's text. Called only where a value is needed:
// strtod is slow, and almost every number in a claim is an integer.
inline double json_number_value(std::string_view text) {
  char buf[64];
  std::string big;
  const char* z;
  if (text.size() < sizeof buf) {
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = 0;
    z = buf;
  } else {
    big.assign(text);
    z = big.c_str();
  }
  return std::strtod(z, nullptr);
}

template <class Handler>
class JsonReader {
 public:
  JsonReader(std::string_view text, Handler& h)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), h_(h) {}

  // false: either the text is not JSON (error() says why) or the handler
  // stopped the reading (error() is empty).
  bool parse() {
    if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0)
      p_ += 3;
    ws();
    if (!value(0))
      return false;
    ws();
    if (p_ != end_)
      return fail("unexpected text after the end of the JSON value");
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  static constexpr int kHardDepth = 512;  // handlers stop far earlier
  const char* begin_;
  const char* p_;
  const char* end_;
  Handler& h_;
  std::string scratch_;
  std::string error_;

  bool fail(const char* what) {
    int line = 1, col = 1;
    for (const char* q = begin_; q < p_ && q < end_; ++q) {
      if (*q == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80) {
        ++col;
      }
    }
    error_ = "line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + what;
    return false;
  }

  void ws() {
    // Most often there is none: one test for anything above a space.
    while (p_ < end_ && static_cast<unsigned char>(*p_) <= ' ' &&
           (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
      ++p_;
  }

  // a[0, n) == b[0, n), a word at a time (n > 0).
  static bool equal_bytes(const char* a, const char* b, size_t n) {
    auto word8 = [](const char* x) {
      uint64_t w;
      std::memcpy(&w, x, 8);
      return w;
    };
    auto word4 = [](const char* x) {
      uint32_t w;
      std::memcpy(&w, x, 4);
      return w;
    };
    if (n >= 8) {
      for (size_t i = 0; i + 8 <= n; i += 8)
        if (word8(a + i) != word8(b + i))
          return false;
      return word8(a + n - 8) == word8(b + n - 8);
    }
    if (n >= 4)
      return word4(a) == word4(b) && word4(a + n - 4) == word4(b + n - 4);
    for (size_t i = 0; i < n; ++i)
      if (a[i] != b[i])
        return false;
    return true;
  }

  bool literal(const char* word, size_t n) {
    if (size_t(end_ - p_) < n || std::memcmp(p_, word, n) != 0)
      return fail("invalid literal");
    p_ += n;
    return true;
  }

  bool value(int depth) {
    if (p_ == end_)
      return fail("unexpected end of input; expected a value");
    switch (*p_) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"': {
        std::string_view s;
        if (!string(s))
          return false;
        return h_.string(s);
      }
      case 't':
        if (!literal("true", 4))
          return false;
        return h_.boolean(true);
      case 'f':
        if (!literal("false", 5))
          return false;
        return h_.boolean(false);
      case 'n':
        if (!literal("null", 4))
          return false;
        return h_.null();
      default:
        if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9'))
          return number();
        return fail("unexpected character; expected a value");
    }
  }

  bool object(int depth) {
    if (depth >= kHardDepth)
      return fail("nested too deeply");
    if (!h_.start_object())
      return false;
    ++p_;
    ws();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return h_.end_object();
    }
    for (;;) {
      if (p_ == end_ || *p_ != '"')
        return fail(p_ == end_ ? "unexpected end of input; expected a member name"
                               : "expected a member name in double quotes");
      std::string_view k;
      // The name the handler expects here, when the input holds exactly it
      // in quotes: the same view string() would give, without the scan.
      const std::string_view want = h_.expected_key();
      const size_t n = want.size();
      if (n && size_t(end_ - p_) > n + 1 && p_[n + 1] == '"' && equal_bytes(p_ + 1, want.data(), n)) {
        k = std::string_view(p_ + 1, n);
        p_ += n + 2;
        if (!h_.expected_key(k))
          return false;
      } else {
        if (!string(k))
          return false;
        // A name without escapes is a view into the input, valid to the end.
        if (!h_.key(k, k.data() != scratch_.data()))
          return false;
      }
      ws();
      if (p_ == end_ || *p_ != ':')
        return fail("expected ':' after the member name");
      ++p_;
      ws();
      if (!value(depth + 1))
        return false;
      ws();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        ws();
        continue;
      }
      if (p_ < end_ && *p_ == '}') {
        ++p_;
        return h_.end_object();
      }
      return fail(p_ == end_ ? "unexpected end of input; expected ',' or '}'" : "expected ',' or '}'");
    }
  }

  bool array(int depth) {
    if (depth >= kHardDepth)
      return fail("nested too deeply");
    if (!h_.start_array())
      return false;
    ++p_;
    ws();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return h_.end_array();
    }
    for (;;) {
      if (!value(depth + 1))
        return false;
      ws();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        ws();
        continue;
      }
      if (p_ < end_ && *p_ == ']') {
        ++p_;
        return h_.end_array();
      }
      return fail(p_ == end_ ? "unexpected end of input; expected ',' or ']'" : "expected ',' or ']'");
    }
  }

  // Length of a valid UTF-8 sequence starting at p (a byte >= 0x80), or 0.
  static size_t utf8_len(const unsigned char* p, const unsigned char* end) {
    const unsigned c = p[0];
    auto cont = [&](size_t i, unsigned lo, unsigned hi) { return p + i < end && p[i] >= lo && p[i] <= hi; };
    if (c >= 0xC2 && c <= 0xDF)
      return cont(1, 0x80, 0xBF) ? 2 : 0;
    if (c == 0xE0)
      return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
      return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xED)
      return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;  // no surrogates
    if (c == 0xF0)
      return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3)
      return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    if (c == 0xF4)
      return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
  }

  // The index of the first of eight bytes that is a control character,
  // '"', '\\' or non-ASCII, or 8 when none is. Each test sets a byte's high
  // bit; a borrow can only run upwards from a byte already marked, so the
  // lowest mark is exact (bytes read little-endian, as x86 and wasm hold them).
  static unsigned first_special8(const char* p) {
    uint64_t x;
    std::memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    constexpr uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    const uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    const uint64_t m = ((x - ones * 0x20) | ((q - ones) & ~q) | ((b - ones) & ~b) | x) & high;
    return m ? unsigned(__builtin_ctzll(m)) >> 3 : 8u;
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  }

  bool hex4(unsigned& out) {
    if (end_ - p_ < 4)
      return fail("incomplete \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex(p_[i]);
      if (h < 0)
        return fail("invalid \\u escape");
      out = out * 16 + unsigned(h);
    }
    p_ += 4;
    return true;
  }

  static void put_utf8(std::string& s, unsigned cp) {
    if (cp < 0x80) {
      s += char(cp);
    } else if (cp < 0x800) {
      s += char(0xC0 | (cp >> 6));
      s += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += char(0xE0 | (cp >> 12));
      s += char(0x80 | ((cp >> 6) & 0x3F));
      s += char(0x80 | (cp & 0x3F));
    } else {
      s += char(0xF0 | (cp >> 18));
      s += char(0x80 | ((cp >> 12) & 0x3F));
      s += char(0x80 | ((cp >> 6) & 0x3F));
      s += char(0x80 | (cp & 0x3F));
    }
  }

  // On entry *p_ == '"'.
  bool string(std::string_view& out) {
    ++p_;
    const char* start = p_;
    bool escaped = false;
    while (p_ < end_) {
      if (!escaped) {  // the common case: plain ASCII, handed over as a view
        for (;;) {
          if (end_ - p_ >= 8) {
            const unsigned k = first_special8(p_);
            p_ += k;
            if (k < 8)
              break;
            continue;
          }
          while (p_ < end_) {
            const unsigned char a = static_cast<unsigned char>(*p_);
            if (a < 0x20 || a == '"' || a == '\\' || a >= 0x80)
              break;
            ++p_;
          }
          break;
        }
        if (p_ == end_)
          break;
      }
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        if (!escaped)
          out = std::string_view(start, size_t(p_ - start));
        else
          out = scratch_;
        ++p_;
        return true;
      }
      if (c < 0x20)
        return fail("control character in a string; escape it");
      if (c == '\\') {
        if (!escaped) {
          scratch_.assign(start, size_t(p_ - start));
          escaped = true;
        }
        ++p_;
        if (p_ == end_)
          break;
        const char e = *p_++;
        switch (e) {
          case '"':
            scratch_ += '"';
            break;
          case '\\':
            scratch_ += '\\';
            break;
          case '/':
            scratch_ += '/';
            break;
          case 'b':
            scratch_ += '\b';
            break;
          case 'f':
            scratch_ += '\f';
            break;
          case 'n':
            scratch_ += '\n';
            break;
          case 'r':
            scratch_ += '\r';
            break;
          case 't':
            scratch_ += '\t';
            break;
          case 'u': {
            unsigned cp = 0;
            if (!hex4(cp))
              return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
              return fail("lone low surrogate in a \\u escape");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              unsigned lo = 0;
              if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u')
                return fail("lone high surrogate in a \\u escape");
              p_ += 2;
              if (!hex4(lo))
                return false;
              if (lo < 0xDC00 || lo > 0xDFFF)
                return fail("high surrogate not followed by a low surrogate");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            put_utf8(scratch_, cp);
            break;
          }
          default:
            --p_;
            return fail("invalid escape in a string");
        }
        continue;
      }
      if (c < 0x80) {
        if (escaped)
          scratch_ += char(c);
        ++p_;
        continue;
      }
      const size_t n =
          utf8_len(reinterpret_cast<const unsigned char*>(p_), reinterpret_cast<const unsigned char*>(end_));
      if (n == 0)
        return fail("invalid UTF-8 in a string");
      if (escaped)
        scratch_.append(p_, n);
      p_ += n;
    }
    return fail("unexpected end of input in a string");
  }

  bool number() {
    const char* s = p_;
    JsonNumber n{true, false, 0, {}};
    if (*p_ == '-') {
      n.negative = true;
      ++p_;
    }
    if (p_ == end_ || *p_ < '0' || *p_ > '9')
      return fail("invalid number");
    if (*p_ == '0') {
      ++p_;
      if (p_ < end_ && *p_ >= '0' && *p_ <= '9')
        return fail("invalid number: leading zero");
    } else {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
        const unsigned d = unsigned(*p_ - '0');
        if (n.magnitude > (UINT64_MAX - d) / 10)
          n.integer = false;
        else
          n.magnitude = n.magnitude * 10 + d;
        ++p_;
      }
    }
    if (p_ < end_ && *p_ == '.') {
      n.integer = false;
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9')
        return fail("invalid number: digits must follow '.'");
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9')
        ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      n.integer = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-'))
        ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9')
        return fail("invalid number: digits must follow the exponent");
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9')
        ++p_;
    }
    n.text = std::string_view(s, size_t(p_ - s));
    if (n.integer && n.negative && n.magnitude > uint64_t(INT64_MAX))
      n.integer = false;
    return h_.number(n);
  }
};

}  // namespace assurecalc
