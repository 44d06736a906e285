// Orders as CSV for support agents: one row per order, payments and order
// lines as numbered columns. Rows become claim JSON without judging any
// value (the engine does that, with its own errors and paths); results
// become CSV rows, one per order and claim kind. The command line and the
// agent view in the browser both go through here, so their CSVs match.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "assurecalc.hpp"

namespace assurecalc {

struct Result;
struct Error;

// Splits RFC 4180 CSV into records (quoted fields, doubled quotes, CRLF or
// LF, newlines inside quotes). `lines` gets each record's first line number.
struct CsvTable {
  std::vector<std::vector<std::string>> records;
  std::vector<size_t> lines;
  std::string error;  // unterminated quote and the like; empty when fine
};
CsvTable parse_csv(std::string_view text);

// The same, a piece of text at a time, holding one record at most: a file of
// any size in bounded memory. A record longer than `max_record` bytes is
// answered with an error (and skipped to its next line) without being held.
class CsvReader {
 public:
  explicit CsvReader(size_t max_record = size_t(1) << 20);
  void push(std::string_view piece);  // the next piece of the text
  void finish();                      // no more pieces
  // The next record: its cells and first line, or `error` (an unclosed
  // quote, a record too long). False when none is complete yet.
  bool next(std::vector<std::string>& cells, size_t& line, std::string& error);

 private:
  bool scan(std::vector<std::string>& cells, size_t& first_line, std::string& error);
  std::string text_;
  size_t pos_ = 0, line_ = 1, max_record_;
  bool done_ = false, bom_seen_ = false, skipping_ = false;
};

// The input columns, documented in the README and in the template.
const char* csv_template();

// Checks a header row: every column must be known (`payment<N>_on`,
// `line<N>_sku`... with any N >= 1). Returns an error message or "".
std::string check_csv_header(const std::vector<std::string>& header);

// One data row as claim JSON text. Empty cells are left out; numeric
// columns holding a number become JSON numbers, anything else stays text
// so that the engine reports it (INVALID_AMOUNT at /order/total, ...).
std::string csv_row_to_claim(const std::vector<std::string>& header, const std::vector<std::string>& row);

// The result columns.
const char* csv_result_header();
// Evaluates one row's claim (csv_row_to_claim's JSON) and appends its CSV
// rows to `out`: one per claim kind, or one error row. False when the claim
// had errors. Written from the judged result, never from its JSON.
bool evaluate_csv_rows(size_t line, std::string_view order_id, std::string_view claim_json, std::string& out,
                       const Registry& registry = builtin_registry());
// The same rows from a result already judged, or from errors.
void csv_result_rows(size_t line, std::string_view order_id, const Result& result, std::string& out);
void csv_error_row(size_t line, std::string_view order_id, const std::vector<Error>& errors, std::string& out);
void csv_error_row(size_t line, std::string_view order_id, const char* code, std::string message, std::string& out);

// One CSV field of text, quoted when needed; a leading = + - @, TAB or CR
// is prefixed with ' so a spreadsheet never runs it as a formula.
std::string csv_escape(std::string_view field);

// A CSV read a piece at a time (push, then finish): its header checked,
// then each record complete so far handed to record() (its cells; or, for
// a row too large to read, none and `error`). Blank rows are skipped; a bad
// header, an unclosed quote or an empty file set error_ and end it.
class CsvRecords {
 public:
  virtual ~CsvRecords() = default;
  void push(std::string_view piece);
  void finish();

 protected:
  virtual void header_read() {}
  virtual void record(std::vector<std::string>& cells, size_t line, const std::string& error) = 0;
  std::vector<std::string> header_;
  std::string error_;

 private:
  void read();
  CsvReader reader_;
  bool have_header_ = false;
};

// Orders from a CSV as claim JSON, a piece of text at a time (the agent
// view's worker reads a file this way, in bounded memory). take_json() gives
// the rows complete so far: {"ok":true,"rows":[{"line":2,"order_id":"PO-1",
// "claim":"<claim JSON text>"}]}, a row over 1 MiB as {"line":..,
// "order_id":"","error":".."}; or {"ok":false,"error":"line 1: unknown
// column ..."} for a bad header, an unclosed quote or an empty file. Blank
// rows are skipped.
class CsvClaims : public CsvRecords {
 public:
  std::string take_json();

 private:
  void record(std::vector<std::string>& cells, size_t line, const std::string& error) override;
  std::string rows_;  // the rows so far, as JSON objects separated by commas
};

// The agent view's table: one order judged as evaluate_csv_rows() judges
// it, what the table shows of the result appended to `out` as a JSON
// object: {"i":0,"line":2,"id":"PO-1","program" (the version's id),"tz" (its
// zone),"family","cur","warnings" (codes),"claims":[{"kind","status","max",
// "form","opens","closes","days","caps" (the caps that decide the amount),
// "reasons" (codes),"missing","assumed"}]} with the values of the result's
// JSON, those null or empty left out; or {"i","line","id","errors":[{"code",
// "path","message"}]}. (The CSV rows come from evaluate_csv_rows() itself.)
void csv_judge_json(size_t line, std::string_view order_id, std::string_view claim_json, std::string& out,
                    const Registry& registry = builtin_registry());

// Orders from a CSV, a piece at a time, judged as `assurecalc batch --csv
// --as-of <as_of>` judges them ("" : no --as-of). take_json() gives the
// orders complete so far in three lines: {"ok":true,"orders":[{"line","id",
// "asOf":true (its as_of filled in)}]}; the claim JSON judged of each,
// separated by U+001E (text, not JSON: claim JSON holds no control
// character; an empty one for a row over 1 MiB, which comes with "error"
// in its order); and [their table objects, as csv_judge_json writes them,
// "i" counting the orders of this answer, "asOfDefault":true for an as_of
// filled in]. {"ok":false,"error":..} alone as CsvClaims gives it. Blank
// rows are skipped.
class CsvBatch : public CsvRecords {
 public:
  explicit CsvBatch(std::string as_of = std::string(), const Registry& registry = builtin_registry());
  std::string take_json();

 private:
  void header_read() override;
  void record(std::vector<std::string>& cells, size_t line, const std::string& error) override;
  std::string as_of_;
  const Registry& registry_;
  size_t as_of_column_ = 0;
  std::string orders_, claims_, table_;
  size_t count_ = 0;
};

// A whole CSV at once, the same way.
std::string csv_to_claims_json(std::string_view csv);

// The order id cell of a row ("" when none).
std::string csv_order_id(const std::vector<std::string>& header, const std::vector<std::string>& row);

}  // namespace assurecalc
