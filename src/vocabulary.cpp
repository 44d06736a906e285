// The claim's vocabulary, read from the engine's own tables (fields, kinds,
// methods, Incoterms, currencies, codes) and from the loaded programs (which
// version reads and needs which field). Every surface (page, widget, agent
// view, CSV, types) is built from this, so nothing is declared twice.
#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "assurecalc.hpp"
#include "codes.hpp"
#include "csv.hpp"
#include "currency.hpp"
#include "json_out.hpp"
#include "policy_json.hpp"

namespace assurecalc {
namespace {

// The values a buyer tier takes: the default one, plus those a policy names.
constexpr const char* kDefaultTier = "standard";
// Any `to` other than the policy's `paid_to` is off the platform; this is
// the name the surfaces offer for it.
constexpr const char* kOffPlatform = "supplier";

// Each claim value type as the vocabulary names it, with the list of its
// allowed values and its unit; in the order of FieldType.
struct TypeInfo {
  const char* name;
  const char* values;
  const char* unit;
};
const TypeInfo kTypes[] = {
    {"text", nullptr, nullptr},
    {"instant", nullptr, nullptr},
    {"date", nullptr, nullptr},
    {"amount", nullptr, "minor_units"},
    {"boolean", nullptr, nullptr},
    {"country", nullptr, nullptr},
    {"currency", "currencies", nullptr},
    {"incoterm", "incoterms", nullptr},
    {"coverage_type", "coverage_types", nullptr},
    {"kind", "kinds", nullptr},
    {"rate", nullptr, "usd_per_major_unit"},
    {"id", nullptr, nullptr},
    {"method", "payment_methods", nullptr},
    {"recipient", "recipients", nullptr},
    {"quantity", nullptr, "units"},
    {"sku", nullptr, nullptr},
    {"time_zone", nullptr, nullptr},
    {"category", "categories", nullptr},
    {"count", nullptr, "count"},
};
static_assert(sizeof(kTypes) / sizeof(kTypes[0]) == size_t(FieldType::count) + 1, "a row per FieldType");
const TypeInfo& type_info(FieldType t) { return kTypes[size_t(t)]; }

// What one program version reads and needs, by JSON Pointer.
struct VersionUse {
  const Policy* policy;
  std::set<std::string> reads, needs;
  std::set<std::string> tiers;  // buyer tiers the policy names
};

void note_text_literals(const Policy& p, const Node& n, Field field, std::set<std::string>& out) {
  auto subject_is = [&](int k) {
    return k >= 0 && p.nodes[size_t(k)].op == Op::field && p.nodes[size_t(k)].field == field;
  };
  if (n.op == Op::switch_ && !n.kids.empty() && subject_is(n.kids[0]))
    out.insert(n.texts.begin(), n.texts.end());
  if (n.op == Op::one_of && !n.kids.empty() && subject_is(n.kids[0]))
    out.insert(n.texts.begin(), n.texts.end());
  if (n.op == Op::eq && n.kids.size() == 2)
    for (int i = 0; i < 2; ++i)
      if (subject_is(n.kids[size_t(i)]) && n.kids[size_t(1 - i)] >= 0) {
        const Node& lit = p.nodes[size_t(n.kids[size_t(1 - i)])];
        if (lit.op == Op::lit_text && !lit.texts.empty())
          out.insert(lit.texts[0]);
      }
}

VersionUse use_of(const Policy& p) {
  VersionUse u{&p, {}, {}, {}};
  auto read = [&](Field f) {
    const FieldSpec& s = field_spec(f);
    u.reads.insert(s.pointer);
    if (s.needed)
      u.needs.insert(s.pointer);
  };
  // The engine itself reads these for every version.
  for (Field f : {Field::program, Field::as_of, Field::order_id, Field::order_created_on, Field::order_currency,
                  Field::order_total, Field::issue_kind})
    read(f);
  auto item = [&](ItemOf list, const char* field, bool needed) {
    for (int i = 0; i < kItemFieldCount; ++i)
      if (kItemFields[i].list == list && std::string_view(kItemFields[i].field) == field) {
        u.reads.insert(kItemFields[i].pointer);
        if (needed)
          u.needs.insert(kItemFields[i].pointer);
      }
  };
  for (const Node& n : p.nodes) {
    if (n.op == Op::field)
      read(n.field);
    if (n.op == Op::money)  // a US-dollar amount in another currency reads the rate
      read(Field::fx_usd_per_unit);
    if (n.op == Op::need && !n.texts.empty()) {
      u.reads.insert(n.texts[0]);
      u.needs.insert(n.texts[0]);
    }
    if (n.op == Op::covered_payments) {
      u.reads.insert("/payments");
      u.needs.insert("/payments");
      item(ItemOf::payment, "amount", true);
      item(ItemOf::payment, "method", true);
      item(ItemOf::payment, "to", true);
      item(ItemOf::payment, "on", n.number != 0);
    }
    if (n.op == Op::missing_units_value) {
      u.reads.insert("/order/lines");
      u.reads.insert("/issue/missing_units");
      u.needs.insert("/issue/missing_units");
      item(ItemOf::line, "sku", false);
      item(ItemOf::line, "quantity", false);
      item(ItemOf::line, "unit_price", true);
      item(ItemOf::missing_units, "", false);
    }
    note_text_literals(p, n, Field::buyer_tier, u.tiers);
  }
  for (const Gate& g : p.gates)
    for (Field f : g.needs)
      read(f);
  for (const KindDef& k : p.kinds)
    for (const Gate& g : k.exclusions)
      for (Field f : g.needs)
        read(f);
  return u;
}

void string_list(std::string& o, const std::vector<std::string>& xs) {
  o += '[';
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i)
      o += ',';
    json_string(o, xs[i]);
  }
  o += ']';
}

void versions_with(std::string& o, const std::vector<VersionUse>& uses, const std::string& pointer, bool needs) {
  std::vector<std::string> ids;
  for (const VersionUse& u : uses)
    if ((needs ? u.needs : u.reads).count(pointer))
      ids.push_back(u.policy->id);
  string_list(o, ids);
}

// One entry of "fields".
struct FieldRow {
  std::string pointer, name;
  const char* type;
  const char* values;
  const char* unit;
  bool required;
  const char* null_means;
  const char* column;
  const char* attribute;
};

void write_field(std::string& o, const FieldRow& r, const std::vector<VersionUse>& uses) {
  bool f = true;
  o += '{';
  json_key(o, "pointer", f);
  json_string(o, r.pointer);
  json_key(o, "name", f);
  json_string(o, r.name);
  json_key(o, "type", f);
  json_string(o, r.type);
  json_key(o, "values", f);
  json_string_or_null(o, r.values);
  json_key(o, "unit", f);
  json_string_or_null(o, r.unit);
  json_key(o, "required", f);
  o += r.required ? "true" : "false";
  json_key(o, "null_means", f);
  json_string(o, r.null_means);
  json_key(o, "column", f);
  json_string_or_null(o, r.column);
  json_key(o, "attribute", f);
  json_string_or_null(o, r.attribute);
  json_key(o, "read_by", f);
  versions_with(o, uses, r.pointer, false);
  json_key(o, "needed_by", f);
  versions_with(o, uses, r.pointer, true);
  o += '}';
}

const char* null_meaning(const FieldSpec& s) {
  if (s.needed)
    return "not_known";
  if (s.type == FieldType::date && !s.required)
    return "not_happened";
  return "not_given";
}

void write_fields(std::string& o, const std::vector<VersionUse>& uses) {
  o += '[';
  for (int i = 0; i < kFieldCount; ++i) {
    const FieldSpec& s = field_spec(Field(i));
    const char* values = s.type == FieldType::text && Field(i) == Field::buyer_tier ? "buyer_tiers"
                         : Field(i) == Field::program                               ? "programs"
                                                                                    : type_info(s.type).values;
    if (i)
      o += ',';
    write_field(o,
                FieldRow{s.pointer, s.dotted, type_info(s.type).name, values, type_info(s.type).unit, s.required,
                         null_meaning(s), s.column, s.attribute},
                uses);
  }
  // The lists themselves: absent `payments` asks the buyer for them.
  const FieldRow lists[] = {
      {"/payments", "payments", "list", nullptr, nullptr, false, "not_known", nullptr, nullptr},
      {"/order/lines", "order.lines", "list", nullptr, nullptr, false, "not_given", nullptr, nullptr},
      {"/issue/missing_units", "issue.missing_units", "map", nullptr, "units", false, "not_known", nullptr, nullptr},
  };
  for (const FieldRow& r : lists) {
    o += ',';
    write_field(o, r, uses);
  }
  for (int i = 0; i < kItemFieldCount; ++i) {
    const ItemFieldSpec& s = kItemFields[i];
    std::string name = s.pointer + 1;
    std::replace(name.begin(), name.end(), '/', '.');
    // A payment lacking a fact a rule reads asks the buyer for it.
    const char* null_means = s.list == ItemOf::payment ? "not_known" : "not_given";
    o += ',';
    write_field(o,
                FieldRow{s.pointer, name, type_info(s.type).name, type_info(s.type).values, type_info(s.type).unit,
                         false, null_means, s.column, nullptr},
                uses);
  }
  o += ']';
}

void write_codes(std::string& o, CodeClass cls, const Registry& reg) {
  o += '[';
  bool first = true;
  for (int i = 0; i < kCodeCount; ++i) {
    const CodeDef& c = kCodes[i];
    if (c.cls != cls)
      continue;
    // The engine's own params, then the claim fields policies quote with it.
    std::vector<std::string> params;
    for (std::string_view rest = c.params; !rest.empty();) {
      const size_t sp = rest.find(' ');
      params.emplace_back(rest.substr(0, sp));
      rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
    }
    auto quote = [&](const std::vector<Field>& shown) {
      for (Field f : shown)
        if (std::find(params.begin(), params.end(), field_spec(f).dotted) == params.end())
          params.emplace_back(field_spec(f).dotted);
    };
    for (const auto& pp : reg.policies()) {
      for (const Gate& g : pp->gates)
        if (g.reason == c.code)
          quote(g.shown);
      for (const KindDef& k : pp->kinds)
        for (const Gate& g : k.exclusions)
          if (g.reason == c.code)
            quote(g.shown);
      for (const WarningDef& w : pp->warnings)
        if (w.code == c.code)
          quote(w.shown);
    }
    if (!first)
      o += ',';
    first = false;
    o += "{\"code\":";
    json_string(o, c.code);
    if (cls != CodeClass::error) {
      o += ",\"params\":";
      string_list(o, params);
    }
    o += '}';
  }
  o += ']';
}

void write_version(std::string& o, const VersionUse& u) {
  const Policy& p = *u.policy;
  bool f = true;
  o += '{';
  version_json_head(o, p, f);
  std::vector<std::string> kinds, methods;
  for (int k = 0; k < kKindCount; ++k)
    if (p.kinds[k].covered)
      kinds.emplace_back(kind_name(Kind(k)));
  for (int m = 0; m < kMethodCount; ++m)
    if (p.method_covered[m])
      methods.emplace_back(method_name(Method(m)));
  json_key(o, "kinds", f);
  string_list(o, kinds);
  json_key(o, "payment_methods", f);
  string_list(o, methods);
  json_key(o, "paid_to", f);
  json_string(o, p.paid_to);
  json_key(o, "reads", f);
  string_list(o, {u.reads.begin(), u.reads.end()});
  json_key(o, "needs", f);
  string_list(o, {u.needs.begin(), u.needs.end()});
  o += '}';
}

}  // namespace

namespace {

// The closed sets of names: kinds, methods, recipients, Incoterms, coverage
// types, buyer tiers, programs.
void write_name_lists(std::string& o, bool& f, const std::vector<VersionUse>& uses) {
  std::vector<std::string> list;
  for (int k = 0; k < kKindCount; ++k)
    list.emplace_back(kind_name(Kind(k)));
  json_key(o, "kinds", f);
  string_list(o, list);
  list.clear();
  for (int m = 0; m < kMethodCount; ++m)
    list.emplace_back(method_name(Method(m)));
  json_key(o, "payment_methods", f);
  string_list(o, list);

  std::set<std::string> on_platform, tiers;
  for (const VersionUse& u : uses) {
    on_platform.insert(u.policy->paid_to);
    tiers.insert(u.tiers.begin(), u.tiers.end());
  }
  list.assign(on_platform.begin(), on_platform.end());
  list.emplace_back(kOffPlatform);
  json_key(o, "recipients", f);
  string_list(o, list);
  json_key(o, "incoterms", f);
  string_list(o, {kIncoterms, kIncoterms + kIncotermCount});
  json_key(o, "coverage_types", f);
  string_list(o, {std::begin(kCoverageTypes), std::end(kCoverageTypes)});
  // The default tier first, then the others as policies name them.
  list.assign({kDefaultTier});
  for (const std::string& t : tiers)
    if (t != kDefaultTier)
      list.push_back(t);
  json_key(o, "categories", f);
  string_list(o, {std::begin(kCategories), std::end(kCategories)});
  json_key(o, "buyer_tiers", f);
  string_list(o, list);

  list.clear();
  for (const VersionUse& u : uses)
    if (std::find(list.begin(), list.end(), u.policy->program) == list.end())
      list.push_back(u.policy->program);
  for (const VersionUse& u : uses)
    list.push_back(u.policy->id);
  json_key(o, "programs", f);
  string_list(o, list);
}

void write_currencies(std::string& o) {
  o += '[';
  for (int i = 0; i < currency_count(); ++i) {
    if (i)
      o += ',';
    o += "{\"code\":\"";
    o += currency_code(i);
    o += "\",\"exponent\":";
    o += char('0' + currency_exponent(currency_code(i)));
    o += '}';
  }
  o += ']';
}

// The agents' CSV: a column per field, numbered ones for list items; and
// the result's columns.
void write_csv_columns(std::string& o) {
  std::vector<std::string> list;
  for (int i = 0; i < kFieldCount; ++i)
    list.emplace_back(field_spec(Field(i)).column);
  for (int i = 0; i < kItemFieldCount; ++i)
    list.emplace_back(kItemFields[i].column);
  o += "{\"input\":";
  string_list(o, list);
  list.clear();
  for (std::string_view header = csv_result_header(); !header.empty();) {
    const size_t end = header.find_first_of(",\n");
    list.emplace_back(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
  }
  o += ",\"output\":";
  string_list(o, list);
  o += '}';
}

}  // namespace

std::string vocabulary_json(const Registry& reg) {
  std::vector<VersionUse> uses;
  for (const auto& pp : reg.policies())
    uses.push_back(use_of(*pp));
  std::string o;
  o.reserve(16384);
  bool f = true;
  o += '{';
  json_key(o, "version", f);
  json_string(o, version());
  json_key(o, "fields", f);
  write_fields(o, uses);
  write_name_lists(o, f, uses);
  json_key(o, "currencies", f);
  write_currencies(o);
  json_key(o, "statuses", f);
  string_list(o, {std::begin(kStatusNames), std::end(kStatusNames)});
  json_key(o, "refund_forms", f);
  string_list(o, {std::begin(kRefundForms), std::end(kRefundForms)});
  json_key(o, "reasons", f);
  write_codes(o, CodeClass::reason, reg);
  json_key(o, "warnings", f);
  write_codes(o, CodeClass::warning, reg);
  json_key(o, "errors", f);
  write_codes(o, CodeClass::error, reg);
  json_key(o, "versions", f);
  o += '[';
  for (size_t i = 0; i < uses.size(); ++i) {
    if (i)
      o += ',';
    write_version(o, uses[i]);
  }
  o += ']';
  json_key(o, "csv", f);
  write_csv_columns(o);
  o += '}';
  return o;
}

// The result's CSV columns (declared in csv.hpp; here, with the input's
// columns, so that every engine lists them, the page's too).
const char* csv_result_header() {
  return "line,order_id,program,as_of,kind,status,refund_max,currency,form,decided_by,opens_at,closes_at,days_left,"
         "reasons,missing,warnings,errors,assumed\n";
}

}  // namespace assurecalc
