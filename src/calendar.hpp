// Business-day calendars: Mon-Fri minus public holidays plus declared
// working weekend days, over the years the data covers.
#pragma once
#include <string>
#include <vector>

#include "civil.hpp"

namespace assurecalc {

struct Calendar {
  std::string id;
  std::string name;
  std::string source_title, source_url;
  int first_year = 0, last_year = -1;
  std::vector<Day> holidays;  // sorted
  std::vector<Day> workdays;  // sorted: weekend days declared working days

  bool covers(Day d) const;
  // Outside the covered years this falls back to Mon-Fri; `outside` is set.
  bool is_business_day(Day d, bool& outside) const;
  // The end day of "n business days after d" (d itself does not count).
  Day add_business_days(Day d, int n, bool& outside) const;
};

}  // namespace assurecalc
