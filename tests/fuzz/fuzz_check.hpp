// Checks the fuzz targets share: well-formed UTF-8, and text that is one
// JSON value. A failed check prints what failed and aborts, which libFuzzer
// reports as a crash with the input that caused it.
#pragma once
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

namespace fuzz {

// RFC 3629 UTF-8, decoded here apart from the engine's own check so that
// the two are not wrong together: no stray continuation bytes, no cut
// sequences, no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned long cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size())
      return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char t = static_cast<unsigned char>(s[i + k]);
      if ((t & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (t & 0x3F);
    }
    const unsigned long least = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

[[noreturn]] inline void fail(const char* what, std::string_view text) {
  const size_t n = text.size() < 2000 ? text.size() : 2000;
  std::fprintf(stderr, "\nfuzz check failed: %s\n--- output (%zu bytes) ---\n%.*s\n---\n", what, text.size(),
               static_cast<int>(n), text.data());
  std::abort();
}

// `text` must be one JSON value in well-formed UTF-8 (nlohmann's parser is
// strict: it refuses ill-formed UTF-8 and lone surrogate escapes too).
inline nlohmann::json require_json(std::string_view text, const char* what) {
  if (!valid_utf8(text))
    fail(what, text);
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded())
    fail(what, text);
  return j;
}

// A result of evaluate(): one JSON object whose first member is "ok".
inline nlohmann::json require_result(std::string_view text) {
  if (text.substr(0, 6) != "{\"ok\":")
    fail("a result must start {\"ok\":", text);
  nlohmann::json j = require_json(text, "a result must be UTF-8 JSON");
  if (!j.is_object() || !j["ok"].is_boolean())
    fail("a result must be an object with a boolean ok", text);
  return j;
}

}  // namespace fuzz
