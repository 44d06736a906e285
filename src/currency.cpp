#include "currency.hpp"

#include <algorithm>
#include <cstring>

namespace assurecalc {
namespace {
// Active codes of ISO 4217 list one (the fund and metal codes without a
// minor unit, XAU, XDR, XTS, XXX and the like, are left out). Source: the
// ISO 4217 maintenance agency's list one, as published by SIX.
// Sorted; the digit is the minor-unit exponent.
const char kTable[] =
    "AED2AFN2ALL2AMD2ANG2AOA2ARS2AUD2AWG2AZN2BAM2BBD2BDT2BGN2BHD3BIF0BMD2BND2BOB2BOV2"
    "BRL2BSD2BTN2BWP2BYN2BZD2CAD2CDF2CHE2CHF2CHW2CLF4CLP0CNY2COP2COU2CRC2CUC2CUP2CVE2"
    "CZK2DJF0DKK2DOP2DZD2EGP2ERN2ETB2EUR2FJD2FKP2GBP2GEL2GHS2GIP2GMD2GNF0GTQ2GYD2HKD2"
    "HNL2HTG2HUF2IDR2ILS2INR2IQD3IRR2ISK0JMD2JOD3JPY0KES2KGS2KHR2KMF0KPW2KRW0KWD3KYD2"
    "KZT2LAK2LBP2LKR2LRD2LSL2LYD3MAD2MDL2MGA2MKD2MMK2MNT2MOP2MRU2MUR2MVR2MWK2MXN2MXV2"
    "MYR2MZN2NAD2NGN2NIO2NOK2NPR2NZD2OMR3PAB2PEN2PGK2PHP2PKR2PLN2PYG0QAR2RON2RSD2RUB2"
    "RWF0SAR2SBD2SCR2SDG2SEK2SGD2SHP2SLE2SLL2SOS2SRD2SSP2STN2SVC2SYP2SZL2THB2TJS2TMT2"
    "TND3TOP2TRY2TTD2TWD2TZS2UAH2UGX0USD2USN2UYI0UYU2UYW4UZS2VED2VES2VND0VUV0WST2XAF0"
    "XCD2XCG2XOF0XPF0YER2ZAR2ZMW2ZWG2ZWL2";
constexpr size_t kEntry = 4;
constexpr size_t kCount = (sizeof(kTable) - 1) / kEntry;
}  // namespace

int currency_count() { return int(kCount); }
std::string_view currency_code(int i) { return std::string_view(kTable + size_t(i) * kEntry, 3); }

int currency_exponent(std::string_view code) {
  if (code.size() != 3)
    return -1;
  size_t lo = 0, hi = kCount;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    const int c = std::memcmp(kTable + mid * kEntry, code.data(), 3);
    if (c == 0)
      return kTable[mid * kEntry + 3] - '0';
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

}  // namespace assurecalc
