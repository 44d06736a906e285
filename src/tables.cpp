#include "tables.hpp"

#include <cstdint>
#include <memory>
#include <type_traits>

#include "calendar.hpp"
#include "policy.hpp"

namespace assurecalc {

namespace {

// Each structure's fields, once, for the writer and the reader alike. A
// visitor `v` is called on each field; v(x) writes or reads x.
template <class V>
void fields(V& v, ZoneRules& z) {
  v(z.id), v(z.tzdata), v(z.source_title), v(z.source_url), v(z.first_year), v(z.last_year), v(z.initial_min);
  v(z.at), v(z.offset_min);
}
template <class V>
void fields(V& v, Calendar& c) {
  v(c.id), v(c.name), v(c.source_title), v(c.source_url), v(c.first_year), v(c.last_year), v(c.holidays);
  v(c.workdays);
}
template <class V>
void fields(V& v, Node& n) {
  v(n.op), v(n.type), v(n.field), v(n.number), v(n.kids), v(n.texts), v(n.extra), v(n.parameter);
  if constexpr (V::kReading) {
    if (v.check(n.op < Op::count && n.field <= Field::count))
      n.evaluate = evaluator_of(n.op);
  }
}
template <class V>
void fields(V& v, Source& s) {
  v(s.title), v(s.url);
}
template <class V>
void fields(V& v, RuleInfo& r) {
  v(r.id), v(r.title), v(r.source), v(r.json);
}
template <class V>
void fields(V& v, Gate& g) {
  v(g.rule), v(g.reason), v(g.when), v(g.unless), v(g.needs), v(g.shown);
}
template <class V>
void fields(V& v, Cap& c) {
  v(c.rule), v(c.name), v(c.expr), v(c.ambiguous), v(c.ambiguous_json);
}
template <class V>
void fields(V& v, KindDef& k) {
  v(k.covered), v(k.rule), v(k.covered_if), v(k.exclusions), v(k.opens), v(k.closes), v(k.opens_fields), v(k.caps);
  v(k.form);
}
template <class V>
void fields(V& v, Derived& d) {
  v(d.name), v(d.rule), v(d.expr), v(d.ambiguous), v(d.ambiguous_json);
}
template <class V>
void fields(V& v, WarningDef& w) {
  v(w.rule), v(w.code), v(w.when), v(w.note), v(w.shown);
}
template <class V>
void fields(V& v, Bound& b) {
  v(b.rule), v(b.date), v(b.after), v(b.before);
}
template <class V>
void fields(V& v, DisputeItem& d) {
  v(d.rule), v(d.expr), v(d.end_of_day), v(d.ambiguous), v(d.ambiguous_json);
}
template <class V>
void fields(V& v, Policy& p) {
  v(p.id), v(p.program), v(p.name), v(p.timezone);
  // The zone by name (or its fixed offset), the calendar by id.
  std::string zone = p.zone.rules() ? p.zone.rules()->id : std::string();
  int fixed = p.zone.rules() ? 0 : p.zone.offset_at(0);
  std::string calendar = p.calendar ? p.calendar->id : std::string();
  v(zone), v(fixed), v(calendar);
  if constexpr (V::kReading) {
    const ZoneRules* rules = zone.empty() ? nullptr : find_zone(zone);
    v.check(zone.empty() || rules);
    p.zone = rules ? Zone(rules) : Zone::fixed(fixed);
    p.calendar = calendar.empty() ? nullptr : v.registry->calendar(calendar);
    v.check(calendar.empty() || p.calendar);
  }
  v(p.effective_from), v(p.has_effective_to), v(p.effective_to), v(p.period_rule), v(p.kinds_rule);
  v(p.sources), v(p.rules), v(p.nodes), v(p.derived);
  v(p.payment_rule), v(p.method_covered), v(p.method_ambiguous), v(p.method_ambiguous_json);
  v(p.calendar_params), v(p.paid_to), v(p.form_rule), v(p.form_default), v(p.form_if_all);
  v(p.gates), v(p.caps), v(p.kinds), v(p.warnings), v(p.bounds), v(p.dispute);
}

class Writer {
 public:
  static constexpr bool kReading = false;
  std::string out;

  void number(uint64_t n) {
    while (n >= 0x80) {
      out += char(0x80 | (n & 0x7f));
      n >>= 7;
    }
    out += char(n);
  }
  template <class T>
  void operator()(T& x) {
    if constexpr (std::is_enum_v<T>) {
      number(uint64_t(x));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      const int64_t s = x;
      number(s < 0 ? ~(uint64_t(s) << 1) : uint64_t(s) << 1);
    } else if constexpr (std::is_integral_v<T>) {
      number(uint64_t(x));
    } else {
      fields(*this, x);
    }
  }
  void operator()(std::string& s) {
    number(s.size());
    out += s;
  }
  template <class T>
  void operator()(std::vector<T>& list) {
    number(list.size());
    for (T& x : list)
      (*this)(x);
  }
  template <class T, size_t N>
  void operator()(T (&list)[N]) {
    for (T& x : list)
      (*this)(x);
  }
};

class Reader {
 public:
  static constexpr bool kReading = true;
  const unsigned char *at, *end;
  Registry* registry = nullptr;
  bool ok = true;

  explicit Reader(std::string_view bytes)
      : at(reinterpret_cast<const unsigned char*>(bytes.data())), end(at + bytes.size()) {}

  bool check(bool holds) { return ok = ok && holds; }
  uint64_t number() {
    uint64_t n = 0;
    for (int shift = 0; ok; shift += 7) {
      if (!check(at < end && shift < 64))
        break;
      const unsigned char b = *at++;
      n |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80))
        break;
    }
    return ok ? n : 0;
  }
  template <class T>
  void operator()(T& x) {
    if constexpr (std::is_enum_v<T>) {
      x = T(number());
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      const uint64_t z = number();
      x = T(int64_t(z & 1 ? ~(z >> 1) : z >> 1));
    } else if constexpr (std::is_integral_v<T>) {
      x = T(number());
    } else {
      fields(*this, x);
    }
  }
  void operator()(std::string& s) {
    const uint64_t n = number();
    if (check(n <= uint64_t(end - at)))
      s.assign(reinterpret_cast<const char*>(at), size_t(n)), at += n;
  }
  template <class T>
  void operator()(std::vector<T>& list) {
    const uint64_t n = number();
    // Every element takes a byte at least: a count beyond the bytes left is
    // no table.
    if (!check(n <= uint64_t(end - at)))
      return;
    list.resize(size_t(n));
    for (T& x : list)
      (*this)(x);
  }
  template <class T, size_t N>
  void operator()(T (&list)[N]) {
    for (T& x : list)
      (*this)(x);
  }
};

constexpr char kMagic[] = "assurecalc-tables-1";

void write_head(Writer& w) { w.out.append(kMagic, sizeof kMagic - 1); }
bool read_head(Reader& r) {
  for (const char* m = kMagic; *m; ++m)
    if (!r.check(r.at < r.end && char(*r.at++) == *m))
      return false;
  return true;
}

}  // namespace

std::string write_tables(const std::vector<ZoneRules>& zones, const Registry& registry) {
  Writer w;
  write_head(w);
  std::vector<ZoneRules> z = zones;
  w(z);
  w.number(registry.calendars().size());
  for (const auto& c : registry.calendars())
    w(*c);
  w.number(registry.policies().size());
  for (const auto& p : registry.policies())
    w(*p);
  return std::move(w.out);
}

bool read_table_zones(std::string_view bytes, std::vector<ZoneRules>& zones) {
  Reader r(bytes);
  if (read_head(r))
    r(zones);
  return r.ok;
}

bool read_table_registry(std::string_view bytes, Registry& registry) {
  Reader r(bytes);
  r.registry = &registry;
  std::vector<ZoneRules> zones;
  if (read_head(r))
    r(zones);  // read by read_table_zones; passed over here
  for (uint64_t n = r.number(); r.ok && n > 0; --n) {
    auto c = std::make_unique<Calendar>();
    r(*c);
    if (r.ok)
      registry.calendars_.push_back(std::move(c));
  }
  for (uint64_t n = r.number(); r.ok && n > 0; --n) {
    auto p = std::make_unique<Policy>();
    r(*p);
    if (r.ok)
      registry.policies_.push_back(std::move(p));
  }
  return r.check(r.at == r.end);
}

}  // namespace assurecalc
