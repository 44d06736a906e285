#include "policy.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "codes.hpp"
#include "json_out.hpp"
#include "operators.hpp"

namespace assurecalc {

using json = nlohmann::json;

namespace {

const char* const kTypeNames[] = {"a date", "an amount", "a condition", "text"};

bool is_code(const std::string& s, CodeClass cls) {
  const CodeDef* c = find_code(s);
  return c && c->cls == cls;
}

template <size_t N>
bool in_list(const std::string& s, const char* const (&list)[N]) {
  for (const char* x : list)
    if (s == x)
      return true;
  return false;
}

ValueType type_of(FieldType vt) {
  switch (vt) {
    case FieldType::date:
      return ValueType::date;
    case FieldType::amount:
    case FieldType::count:
      return ValueType::amount;
    case FieldType::boolean:
      return ValueType::boolean;
    default:
      return ValueType::text;
  }
}

class Compiler final : public ExprCompiler {
 public:
  Compiler(Policy& p, const Registry& reg, std::vector<PolicyError>& errs) : p_(p), reg_(reg), errs_(errs) {}

  void compile(const json& j) {
    if (!j.is_object())
      return fail("", "a policy must be a JSON object");
    p_.id = text(j, "", "id", true);
    p_.program = text(j, "", "program", true);
    p_.name = text(j, "", "name", true);
    p_.timezone = text(j, "", "timezone", true);
    if (!p_.timezone.empty() && !parse_zone(p_.timezone, p_.zone))
      fail("/timezone", "must be a fixed UTC offset such as +08:00 or a time zone the engine holds: " + zone_names());
    const std::string cal = text(j, "", "calendar", false);
    if (!cal.empty() && !(p_.calendar = reg_.calendar(cal)))
      fail("/calendar", "names no known calendar: " + cal);
    p_.effective_from = date(j, "", "effective_from", true);
    if (j.contains("effective_to") && !j["effective_to"].is_null()) {
      p_.has_effective_to = true;
      p_.effective_to = date(j, "", "effective_to", true);
      if (p_.effective_to <= p_.effective_from)
        fail("/effective_to", "must be after effective_from");
    }
    sources(j);
    rules(j);
    p_.period_rule = rule_ref(j, "", "period_rule");
    p_.kinds_rule = rule_ref(j, "", "kinds_rule");
    derived(j);
    payments(j);
    form(j);
    if (auto g = member(j, "", "gates", json::value_t::array, false)) {
      for (size_t i = 0; i < g->size(); ++i)
        p_.gates.push_back(gate((*g)[i], "/gates/" + std::to_string(i)));
    }
    p_.caps = caps(j, "");
    kinds(j);
    warnings(j);
    bounds(j);
    dispute(j);
    for (const auto& it : j.items())
      if (!known_top(it.key()))
        fail("/" + it.key(), "is not a policy field");
  }

  // For the operators' compile functions (operators.hpp).

  void fail(std::string path, std::string msg) override {
    errs_.push_back(PolicyError{std::move(path), std::move(msg)});
  }

  const json* member(const json& j, const std::string& path, const char* key, json::value_t type,
                     bool required) override {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
      if (required)
        fail(path + "/" + key, "is required");
      return nullptr;
    }
    const bool ok = it->type() == type || (type == json::value_t::number_integer && it->is_number_integer()) ||
                    (type == json::value_t::number_float && it->is_number());
    if (!ok) {
      fail(path + "/" + key, "has the wrong type");
      return nullptr;
    }
    return &*it;
  }

  std::string text(const json& j, const std::string& path, const char* key, bool required) override {
    const json* m = member(j, path, key, json::value_t::string, required);
    return m ? m->get<std::string>() : std::string();
  }

  // Compiles an expression; `want` checks its type.
  int expr(const json& j, const std::string& path, ValueType want) override {
    const int i = expr_any(j, path);
    if (i >= 0 && p_.nodes[i].type != want) {
      fail(path, std::string("must be ") + kTypeNames[int(want)] + ", not " + kTypeNames[int(p_.nodes[i].type)]);
      return -1;
    }
    return i;
  }

  std::vector<int> list(const json& j, const std::string& path, ValueType want, size_t min) override {
    std::vector<int> out;
    if (!j.is_array() || j.size() < min) {
      fail(path, "must be a list of at least " + std::to_string(min) + " expressions");
      return out;
    }
    for (size_t i = 0; i < j.size(); ++i)
      out.push_back(expr(j[i], path + "/" + std::to_string(i), want));
    return out;
  }

  // An expression: a literal, a claim field, "$" and a derived value, or an
  // object naming one operator (operators.cpp compiles it).
  int expr_any(const json& j, const std::string& path) override {
    if (j.is_string())
      return reference(j.get_ref<const std::string&>(), path);
    Node n;
    if (j.is_boolean()) {
      n.op = Op::lit_bool;
      n.type = ValueType::boolean;
      n.number = j.get<bool>();
      return add(std::move(n));
    }
    if (j.is_number_integer()) {
      n.op = Op::lit_int;
      n.type = ValueType::amount;
      n.number = j.get<int64_t>();
      return add(std::move(n));
    }
    if (!j.is_object()) {
      fail(path, "is not an expression");
      return -1;
    }
    const Operator* row = operator_named_in(j);
    if (!row) {
      fail(path, "has no known operator");
      return -1;
    }
    for (const auto& it : j.items())
      if (!allows(*row, it.key()))
        fail(path + "/" + it.key(), "is not allowed here");
    n.op = row->op;
    n.type = row->type;
    if (!row->compile(*this, j, path, n))
      return -1;
    return add(std::move(n));
  }

  const Policy& policy() const override { return p_; }

 private:
  Policy& p_;
  const Registry& reg_;
  std::vector<PolicyError>& errs_;
  std::map<std::string, int> source_ids_;

  static bool known_top(const std::string& k) {
    static const char* const keys[] = {
        "id",    "program",     "name",       "timezone",    "calendar", "effective_from", "effective_to", "sources",
        "rules", "period_rule", "kinds_rule", "derived",     "payments", "refund_form",    "gates",        "caps",
        "kinds", "warnings",    "dispute",    "description", "$comment", "bounds"};
    return in_list(k, keys);
  }

  Day date(const json& j, const std::string& path, const char* key, bool required) {
    const std::string s = text(j, path, key, required);
    Day d = 0;
    if (!s.empty() && !parse_date(s, d))
      fail(path + "/" + key, "must be a date YYYY-MM-DD");
    return d;
  }

  void sources(const json& j) {
    const json* s = member(j, "", "sources", json::value_t::object, true);
    if (!s)
      return;
    for (const auto& it : s->items()) {
      const std::string path = "/sources/" + it.key();
      if (!it.value().is_object()) {
        fail(path, "must be an object with title and url");
        continue;
      }
      Source src;
      src.title = text(it.value(), path, "title", true);
      src.url = text(it.value(), path, "url", false);
      source_ids_[it.key()] = int(p_.sources.size());
      p_.sources.push_back(std::move(src));
    }
  }

  void rules(const json& j) {
    const json* r = member(j, "", "rules", json::value_t::array, true);
    if (!r)
      return;
    for (size_t i = 0; i < r->size(); ++i) {
      const std::string path = "/rules/" + std::to_string(i);
      const json& e = (*r)[i];
      if (!e.is_object()) {
        fail(path, "must be an object with id, title and source");
        continue;
      }
      RuleInfo info;
      info.id = text(e, path, "id", true);
      info.title = text(e, path, "title", true);
      const std::string src = text(e, path, "source", true);
      auto it = source_ids_.find(src);
      if (!src.empty() && it == source_ids_.end())
        fail(path + "/source", "names no entry of sources: " + src);
      else if (it != source_ids_.end())
        info.source = it->second;
      if (p_.rule_index(info.id) >= 0)
        fail(path + "/id", "repeats the rule id " + info.id);
      p_.rules.push_back(std::move(info));
    }
  }

  int rule_ref(const json& j, const std::string& path, const char* key, bool required = true) {
    const std::string id = text(j, path, key, required);
    if (id.empty())
      return -1;
    const int r = p_.rule_index(id);
    if (r < 0)
      fail(path + "/" + key, "names no rule of rules: " + id);
    return r;
  }

  int add(Node n) {
    n.evaluate = operator_row(n.op).evaluate;
    p_.nodes.push_back(std::move(n));
    return int(p_.nodes.size()) - 1;
  }

  static bool allows(const Operator& row, const std::string& key) {
    if (key == row.key)
      return true;
    for (const char* also : row.also)
      if (also && key == also)
        return true;
    return false;
  }

  // "$name": a derived value defined earlier; else a claim field by its dotted name.
  int reference(const std::string& s, const std::string& path) {
    Node n;
    if (!s.empty() && s[0] == '$') {
      for (size_t d = 0; d < p_.derived.size(); ++d)
        if (p_.derived[d].name == s.substr(1) && p_.derived[d].expr >= 0) {
          n.op = Op::derived;
          n.number = int64_t(d);
          n.type = p_.nodes[p_.derived[d].expr].type;
          return add(std::move(n));
        }
      fail(path, "names no earlier derived value: " + s);
      return -1;
    }
    Field f;
    if (!field_by_dotted(s, f) || f == Field::program || f == Field::as_of || f == Field::fx_usd_per_unit) {
      fail(path, "names no claim field a rule can read: " + s);
      return -1;
    }
    n.op = Op::field;
    n.field = f;
    n.type = type_of(field_spec(f).type);
    return add(std::move(n));
  }

  // The claim fields an expression is computed from (not those of a
  // `parameter` child); `through_derived` follows derived values.
  void fields_in(int node, std::vector<Field>& out, bool through_derived = false) const {
    if (node < 0)
      return;
    const Node& n = p_.nodes[node];
    if (n.op == Op::field && std::find(out.begin(), out.end(), n.field) == out.end())
      out.push_back(n.field);
    if (n.op == Op::derived && through_derived)
      fields_in(p_.derived[size_t(n.number)].expr, out, true);
    for (int k : n.kids)
      fields_in(k, out, through_derived);
    fields_in(n.extra, out, through_derived);
  }

  void derived(const json& j) {
    const json* d = member(j, "", "derived", json::value_t::array, false);
    if (!d)
      return;
    for (size_t i = 0; i < d->size(); ++i) {
      const std::string path = "/derived/" + std::to_string(i);
      const json& e = (*d)[i];
      if (!e.is_object()) {
        fail(path, "must be an object");
        continue;
      }
      Derived def;
      def.name = text(e, path, "name", true);
      def.rule = rule_ref(e, path, "rule");
      def.ambiguous = text(e, path, "ambiguous", false);
      if (e.contains("value"))
        def.expr = expr_any(e["value"], path + "/value");
      else
        fail(path + "/value", "is required");
      p_.derived.push_back(std::move(def));
    }
  }

  void payments(const json& j) {
    const json* pay = member(j, "", "payments", json::value_t::object, true);
    if (!pay)
      return;
    p_.payment_rule = rule_ref(*pay, "/payments", "rule");
    p_.paid_to = text(*pay, "/payments", "paid_to", true);
    if (const json* m = member(*pay, "/payments", "methods", json::value_t::array, true))
      for (size_t i = 0; i < m->size(); ++i) {
        Method meth;
        if (!(*m)[i].is_string() || !parse_method((*m)[i].get<std::string>(), meth))
          fail("/payments/methods/" + std::to_string(i), "is not a payment method of the claim contract");
        else
          p_.method_covered[int(meth)] = true;
      }
    if (const json* a = member(*pay, "/payments", "ambiguous", json::value_t::object, false))
      for (const auto& it : a->items()) {
        Method meth;
        if (!parse_method(it.key(), meth) || !p_.method_covered[int(meth)] || !it.value().is_string())
          fail("/payments/ambiguous/" + it.key(), "must map a covered method to a note");
        else
          p_.method_ambiguous[int(meth)] = it.value().get<std::string>();
      }
  }

  static bool valid_form(const std::string& f) {
    return std::find(std::begin(kRefundForms), std::end(kRefundForms), f) != std::end(kRefundForms);
  }

  void form(const json& j) {
    const json* f = member(j, "", "refund_form", json::value_t::object, true);
    if (!f)
      return;
    p_.form_rule = rule_ref(*f, "/refund_form", "rule");
    p_.form_default = text(*f, "/refund_form", "default", true);
    if (!valid_form(p_.form_default))
      fail("/refund_form/default", "must be cash, credit or loan_credit");
    if (const json* a = member(*f, "/refund_form", "when_all_paid_by", json::value_t::object, false))
      for (const auto& it : a->items()) {
        Method meth;
        if (!parse_method(it.key(), meth) || !it.value().is_string() || !valid_form(it.value().get<std::string>()))
          fail("/refund_form/when_all_paid_by/" + it.key(), "must map a payment method to a refund form");
        else
          p_.form_if_all[int(meth)] = it.value().get<std::string>();
      }
  }

  Gate gate(const json& e, const std::string& path) {
    Gate g;
    if (!e.is_object()) {
      fail(path, "must be an object");
      return g;
    }
    g.rule = rule_ref(e, path, "rule");
    g.reason = text(e, path, "reason", false);
    if (!g.reason.empty() && !is_code(g.reason, CodeClass::reason))
      fail(path + "/reason", "is not a reason code");
    if (e.contains("when"))
      g.when = expr(e["when"], path + "/when", ValueType::boolean);
    if (e.contains("unless"))
      g.unless = expr(e["unless"], path + "/unless", ValueType::boolean);
    if (const json* nd = member(e, path, "needs", json::value_t::array, false))
      for (size_t i = 0; i < nd->size(); ++i) {
        Field f;
        if (!(*nd)[i].is_string() || !field_by_dotted((*nd)[i].get<std::string>(), f))
          fail(path + "/needs/" + std::to_string(i), "names no claim field");
        else
          g.needs.push_back(f);
      }
    if ((g.when >= 0 || g.unless >= 0) && g.reason.empty())
      fail(path + "/reason", "is required with when/unless");
    for (const auto& it : e.items())
      if (it.key() != "rule" && it.key() != "reason" && it.key() != "when" && it.key() != "unless" &&
          it.key() != "needs")
        fail(path + "/" + it.key(), "is not a gate field");
    fields_in(g.when, g.shown);
    fields_in(g.unless, g.shown);
    return g;
  }

  std::vector<Cap> caps(const json& j, const std::string& base) {
    std::vector<Cap> out;
    const json* c = member(j, base, "caps", json::value_t::array, false);
    if (!c)
      return out;
    for (size_t i = 0; i < c->size(); ++i) {
      const std::string path = base + "/caps/" + std::to_string(i);
      const json& e = (*c)[i];
      Cap cap;
      if (!e.is_object()) {
        fail(path, "must be an object");
        continue;
      }
      cap.rule = rule_ref(e, path, "rule");
      cap.name = text(e, path, "name", true);
      cap.ambiguous = text(e, path, "ambiguous", false);
      if (e.contains("value"))
        cap.expr = expr(e["value"], path + "/value", ValueType::amount);
      else
        fail(path + "/value", "is required");
      out.push_back(std::move(cap));
    }
    return out;
  }

  void kinds(const json& j) {
    const json* k = member(j, "", "kinds", json::value_t::object, true);
    if (!k)
      return;
    for (const auto& it : k->items()) {
      const std::string path = "/kinds/" + it.key();
      Kind kind;
      if (!parse_kind(it.key(), kind)) {
        fail(path, "is not a claim kind");
        continue;
      }
      const json& e = it.value();
      if (!e.is_object()) {
        fail(path, "must be an object");
        continue;
      }
      KindDef& d = p_.kinds[int(kind)];
      d.covered = true;
      d.rule = rule_ref(e, path, "rule");
      if (e.contains("covered_if"))
        d.covered_if = expr(e["covered_if"], path + "/covered_if", ValueType::boolean);
      if (const json* ex = member(e, path, "exclusions", json::value_t::array, false))
        for (size_t i = 0; i < ex->size(); ++i)
          d.exclusions.push_back(gate((*ex)[i], path + "/exclusions/" + std::to_string(i)));
      if (e.contains("opens"))
        d.opens = expr(e["opens"], path + "/opens", ValueType::date);
      fields_in(d.opens, d.opens_fields, true);
      if (e.contains("closes"))
        d.closes = expr(e["closes"], path + "/closes", ValueType::date);
      d.caps = caps(e, path);
      d.form = text(e, path, "form", false);
      if (!d.form.empty() && !valid_form(d.form))
        fail(path + "/form", "must be cash, credit or loan_credit");
      for (const auto& m : e.items())
        if (m.key() != "rule" && m.key() != "covered_if" && m.key() != "exclusions" && m.key() != "opens" &&
            m.key() != "closes" && m.key() != "caps" && m.key() != "form")
          fail(path + "/" + m.key(), "is not a claim kind field");
    }
  }

  void warnings(const json& j) {
    const json* w = member(j, "", "warnings", json::value_t::array, false);
    if (!w)
      return;
    for (size_t i = 0; i < w->size(); ++i) {
      const std::string path = "/warnings/" + std::to_string(i);
      const json& e = (*w)[i];
      if (!e.is_object()) {
        fail(path, "must be an object");
        continue;
      }
      WarningDef d;
      d.rule = rule_ref(e, path, "rule");
      d.code = text(e, path, "code", true);
      if (!is_code(d.code, CodeClass::warning))
        fail(path + "/code", "is not a warning code");
      d.note = text(e, path, "note", false);
      if (e.contains("when"))
        d.when = expr(e["when"], path + "/when", ValueType::boolean);
      else
        fail(path + "/when", "is required");
      fields_in(d.when, d.shown);
      p_.warnings.push_back(std::move(d));
    }
  }

  // A list of date fields, each named once.
  std::vector<Field> date_fields(const json& e, const std::string& path, const char* key) {
    std::vector<Field> out;
    const json* a = member(e, path, key, json::value_t::array, true);
    if (!a)
      return out;
    for (size_t i = 0; i < a->size(); ++i) {
      Field f;
      const json& x = (*a)[i];
      if (!x.is_string() || !field_by_dotted(x.get<std::string>(), f) || field_spec(f).type != FieldType::date)
        fail(path + "/" + key + "/" + std::to_string(i), "names no date field of the claim");
      else if (std::find(out.begin(), out.end(), f) == out.end())
        out.push_back(f);
    }
    if (out.empty())
      fail(path + "/" + key, "must name at least one date field");
    return out;
  }

  void bounds(const json& j) {
    const json* b = member(j, "", "bounds", json::value_t::array, false);
    if (!b)
      return;
    for (size_t i = 0; i < b->size(); ++i) {
      const std::string path = "/bounds/" + std::to_string(i);
      const json& e = (*b)[i];
      if (!e.is_object()) {
        fail(path, "must be an object");
        continue;
      }
      Bound d;
      d.rule = rule_ref(e, path, "rule");
      const std::string date = text(e, path, "date", true);
      if (!field_by_dotted(date, d.date) || field_spec(d.date).type != FieldType::date || field_spec(d.date).required)
        fail(path + "/date", "names no optional date field of the claim");
      d.after = date_fields(e, path, "on_or_after");
      d.before = date_fields(e, path, "on_or_before");
      for (const Bound& o : p_.bounds)
        if (o.date == d.date)
          fail(path + "/date", "is bounded twice");
      for (const std::vector<Field>* side : {&d.after, &d.before})
        for (Field f : *side)
          if (f == d.date)
            fail(path, "bounds a date by itself");
      for (const auto& it : e.items())
        if (it.key() != "rule" && it.key() != "date" && it.key() != "on_or_after" && it.key() != "on_or_before")
          fail(path + "/" + it.key(), "is not a bound field");
      p_.bounds.push_back(std::move(d));
    }
  }

  void dispute(const json& j) {
    const json* d = member(j, "", "dispute", json::value_t::object, false);
    if (!d)
      return;
    for (const auto& it : d->items()) {
      const std::string path = "/dispute/" + it.key();
      int which = -1;
      for (int k = 0; k < kDisputeCount; ++k)
        if (it.key() == kDisputeNames[k])
          which = k;
      if (which < 0 || !it.value().is_object()) {
        fail(path, "is not a dispute deadline of the result");
        continue;
      }
      const json& e = it.value();
      DisputeItem& item = p_.dispute[which];
      item.rule = rule_ref(e, path, "rule");
      item.ambiguous = text(e, path, "ambiguous", false);
      if (e.contains("start_of")) {
        item.expr = expr(e["start_of"], path + "/start_of", ValueType::date);
      } else if (e.contains("end_of")) {
        item.expr = expr(e["end_of"], path + "/end_of", ValueType::date);
        item.end_of_day = true;
      } else {
        fail(path, "needs start_of or end_of");
      }
    }
  }
};

std::vector<Day> date_list(const json& j, const char* key, std::vector<PolicyError>& errs) {
  std::vector<Day> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) {
    errs.push_back({std::string("/") + key, "must be a list of dates"});
    return out;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    Day d;
    if (!(*it)[i].is_string() || !parse_date((*it)[i].get<std::string>(), d))
      errs.push_back({std::string("/") + key + "/" + std::to_string(i), "must be a date YYYY-MM-DD"});
    else
      out.push_back(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

bool Registry::add_calendar(std::string_view text, std::vector<PolicyError>& errors) {
  const size_t before = errors.size();
  const json j = json::parse(text.data(), text.data() + text.size(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    errors.push_back({"", "a calendar must be a JSON object"});
    return false;
  }
  auto text_of = [](const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto cal = std::make_unique<Calendar>();
  cal->id = text_of(j, "id");
  cal->name = text_of(j, "name");
  if (j.contains("source") && j["source"].is_object()) {
    cal->source_title = text_of(j["source"], "title");
    cal->source_url = text_of(j["source"], "url");
  }
  const json& years = j.contains("years") ? j["years"] : json();
  if (!years.is_array() || years.size() != 2 || !years[0].is_number_integer() || !years[1].is_number_integer())
    errors.push_back({"/years", "must be [first, last]"});
  else {
    cal->first_year = years[0].get<int>();
    cal->last_year = years[1].get<int>();
  }
  if (cal->id.empty())
    errors.push_back({"/id", "is required"});
  cal->holidays = date_list(j, "holidays", errors);
  cal->workdays = date_list(j, "workdays", errors);
  for (Day d : cal->workdays)
    if (weekday(d) != 0 && weekday(d) != 6)
      errors.push_back({"/workdays", "lists a day that is not a weekend day"});
  if (errors.size() != before)
    return false;
  calendars_.push_back(std::move(cal));
  return true;
}

namespace {

// Ids and names are written into results and traces as they are.
bool plain(const std::string& s) {
  if (s.empty())
    return false;
  for (char ch : s)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
          ch == '-'))
      return false;
  return true;
}

void check_plain_names(const Policy& p, std::vector<PolicyError>& errors) {
  const char* const why = "may hold only letters, digits, '.', '_' and '-'";
  for (size_t i = 0; i < p.rules.size(); ++i)
    if (!p.rules[i].id.empty() && !plain(p.rules[i].id))
      errors.push_back({"/rules/" + std::to_string(i) + "/id", why});
  for (size_t i = 0; i < p.derived.size(); ++i)
    if (!plain(p.derived[i].name))
      errors.push_back({"/derived/" + std::to_string(i) + "/name", why});
  for (size_t i = 0; i < p.caps.size(); ++i)
    if (!plain(p.caps[i].name))
      errors.push_back({"/caps/" + std::to_string(i) + "/name", why});
  for (int k = 0; k < kKindCount; ++k)
    for (size_t i = 0; i < p.kinds[k].caps.size(); ++i)
      if (!plain(p.kinds[k].caps[i].name))
        errors.push_back({std::string("/kinds/") + kind_name(Kind(k)) + "/caps/" + std::to_string(i) + "/name", why});
}

std::string note_json(const std::string& note) {
  std::string s = "{\"note\":";
  json_string(s, note);
  return s + "}";
}

// The texts a result quotes that never change, written once.
void write_fixed_texts(Policy& p) {
  for (RuleInfo& r : p.rules) {
    r.json = "\"rule\":";
    json_string(r.json, r.id);
  }
  for (Derived& d : p.derived)
    d.ambiguous_json = note_json(d.ambiguous);
  for (Cap& cap : p.caps)
    cap.ambiguous_json = note_json(cap.ambiguous);
  for (KindDef& k : p.kinds)
    for (Cap& cap : k.caps)
      cap.ambiguous_json = note_json(cap.ambiguous);
  for (DisputeItem& d : p.dispute)
    d.ambiguous_json = note_json(d.ambiguous);
  for (int m = 0; m < kMethodCount; ++m)
    p.method_ambiguous_json[m] = note_json(p.method_ambiguous[m]);
  if (p.calendar) {
    p.calendar_params = "{\"calendar\":";
    json_string(p.calendar_params, p.calendar->id);
    p.calendar_params +=
        ",\"years\":\"" + std::to_string(p.calendar->first_year) + "-" + std::to_string(p.calendar->last_year) + "\"}";
  }
}

}  // namespace

bool Registry::add_policy(std::string_view text, std::vector<PolicyError>& errors) {
  const size_t before = errors.size();
  const json j = json::parse(text.data(), text.data() + text.size(), nullptr, false);
  if (j.is_discarded()) {
    errors.push_back({"", "the policy is not valid JSON"});
    return false;
  }
  auto p = std::make_unique<Policy>();
  try {
    Compiler(*p, *this, errors).compile(j);
  } catch (const std::exception& e) {
    errors.push_back({"", std::string("the policy could not be read: ") + e.what()});
  }
  check_plain_names(*p, errors);
  if (errors.size() == before && find_version(p->id))
    errors.push_back({"/id", "a policy with this id is loaded already"});
  if (errors.size() == before)
    for (const auto& q : policies_)
      if (q->program == p->program && p->effective_from < (q->has_effective_to ? q->effective_to : 3000000) &&
          q->effective_from < (p->has_effective_to ? p->effective_to : 3000000))
        errors.push_back({"/effective_from", "overlaps the period of " + q->id});
  if (errors.size() != before)
    return false;
  write_fixed_texts(*p);
  policies_.push_back(std::move(p));
  std::stable_sort(policies_.begin(), policies_.end(), [](const auto& a, const auto& b) {
    return a->program != b->program ? a->program < b->program : a->effective_from < b->effective_from;
  });
  return true;
}

}  // namespace assurecalc
