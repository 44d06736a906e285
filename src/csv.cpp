#include "csv.hpp"

#include <nlohmann/json.hpp>

#include <cstring>

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

std::string csv_row_to_claim(const std::vector<std::string>& header, const std::vector<std::string>& row) {
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

std::string csv_order_id(const std::vector<std::string>& header, const std::vector<std::string>& row) {
  for (size_t k = 0; k < header.size() && k < row.size(); ++k)
    if (trim(header[k]) == "order_id")
      return trim(row[k]);
  return std::string();
}

void CsvClaims::push(std::string_view piece) {
  reader_.push(piece);
  read();
}

void CsvClaims::finish() {
  reader_.finish();
  read();
  if (error_.empty() && !have_header_)
    error_ = "the CSV is empty; start from the template";
}

// Every record complete so far into rows_ (or error_).
void CsvClaims::read() {
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
      continue;
    }
    if (!error.empty() && error.find("not closed") != std::string::npos) {
      error_ = error;
      break;
    }
    ojson row = {{"line", line}};
    if (!error.empty()) {
      row["order_id"] = "";
      row["error"] = error;
    } else {
      bool empty = true;
      for (const std::string& cell : cells)
        empty = empty && blank(cell);
      if (empty)
        continue;
      row["order_id"] = csv_order_id(header_, cells);
      row["claim"] = csv_row_to_claim(header_, cells);
    }
    if (!rows_.empty())
      rows_ += ',';
    // A cell that is not UTF-8 is replaced (U+FFFD), never thrown over.
    rows_ += row.dump(-1, ' ', false, ojson::error_handler_t::replace);
  }
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

void csv_error_row(size_t line, std::string_view order_id, const std::vector<Error>& errors, std::string& out) {
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

}  // namespace assurecalc
