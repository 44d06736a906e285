// The registry's storage and lookups (what every engine links); policies
// and calendars get into it through the policy compiler (src/policy.cpp) or
// the compiled tables (src/tables.cpp).
#include "assurecalc.hpp"
#include "calendar.hpp"
#include "policy.hpp"

namespace assurecalc {

int Policy::rule_index(std::string_view id) const {
  for (size_t i = 0; i < rules.size(); ++i)
    if (rules[i].id == id)
      return int(i);
  return -1;
}

Registry::Registry() = default;
Registry::~Registry() = default;
Registry::Registry(Registry&&) noexcept = default;
Registry& Registry::operator=(Registry&&) noexcept = default;

const Policy* Registry::find_version(std::string_view id) const {
  for (const auto& p : policies_)
    if (p->id == id)
      return p.get();
  return nullptr;
}

std::vector<const Policy*> Registry::versions(std::string_view program) const {
  std::vector<const Policy*> out;
  for (const auto& p : policies_)
    if (p->program == program)
      out.push_back(p.get());
  return out;
}

const Calendar* Registry::calendar(std::string_view id) const {
  for (const auto& c : calendars_)
    if (c->id == id)
      return c.get();
  return nullptr;
}

}  // namespace assurecalc
