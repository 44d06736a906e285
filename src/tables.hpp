// Compact tables: the built-in zones, calendars and policies as the policy
// compiler leaves them, written as bytes at build time (src/cli/tables.cpp,
// from the JSON files) and read back at startup by the engine built for the
// page and the widget, which links no JSON library and no policy compiler
// (src/lean/builtin_tables.cpp).
//
// The format is the compiled structures field by field (one list of fields
// per structure, shared by the writer and the reader): unsigned LEB128 for
// counts and numbers (zigzag for signed ones), a text as its length and
// bytes. It is private to one build: the writer and the reader are always
// compiled from the same sources.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "assurecalc.hpp"
#include "zone.hpp"

namespace assurecalc {

// The zones, then the registry's calendars and policies.
std::string write_tables(const std::vector<ZoneRules>& zones, const Registry& registry);

// The zones part of `bytes` into `zones`; false when the bytes are not
// tables (a build defect).
bool read_table_zones(std::string_view bytes, std::vector<ZoneRules>& zones);
// The calendars and policies into `registry` (empty); policies find their
// zones with find_zone. False when the bytes are not tables.
bool read_table_registry(std::string_view bytes, Registry& registry);

}  // namespace assurecalc
