// The compiled tables (src/tables.hpp): the page's engine reads the
// built-in zones, calendars and policies from them instead of from JSON, so
// what it reads must judge every claim exactly as the policy compiler's
// registry does, and bytes that are not tables must be refused, never read
// past their end.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "assurecalc.hpp"
#include "tables.hpp"

using namespace assurecalc;
namespace fs = std::filesystem;

namespace {

std::string tables() { return write_tables(builtin_zones(), builtin_registry()); }

// Every claim of the golden cases given as JSON (the others are about bytes
// and sizes, which no policy reads).
std::vector<std::string> golden_claims() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(ASSURECALC_CASES_DIR)) {
    if (e.path().extension() != ".json")
      continue;
    std::ifstream in(e.path());
    const nlohmann::json cases = nlohmann::json::parse(in);
    for (const auto& c : cases)
      if (c.contains("input"))
        out.push_back(c["input"].dump());
      else if (c.contains("input_text"))
        out.push_back(c["input_text"].get<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("tables: read back, they write the same bytes") {
  const std::string bytes = tables();
  std::vector<ZoneRules> zones;
  Registry reg;
  REQUIRE(read_table_zones(bytes, zones));
  REQUIRE(read_table_registry(bytes, reg));
  CHECK(zones.size() == builtin_zones().size());
  CHECK(reg.policies().size() == builtin_registry().policies().size());
  CHECK(reg.calendars().size() == builtin_registry().calendars().size());
  CHECK(write_tables(zones, reg) == bytes);
  CHECK(programs_json(reg) == programs_json());
  CHECK(vocabulary_json(reg) == vocabulary_json());
}

TEST_CASE("tables: every golden claim is judged as from the JSON policies, in full and in summary") {
  Registry reg;
  REQUIRE(read_table_registry(tables(), reg));
  const std::vector<std::string> claims = golden_claims();
  REQUIRE(claims.size() > 300);
  size_t same = 0;
  for (const std::string& claim : claims) {
    for (Detail d : {Detail::full, Detail::summary}) {
      std::string_view r;
      evaluate_view(claim, r, builtin_registry(), d);
      const std::string from_json(r);
      evaluate_view(claim, r, reg, d);
      if (std::string(r) == from_json)
        ++same;
      else
        FAIL_CHECK("differs on " << claim);
    }
  }
  CHECK(same == 2 * claims.size());
}

TEST_CASE("tables: bytes that are not whole tables are refused") {
  const std::string bytes = tables();
  std::vector<ZoneRules> zones;
  CHECK_FALSE(read_table_zones("", zones));
  CHECK_FALSE(read_table_zones("assurecalc-tables-0", zones));
  // Cut anywhere (a prefix), the registry does not read; nor with a byte
  // more. (Every 61st cut, and the last bytes, to keep it quick.)
  for (size_t cut = 0; cut < bytes.size(); cut += cut + 64 < bytes.size() ? 61 : 1) {
    Registry reg;
    CHECK_FALSE(read_table_registry(std::string_view(bytes).substr(0, cut), reg));
  }
  Registry more;
  CHECK_FALSE(read_table_registry(bytes + '\0', more));
  // Any byte changed reads as tables or not, but never past the end (the
  // sanitizer build would say) and never hangs.
  for (size_t at = 0; at < bytes.size(); at += 7) {
    std::string bad = bytes;
    bad[at] = char(bad[at] ^ 0xff);
    Registry reg;
    std::vector<ZoneRules> z;
    (void)read_table_registry(bad, reg);
    (void)read_table_zones(bad, z);
  }
}
