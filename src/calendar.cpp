#include "calendar.hpp"

#include <algorithm>

namespace assurecalc {

bool Calendar::covers(Day d) const {
  int y, m, dd;
  civil_from_days(d, y, m, dd);
  return y >= first_year && y <= last_year;
}

bool Calendar::is_business_day(Day d, bool& outside) const {
  const int wd = weekday(d);
  const bool weekend = wd == 0 || wd == 6;
  if (!covers(d)) {
    outside = true;
    return !weekend;
  }
  if (weekend)
    return std::binary_search(workdays.begin(), workdays.end(), d);
  return !std::binary_search(holidays.begin(), holidays.end(), d);
}

Day Calendar::add_business_days(Day d, int n, bool& outside) const {
  while (n > 0) {
    ++d;
    if (is_business_day(d, outside))
      --n;
  }
  return d;
}

}  // namespace assurecalc
