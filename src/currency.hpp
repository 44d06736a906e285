// ISO 4217 currencies and their minor-unit exponents.
#pragma once
#include <string_view>

namespace assurecalc {

// -1 when `code` is not an active ISO 4217 currency with minor units
// (codes are upper case, as the standard writes them).
int currency_exponent(std::string_view code);

// The table itself, for listing: codes in alphabetical order.
int currency_count();
std::string_view currency_code(int i);

}  // namespace assurecalc
