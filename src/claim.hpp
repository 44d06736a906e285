// The claim as read from JSON: every field of claim-api.md, typed, with the
// errors and warnings found while reading it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "assurecalc.hpp"
#include "civil.hpp"

namespace assurecalc {

enum class Kind : uint8_t { late_shipment, not_received, quality, quantity_short, damaged, late_delivery };
constexpr int kKindCount = 6;
const char* kind_name(Kind k);
bool parse_kind(std::string_view s, Kind& k);

enum class Method : uint8_t {
  tt,
  card,
  online_bank_payment,
  online_transfer,
  western_union,
  pay_later,
  paypal,
  lc,
  cash,
  other
};
constexpr int kMethodCount = 10;
const char* method_name(Method m);
bool parse_method(std::string_view s, Method& m);

// Scalar fields a policy may read, by their dotted path. The table in
// claim.cpp gives each its JSON Pointer, its type and whether a null means
// "not known, ask the buyer" (a contract term, `needed`) or "has not
// happened / not given" (an event or an optional value).
enum class Field : uint8_t {
  program,
  as_of,
  buyer_tier,
  buyer_time_zone,
  buyer_claims_filed,
  supplier_country,
  supplier_ta_limit_remaining,
  order_id,
  order_created_on,
  order_currency,
  order_total,
  order_assurance_amount,
  order_incoterm,
  order_placed_via_assurance,
  order_coverage_type,
  order_ship_by,
  order_ship_by_extended_to,
  order_guaranteed_delivery_by,
  order_category,
  shipment_shipped_on,
  shipment_customs_cleared_on,
  shipment_expected_delivery_by,
  shipment_delivered_on,
  shipment_receipt_confirmed_on,
  shipment_protection_ends_on,
  issue_kind,
  issue_claimed,
  history_dispute_opened_on,
  history_escalated_on,
  history_agreement_on,
  history_accepted_late_shipment,
  history_seller_contacted_on,
  history_chargeback_filed,
  fx_usd_per_unit,
  count
};
constexpr int kFieldCount = int(Field::count);

enum class FieldType : uint8_t {
  text,
  instant,
  date,
  amount,
  boolean,
  country,
  currency,
  incoterm,
  coverage_type,
  kind,
  rate,
  id,
  method,     // list items only
  recipient,  // list items only
  quantity,   // list items only
  sku,        // list items only
  time_zone,  // an IANA zone name, for display
  category,   // what kind of goods (kCategories)
  count       // a whole number of things (claims)
};

struct FieldSpec {
  const char* dotted;   // "order.ship_by"
  const char* pointer;  // "/order/ship_by"
  FieldType type;
  bool needed;            // null -> needs_info when a rule reads it
  bool required;          // null -> MISSING_FIELD
  const char* column;     // its column in the agents' CSV ("total")
  const char* attribute;  // the storefront widget's attribute ("order-total")
};
const FieldSpec& field_spec(Field f);
bool field_by_dotted(std::string_view dotted, Field& f);

// Fields of the claim's lists (payments, order lines, missing units), one
// row each: the vocabulary and the CSV columns are read from this table.
enum class ItemOf : uint8_t { payment, line, missing_units };
struct ItemFieldSpec {
  ItemOf list;
  const char* field;    // "amount" ("" for the missing-units map's values)
  const char* pointer;  // "/payments/*/amount"
  FieldType type;
  const char* column;  // "payment<N>_amount"
};
extern const ItemFieldSpec kItemFields[];
extern const int kItemFieldCount;

// The names of the result's closed sets, declared once.
constexpr const char* kCoverageTypes[] = {"pre_shipment", "post_delivery"};
// What an order is, where a program excludes some goods (absent: an ordinary good).
constexpr const char* kCategories[] = {"vehicle",     "real_estate", "business", "industrial_machinery", "gift_card",
                                       "custom_made", "digital",     "service",  "classified",           "ticket"};
constexpr const char* kStatusNames[] = {"open", "not_yet_open", "closed", "not_covered", "needs_info"};
constexpr const char* kRefundForms[] = {"cash", "credit", "loan_credit"};

// The Incoterms a claim may name (upper case), in the order of the table.
extern const char* const kIncoterms[];
extern const int kIncotermCount;

struct Value {
  bool set = false;
  int64_t i = 0;       // date (Day), amount, boolean, enum, rate mantissa
  int32_t scale = 0;   // rate: value = i / 10^scale
  std::string_view s;  // text forms, in Claim::texts (incoterm and country upper case)
};

struct Payment {
  Value on, amount, method, to;  // method.i is a Method; to.s the text
};
struct Line {
  std::string_view sku;
  int64_t quantity = 0, unit_price = 0;
  bool has_sku = false, has_quantity = false, has_unit_price = false;
};
struct MissingUnits {
  std::string_view sku;
  int64_t units = 0;
  size_t line = 0;  // index into lines, resolved after reading
};

struct Error {
  const char* code;
  std::string path;
  std::string message;
};

struct Claim {
  Value v[kFieldCount];
  bool has_payments = false;
  std::vector<Payment> payments;
  bool has_lines = false;
  std::vector<Line> lines;
  bool has_missing_units = false;
  std::vector<MissingUnits> missing_units;
  int currency_exponent = 2;
  Instant as_of;
  // The claim's texts, copied once into `texts`, sized to the input before
  // reading (no text kept is longer than its JSON source) so the views into
  // it never move; `texts_used` bytes of it are taken.
  std::string texts;
  size_t texts_used = 0;
  std::string_view keep(std::string_view s);

  std::vector<Error> errors;
  std::vector<std::string> unknown_fields;  // JSON Pointers

  const Value& operator[](Field f) const { return v[int(f)]; }
  Value& operator[](Field f) { return v[int(f)]; }
  void clear();
};

// Reads `text` into `c` (reusing its storage). On return, c.errors is empty
// exactly when the claim can be evaluated.
void read_claim(std::string_view text, Claim& c);

// JSON Pointer escaping of one reference token.
void append_pointer_token(std::string& out, std::string_view token);

}  // namespace assurecalc
