#include "claim.hpp"

#include <cmath>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "currency.hpp"
#include "json_out.hpp"
#include "json_reader.hpp"

namespace assurecalc {

namespace {
const char* const kKindNames[] = {"late_shipment",  "not_received", "quality",
                                  "quantity_short", "damaged",      "late_delivery"};
const char* const kMethodNames[] = {
    "tt",   "card", "online_bank_payment", "online_transfer", "western_union", "pay_later", "paypal", "lc",
    "cash", "other"};

const FieldSpec kFields[] = {
    {"program", "/program", FieldType::text, false, false, "program", "program"},
    {"as_of", "/as_of", FieldType::instant, false, true, "as_of", "as-of"},
    {"buyer.tier", "/buyer/tier", FieldType::text, false, false, "buyer_tier", "buyer-tier"},
    {"buyer.time_zone", "/buyer/time_zone", FieldType::time_zone, false, false, "buyer_time_zone", "buyer-time-zone"},
    {"buyer.claims_filed", "/buyer/claims_filed", FieldType::count, false, false, "claims_filed", "claims-filed"},
    {"supplier.country", "/supplier/country", FieldType::country, true, false, "supplier_country", "supplier-country"},
    {"supplier.ta_limit_remaining", "/supplier/ta_limit_remaining", FieldType::amount, false, false,
     "ta_limit_remaining", "ta-limit"},
    {"order.id", "/order/id", FieldType::id, false, false, "order_id", "order-id"},
    {"order.created_on", "/order/created_on", FieldType::date, false, true, "created_on", "created-on"},
    {"order.currency", "/order/currency", FieldType::currency, false, true, "currency", "currency"},
    {"order.total", "/order/total", FieldType::amount, false, true, "total", "order-total"},
    {"order.assurance_amount", "/order/assurance_amount", FieldType::amount, false, false, "assurance_amount",
     "assurance-amount"},
    {"order.incoterm", "/order/incoterm", FieldType::incoterm, true, false, "incoterm", "incoterm"},
    {"order.placed_via_assurance", "/order/placed_via_assurance", FieldType::boolean, true, false,
     "placed_via_assurance", "placed-via-assurance"},
    {"order.coverage_type", "/order/coverage_type", FieldType::coverage_type, true, false, "coverage_type",
     "coverage-type"},
    {"order.ship_by", "/order/ship_by", FieldType::date, true, false, "ship_by", "ship-by"},
    {"order.ship_by_extended_to", "/order/ship_by_extended_to", FieldType::date, false, false, "ship_by_extended_to",
     "ship-by-extended-to"},
    {"order.guaranteed_delivery_by", "/order/guaranteed_delivery_by", FieldType::date, false, false,
     "guaranteed_delivery_by", "guaranteed-delivery-by"},
    {"order.category", "/order/category", FieldType::category, false, false, "category", "category"},
    {"shipment.shipped_on", "/shipment/shipped_on", FieldType::date, false, false, "shipped_on", "shipped-on"},
    {"shipment.customs_cleared_on", "/shipment/customs_cleared_on", FieldType::date, false, false, "customs_cleared_on",
     "customs-cleared-on"},
    {"shipment.expected_delivery_by", "/shipment/expected_delivery_by", FieldType::date, true, false,
     "expected_delivery_by", "expected-delivery-by"},
    {"shipment.delivered_on", "/shipment/delivered_on", FieldType::date, false, false, "delivered_on", "delivered-on"},
    {"shipment.receipt_confirmed_on", "/shipment/receipt_confirmed_on", FieldType::date, false, false,
     "receipt_confirmed_on", "receipt-confirmed-on"},
    {"shipment.protection_ends_on", "/shipment/protection_ends_on", FieldType::date, false, false, "protection_ends_on",
     "protection-ends-on"},
    {"issue.kind", "/issue/kind", FieldType::kind, false, false, "kind", "kind"},
    {"issue.claimed", "/issue/claimed", FieldType::amount, false, false, "claimed", "claimed"},
    {"history.dispute_opened_on", "/history/dispute_opened_on", FieldType::date, false, false, "dispute_opened_on",
     "dispute-opened-on"},
    {"history.escalated_on", "/history/escalated_on", FieldType::date, false, false, "escalated_on", "escalated-on"},
    {"history.agreement_on", "/history/agreement_on", FieldType::date, false, false, "agreement_on", "agreement-on"},
    {"history.accepted_late_shipment", "/history/accepted_late_shipment", FieldType::boolean, false, false,
     "accepted_late_shipment", "accepted-late-shipment"},
    {"history.seller_contacted_on", "/history/seller_contacted_on", FieldType::date, false, false,
     "seller_contacted_on", "seller-contacted-on"},
    {"history.chargeback_filed", "/history/chargeback_filed", FieldType::boolean, false, false, "chargeback_filed",
     "chargeback-filed"},
    {"fx.usd_per_unit", "/fx/usd_per_unit", FieldType::rate, true, false, "usd_per_unit", "usd-per-unit"},
};
static_assert(sizeof(kFields) / sizeof(kFields[0]) == kFieldCount, "field table");
}  // namespace

const char* const kIncoterms[] = {"EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP",
                                  "DAP", "DPU", "DDP", "DAT", "DAF", "DES", "DEQ", "DDU"};
const int kIncotermCount = sizeof(kIncoterms) / sizeof(kIncoterms[0]);

const ItemFieldSpec kItemFields[] = {
    {ItemOf::payment, "on", "/payments/*/on", FieldType::date, "payment<N>_on"},
    {ItemOf::payment, "amount", "/payments/*/amount", FieldType::amount, "payment<N>_amount"},
    {ItemOf::payment, "method", "/payments/*/method", FieldType::method, "payment<N>_method"},
    {ItemOf::payment, "to", "/payments/*/to", FieldType::recipient, "payment<N>_to"},
    {ItemOf::line, "sku", "/order/lines/*/sku", FieldType::sku, "line<N>_sku"},
    {ItemOf::line, "quantity", "/order/lines/*/quantity", FieldType::quantity, "line<N>_quantity"},
    {ItemOf::line, "unit_price", "/order/lines/*/unit_price", FieldType::amount, "line<N>_unit_price"},
    {ItemOf::missing_units, "", "/issue/missing_units/*", FieldType::quantity, "line<N>_missing"},
};
const int kItemFieldCount = sizeof(kItemFields) / sizeof(kItemFields[0]);

namespace {

enum class Ctx : uint8_t {
  root,
  buyer,
  supplier,
  order,
  lines,
  line,
  payments,
  payment,
  shipment,
  issue,
  missing_units,
  history,
  fx,
  skip
};

enum class MemberKind : uint8_t { none, field, object, array, pay, line };
struct Member {
  Ctx ctx;
  const char* key;
  MemberKind kind;
  uint8_t id;  // Field for field, Ctx for containers, index for pay/line
};
enum PayField : uint8_t { pay_on, pay_amount, pay_method, pay_to };
enum LineField : uint8_t { line_sku, line_quantity, line_unit_price };

#define FLD(c, k, f) \
  { Ctx::c, k, MemberKind::field, uint8_t(Field::f) }
const Member kMembers[] = {
    FLD(root, "program", program),
    FLD(root, "as_of", as_of),
    {Ctx::root, "buyer", MemberKind::object, uint8_t(Ctx::buyer)},
    {Ctx::root, "supplier", MemberKind::object, uint8_t(Ctx::supplier)},
    {Ctx::root, "order", MemberKind::object, uint8_t(Ctx::order)},
    {Ctx::root, "payments", MemberKind::array, uint8_t(Ctx::payments)},
    {Ctx::root, "shipment", MemberKind::object, uint8_t(Ctx::shipment)},
    {Ctx::root, "issue", MemberKind::object, uint8_t(Ctx::issue)},
    {Ctx::root, "history", MemberKind::object, uint8_t(Ctx::history)},
    {Ctx::root, "fx", MemberKind::object, uint8_t(Ctx::fx)},
    FLD(buyer, "tier", buyer_tier),
    FLD(buyer, "time_zone", buyer_time_zone),
    FLD(buyer, "claims_filed", buyer_claims_filed),
    FLD(supplier, "country", supplier_country),
    FLD(supplier, "ta_limit_remaining", supplier_ta_limit_remaining),
    FLD(order, "id", order_id),
    FLD(order, "created_on", order_created_on),
    FLD(order, "currency", order_currency),
    FLD(order, "total", order_total),
    FLD(order, "assurance_amount", order_assurance_amount),
    FLD(order, "incoterm", order_incoterm),
    FLD(order, "placed_via_assurance", order_placed_via_assurance),
    FLD(order, "coverage_type", order_coverage_type),
    FLD(order, "ship_by", order_ship_by),
    FLD(order, "ship_by_extended_to", order_ship_by_extended_to),
    FLD(order, "guaranteed_delivery_by", order_guaranteed_delivery_by),
    FLD(order, "category", order_category),
    {Ctx::order, "lines", MemberKind::array, uint8_t(Ctx::lines)},
    {Ctx::payment, "on", MemberKind::pay, pay_on},
    {Ctx::payment, "amount", MemberKind::pay, pay_amount},
    {Ctx::payment, "method", MemberKind::pay, pay_method},
    {Ctx::payment, "to", MemberKind::pay, pay_to},
    {Ctx::line, "sku", MemberKind::line, line_sku},
    {Ctx::line, "quantity", MemberKind::line, line_quantity},
    {Ctx::line, "unit_price", MemberKind::line, line_unit_price},
    FLD(shipment, "shipped_on", shipment_shipped_on),
    FLD(shipment, "customs_cleared_on", shipment_customs_cleared_on),
    FLD(shipment, "expected_delivery_by", shipment_expected_delivery_by),
    FLD(shipment, "delivered_on", shipment_delivered_on),
    FLD(shipment, "receipt_confirmed_on", shipment_receipt_confirmed_on),
    FLD(shipment, "protection_ends_on", shipment_protection_ends_on),
    FLD(issue, "kind", issue_kind),
    FLD(issue, "claimed", issue_claimed),
    {Ctx::issue, "missing_units", MemberKind::object, uint8_t(Ctx::missing_units)},
    FLD(history, "dispute_opened_on", history_dispute_opened_on),
    FLD(history, "escalated_on", history_escalated_on),
    FLD(history, "agreement_on", history_agreement_on),
    FLD(history, "accepted_late_shipment", history_accepted_late_shipment),
    FLD(history, "seller_contacted_on", history_seller_contacted_on),
    FLD(history, "chargeback_filed", history_chargeback_filed),
    FLD(fx, "usd_per_unit", fx_usd_per_unit),
};
#undef FLD
constexpr int kMemberCount = sizeof(kMembers) / sizeof(kMembers[0]);
static_assert(kMemberCount <= 64, "member bitmask");

// Members by context and name in an open-addressing table, so a key costs
// one hash of a few of its bytes and, as a rule, one comparison (a linear
// scan of the context's members was a tenth of the time of a claim).
constexpr size_t kMaxMemberKey = 24;
inline size_t member_hash(Ctx ctx, const char* k, size_t n) {
  const unsigned a = static_cast<unsigned char>(k[0]), b = static_cast<unsigned char>(k[n - 1]),
                 m = static_cast<unsigned char>(k[n / 2]);
  return (unsigned(ctx) * 97u + unsigned(n) * 31u + a * 7u + b * 131u + m * 17u) & 255u;
}
struct MemberTable {
  static constexpr size_t kSlots = 256;  // a power of two, well over kMemberCount
  struct Slot {
    uint8_t member = 0xFF;  // 0xFF: empty
    uint8_t ctx = 0;
    uint8_t len = 0;
    char key[kMaxMemberKey] = {};
  };
  Slot slots[kSlots];
  uint8_t len[kMemberCount];         // each member's name length
  int8_t first[int(Ctx::skip) + 1];  // a context's first member, -1 for none
  int8_t next[kMemberCount];         // the member after it in its context, -1 for none
  MemberTable() {
    for (int c = 0; c <= int(Ctx::skip); ++c)
      first[c] = -1;
    for (int i = kMemberCount - 1; i >= 0; --i) {
      next[i] = i + 1 < kMemberCount && kMembers[i + 1].ctx == kMembers[i].ctx ? int8_t(i + 1) : int8_t(-1);
      first[int(kMembers[i].ctx)] = int8_t(i);
    }
    for (int i = 0; i < kMemberCount; ++i) {
      const size_t n = std::strlen(kMembers[i].key);
      len[i] = uint8_t(n);
      size_t h = member_hash(kMembers[i].ctx, kMembers[i].key, n);
      while (slots[h].member != 0xFF)
        h = (h + 1) & (kSlots - 1);
      slots[h].member = uint8_t(i);
      slots[h].ctx = uint8_t(kMembers[i].ctx);
      slots[h].len = uint8_t(n);
      std::memcpy(slots[h].key, kMembers[i].key, n);
    }
  }
};
const MemberTable kMemberTable;

int find_member(Ctx ctx, std::string_view key) {
  const size_t n = key.size();
  if (n == 0 || n > kMaxMemberKey)
    return -1;
  const char* k = key.data();
  for (size_t h = member_hash(ctx, k, n);; h = (h + 1) & (MemberTable::kSlots - 1)) {
    const MemberTable::Slot& s = kMemberTable.slots[h];
    if (s.member == 0xFF)
      return -1;
    if (s.len != n || s.ctx != uint8_t(ctx))
      continue;
    size_t i = 0;  // a short compare inline (memcmp is a call, and in wasm not a cheap one)
    while (i < n && s.key[i] == k[i])
      ++i;
    if (i == n)
      return s.member;
  }
}

constexpr int64_t kMaxAmount = (int64_t(1) << 53) - 1;

enum class ScalarKind : uint8_t { null, boolean, integer, uinteger, floating, string };
struct Scalar {
  explicit Scalar(ScalarKind k) : kind(k) {}
  ScalarKind kind;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  std::string_view s;  // string value or a number's source text
};

void append_repr(std::string& out, const Scalar& v) {
  switch (v.kind) {
    case ScalarKind::null:
      out += "null";
      break;
    case ScalarKind::boolean:
      out += v.b ? "true" : "false";
      break;
    case ScalarKind::integer:
      out += std::to_string(v.i);
      break;
    case ScalarKind::uinteger:
      out += std::to_string(v.u);
      break;
    case ScalarKind::floating:
      out += v.s;
      break;
    case ScalarKind::string: {
      out += '"';
      // Cut long values at a character boundary so messages stay valid UTF-8.
      size_t n = v.s.size();
      if (n > 40) {
        n = 40;
        while (n > 0 && (static_cast<unsigned char>(v.s[n]) & 0xC0) == 0x80)
          --n;
      }
      for (size_t k = 0; k < n; ++k) {
        const char c = v.s[k];
        if (c == '"' || c == '\\')
          out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
          out += '?';
          continue;
        }
        out += c;
      }
      if (n < v.s.size())
        out += "...";
      out += '"';
      break;
    }
  }
}

// The shape of an IANA time zone name ("Asia/Jakarta", "America/Port-au-Prince",
// "Etc/GMT+7", "UTC"): parts separated by '/', each starting with a letter,
// of letters, digits, '_', '-' and '+'; at most 64 characters. The engine
// does not judge by it (a buyer's zone is for display), so the name is not
// looked up.
bool zone_name(std::string_view s) {
  if (s.empty() || s.size() > 64)
    return false;
  bool part_start = true;
  for (char ch : s) {
    const bool letter = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    if (ch == '/') {
      if (part_start)
        return false;
      part_start = true;
      continue;
    }
    if (part_start ? !letter : !(letter || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '+'))
      return false;
    part_start = false;
  }
  return !part_start;
}

// Letters only, of length `len`, upper-cased into `out` (at most 8 bytes).
bool upper_ascii(std::string_view in, char* out, size_t len) {
  if (in.size() != len)
    return false;
  for (size_t k = 0; k < len; ++k) {
    char c = in[k];
    if (c >= 'a' && c <= 'z')
      c = char(c - 32);
    else if (c < 'A' || c > 'Z')
      return false;
    out[k] = c;
  }
  return true;
}

// A positive decimal number as mantissa / 10^scale, exactly, from its JSON
// text. Rejects values that do not fit so no rounding ever happens silently.
bool parse_rate_text(std::string_view t, int64_t& mant, int32_t& scale) {
  size_t p = 0;
  uint64_t m = 0;
  int digits = 0, frac = 0;
  bool dot = false;
  for (; p < t.size(); ++p) {
    const char c = t[p];
    if (c == '.') {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9')
      break;
    if (m == 0 && c == '0') {
      if (dot)
        ++frac;
      continue;
    }
    if (digits >= 18)
      return false;  // more precision than any rate needs
    m = m * 10 + uint64_t(c - '0');
    ++digits;
    if (dot)
      ++frac;
  }
  long exp = 0;
  if (p < t.size() && (t[p] == 'e' || t[p] == 'E')) {
    ++p;
    bool neg = false;
    if (p < t.size() && (t[p] == '+' || t[p] == '-'))
      neg = t[p++] == '-';
    for (; p < t.size() && exp < 100000; ++p)
      exp = exp * 10 + (t[p] - '0');
    if (neg)
      exp = -exp;
  }
  if (m == 0)
    return false;
  long sc = long(frac) - exp;
  while (sc < 0) {
    if (m > uint64_t(1e17))
      return false;
    m *= 10;
    ++sc;
  }
  if (sc > 24)
    return false;
  mant = int64_t(m);
  scale = int32_t(sc);
  return true;
}

struct KeySet {
  uint64_t known = 0;
  bool used = false;
  std::vector<std::string> small;
  std::unordered_set<std::string> big;
  bool insert(std::string_view k) {  // false when already present
    used = true;
    if (!big.empty())
      return big.insert(std::string(k)).second;
    for (const auto& s : small)
      if (s == k)
        return false;
    small.emplace_back(k);
    if (small.size() > 24) {
      big.insert(small.begin(), small.end());
      small.clear();
    }
    return true;
  }
  void reset() {
    known = 0;
    if (!used)
      return;
    used = false;
    small.clear();
    // clear() zeroes every bucket: a table grown for one huge object would
    // make each later object cost as much, so a big one is let go.
    if (big.bucket_count() > 1024)
      std::unordered_set<std::string>().swap(big);
    else
      big.clear();
  }
};

struct Frame {
  Ctx ctx;
  bool array = false;
  size_t count = 0;       // arrays: elements started
  std::string_view key;   // objects: current member name (in the input, or key_store)
  std::string key_store;  // a member name that had escapes
  int member = -1;        // index in kMembers, -1 unknown
  int expect = -1;        // the member likely next (the table's order), -1 for none
  bool ignore = false;    // current member is unknown or repeated
  KeySet keys;
};

class Reader {
 public:
  Reader(Claim& c, std::vector<Frame>& frames) : c_(c), stack_(frames) {}

  // nlohmann SAX interface
  bool null() { return scalar(Scalar{ScalarKind::null}); }
  bool boolean(bool b) {
    Scalar v{ScalarKind::boolean};
    v.b = b;
    return scalar(v);
  }
  bool number(const JsonNumber& n) {
    Scalar v{n.integer ? (n.negative ? ScalarKind::integer : ScalarKind::uinteger) : ScalarKind::floating};
    if (n.integer && n.negative)
      v.i = -int64_t(n.magnitude);
    else
      v.u = n.magnitude;
    v.s = n.text;
    return scalar(v);
  }
  bool string(std::string_view s) {
    Scalar v{ScalarKind::string};
    v.s = s;
    return scalar(v);
  }
  bool start_object() { return start(false); }
  bool start_array() { return start(true); }
  bool end_object() { return end(); }
  bool end_array() { return end(); }
  bool key(std::string_view k, bool stable) {
    Frame& f = top();
    if (stable) {
      f.key = k;
    } else {
      f.key_store.assign(k);
      f.key = f.key_store;
    }
    f.member = -1;
    f.ignore = false;
    if (f.ctx == Ctx::skip || f.ctx == Ctx::missing_units) {
      if (!f.keys.insert(f.key))
        duplicate();
      return true;
    }
    const int m = find_member(f.ctx, k);
    if (m >= 0)
      return known_member(f, m);
    if (!f.keys.insert(f.key))
      return duplicate();
    f.ignore = true;
    c_.unknown_fields.push_back(path());
    return true;
  }
  // Claims mostly list members in the order of the table: the name of the
  // one after the last found is compared with the input first (a view of
  // the literal, empty when there is none), and when it is that name the
  // reader calls expected_key() instead of key().
  std::string_view expected_key() const {
    const Frame& f = stack_[depth_ - 1];
    return f.expect < 0 ? std::string_view() : std::string_view(kMembers[f.expect].key, kMemberTable.len[f.expect]);
  }
  bool expected_key(std::string_view k) {
    Frame& f = top();
    f.key = k;
    f.ignore = false;
    return known_member(f, f.expect);
  }
  bool too_deep_ = false;

 private:
  Claim& c_;
  std::vector<Frame>& stack_;  // kept between claims so frames keep their buffers
  size_t depth_ = 0;           // frames in use (frames are reused to keep their buffers)
  bool root_seen_ = false;

  Frame& top() { return stack_[depth_ - 1]; }

  bool known_member(Frame& f, int m) {
    const uint64_t bit = uint64_t(1) << m;
    f.member = -1;
    if (f.keys.known & bit) {
      f.expect = -1;
      return duplicate();
    }
    f.keys.known |= bit;
    f.member = m;
    f.expect = kMemberTable.next[m];
    return true;
  }

  bool duplicate() {
    Frame& f = top();
    f.ignore = true;
    f.member = -1;
    err("INVALID_JSON", path(),
        "The member \"" + std::string(utf8_prefix(f.key, 60)) +
            "\" appears more than once in the same object; keep exactly one.");
    return true;
  }

  std::string path() const {
    std::string p;
    for (size_t i = 0; i < depth_; ++i) {
      const Frame& f = stack_[i];
      p += '/';
      if (f.array)
        p += std::to_string(f.count ? f.count - 1 : 0);
      else
        append_pointer_token(p, f.key);
    }
    return p;
  }

  void err(const char* code, std::string path, std::string msg) {
    c_.errors.push_back(Error{code, std::move(path), std::move(msg)});
  }

  void type_error(const char* code, const Scalar* v, const char* what) {
    std::string p = path();
    std::string m = (p.empty() ? std::string("The claim") : p) + " must be " + what + "; got ";
    if (v)
      append_repr(m, *v);
    else
      m += "an object or a list";
    m += '.';
    err(code, std::move(p), std::move(m));
  }

  void push(Ctx ctx, bool array) {
    if (stack_.size() == depth_)
      stack_.emplace_back();
    Frame& f = stack_[depth_++];
    f.ctx = ctx;
    f.array = array;
    f.count = 0;
    f.member = -1;
    f.expect = array ? -1 : kMemberTable.first[int(ctx)];
    f.ignore = false;
    f.key = std::string_view();
    f.keys.reset();
  }

  bool start(bool array) {
    if (depth_ >= size_t(kMaxDepth)) {
      if (depth_ && top().array)
        ++top().count;
      err("INPUT_TOO_LARGE", path(), "The claim is nested more than 64 levels deep; a claim needs only a few levels.");
      too_deep_ = true;
      return false;
    }
    if (depth_ == 0) {
      root_seen_ = true;
      if (array) {
        type_error("INVALID_TYPE", nullptr, "an object (a claim written as { ... })");
        push(Ctx::skip, true);
        return true;
      }
      push(Ctx::root, false);
      return true;
    }
    Frame& f = top();
    Ctx child = Ctx::skip;
    if (f.array) {
      ++f.count;
      if (f.ctx == Ctx::payments || f.ctx == Ctx::lines) {
        if (array) {
          type_error("INVALID_TYPE", nullptr, f.ctx == Ctx::payments ? "a payment object" : "an order line object");
        } else if (f.ctx == Ctx::payments) {
          c_.payments.emplace_back();
          child = Ctx::payment;
        } else {
          c_.lines.emplace_back();
          child = Ctx::line;
        }
      }
    } else if (!f.ignore && f.ctx == Ctx::missing_units) {
      type_error("INVALID_VALUE", nullptr, "a whole number of missing units");
    } else if (!f.ignore && f.member >= 0) {
      const Member& m = kMembers[f.member];
      if ((m.kind == MemberKind::object && !array) || (m.kind == MemberKind::array && array)) {
        child = Ctx(m.id);
        if (child == Ctx::payments)
          c_.has_payments = true;
        if (child == Ctx::lines)
          c_.has_lines = true;
        if (child == Ctx::missing_units)
          c_.has_missing_units = true;
      } else if (m.kind == MemberKind::object || m.kind == MemberKind::array) {
        type_error("INVALID_TYPE", nullptr, m.kind == MemberKind::object ? "an object" : "a list");
        if (Ctx(m.id) == Ctx::order)
          order_broken_ = true;
      } else if (m.kind == MemberKind::field) {
        scalar_error(Field(m.id), nullptr);
      } else if (m.kind == MemberKind::pay) {
        pay_error(m.id, nullptr);
      } else {
        line_error(m.id, nullptr);
      }
    }
    push(child, array);
    return true;
  }

  bool end() {
    --depth_;
    return true;
  }

 public:
  bool order_broken_ = false;

 private:
  bool scalar(const Scalar& v) {
    if (depth_ == 0) {
      type_error("INVALID_TYPE", &v, "an object (a claim written as { ... })");
      return true;
    }
    Frame& f = top();
    if (f.array) {
      ++f.count;
      if (f.ctx == Ctx::payments)
        type_error("INVALID_TYPE", &v, "a payment object");
      else if (f.ctx == Ctx::lines)
        type_error("INVALID_TYPE", &v, "an order line object");
      return true;
    }
    if (f.ignore || f.ctx == Ctx::skip)
      return true;
    if (f.ctx == Ctx::missing_units) {
      int64_t n;
      if (!whole(v, n)) {
        type_error("INVALID_VALUE", &v, "a whole number of missing units");
        return true;
      }
      MissingUnits mu;
      mu.sku = c_.keep(f.key);
      mu.units = n;
      c_.missing_units.push_back(std::move(mu));
      return true;
    }
    if (f.member < 0)
      return true;
    const Member& m = kMembers[f.member];
    switch (m.kind) {
      case MemberKind::object:
      case MemberKind::array:
        if (v.kind != ScalarKind::null) {
          type_error("INVALID_TYPE", &v, m.kind == MemberKind::object ? "an object" : "a list");
          if (Ctx(m.id) == Ctx::order)
            order_broken_ = true;
        }
        return true;
      case MemberKind::field:
        if (v.kind != ScalarKind::null)
          set_field(Field(m.id), v);
        return true;
      case MemberKind::pay:
        set_pay(m.id, v);
        return true;
      case MemberKind::line:
        set_line(m.id, v);
        return true;
      default:
        return true;
    }
  }

  static bool whole(const Scalar& v, int64_t& out) {
    if (v.kind == ScalarKind::uinteger) {
      if (v.u > uint64_t(kMaxAmount))
        return false;
      out = int64_t(v.u);
      return true;
    }
    if (v.kind == ScalarKind::integer) {
      if (v.i < 0)
        return false;
      out = v.i;
      return true;
    }
    if (v.kind == ScalarKind::floating) {
      const double d = json_number_value(v.s);
      if (!std::isfinite(d) || d < 0 || d > double(kMaxAmount) || std::floor(d) != d)
        return false;
      out = int64_t(d);
      return true;
    }
    return false;
  }

  void scalar_error(Field f, const Scalar* v) {
    switch (field_spec(f).type) {
      case FieldType::date:
        type_error("INVALID_DATE", v, "a date written YYYY-MM-DD, for example 2025-03-02");
        break;
      case FieldType::instant:
        type_error("INVALID_DATE", v, "a date and time with its time zone, for example 2025-04-20T09:30:00Z");
        break;
      case FieldType::amount:
        type_error("INVALID_AMOUNT", v,
                   "a whole number of the currency's minor units (cents for USD), from 0 to 9007199254740991");
        break;
      case FieldType::currency:
        type_error("UNKNOWN_CURRENCY", v, "an ISO 4217 currency code in capitals, for example USD");
        break;
      case FieldType::boolean:
        type_error("INVALID_TYPE", v, "true or false");
        break;
      // Text fields without a code of their own: a wrong type is INVALID_TYPE,
      // a wrong text INVALID_VALUE.
      case FieldType::country:
        type_error(v && v->kind == ScalarKind::string ? "INVALID_VALUE" : "INVALID_TYPE", v,
                   "a two-letter country code, for example CN");
        break;
      case FieldType::incoterm:
        type_error(v && v->kind == ScalarKind::string ? "INVALID_VALUE" : "INVALID_TYPE", v,
                   "an Incoterms rule such as EXW, FOB, CIF or DDP");
        break;
      case FieldType::coverage_type:
        if (v && v->kind == ScalarKind::string)
          type_error("INVALID_VALUE", v, "\"pre_shipment\" or \"post_delivery\"");
        else
          type_error("INVALID_TYPE", v, "\"pre_shipment\" or \"post_delivery\"");
        break;
      case FieldType::kind:
        type_error("UNKNOWN_KIND", v,
                   "one of late_shipment, not_received, quality, quantity_short, damaged, late_delivery");
        break;
      case FieldType::rate:
        type_error("INVALID_VALUE", v, "a positive number: US dollars for one unit of the order's currency");
        break;
      case FieldType::id:
        type_error("INVALID_TYPE", v, "text or a number");
        break;
      case FieldType::category:
        type_error(v && v->kind == ScalarKind::string ? "INVALID_VALUE" : "INVALID_TYPE", v,
                   "one of vehicle, real_estate, business, industrial_machinery, gift_card, custom_made, digital, "
                   "service, classified, ticket (absent for an ordinary good)");
        break;
      case FieldType::count:
        type_error("INVALID_VALUE", v, "a whole number from 0");
        break;
      case FieldType::time_zone:
        type_error(v && v->kind == ScalarKind::string ? "INVALID_VALUE" : "INVALID_TYPE", v,
                   "an IANA time zone name, for example \"Asia/Jakarta\"");
        break;
      case FieldType::method:
      case FieldType::recipient:
      case FieldType::quantity:
      case FieldType::sku:
        break;  // types of list items, which are read on their own
      case FieldType::text:
        if (f == Field::program)
          type_error("UNKNOWN_PROGRAM", v, "the name of a program or program version, for example \"alibaba-ta\"");
        else
          type_error("INVALID_TYPE", v, "text");
        break;
    }
  }

  void set_field(Field f, const Scalar& v) {
    Value& out = c_[f];
    const FieldSpec& spec = field_spec(f);
    const bool str = v.kind == ScalarKind::string;
    switch (spec.type) {
      case FieldType::method:
      case FieldType::recipient:
      case FieldType::quantity:
      case FieldType::sku:
        break;  // types of list items, which are read on their own
      case FieldType::text:
        if (!str)
          return scalar_error(f, &v);
        out.s = c_.keep(v.s);
        break;
      case FieldType::id:
        if (str || v.kind == ScalarKind::floating || v.kind == ScalarKind::uinteger || v.kind == ScalarKind::integer)
          out.s = c_.keep(v.s);  // a number's own text
        else
          return scalar_error(f, &v);
        break;
      case FieldType::date: {
        Day d;
        if (!str || !parse_date(v.s, d))
          return scalar_error(f, &v);
        out.i = d;
        break;
      }
      case FieldType::instant:
        if (!str || !parse_instant(v.s, c_.as_of))
          return scalar_error(f, &v);
        break;
      case FieldType::amount:
        if (!whole(v, out.i))
          return scalar_error(f, &v);
        break;
      case FieldType::boolean:
        if (v.kind != ScalarKind::boolean)
          return scalar_error(f, &v);
        out.i = v.b;
        break;
      case FieldType::category: {
        bool ok = false;
        for (const char* k : kCategories)
          ok = ok || (str && v.s == k);
        if (!ok)
          return scalar_error(f, &v);
        out.s = c_.keep(v.s);
        break;
      }
      case FieldType::count:
        if (!whole(v, out.i))
          return scalar_error(f, &v);
        break;
      case FieldType::time_zone:
        if (!str || !zone_name(v.s))
          return scalar_error(f, &v);
        out.s = c_.keep(v.s);
        break;
      case FieldType::country:
        char up[2];
        if (!str || !upper_ascii(v.s, up, 2))
          return scalar_error(f, &v);
        out.s = c_.keep(std::string_view(up, 2));
        break;
      case FieldType::currency: {
        const int e = str ? currency_exponent(v.s) : -1;
        if (e < 0)
          return scalar_error(f, &v);
        c_.currency_exponent = e;
        out.s = c_.keep(v.s);
        break;
      }
      case FieldType::incoterm: {
        char up[3];
        bool ok = str && upper_ascii(v.s, up, 3);
        if (ok) {
          ok = false;
          for (const char* t : kIncoterms)
            ok = ok || std::memcmp(up, t, 3) == 0;
        }
        if (!ok)
          return scalar_error(f, &v);
        out.s = c_.keep(std::string_view(up, 3));
        break;
      }
      case FieldType::coverage_type:
        if (!str || (v.s != kCoverageTypes[0] && v.s != kCoverageTypes[1]))
          return scalar_error(f, &v);
        out.s = c_.keep(v.s);
        break;
      case FieldType::kind: {
        Kind k;
        if (!str || !parse_kind(v.s, k))
          return scalar_error(f, &v);
        out.i = int(k);
        out.s = c_.keep(v.s);
        break;
      }
      case FieldType::rate: {
        bool ok = false;
        if (v.kind == ScalarKind::uinteger && v.u > 0 && v.u <= uint64_t(1e17)) {
          out.i = int64_t(v.u);
          out.scale = 0;
          ok = true;
        } else if (v.kind == ScalarKind::floating) {  // exact from its text; rejects 0, negatives, huge
          ok = parse_rate_text(v.s, out.i, out.scale);
        }
        if (!ok)
          return scalar_error(f, &v);
        break;
      }
    }
    out.set = true;
  }

  void pay_error(uint8_t which, const Scalar* v) {
    switch (which) {
      case pay_on:
        type_error("INVALID_DATE", v, "a date written YYYY-MM-DD, for example 2025-03-02");
        break;
      case pay_amount:
        type_error("INVALID_AMOUNT", v,
                   "a whole number of the currency's minor units (cents for USD), from 0 to 9007199254740991");
        break;
      case pay_method:
        type_error("UNKNOWN_PAYMENT_METHOD", v,
                   "one of tt, card, online_bank_payment, online_transfer, western_union, pay_later, paypal, "
                   "lc, cash, other");
        break;
      default:
        type_error("INVALID_TYPE", v, "\"platform\" or the name of who was paid");
        break;
    }
  }

  void set_pay(uint8_t which, const Scalar& v) {
    if (v.kind == ScalarKind::null)
      return;
    Payment& p = c_.payments.back();
    const bool str = v.kind == ScalarKind::string;
    switch (which) {
      case pay_on: {
        Day d;
        if (!str || !parse_date(v.s, d))
          return pay_error(which, &v);
        p.on.i = d;
        p.on.set = true;
        break;
      }
      case pay_amount:
        if (!whole(v, p.amount.i))
          return pay_error(which, &v);
        p.amount.set = true;
        break;
      case pay_method: {
        Method m;
        if (!str || !parse_method(v.s, m))
          return pay_error(which, &v);
        p.method.i = int(m);
        p.method.set = true;
        break;
      }
      default:
        if (!str)
          return pay_error(which, &v);
        p.to.s = c_.keep(v.s);
        p.to.set = true;
        break;
    }
  }

  void line_error(uint8_t which, const Scalar* v) {
    if (which == line_sku)
      type_error("INVALID_TYPE", v, "the item's SKU as text");
    else if (which == line_quantity)
      type_error("INVALID_VALUE", v, "a whole number of units");
    else
      type_error("INVALID_AMOUNT", v, "a whole number of the currency's minor units (cents for USD)");
  }

  // Every field of a line is optional: a rule that needs one asks for it.
  void set_line(uint8_t which, const Scalar& v) {
    if (v.kind == ScalarKind::null)
      return;
    Line& l = c_.lines.back();
    bool ok;
    if (which == line_sku) {
      ok = v.kind == ScalarKind::string;
      if (ok) {
        l.sku = c_.keep(v.s);
        l.has_sku = true;
      }
    } else if (which == line_quantity) {
      ok = l.has_quantity = whole(v, l.quantity);
    } else {
      ok = l.has_unit_price = whole(v, l.unit_price);
    }
    if (!ok)
      line_error(which, &v);
  }
};

void check_after(Claim& c, bool order_broken) {
  for (int k = 0; k < kFieldCount; ++k) {
    const FieldSpec& s = kFields[k];
    if (!s.required || c.v[k].set)
      continue;
    if (order_broken && std::strncmp(s.pointer, "/order/", 7) == 0)
      continue;
    bool reported = false;  // a field given with a wrong value is already an error
    for (const Error& e : c.errors)
      reported = reported || e.path == s.pointer;
    if (reported)
      continue;
    c.errors.push_back(Error{"MISSING_FIELD", s.pointer,
                             std::string(s.pointer) + " is required" +
                                 (std::strcmp(s.pointer, "/as_of") == 0
                                      ? ": the moment to judge the claim at, for example 2025-04-20T09:30:00Z."
                                      : ".")});
  }
  auto later = [&](Field early, Field late, const char* what) {
    const Value &a = c[early], &b = c[late];
    if (a.set && b.set && b.i < a.i)
      c.errors.push_back(Error{"INCONSISTENT_DATES", field_spec(late).pointer,
                               std::string(field_spec(late).pointer) + " is before " + field_spec(early).pointer +
                                   ": " + what + "; check both dates."});
  };
  later(Field::shipment_shipped_on, Field::shipment_delivered_on, "goods cannot arrive before they ship");
  later(Field::shipment_shipped_on, Field::shipment_customs_cleared_on, "goods cannot clear customs before they ship");
  later(Field::shipment_shipped_on, Field::shipment_receipt_confirmed_on,
        "receipt cannot be confirmed before shipment");
  later(Field::order_ship_by, Field::order_ship_by_extended_to, "an extension cannot move the ship-by date earlier");

  // Order lines: SKUs unique; missing units name a line and do not exceed it.
  // A few lines are searched in place; many get an index (no quadratic time).
  const bool indexed = c.lines.size() > 16;
  std::unordered_map<std::string_view, size_t> by_sku;
  auto find_line = [&](std::string_view sku, size_t before) -> size_t {
    if (indexed) {
      auto it = by_sku.find(sku);
      return it == by_sku.end() || it->second >= before ? size_t(-1) : it->second;
    }
    for (size_t i = 0; i < before; ++i)
      if (c.lines[i].has_sku && c.lines[i].sku == sku)
        return i;
    return size_t(-1);
  };
  if (indexed)
    by_sku.reserve(c.lines.size());
  for (size_t i = 0; i < c.lines.size(); ++i) {
    if (!c.lines[i].has_sku)
      continue;
    if (find_line(c.lines[i].sku, i) != size_t(-1)) {
      std::string p = "/order/lines/" + std::to_string(i) + "/sku";
      c.errors.push_back(Error{"INVALID_VALUE", p, p + " repeats a SKU of an earlier line; list each SKU once."});
    } else if (indexed) {
      by_sku.emplace(c.lines[i].sku, i);
    }
  }
  for (MissingUnits& mu : c.missing_units) {
    const size_t line = find_line(mu.sku, c.lines.size());
    auto path = [&] {
      std::string p = "/issue/missing_units/";
      append_pointer_token(p, mu.sku);
      return p;
    };
    if (line == size_t(-1)) {
      const std::string p = path();
      c.errors.push_back(Error{"UNKNOWN_SKU", p,
                               "SKU \"" + std::string(utf8_prefix(mu.sku, 60)) +
                                   "\" in /issue/missing_units is not one of the order's lines."});
      continue;
    }
    mu.line = line;
    if (c.lines[mu.line].has_quantity && mu.units > c.lines[mu.line].quantity) {
      const std::string p = path();
      c.errors.push_back(
          Error{"INVALID_VALUE", p,
                p + " is more than the " + std::to_string(c.lines[mu.line].quantity) + " units ordered on that line."});
    }
  }
}

}  // namespace

const char* kind_name(Kind k) { return kKindNames[int(k)]; }
bool parse_kind(std::string_view s, Kind& k) {
  for (int i = 0; i < kKindCount; ++i)
    if (s == kKindNames[i]) {
      k = Kind(i);
      return true;
    }
  return false;
}
const char* method_name(Method m) { return kMethodNames[int(m)]; }
bool parse_method(std::string_view s, Method& m) {
  for (int i = 0; i < kMethodCount; ++i)
    if (s == kMethodNames[i]) {
      m = Method(i);
      return true;
    }
  return false;
}
const FieldSpec& field_spec(Field f) { return kFields[int(f)]; }
bool field_by_dotted(std::string_view dotted, Field& f) {
  for (int i = 0; i < kFieldCount; ++i)
    if (dotted == kFields[i].dotted) {
      f = Field(i);
      return true;
    }
  return false;
}

void append_pointer_token(std::string& out, std::string_view token) {
  for (char ch : token) {
    if (ch == '~')
      out += "~0";
    else if (ch == '/')
      out += "~1";
    else
      out += ch;
  }
}

std::string_view Claim::keep(std::string_view s) {
  // A copy into the bytes read_claim() set aside (a memcpy, not a call to
  // std::string's append). They always suffice; were they ever to fall
  // short, the text is not kept rather than moving the others.
  const size_t at = texts_used;
  if (s.size() > texts.size() - at)
    return std::string_view();
  if (!s.empty())
    std::memcpy(&texts[at], s.data(), s.size());
  texts_used = at + s.size();
  return std::string_view(texts.data() + at, s.size());
}

void Claim::clear() {
  for (Value& x : v) {
    x.set = false;
    x.s = std::string_view();
  }
  has_payments = has_lines = has_missing_units = false;
  payments.clear();
  lines.clear();
  missing_units.clear();
  currency_exponent = 2;
  as_of = Instant{};
  errors.clear();
  unknown_fields.clear();
  texts.clear();
  texts_used = 0;
}

void read_claim(std::string_view text, Claim& c) {
  c.clear();
  if (text.size() > kMaxInput) {
    c.errors.push_back(Error{"INPUT_TOO_LARGE", "",
                             "The claim is larger than 1 MiB (1048576 bytes), the most accepted; a claim is "
                             "usually under 2 KB."});
    return;
  }
  c.texts.resize(text.size());
  static thread_local std::vector<Frame> frames;
  Reader r(c, frames);
  JsonReader<Reader> json(text, r);
  const bool ok = json.parse();
  if (!ok && !r.too_deep_) {
    c.errors.clear();
    c.unknown_fields.clear();
    c.errors.push_back(Error{"INVALID_JSON", "", "The claim is not valid JSON (" + json.error() + ")."});
    return;
  }
  if (r.too_deep_)
    return;
  // A non-object root was reported; nothing else applies.
  if (!c.errors.empty() && c.errors.front().path.empty())
    return;
  check_after(c, r.order_broken_);
}

}  // namespace assurecalc
