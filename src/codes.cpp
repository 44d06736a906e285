#include "codes.hpp"

namespace assurecalc {

// claim-api.md lists these as the stable codes; ORDER_OUTSIDE_PROGRAM and
// INTERNAL are the engine's additions.
const CodeDef kCodes[] = {
    {"ORDER_BEFORE_PROGRAM", CodeClass::reason, "program_starts"},
    {"ORDER_OUTSIDE_PROGRAM", CodeClass::reason, ""},
    {"SUPPLIER_REGION_NOT_COVERED", CodeClass::reason, ""},
    {"NOT_AN_ASSURANCE_ORDER", CodeClass::reason, ""},
    {"PAYMENT_METHOD_NOT_COVERED", CodeClass::reason, "payment method"},
    {"PAID_OFF_PLATFORM", CodeClass::reason, "payment to"},
    {"KIND_NOT_COVERED", CodeClass::reason, "kind"},
    {"SHIPPED_ON_TIME", CodeClass::reason, ""},
    {"BUYER_ACCEPTED_LATE_SHIPMENT", CodeClass::reason, ""},
    {"TRANSPORT_RISK_ON_BUYER", CodeClass::reason, ""},
    {"WINDOW_CLOSED", CodeClass::reason, "closed_at"},
    {"WINDOW_NOT_OPEN", CodeClass::reason, "opens_at waits_for"},
    {"NOTHING_COVERED_PAID", CodeClass::reason, ""},
    {"DELIVERED", CodeClass::reason, ""},
    {"DELIVERED_ON_TIME", CodeClass::reason, ""},
    {"COVERAGE_TYPE_NOT_OFFERED", CodeClass::reason, ""},
    {"CATEGORY_EXCLUDED", CodeClass::reason, ""},
    {"CHARGEBACK_FILED", CodeClass::reason, ""},
    {"CLAIM_LIMIT_REACHED", CodeClass::reason, ""},

    {"RULE_AMBIGUOUS", CodeClass::warning, "note"},
    {"CALENDAR_NOT_COVERED", CodeClass::warning, "calendar years"},
    {"RECEIPT_CONFIRMED_BEFORE_DELIVERY", CodeClass::warning, ""},
    {"EXTENSION_OVER_LIMIT", CodeClass::warning, ""},
    {"UNKNOWN_FIELD", CodeClass::warning, "path"},
    {"ESTIMATED_AMOUNT", CodeClass::warning, "usd usd_per_unit"},
    {"PAYMENTS_EXCEED_TOTAL", CodeClass::warning, "payments total"},
    {"DECIDED_WITHOUT_DATE", CodeClass::warning, "path from to"},

    {"INVALID_JSON", CodeClass::error, ""},
    {"MISSING_FIELD", CodeClass::error, ""},
    {"INVALID_DATE", CodeClass::error, ""},
    {"INVALID_AMOUNT", CodeClass::error, ""},
    {"UNKNOWN_CURRENCY", CodeClass::error, ""},
    {"UNKNOWN_PROGRAM", CodeClass::error, ""},
    {"UNKNOWN_KIND", CodeClass::error, ""},
    {"UNKNOWN_PAYMENT_METHOD", CodeClass::error, ""},
    {"UNKNOWN_SKU", CodeClass::error, ""},
    {"INCONSISTENT_DATES", CodeClass::error, ""},
    {"INPUT_TOO_LARGE", CodeClass::error, ""},
    {"INVALID_TYPE", CodeClass::error, ""},
    {"INVALID_VALUE", CodeClass::error, ""},
    {"INTERNAL", CodeClass::error, ""},
};
const int kCodeCount = sizeof(kCodes) / sizeof(kCodes[0]);

const CodeDef* find_code(std::string_view code) {
  for (const CodeDef& c : kCodes)
    if (code == c.code)
      return &c;
  return nullptr;
}

}  // namespace assurecalc
