// libFuzzer target: any bytes as a CSV of orders, down the path of
// `assurecalc batch --csv` and of the agent view's worker: the CSV read
// whole (parse_csv) and a piece at a time (CsvReader, CsvClaims, as the
// command line and the worker read files), check_csv_header,
// csv_row_to_claim, evaluate_csv_rows (the result rows) and
// csv_to_claims_json. Never a crash, a hang or a sanitizer report, and:
//   - read in pieces (cut where the input says), the CSV gives the very
//     records, line numbers and error it gives read whole, and CsvClaims
//     the very rows csv_to_claims_json gives;
//   - every row's claim is UTF-8 JSON (an object), whatever the cells hold;
//   - every result is UTF-8 JSON starting {"ok":;
//   - every result row read back as CSV has the header's 17 columns and
//     starts with the row's line number;
//   - from UTF-8 input, the CSV written and the errors are UTF-8;
//   - the agent view's JSON (csv_to_claims_json) is UTF-8 JSON and holds,
//     row for row, the very claims and line numbers the command line uses.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "assurecalc.hpp"
#include "policy.hpp"
#include "csv.hpp"
#include "fuzz_check.hpp"

namespace {

bool blank_row(const std::vector<std::string>& row) {
  for (const auto& cell : row)
    if (cell.find_first_not_of(" \t") != std::string::npos)
      return false;
  return true;
}

size_t count_columns(std::string_view header) {
  size_t n = 1;
  for (char c : header)
    n += c == ',';
  return n;
}

// Piece lengths from 1 to 64, drawn from the input itself so that a
// failing input replays the same cuts.
std::vector<std::string_view> pieces(std::string_view in) {
  std::vector<std::string_view> out;
  uint32_t x = 2166136261u;
  for (unsigned char c : in.substr(0, 64))
    x = (x ^ c) * 16777619u;
  for (size_t at = 0; at < in.size();) {
    x = x * 1664525u + 1013904223u;
    const size_t n = std::min(in.size() - at, size_t(1 + (x >> 24) % 64));
    out.push_back(in.substr(at, n));
    at += n;
  }
  return out;
}

// The CSV read a piece at a time, the way parse_csv reads it whole.
assurecalc::CsvTable read_in_pieces(const std::vector<std::string_view>& parts) {
  assurecalc::CsvTable t;
  assurecalc::CsvReader reader;
  std::vector<std::string> cells;
  size_t line = 0;
  auto drain = [&] {
    while (t.error.empty() && reader.next(cells, line, t.error) && t.error.empty()) {
      t.records.push_back(cells);
      t.lines.push_back(line);
    }
  };
  for (std::string_view p : parts) {
    reader.push(p);
    drain();
  }
  reader.finish();
  drain();
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const bool utf8_in = fuzz::valid_utf8(in);

  // The agent view's path first: one JSON text, whatever the input.
  const std::string agent = assurecalc::csv_to_claims_json(in);
  const nlohmann::json view = fuzz::require_json(agent, "csv_to_claims_json must give UTF-8 JSON");
  if (!view.is_object() || !view["ok"].is_boolean())
    fuzz::fail("csv_to_claims_json must give {\"ok\":...}", agent);

  // The command line's path.
  const assurecalc::CsvTable t = assurecalc::parse_csv(in);
  if (t.records.size() != t.lines.size())
    fuzz::fail("parse_csv must give a line number per record", in);

  // Read in pieces, the same records; and the agent view's rows the same.
  const std::vector<std::string_view> parts = pieces(in);
  const assurecalc::CsvTable s = read_in_pieces(parts);
  if (s.records != t.records || s.lines != t.lines || s.error != t.error)
    fuzz::fail("the CSV read in pieces must give what it gives read whole", in);
  {
    assurecalc::CsvClaims claims;
    nlohmann::json rows = nlohmann::json::array();
    std::string last;
    auto take = [&] {
      last = claims.take_json();
      const nlohmann::json j = fuzz::require_json(last, "CsvClaims must give UTF-8 JSON");
      if (j["ok"] == true)
        for (const auto& r : j["rows"])
          rows.push_back(r);
    };
    for (std::string_view p : parts) {
      claims.push(p);
      take();
    }
    claims.finish();
    take();
    const nlohmann::json end = nlohmann::json::parse(last);
    if (end["ok"] != view["ok"] || (view["ok"] == true ? rows != view["rows"] : end["error"] != view["error"]))
      fuzz::fail("CsvClaims in pieces must give what csv_to_claims_json gives", last);
  }
  std::string header_error;
  if (t.error.empty() && !t.records.empty())
    header_error = assurecalc::check_csv_header(t.records[0]);
  const bool usable = t.error.empty() && !t.records.empty() && header_error.empty();
  if (view["ok"].get<bool>() != usable)
    fuzz::fail("the agent view and the command line must accept the same CSVs", agent);
  if (!usable) {
    // The command line prints it; it may quote the input, so it is UTF-8
    // when the input is.
    const std::string& message = t.error.empty() ? header_error : t.error;
    if (utf8_in && !fuzz::valid_utf8(message))
      fuzz::fail("an error about a UTF-8 CSV must be UTF-8", message);
    return 0;
  }

  const std::vector<std::string>& header = t.records[0];
  const size_t columns = count_columns(assurecalc::csv_result_header());
  const nlohmann::json& rows = view["rows"];
  size_t row_index = 0;
  std::string out;
  for (size_t r = 1; r < t.records.size(); ++r) {
    const auto& row = t.records[r];
    if (blank_row(row))
      continue;
    const std::string claim = assurecalc::csv_row_to_claim(header, row);
    const nlohmann::json c = fuzz::require_json(claim, "csv_row_to_claim must give UTF-8 JSON");
    if (!c.is_object())
      fuzz::fail("csv_row_to_claim must give an object", claim);
    if (row_index >= rows.size() || rows[row_index]["claim"] != claim || rows[row_index]["line"] != t.lines[r])
      fuzz::fail("the agent view's row must be the command line's claim and line", claim);
    ++row_index;

    assurecalc::evaluate_into(claim, out);
    fuzz::require_result(out);
    std::string written;
    assurecalc::evaluate_csv_rows(t.lines[r], assurecalc::csv_order_id(header, row), claim, written);
    if (written.empty() || written.back() != '\n')
      fuzz::fail("every evaluated row must give at least one CSV row", written);
    if (utf8_in && !fuzz::valid_utf8(written))
      fuzz::fail("UTF-8 input must give UTF-8 CSV", written);
    // Read back, the rows have the header's columns and their line number.
    const assurecalc::CsvTable back = assurecalc::parse_csv(written);
    if (!back.error.empty() || back.records.empty())
      fuzz::fail("result rows must read back as CSV", written);
    const std::string line = std::to_string(t.lines[r]);
    for (const auto& rec : back.records)
      if (rec.size() != columns || rec[0] != line)
        fuzz::fail("a result row must have the header's columns and the row's line number", written);
  }
  if (row_index != rows.size())
    fuzz::fail("the agent view must have as many rows as the command line evaluates", agent);
  return 0;
}
