// The built-in zones, calendars and policies read from the compiled tables
// (src/tables.hpp) that the build generated from their JSON files: the
// engine of the page and the widget, which links no JSON library and no
// policy compiler. A caller's own policy needs the full engine.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "assurecalc.hpp"
#include "tables.hpp"

namespace assurecalc {
namespace tables {
extern const unsigned char bytes[];
extern const unsigned size;
}  // namespace tables

namespace {

std::string_view table_bytes() { return std::string_view(reinterpret_cast<const char*>(tables::bytes), tables::size); }

// Tables that do not read are a build defect (the generator and this reader
// come from one source tree); say so rather than answer from half the data.
[[noreturn]] void defect(const char* what) {
  // (fputs: printf would link its floating-point formatting into the page's engine)
  std::fputs("assurecalc: the compiled tables' ", stderr);
  std::fputs(what, stderr);
  std::fputs(" do not read\n", stderr);
  std::abort();
}

}  // namespace

const std::vector<ZoneRules>& builtin_zones() {
  static const std::vector<ZoneRules> zones = [] {
    std::vector<ZoneRules> z;
    if (!read_table_zones(table_bytes(), z))
      defect("zones");
    return z;
  }();
  return zones;
}

bool load_builtin(Registry& r, std::vector<PolicyError>& errors) {
  Registry read;
  if (!read_table_registry(table_bytes(), read))
    defect("policies");
  if (!r.policies().empty() || !r.calendars().empty()) {
    // Only an empty registry can take the tables as they are.
    errors.push_back({"", "the built-in policies load into an empty registry only in this build"});
    return false;
  }
  r = std::move(read);
  return true;
}

}  // namespace assurecalc
