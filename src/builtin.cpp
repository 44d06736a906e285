// The registry of the policies and calendars that ship inside the binary
// (load_builtin: from their JSON in src/builtin_json.cpp, or from the
// compiled tables in src/lean/builtin_tables.cpp), and its listing.
#include <cstdio>
#include <cstdlib>

#include "assurecalc.hpp"
#include "policy.hpp"
#include "json_out.hpp"
#include "policy_json.hpp"

namespace assurecalc {

const Registry& builtin_registry() {
  static const Registry reg = [] {
    Registry r;
    std::vector<PolicyError> errors;
    load_builtin(r, errors);
    // A shipped policy that does not compile is a build defect, caught by the
    // tests; say so loudly rather than answer from half the rules.
    for (const PolicyError& e : errors)
      // (fputs, not printf: the page's engine links no printf)
      std::fputs(("assurecalc: built-in data error at " + e.path + ": " + e.message + "\n").c_str(), stderr);
    if (!errors.empty())
      std::abort();
    return r;
  }();
  return reg;
}

std::string programs_json(const Registry& reg) {
  std::string o = "[";
  bool firstp = true;
  for (const auto& pp : reg.policies()) {
    const Policy& p = *pp;
    if (!firstp)
      o += ',';
    firstp = false;
    bool f = true;
    o += '{';
    version_json_head(o, p, f);
    json_key(o, "calendar", f);
    if (p.calendar) {
      o += "{\"id\":";
      json_string(o, p.calendar->id);
      o += ",\"years\":[" + std::to_string(p.calendar->first_year) + "," + std::to_string(p.calendar->last_year) +
           "],\"source\":{\"title\":";
      json_string(o, p.calendar->source_title);
      o += ",\"url\":";
      json_string(o, p.calendar->source_url);
      o += "}}";
    } else {
      o += "null";
    }
    json_key(o, "kinds", f);
    o += '[';
    bool fk = true;
    for (int k = 0; k < kKindCount; ++k)
      if (p.kinds[k].covered) {
        if (!fk)
          o += ',';
        fk = false;
        json_string(o, kind_name(Kind(k)));
      }
    o += ']';
    json_key(o, "rules", f);
    o += '[';
    for (size_t r = 0; r < p.rules.size(); ++r) {
      if (r)
        o += ',';
      o += "{\"id\":";
      json_string(o, p.rules[r].id);
      o += ",\"title\":";
      json_string(o, p.rules[r].title);
      o += ",\"source\":";
      if (p.rules[r].source < 0) {
        o += "null";
      } else {
        const Source& s = p.sources[size_t(p.rules[r].source)];
        o += "{\"title\":";
        json_string(o, s.title);
        o += ",\"url\":";
        if (s.url.empty())
          o += "null";
        else
          json_string(o, s.url);
        o += '}';
      }
      o += '}';
    }
    o += "]}";
  }
  o += ']';
  return o;
}

}  // namespace assurecalc
