// The built-in zones, calendars and policies read from their JSON files
// (embedded into the binary as text at build time, embedded_data.cpp from
// cmake/embed.cmake) by the policy compiler: the engine of the CLI, the
// tests and the full wasm module. The page's engine links
// src/lean/builtin_tables.cpp instead.
#include <cstdio>
#include <cstdlib>

#include "assurecalc.hpp"
#include "zone.hpp"

namespace assurecalc {
namespace embedded {
extern const char* const calendars[];
extern const unsigned calendar_count;
extern const char* const policies[];
extern const unsigned policy_count;
extern const char* const zones[];
extern const unsigned zone_count;
}  // namespace embedded

namespace {

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

}  // namespace

const std::vector<ZoneRules>& builtin_zones() {
  static const std::vector<ZoneRules> zones = load_builtin_zones();
  return zones;
}

bool load_builtin(Registry& r, std::vector<PolicyError>& errors) {
  const size_t before = errors.size();
  for (unsigned i = 0; i < embedded::calendar_count; ++i)
    r.add_calendar(embedded::calendars[i], errors);
  for (unsigned i = 0; i < embedded::policy_count; ++i)
    r.add_policy(embedded::policies[i], errors);
  return errors.size() == before;
}

}  // namespace assurecalc
