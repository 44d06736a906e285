// assurecalc: the engine on the command line, for support agents and
// nightly queues. All rule logic lives in the library.
#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "assurecalc.hpp"
#include "csv.hpp"

namespace {

const char* const kUsage =
    "usage: assurecalc <command> [options]\n"
    "\n"
    "commands:\n"
    "  evaluate [FILE|-]   evaluate one claim (JSON) and print the result\n"
    "  batch [FILE|-]      evaluate JSON Lines: one claim per line in, one result per line out\n"
    "  batch --csv [FILE]  evaluate a CSV of orders (see --csv-template): one CSV row per order and kind out\n"
    "  programs            list programs, versions, effective dates and rules\n"
    "  vocabulary          the claim's fields, kinds, methods, currencies and codes, as JSON\n"
    "  version             print the engine's version\n"
    "\n"
    "options:\n"
    "  --policy FILE       load an extra policy file (repeatable)\n"
    "  --calendar FILE     load an extra business-day calendar a policy names (repeatable)\n"
    "  --compact           (evaluate) print the result on one line\n"
    "  --csv               (batch) read orders as CSV, write results as CSV\n"
    "  --csv-template      print the CSV input template (header and one example row)\n"
    "  -h, --help          show help for a command\n"
    "\n"
    "exit status: 0 when every claim was read, 1 when an input had errors\n"
    "(the result with its errors is still printed), 2 on usage errors.\n";

const char* const kEvaluateHelp =
    "usage: assurecalc evaluate [--compact] [--policy FILE] [FILE|-]\n"
    "Reads one claim (claim-api.md) from FILE or standard input and prints the\n"
    "result JSON. Exit 0 when evaluated, 1 when the claim had errors.\n";
const char* const kBatchHelp =
    "usage: assurecalc batch [--policy FILE] [FILE|-]\n"
    "       assurecalc batch --csv [--policy FILE] [FILE|-]\n"
    "Reads JSON Lines (one claim per line) and writes one compact result per\n"
    "line, in order, streaming in constant memory. Blank lines are skipped.\n"
    "Lines longer than 1 MiB give INPUT_TOO_LARGE. Exit 1 when any line had errors.\n"
    "With --csv: reads a CSV of orders (columns of `assurecalc --csv-template`:\n"
    "amounts in minor units, dates YYYY-MM-DD, payments and order lines as\n"
    "numbered columns payment1_on, payment1_amount, ..., line1_sku, ...) and\n"
    "writes a CSV with one row per order and claim kind:\n"
    "line,order_id,program,as_of,kind,status,refund_max,currency,form,decided_by,\n"
    "opens_at,closes_at,days_left,reasons,missing,warnings,errors. A row with bad input\n"
    "gives one row with status `error` and its errors, never dropped.\n";
const char* const kVocabularyHelp =
    "usage: assurecalc vocabulary [--policy FILE]\n"
    "Prints the claim's vocabulary as JSON: every field (JSON Pointer, type,\n"
    "allowed values, unit, CSV column, widget attribute, the versions that\n"
    "read and need it), kinds, payment methods, recipients, Incoterms,\n"
    "coverage types, currencies with their ISO 4217 exponents, statuses,\n"
    "refund forms, every reason, warning and error code with its params,\n"
    "each version's fields, and the CSV columns.\n";
const char* const kProgramsHelp =
    "usage: assurecalc programs\n"
    "Prints the programs, their versions, effective periods [from, to), the\n"
    "claim kinds each covers and every rule with its source, as JSON.\n";

bool read_all(const std::string& path, std::string& out) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f)
    return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

// Standard input or a file, read in large pieces.
class Input {
 public:
  explicit Input(const std::string& path) : f_(path == "-" ? stdin : std::fopen(path.c_str(), "rb")) {}
  ~Input() {
    if (f_ && f_ != stdin)
      std::fclose(f_);
  }
  bool ok() const { return f_ != nullptr; }
  // The next piece, empty at the end: what has arrived, without waiting
  // for a full buffer (a pipe's first line is answered at once).
  std::string_view read() {
    for (;;) {
      const ssize_t n = ::read(fileno(f_), buf_, sizeof buf_);
      if (n >= 0)
        return std::string_view(buf_, size_t(n));
      if (errno != EINTR)
        return std::string_view();
    }
  }

 private:
  std::FILE* f_;
  char buf_[1 << 16];
};

// Answers go out as soon as they are known: written in large pieces while
// they come fast, at once when one has taken a while, and always before
// the next read, which may wait.
class Output {
 public:
  ~Output() { flush(); }
  std::string& buffer() { return out_; }
  void written() {
    const auto now = std::chrono::steady_clock::now();
    if (out_.size() >= (1 << 16) || now - last_ >= std::chrono::milliseconds(100)) {
      flush();
      last_ = now;
    }
  }
  void flush() {
    if (out_.empty())
      return;
    std::fwrite(out_.data(), 1, out_.size(), stdout);
    std::fflush(stdout);
    out_.clear();
  }

 private:
  std::string out_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

bool blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

// JSON Lines in, one result per line out. A line over the claim limit is
// answered INPUT_TOO_LARGE without being held.
int batch_json_lines(Input& in, const assurecalc::Registry& reg) {
  Output out;
  std::string line, result;
  bool all_ok = true, too_long = false;
  auto answer = [&] {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (!blank(line) || too_long) {
      if (too_long)
        line.append(1, ' ');  // keeps it over the limit: INPUT_TOO_LARGE
      all_ok &= assurecalc::evaluate_into(line, result, reg);
      out.buffer() += result;
      out.buffer() += '\n';
      out.written();
    }
    line.clear();
    too_long = false;
  };
  for (std::string_view piece; (out.flush(), !(piece = in.read()).empty());) {
    while (!piece.empty()) {
      const size_t nl = piece.find('\n');
      const std::string_view part = piece.substr(0, nl);
      const size_t room = assurecalc::kMaxInput + 1 - std::min(line.size(), assurecalc::kMaxInput + 1);
      line.append(part.data(), std::min(part.size(), room));
      too_long |= part.size() > room;
      if (nl == std::string_view::npos)
        break;
      answer();
      piece.remove_prefix(nl + 1);
    }
  }
  if (!line.empty() || too_long)
    answer();
  return all_ok ? 0 : 1;
}

// A CSV of orders in, CSV rows out, a record at a time.
int batch_csv(Input& in, const assurecalc::Registry& reg) {
  assurecalc::CsvReader reader;
  Output out;
  std::vector<std::string> header, row;
  std::string error;
  size_t line = 0;
  bool all_ok = true, have_header = false, more = true;
  while (more) {
    out.flush();  // before waiting for more input
    const std::string_view piece = in.read();
    if (piece.empty()) {
      reader.finish();
      more = false;
    } else {
      reader.push(piece);
    }
    while (reader.next(row, line, error)) {
      if (!error.empty() && (!have_header || error.find("not closed") != std::string::npos)) {
        out.flush();
        std::fprintf(stderr, "assurecalc: %s\n", error.c_str());
        return 2;
      }
      if (!have_header) {
        const std::string bad = assurecalc::check_csv_header(row);
        if (!bad.empty()) {
          std::fprintf(stderr, "assurecalc: line %zu: %s\n", line, bad.c_str());
          return 2;
        }
        header = row;
        have_header = true;
        out.buffer() += assurecalc::csv_result_header();
        continue;
      }
      if (!error.empty()) {
        assurecalc::csv_error_row(line, "", "INPUT_TOO_LARGE", error, out.buffer());
        all_ok = false;
      } else {
        bool empty = true;
        for (const std::string& cell : row)
          empty = empty && blank(cell);
        if (empty)
          continue;
        all_ok &= assurecalc::evaluate_csv_rows(line, assurecalc::csv_order_id(header, row),
                                                assurecalc::csv_row_to_claim(header, row), out.buffer(), reg);
      }
      out.written();
    }
  }
  if (!have_header) {
    std::fputs("assurecalc: the CSV is empty; see --csv-template\n", stderr);
    return 2;
  }
  return all_ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::string cmd;
  std::string file = "-";
  bool compact = false, help = false, csv = false;
  std::vector<std::string> policies, calendars;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      help = true;
    } else if (a == "--compact") {
      compact = true;
    } else if (a == "--csv") {
      csv = true;
    } else if (a == "--csv-template") {
      std::fputs(assurecalc::csv_template(), stdout);
      return 0;
    } else if (a == "--policy" || a == "--calendar") {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "assurecalc: %s needs a file\n", a.c_str());
        return 2;
      }
      (a == "--policy" ? policies : calendars).push_back(argv[++i]);
    } else if (cmd.empty()) {
      cmd = a;
    } else {
      file = a;
    }
  }
  if (cmd.empty()) {
    std::fputs(kUsage, help ? stdout : stderr);
    return help ? 0 : 2;
  }
  if (help) {
    std::fputs(cmd == "evaluate"     ? kEvaluateHelp
               : cmd == "batch"      ? kBatchHelp
               : cmd == "programs"   ? kProgramsHelp
               : cmd == "vocabulary" ? kVocabularyHelp
                                     : kUsage,
               stdout);
    return 0;
  }

  assurecalc::Registry custom;
  const assurecalc::Registry* reg = &assurecalc::builtin_registry();
  if (!policies.empty() || !calendars.empty()) {
    // A custom registry starts from the built-in data, then adds the files:
    // calendars first, since policies name them.
    std::vector<assurecalc::PolicyError> errors;
    assurecalc::load_builtin(custom, errors);
    reg = &custom;
    for (int pass = 0; pass < 2; ++pass)
      for (const std::string& path : pass ? policies : calendars) {
        std::string text;
        if (!read_all(path, text)) {
          std::fprintf(stderr, "assurecalc: cannot read %s\n", path.c_str());
          return 2;
        }
        errors.clear();
        if (!(pass ? custom.add_policy(text, errors) : custom.add_calendar(text, errors))) {
          for (const auto& e : errors)
            std::fprintf(stderr, "assurecalc: %s: %s: %s\n", path.c_str(), e.path.empty() ? "(root)" : e.path.c_str(),
                         e.message.c_str());
          return 2;
        }
      }
  }

  if (cmd == "version") {
    std::cout << assurecalc::version() << '\n';
    return 0;
  }
  if (cmd == "vocabulary") {
    std::cout << nlohmann::ordered_json::parse(assurecalc::vocabulary_json(*reg)).dump(2) << '\n';
    return 0;
  }
  if (cmd == "programs") {
    std::cout << nlohmann::ordered_json::parse(assurecalc::programs_json(*reg)).dump(2) << '\n';
    return 0;
  }
  if (cmd == "evaluate") {
    std::string text;
    if (!read_all(file, text)) {
      std::fprintf(stderr, "assurecalc: cannot read %s\n", file.c_str());
      return 2;
    }
    std::string out;
    const bool ok = assurecalc::evaluate_into(text, out, *reg);
    if (compact)
      std::cout << out << '\n';
    else
      std::cout << nlohmann::ordered_json::parse(out).dump(2) << '\n';
    return ok ? 0 : 1;
  }
  if (cmd == "batch") {
    Input in(file);
    if (!in.ok()) {
      std::fprintf(stderr, "assurecalc: cannot read %s\n", file.c_str());
      return 2;
    }
    return csv ? batch_csv(in, *reg) : batch_json_lines(in, *reg);
  }
  std::fprintf(stderr, "assurecalc: unknown command %s\n\n%s", cmd.c_str(), kUsage);
  return 2;
}
