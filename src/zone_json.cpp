// Reading a zone file (src/zones/*.json, written by scripts/gen-zones.mjs):
// only the engine with the JSON loader reads these; the page's engine gets
// the zones from the compiled tables (src/tables.hpp).
#include <nlohmann/json.hpp>

#include "zone.hpp"

namespace assurecalc {

namespace {
using json = nlohmann::json;
}  // namespace

bool read_zone_rules(std::string_view text, ZoneRules& z, std::string& error) {
  const json j = json::parse(text.data(), text.data() + text.size(), nullptr, false);
  auto str = [](const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (j.is_discarded() || !j.is_object())
    return error = "a zone must be a JSON object", false;
  z = ZoneRules{};
  z.id = str(j, "id");
  z.tzdata = str(j, "tzdata");
  if (z.id.empty())
    return error = "/id is required", false;
  if (j.contains("source") && j["source"].is_object()) {
    z.source_title = str(j["source"], "title");
    z.source_url = str(j["source"], "url");
  }
  const json years = j.value("years", json());
  if (!years.is_array() || years.size() != 2 || !years[0].is_number_integer() || !years[1].is_number_integer())
    return error = z.id + ": /years must be [first, last]", false;
  z.first_year = years[0].get<int>();
  z.last_year = years[1].get<int>();
  const json initial = j.value("initial", json());
  if (!initial.is_object() || !parse_offset(str(initial, "offset"), z.initial_min))
    return error = z.id + ": /initial/offset must be an offset such as -08:00", false;
  const json list = j.value("transitions", json());
  if (!list.is_array())
    return error = z.id + ": /transitions must be a list", false;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = z.id + ": /transitions/" + std::to_string(i);
    Instant at;
    int off = 0;
    if (!list[i].is_object() || !parse_instant(str(list[i], "at"), at) || at.nanos)
      return error = where + "/at must be an instant to the second", false;
    if (!parse_offset(str(list[i], "offset"), off))
      return error = where + "/offset must be an offset such as -07:00", false;
    if (!z.at.empty() && at.sec <= z.at.back())
      return error = where + " is not after the one before", false;
    z.at.push_back(at.sec);
    z.offset_min.push_back(off);
  }
  return true;
}

}  // namespace assurecalc
