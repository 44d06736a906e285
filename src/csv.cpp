#include "csv.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <memory>

#include "claim.hpp"
#include "json_out.hpp"
#include "result.hpp"

namespace assurecalc {

// Claims have no key order to keep, so the plain (sorted) json type serves,
// sharing its code with the policy reader.
using ojson = nlohmann::json;

namespace {

enum class Cell : uint8_t { text, number, boolean };

// How a column's cells are read: numbers and booleans become JSON ones.
Cell cell_of(FieldType type) {
  switch (type) {
    case FieldType::amount:
    case FieldType::rate:
    case FieldType::quantity:
      return Cell::number;
    case FieldType::boolean:
      return Cell::boolean;
    default:
      return Cell::text;
  }
}

// The columns are the claim fields' own (claim.cpp's tables).
const FieldSpec* find_column(std::string_view name) {
  for (int i = 0; i < kFieldCount; ++i)
    if (name == field_spec(Field(i)).column)
      return &field_spec(Field(i));
  return nullptr;
}

// `payment3_amount` -> (the list field whose column is payment<N>_amount, 3)
const ItemFieldSpec* find_numbered(std::string_view name, size_t& n) {
  for (int i = 0; i < kItemFieldCount; ++i) {
    const std::string_view column = kItemFields[i].column;
    const size_t at = column.find("<N>");
    const std::string_view prefix = column.substr(0, at), suffix = column.substr(at + 3);
    if (name.size() <= prefix.size() + suffix.size() || name.substr(0, prefix.size()) != prefix ||
        name.substr(name.size() - suffix.size()) != suffix)
      continue;
    const std::string_view digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    size_t v = 0;
    bool ok = digits.size() <= 5 && digits[0] != '0';
    for (char c : digits)
      ok = ok && c >= '0' && c <= '9' && ((v = v * 10 + size_t(c - '0')), true);
    if (ok) {
      n = v;
      return &kItemFields[i];
    }
  }
  return nullptr;
}

// A cell as the JSON value it stands for.
ojson cell_value(const std::string& s, Cell type) {
  if (type == Cell::number) {
    // Only what is a JSON number becomes one; "12.50 USD" stays text and
    // the engine names the field.
    const ojson j = ojson::parse(s.data(), s.data() + s.size(), nullptr, false);
    if (!j.is_discarded() && j.is_number())
      return j;
    return s;
  }
  if (type == Cell::boolean) {
    std::string l;
    for (char c : s)
      l += char(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (l == "true" || l == "yes" || l == "1")
      return true;
    if (l == "false" || l == "no" || l == "0")
      return false;
    return s;
  }
  return s;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos)
    return std::string();
  const size_t b = s.find_last_not_of(" \t");
  return s.substr(a, b - a + 1);
}

}  // namespace

CsvReader::CsvReader(size_t max_record) : max_record_(max_record) {}

void CsvReader::push(std::string_view piece) {
  if (pos_ > 0 && pos_ >= text_.size() / 2) {  // keep only what is not read yet
    text_.erase(0, pos_);
    pos_ = 0;
  }
  text_.append(piece.data(), piece.size());
  if (!bom_seen_ && text_.size() >= 3) {
    bom_seen_ = true;
    if (std::memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0)
      pos_ = 3;
  }
}

void CsvReader::finish() {
  done_ = true;
  bom_seen_ = true;
}

// One record from text_ at pos_: its cells, or false when the text in hand
// ends inside it (more may come). Commits pos_ and line_ only on success.
bool CsvReader::scan(std::vector<std::string>& cells, size_t& first_line, std::string& error) {
  size_t i = pos_, line = line_;
  cells.clear();
  std::string field;
  while (i < text_.size()) {
    if (i - pos_ > max_record_)
      return false;  // too long to hold: next() says so
    const char c = text_[i];
    if (c == '"' && field.empty()) {
      // A quoted field: up to the closing quote; "" is a quote.
      const size_t quote_line = line;
      ++i;
      bool closed = false;
      while (i < text_.size() && !closed) {
        if (text_[i] != '"') {
          line += text_[i] == '\n';
          field += text_[i++];
        } else if (i + 1 < text_.size() && text_[i + 1] == '"') {
          field += '"';
          i += 2;
        } else if (i + 1 == text_.size() && !done_) {
          return false;  // a quote at the end of the piece: "" or the close?
        } else {
          ++i;
          closed = true;
        }
      }
      if (!closed) {
        if (!done_)
          return false;
        error = "line " + std::to_string(quote_line) + ": a quoted field is not closed";
        first_line = line_;
        pos_ = text_.size();
        return true;
      }
      continue;
    }
    if (c == ',') {
      cells.push_back(std::move(field));
      field.clear();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 == text_.size() && !done_)
        return false;  // CR LF may be split between pieces
      i += c == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n' ? 2 : 1;
      cells.push_back(std::move(field));
      first_line = line_;
      pos_ = i;
      line_ = line + 1;
      return true;
    }
    field += c;
    ++i;
  }
  if (!done_ || (cells.empty() && field.empty() && pos_ == text_.size()))
    return false;
  cells.push_back(std::move(field));  // the last record, without a newline
  first_line = line_;
  pos_ = text_.size();
  return true;
}

bool CsvReader::next(std::vector<std::string>& cells, size_t& line, std::string& error) {
  error.clear();
  if (skipping_) {
    // The rest of a record too large to hold: up to its next newline. The
    // records after it may already be in hand: they stay.
    const size_t nl = text_.find('\n', pos_);
    if (nl == std::string::npos) {
      pos_ = text_.size();  // all of it is the long record's: let it go
      return false;
    }
    pos_ = nl + 1;
    ++line_;
    skipping_ = false;
  }
  const auto too_long = [&](size_t at) {
    cells.clear();
    line = at;
    error = "line " + std::to_string(at) + ": a row longer than " + std::to_string(max_record_ >> 10) +
            " KiB; split it or shorten its cells";
  };
  const size_t start = pos_;
  if (scan(cells, line, error)) {
    // A record that came whole in one piece may still be over the limit (a
    // long quoted cell): the same error as one that did not.
    if (error.empty() && pos_ - start > max_record_ + 2)
      too_long(line);
    return true;
  }
  if (text_.size() - pos_ <= max_record_)
    return false;
  // A record over the limit: answered with an error, never held whole; the
  // part read so far is dropped, the rest skipped up to its newline.
  too_long(line_);
  skipping_ = true;
  pos_ += max_record_;
  return true;
}

CsvTable parse_csv(std::string_view text) {
  CsvTable t;
  CsvReader reader(text.size() + 1);
  reader.push(text);
  reader.finish();
  std::vector<std::string> cells;
  size_t line = 0;
  while (reader.next(cells, line, t.error) && t.error.empty()) {
    t.records.push_back(std::move(cells));
    t.lines.push_back(line);
  }
  return t;
}

// The template: every input column, from the claim's field tables, and one
// example order. The first columns are the ones an order needs.
std::string make_csv_template() {
  static const char* const kLead[] = {"order_id", "as_of", "program", "created_on", "currency", "total"};
  static const std::pair<const char*, const char*> kExample[] = {
      {"order_id", "PO-1001"},
      {"as_of", "2025-04-20T09:30:00Z"},
      {"program", "alibaba-ta"},
      {"created_on", "2025-03-02"},
      {"currency", "USD"},
      {"total", "300000"},
      {"assurance_amount", "300000"},
      {"supplier_country", "CN"},
      {"ta_limit_remaining", "500000"},
      {"buyer_tier", "standard"},
      {"buyer_time_zone", "Asia/Jakarta"},
      {"placed_via_assurance", "true"},
      {"incoterm", "CIF"},
      {"ship_by", "2025-03-20"},
      {"payment1_on", "2025-03-02"},
      {"payment1_amount", "90000"},
      {"payment1_method", "tt"},
      {"payment1_to", "platform"},
      {"payment2_on", "2025-03-28"},
      {"payment2_amount", "210000"},
      {"payment2_method", "tt"},
      {"payment2_to", "platform"},
      {"shipped_on", "2025-03-27"},
      {"expected_delivery_by", "2025-04-15"},
      {"delivered_on", "2025-04-12"},
      {"kind", "quality"},
      {"line1_sku", "MUG-01"},
      {"line1_quantity", "1000"},
      {"line1_unit_price", "300"},
      {"accepted_late_shipment", "false"},
  };
  std::vector<std::string> columns(std::begin(kLead), std::end(kLead));
  const auto add = [&](std::string c) {
    if (std::find(columns.begin(), columns.end(), c) == columns.end())
      columns.push_back(std::move(c));
  };
  for (int f = 0; f < kFieldCount; ++f)
    if (field_spec(Field(f)).column)
      add(field_spec(Field(f)).column);
  // Two payments and one order line, numbered as the reader takes them.
  for (const auto& [list, count] : {std::pair<ItemOf, int>{ItemOf::payment, 2}, {ItemOf::line, 1}})
    for (int n = 1; n <= count; ++n)
      for (int i = 0; i < kItemFieldCount; ++i)
        if (kItemFields[i].list == list || (list == ItemOf::line && kItemFields[i].list == ItemOf::missing_units)) {
          std::string c = kItemFields[i].column;
          c.replace(c.find("<N>"), 3, std::to_string(n));
          add(std::move(c));
        }
  std::string header, example;
  for (size_t i = 0; i < columns.size(); ++i) {
    header += (i ? "," : "") + columns[i];
    example += i ? "," : "";
    for (const auto& [column, value] : kExample)
      if (columns[i] == column)
        example += value;
  }
  return header + "\n" + example + "\n";
}

const char* csv_template() {
  static const std::string text = make_csv_template();
  return text.c_str();
}

std::string check_csv_header(const std::vector<std::string>& header) {
  std::vector<std::string> seen;
  for (const std::string& raw : header) {
    const std::string h = trim(raw);
    size_t n;
    if (!find_column(h) && !find_numbered(h, n))
      return "unknown column \"" + std::string(utf8_prefix(h, 60)) +
             "\"; the columns are those of the template (numbered payment<N>_... and line<N>_... columns may repeat)";
    for (const std::string& s : seen)
      if (s == h)
        return "the column \"" + h + "\" appears twice";
    seen.push_back(h);
  }
  bool has_total = false;
  for (const std::string& s : seen)
    has_total = has_total || s == "total";
  if (header.empty() || !has_total)
    return "the header row must name the columns (created_on, currency, total, ...)";
  return std::string();
}

namespace {

// A row as claim JSON through a JSON tree: what the fast writer below must
// give byte for byte, and what it falls back to for what it does not write
// itself (a cell that is not UTF-8, a header whose columns collide).
std::string claim_by_tree(const std::vector<std::string>& header, const std::vector<std::string>& row) {
  ojson claim = ojson::object();
  std::vector<ojson> payments, lines;
  std::vector<std::pair<size_t, ojson>> missing;  // line number -> units
  for (size_t k = 0; k < header.size() && k < row.size(); ++k) {
    const std::string cell = trim(row[k]);
    if (cell.empty())
      continue;
    const std::string h = trim(header[k]);
    if (const FieldSpec* c = find_column(h)) {
      claim[ojson::json_pointer(c->pointer)] = cell_value(cell, cell_of(c->type));
      continue;
    }
    size_t n = 0;
    const ItemFieldSpec* x = find_numbered(h, n);
    if (!x)
      continue;
    if (x->list == ItemOf::missing_units) {
      missing.emplace_back(n, cell_value(cell, cell_of(x->type)));
      continue;
    }
    std::vector<ojson>& list = x->list == ItemOf::payment ? payments : lines;
    if (list.size() < n)
      list.resize(n);
    list[n - 1][x->field] = cell_value(cell, cell_of(x->type));
  }
  // Numbered entries keep their order; empty ones (no cell filled) drop out.
  auto compact = [](std::vector<ojson>& list) {
    std::vector<ojson> out;
    for (ojson& e : list)
      if (!e.is_null())
        out.push_back(std::move(e));
    return out;
  };
  std::vector<ojson> pays = compact(payments);
  if (!pays.empty())
    claim["payments"] = pays;
  std::vector<ojson> ls;
  std::vector<size_t> line_no;
  for (size_t i = 0; i < lines.size(); ++i)
    if (!lines[i].is_null()) {
      ls.push_back(lines[i]);
      line_no.push_back(i + 1);
    }
  if (!ls.empty())
    claim["order"]["lines"] = ls;
  if (!missing.empty()) {
    ojson mu = ojson::object();
    for (auto& m : missing) {
      // Missing units are keyed by the SKU of the same numbered line.
      std::string sku;
      if (m.first <= lines.size() && lines[m.first - 1].is_object() && lines[m.first - 1].contains("sku") &&
          lines[m.first - 1]["sku"].is_string())
        sku = lines[m.first - 1]["sku"].get<std::string>();
      else
        sku = "line" + std::to_string(m.first);
      mu[sku] = m.second;
    }
    claim["issue"]["missing_units"] = mu;
  }
  // A cell that is not UTF-8 must not stop the row: replace it (U+FFFD).
  return claim.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace

namespace {

// Valid UTF-8 throughout (what the fast writer copies as it is).
bool utf8_ok(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t k = utf8_char_length(s, i);
    if (!k)
      return false;
    i += k;
  }
  return true;
}

// A JSON string of valid UTF-8 as the tree's dump writes it: the
// characters as they are, \b \f \n \r \t by name, other controls as \u00xx.
void claim_string(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    out.append(s.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.data() + start, s.size() - start);
  out += '"';
}

// An integer the tree writes back digit for digit: no sign but a minus,
// no leading zero, no "-0", short enough to stay an integer.
bool plain_integer(std::string_view s) {
  const size_t at = !s.empty() && s[0] == '-';
  if (s.size() <= at || s.size() - at > 18 || (s[at] == '0' && (s.size() > at + 1 || at)))
    return false;
  for (size_t i = at; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

// A cell's value as cell_value() gives it and the tree writes it.
void claim_value(std::string& out, std::string_view s, Cell type) {
  if (type == Cell::number) {
    if (plain_integer(s)) {
      out += s;
      return;
    }
    const ojson j = ojson::parse(s.data(), s.data() + s.size(), nullptr, false);
    if (!j.is_discarded() && j.is_number()) {
      out += j.dump();
      return;
    }
  } else if (type == Cell::boolean) {
    std::string l;
    for (char c : s)
      l += char(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (l == "true" || l == "yes" || l == "1" || l == "false" || l == "no" || l == "0") {
      out += l == "true" || l == "yes" || l == "1" ? "true" : "false";
      return;
    }
  }
  claim_string(out, s);
}

std::string_view trim_view(std::string_view s) {
  const size_t a = s.find_first_not_of(" \t");
  if (a == std::string_view::npos)
    return std::string_view();
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

enum List : int { kPayments, kLines, kMissing, kLists, kScalar = -1 };

// What a header's columns become in the claim, worked out once for all its
// rows: the fields' paths in the order the claim writes its keys (sorted,
// as the tree keeps them), and the numbered columns of each list.
struct ClaimLayout {
  std::vector<std::string> header;  // as given, to know it again
  bool tree = false;                // columns that collide: the tree decides
  struct Entry {
    std::vector<std::string> path;  // "/order/ship_by" -> {"order", "ship_by"}
    int column;
    Cell cell;
    int list;  // kScalar, or the list written here
  };
  std::vector<Entry> entries;
  struct Item {
    size_t n;
    std::string field;
    int column;
    Cell cell;
    int sku;  // missing units: the column of line<n>_sku, or -1
  };
  std::vector<Item> items[kLists];  // payments, lines by (n, field); missing units as the header has them

  explicit ClaimLayout(const std::vector<std::string>& h) : header(h) {
    for (size_t k = 0; k < h.size(); ++k) {
      const std::string name = trim(h[k]);
      size_t n = 0;
      if (const FieldSpec* c = find_column(name)) {
        Entry e{{}, int(k), cell_of(c->type), kScalar};
        for (std::string_view p = c->pointer; !p.empty();) {
          p.remove_prefix(1);
          const size_t slash = p.find('/');
          e.path.emplace_back(p.substr(0, slash));
          p = slash == std::string_view::npos ? std::string_view() : p.substr(slash);
        }
        entries.push_back(std::move(e));
      } else if (const ItemFieldSpec* x = find_numbered(name, n)) {
        const int list = x->list == ItemOf::payment ? kPayments : x->list == ItemOf::line ? kLines : kMissing;
        items[list].push_back({n, x->field, int(k), cell_of(x->type), -1});
      }
    }
    static const std::vector<std::string> kListPaths[kLists] = {
        {"payments"}, {"order", "lines"}, {"issue", "missing_units"}};
    for (int l = 0; l < kLists; ++l)
      if (!items[l].empty())
        entries.push_back({kListPaths[l], -1, Cell::text, l});
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.path < b.path; });
    // A path that is another's, or inside it: the tree's assignments decide.
    for (size_t i = 1; i < entries.size(); ++i) {
      const auto& a = entries[i - 1].path;
      const auto& b = entries[i].path;
      tree = tree || (a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin()));
    }
    for (int l = kPayments; l <= kLines; ++l) {
      auto& v = items[l];
      std::stable_sort(v.begin(), v.end(),
                       [](const Item& a, const Item& b) { return a.n != b.n ? a.n < b.n : a.field < b.field; });
      for (size_t i = 1; i < v.size(); ++i)
        tree = tree || (v[i - 1].n == v[i].n && v[i - 1].field == v[i].field);
    }
    for (Item& m : items[kMissing]) {
      for (const Item& l : items[kLines])
        if (l.n == m.n && l.field == "sku")
          m.sku = l.column;
      for (const Item& o : items[kMissing])
        tree = tree || (&o != &m && o.n == m.n);
    }
  }

  // The row as claim JSON into `out`; false when a cell is not UTF-8 (the
  // tree replaces what is not, its way).
  bool write(const std::vector<std::string>& row, std::string& out) const {
    const auto cell = [&](int k) { return size_t(k) < row.size() ? trim_view(row[size_t(k)]) : std::string_view(); };
    bool any[kLists] = {false, false, false};
    for (const Entry& e : entries)
      if (e.list == kScalar && !utf8_ok(cell(e.column)))
        return false;
    for (int l = 0; l < kLists; ++l)
      for (const Item& x : items[l]) {
        const std::string_view s = cell(x.column);
        if (!utf8_ok(s))
          return false;
        any[l] = any[l] || !s.empty();
      }
    out += '{';
    std::vector<const std::string*> open;  // the objects open below the claim
    std::vector<bool> first{true};
    const auto key = [&](const std::string& name) {
      if (!first.back())
        out += ',';
      first.back() = false;
      claim_string(out, name);
      out += ':';
    };
    for (const Entry& e : entries) {
      if (e.list == kScalar ? cell(e.column).empty() : !any[e.list])
        continue;
      size_t common = 0;
      while (common < open.size() && common + 1 < e.path.size() && *open[common] == e.path[common])
        ++common;
      for (; open.size() > common; open.pop_back(), first.pop_back())
        out += '}';
      for (size_t d = open.size(); d + 1 < e.path.size(); ++d) {
        key(e.path[d]);
        out += '{';
        open.push_back(&e.path[d]);
        first.push_back(true);
      }
      key(e.path.back());
      if (e.list == kScalar)
        claim_value(out, cell(e.column), e.cell);
      else if (e.list == kMissing)
        missing_units(cell, out);
      else
        list(items[e.list], cell, out);
    }
    for (; !open.empty(); open.pop_back())
      out += '}';
    out += '}';
    return true;
  }

  // Payments or order lines: an object per number with a cell filled, in
  // their numbers' order.
  template <class CellOf>
  static void list(const std::vector<Item>& v, const CellOf& cell, std::string& out) {
    out += '[';
    bool first_item = true;
    for (size_t i = 0; i < v.size();) {
      size_t end = i;
      bool filled = false;
      for (; end < v.size() && v[end].n == v[i].n; ++end)
        filled = filled || !cell(v[end].column).empty();
      if (filled) {
        out += first_item ? "{" : ",{";
        first_item = false;
        bool first_field = true;
        for (size_t k = i; k < end; ++k) {
          const std::string_view s = cell(v[k].column);
          if (s.empty())
            continue;
          if (!first_field)
            out += ',';
          first_field = false;
          claim_string(out, v[k].field);
          out += ':';
          claim_value(out, s, v[k].cell);
        }
        out += '}';
      }
      i = end;
    }
    out += ']';
  }

  // Missing units by the SKU of the same numbered line ("line<N>" without
  // one), keys sorted; a key given twice keeps its last value.
  template <class CellOf>
  void missing_units(const CellOf& cell, std::string& out) const {
    std::vector<std::pair<std::string, const Item*>> mu;
    for (const Item& m : items[kMissing]) {
      if (cell(m.column).empty())
        continue;
      const std::string_view sku = m.sku >= 0 ? cell(m.sku) : std::string_view();
      std::string k = sku.empty() ? "line" + std::to_string(m.n) : std::string(sku);
      auto at = std::find_if(mu.begin(), mu.end(), [&](const auto& p) { return p.first == k; });
      if (at != mu.end())
        at->second = &m;
      else
        mu.emplace_back(std::move(k), &m);
    }
    std::sort(mu.begin(), mu.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out += '{';
    for (size_t i = 0; i < mu.size(); ++i) {
      if (i)
        out += ',';
      claim_string(out, mu[i].first);
      out += ':';
      claim_value(out, cell(mu[i].second->column), mu[i].second->cell);
    }
    out += '}';
  }
};

}  // namespace

std::string csv_row_to_claim(const std::vector<std::string>& header, const std::vector<std::string>& row) {
  // Rows come in runs under one header: its layout is kept for the next.
  static thread_local std::unique_ptr<ClaimLayout> layout;
  if (!layout || layout->header != header)
    layout.reset(new ClaimLayout(header));
  std::string out;
  if (!layout->tree && layout->write(row, out))
    return out;
  return claim_by_tree(header, row);
}

std::string csv_order_id(const std::vector<std::string>& header, const std::vector<std::string>& row) {
  for (size_t k = 0; k < header.size() && k < row.size(); ++k)
    if (trim(header[k]) == "order_id")
      return trim(row[k]);
  return std::string();
}

void CsvRecords::push(std::string_view piece) {
  reader_.push(piece);
  read();
}

void CsvRecords::finish() {
  reader_.finish();
  read();
  if (error_.empty() && !have_header_)
    error_ = "the CSV is empty; start from the template";
}

// The header, then every record complete so far (blank ones skipped), until
// an error the file cannot be read past.
void CsvRecords::read() {
  std::vector<std::string> cells;
  std::string error;
  size_t line = 0;
  while (error_.empty() && reader_.next(cells, line, error)) {
    if (!have_header_) {
      error_ = error.empty() ? check_csv_header(cells) : error;
      if (!error_.empty() && error.empty())
        error_ = "line " + std::to_string(line) + ": " + error_;
      header_ = std::move(cells);
      have_header_ = true;
      header_read();
      continue;
    }
    if (!error.empty() && error.find("not closed") != std::string::npos) {
      error_ = error;
      break;
    }
    if (error.empty()) {
      bool empty = true;
      for (const std::string& cell : cells)
        empty = empty && blank(cell);
      if (empty)
        continue;
    }
    record(cells, line, error);
  }
}

// Each record into rows_.
void CsvClaims::record(std::vector<std::string>& cells, size_t line, const std::string& error) {
  ojson row = {{"line", line}};
  if (!error.empty()) {
    row["order_id"] = "";
    row["error"] = error;
  } else {
    row["order_id"] = csv_order_id(header_, cells);
    row["claim"] = csv_row_to_claim(header_, cells);
  }
  if (!rows_.empty())
    rows_ += ',';
  // A cell that is not UTF-8 is replaced (U+FFFD), never thrown over.
  rows_ += row.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::string CsvClaims::take_json() {
  std::string out;
  if (error_.empty()) {
    out = "{\"ok\":true,\"rows\":[" + rows_ + "]}";
  } else {
    ojson e = ojson::object();
    e["ok"] = false;
    e["error"] = error_;
    out = e.dump(-1, ' ', false, ojson::error_handler_t::replace);
  }
  rows_.clear();
  return out;
}

std::string csv_to_claims_json(std::string_view csv) {
  CsvClaims claims;
  claims.push(csv);
  claims.finish();
  return claims.take_json();
}

// csv_result_header() is defined in vocabulary.cpp: the page's engine,
// which links no CSV code, lists the result's columns too.

std::string csv_escape(std::string_view f) {
  // Text from the input that starts like a formula (= + - @, TAB or CR, as
  // OWASP lists them) gets a leading ' so a spreadsheet shows it and never
  // runs it: "-2-3" and "-1+HYPERLINK(...)" are formulas too. Only text
  // comes here; the numbers the engine writes (refund_max, days_left, line)
  // are written as they are. Then quoted when needed.
  std::string s(f);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
    s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos)
    return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"')
      q += '"';
    q += c;
  }
  return q + "\"";
}

namespace {

// Codes, pointers or ids separated by spaces.
template <class List, class Text>
std::string joined(const List& items, uint32_t begin, uint32_t end, Text text) {
  std::string s;
  for (uint32_t i = begin; i < end; ++i) {
    if (!s.empty())
      s += ' ';
    s += text(items[i]);
  }
  return s;
}

std::string instant_cell(bool set, int64_t at, const Zone& zone) {
  std::string s;
  if (set)
    append_instant(s, at, zone);
  return s;
}

}  // namespace

namespace {

// While an order is judged for the agent view (judged_order()), what its
// table shows of it, written instead of its CSV rows by the two functions
// that write those, from the same judged result: the fields of the order
// ("program", "tz", "family", "cur", "warnings") and "claims", one object
// per claim kind; or its "errors". Values null or empty are left out.
thread_local std::string* table_out = nullptr;

template <class List, class Text>
void codes_field(std::string& t, const char* name, const List& items, uint32_t begin, uint32_t end, Text text) {
  if (begin == end)
    return;
  t += ",\"";
  t += name;
  t += "\":[";
  for (uint32_t i = begin; i < end; ++i) {
    t += i != begin ? "," : "";
    json_string(t, text(items[i]));
  }
  t += ']';
}

void table_errors(const std::vector<Error>& errors) {
  std::string& t = *table_out;
  t += ",\"errors\":[";
  for (size_t i = 0; i < errors.size(); ++i) {
    t += i ? ",{\"code\":" : "{\"code\":";
    json_string(t, errors[i].code);
    t += ",\"path\":";
    json_string(t, errors[i].path);
    t += ",\"message\":";
    json_string(t, errors[i].message);
    t += '}';
  }
  t += ']';
}

void instant_field(std::string& t, const char* name, bool set, int64_t at, const Zone& zone) {
  if (!set)
    return;
  t += ",\"";
  t += name;
  t += "\":\"";
  append_instant(t, at, zone);
  t += '"';
}

// The result's program, currency and warnings, and per claim kind what a
// row of the table shows: the values the result's JSON has.
void table_result(const Result& r) {
  std::string& t = *table_out;
  if (r.policy) {
    t += ",\"program\":";
    json_string(t, r.policy->id);
    t += ",\"tz\":";
    json_string(t, r.policy->timezone);
  }
  t += ",\"family\":";
  json_string(t, r.policy ? std::string_view(r.policy->program) : std::string_view(r.program));
  t += ",\"cur\":";
  json_string(t, (*r.claim)[Field::order_currency].s);
  codes_field(t, "warnings", r.warnings, 0, uint32_t(r.warnings.size()),
              [](const eval::Coded& w) { return std::string_view(w.code); });
  t += ",\"claims\":[";
  for (size_t k = 0; k < r.claims.size(); ++k) {
    const Verdict& v = r.claims[k];
    t += k ? ",{\"kind\":\"" : "{\"kind\":\"";
    t += kind_name(v.kind);
    t += "\",\"status\":\"";
    t += kStatusNames[v.status];
    t += '"';
    if (v.max_known)
      t += ",\"max\":" + std::to_string(v.max);
    if (v.form) {
      t += ",\"form\":";
      json_string(t, *v.form);
    }
    instant_field(t, "opens", v.has_opens, start_of_day(v.opens, r.zone), r.zone);
    instant_field(t, "closes", v.has_closes, end_of_day(v.closes, r.zone), r.zone);
    if (v.status == eval::open && v.has_closes)
      t += ",\"days\":" + std::to_string(v.closes - r.today);
    // The caps that decide the amount (none for a claim not covered).
    bool first = true;
    if (v.status != eval::not_covered)
      for (uint32_t b = v.basis.begin; b < v.basis.end; ++b)
        if (r.basis[b].applied) {
          t += first ? ",\"caps\":[" : ",";
          first = false;
          json_string(t, *r.basis[b].cap.name);
        }
    if (!first)
      t += ']';
    codes_field(t, "reasons", r.reasons, v.reasons.begin, v.reasons.end,
                [](const eval::Coded& x) { return std::string_view(x.code); });
    codes_field(t, "missing", r.missing, v.missing.begin, v.missing.end,
                [&](const eval::Ref& m) { return r.texts->view(m); });
    if (v.assumed >= 0 && v.decided) {
      t += ",\"assumed\":[{\"path\":\"";
      t += field_spec(r.policy->bounds[size_t(v.assumed)].date).pointer;
      t += "\",\"from\":\"";
      append_date(t, v.assumed_from);
      t += "\",\"to\":\"";
      append_date(t, v.assumed_to);
      t += "\"}]";
    }
    t += '}';
  }
  t += ']';
}

}  // namespace

void csv_error_row(size_t line, std::string_view order_id, const std::vector<Error>& errors, std::string& out) {
  if (table_out) {
    table_errors(errors);
    return;
  }
  std::string errs;
  for (const Error& e : errors) {
    if (!errs.empty())
      errs += "; ";
    errs += e.code;
    if (!e.path.empty())
      errs += " " + e.path;
    errs += ": " + e.message;
  }
  out += std::to_string(line) + "," + csv_escape(order_id) + ",,,,error,,,,,,,,,,," + csv_escape(errs) + ",\n";
}

void csv_error_row(size_t line, std::string_view order_id, const char* code, std::string message, std::string& out) {
  csv_error_row(line, order_id, {Error{code, "", std::move(message)}}, out);
}

// A missing date the answer was decided without: "/shipment/shipped_on
// 2016-03-01..2016-04-12" (a pointer, never a formula).
std::string assumed_cell(const Result& r, const Verdict& v) {
  std::string s;
  if (v.assumed < 0 || !v.decided)
    return s;
  s += field_spec(r.policy->bounds[size_t(v.assumed)].date).pointer;
  s += ' ';
  append_date(s, v.assumed_from);
  s += "..";
  append_date(s, v.assumed_to);
  return s;
}

void csv_result_rows(size_t line, std::string_view order_id, const Result& r, std::string& out) {
  if (table_out) {
    table_result(r);
    return;
  }
  const std::string id = csv_escape(order_id);
  const std::string program = r.policy ? csv_escape(r.policy->id) : std::string();
  const std::string as_of = instant_cell(true, r.claim->as_of.sec, r.zone);
  const std::string currency = csv_escape((*r.claim)[Field::order_currency].s);
  const eval::Evaluator& texts = *r.texts;
  const std::string warnings =
      joined(r.warnings, 0, uint32_t(r.warnings.size()), [](const eval::Coded& w) { return w.code; });
  for (const Verdict& v : r.claims) {
    std::string decided_by;
    for (uint32_t b = v.basis.begin; b < v.basis.end; ++b)
      if (r.basis[b].applied)
        decided_by += (decided_by.empty() ? "" : " ") + r.policy->rules[size_t(r.basis[b].cap.rule)].id;
    const std::string reasons =
        joined(r.reasons, v.reasons.begin, v.reasons.end, [](const eval::Coded& x) { return x.code; });
    const std::string missing = joined(r.missing, v.missing.begin, v.missing.end,
                                       [&](const eval::Ref& m) { return std::string(texts.view(m)); });
    out += std::to_string(line) + "," + id + "," + program + "," + as_of + "," + kind_name(v.kind) + "," +
           kStatusNames[v.status] + "," + (v.max_known ? std::to_string(v.max) : std::string()) + "," + currency + "," +
           (v.form ? *v.form : std::string()) + "," + decided_by + "," +
           instant_cell(v.has_opens, start_of_day(v.opens, r.zone), r.zone) + "," +
           instant_cell(v.has_closes, end_of_day(v.closes, r.zone), r.zone) + "," +
           (v.status == eval::open && v.has_closes ? std::to_string(v.closes - r.today) : std::string()) + "," +
           reasons + "," + csv_escape(missing) + "," + warnings + ",," + assumed_cell(r, v) + "\n";
  }
}

namespace {

// One order judged as evaluate_csv_rows() judges it (the CLI's rows), its
// table's view of the result appended to `table` as a JSON object ("i" the
// order's index), after a comma unless `table` is empty.
void judged_order(size_t i, size_t line, std::string_view order_id, std::string_view claim_json, bool too_large,
                  std::string_view error, bool as_of_filled, std::string& table, const Registry& registry) {
  if (!table.empty())
    table += ',';
  table += "{\"i\":";
  table += std::to_string(i);
  table += ",\"line\":";
  table += std::to_string(line);
  table += ",\"id\":";
  json_string(table, order_id);
  if (as_of_filled)
    table += ",\"asOfDefault\":true";
  std::string unused;
  table_out = &table;
  try {
    if (too_large)
      csv_error_row(line, order_id, "INPUT_TOO_LARGE", std::string(error), unused);
    else
      evaluate_csv_rows(line, order_id, claim_json, unused, registry);
  } catch (...) {
    table_out = nullptr;
    throw;
  }
  table_out = nullptr;
  table += '}';
}

}  // namespace

void csv_judge_json(size_t line, std::string_view order_id, std::string_view claim_json, std::string& out,
                    const Registry& registry) {
  std::string table;
  judged_order(0, line, order_id, claim_json, false, {}, false, table, registry);
  out += table;
}

CsvBatch::CsvBatch(std::string as_of, const Registry& registry) : as_of_(std::move(as_of)), registry_(registry) {}

// The as_of column, added when rows without one get as_of_.
void CsvBatch::header_read() {
  as_of_column_ = size_t(std::find(header_.begin(), header_.end(), "as_of") - header_.begin());
  if (!as_of_.empty() && as_of_column_ == header_.size())
    header_.push_back("as_of");
}

// Each record judged, into orders_, claims_ and table_, the as_of cell
// filled as `batch --as-of` fills it.
void CsvBatch::record(std::vector<std::string>& cells, size_t line, const std::string& error) {
  orders_ += count_ ? ",{\"line\":" : "{\"line\":";
  orders_ += std::to_string(line);
  if (!error.empty()) {
    judged_order(count_++, line, "", {}, true, error, false, table_, registry_);
    orders_ += ",\"id\":\"\",\"error\":";
    json_string(orders_, error);
    orders_ += '}';
    claims_ += count_ > 1 ? "\x1e" : "";
    return;
  }
  bool filled = false;
  if (!as_of_.empty()) {
    if (cells.size() <= as_of_column_)
      cells.resize(as_of_column_ + 1);
    if (blank(cells[as_of_column_])) {
      cells[as_of_column_] = as_of_;
      filled = true;
    }
  }
  const std::string claim = csv_row_to_claim(header_, cells);
  const std::string id = csv_order_id(header_, cells);
  judged_order(count_++, line, id, claim, false, {}, filled, table_, registry_);
  orders_ += ",\"id\":";
  json_string(orders_, id);
  orders_ += filled ? ",\"asOf\":true}" : "}";
  // Claim JSON holds no control character: a separator never inside one.
  claims_ += count_ > 1 ? "\x1e" : "";
  claims_ += claim;
}

std::string CsvBatch::take_json() {
  std::string out;
  if (error_.empty()) {
    out.reserve(orders_.size() + claims_.size() + table_.size() + 32);
    out += "{\"ok\":true,\"orders\":[";
    out += orders_;
    out += "]}\n";
    out += claims_;
    out += "\n[";
    out += table_;
    out += ']';
  } else {
    out = "{\"ok\":false,\"error\":";
    json_string(out, error_);
    out += '}';
  }
  orders_.clear();
  claims_.clear();
  table_.clear();
  count_ = 0;
  return out;
}

}  // namespace assurecalc
