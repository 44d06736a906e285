// assurecalc: the engine on the command line, for support agents and
// nightly queues. All rule logic lives in the library.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <new>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

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
    "  --as-of INSTANT     (evaluate, batch) judge a claim without as_of at INSTANT\n"
    "                      (RFC 3339, e.g. 2025-04-20T09:30:00Z) or `now`; stderr says how many\n"
    "  --detail LEVEL      (evaluate, batch) `full` (the default) or `summary`: no refund\n"
    "                      basis, timeline or trace, for lists and queues\n"
    "  --jobs N            (batch, JSON Lines) judge on N threads (default: one per core)\n"
    "  -h, --help          show help for a command\n"
    "\n"
    "exit status: 0 when every claim was read, 1 when an input had errors\n"
    "(the result with its errors is still printed), 2 on usage errors.\n";

const char* const kEvaluateHelp =
    "usage: assurecalc evaluate [--compact] [--detail full|summary] [--as-of INSTANT|now] [--policy FILE] [FILE|-]\n"
    "Reads one claim (claim-api.md) from FILE or standard input and prints the\n"
    "result JSON. Exit 0 when evaluated, 1 when the claim had errors.\n"
    "--as-of INSTANT|now: a claim without as_of is judged at that instant.\n";
const char* const kBatchHelp =
    "usage: assurecalc batch [--detail full|summary] [--as-of INSTANT|now] [--jobs N] [--policy FILE] [FILE|-]\n"
    "       assurecalc batch --csv [--as-of INSTANT|now] [--policy FILE] [FILE|-]\n"
    "Reads JSON Lines (one claim per line) and writes one compact result per\n"
    "line, in order, streaming in constant memory. Blank lines are skipped.\n"
    "Lines longer than 1 MiB give INPUT_TOO_LARGE. Exit 1 when any line had errors.\n"
    "With --csv: reads a CSV of orders (columns of `assurecalc --csv-template`:\n"
    "amounts in minor units, dates YYYY-MM-DD, payments and order lines as\n"
    "numbered columns payment1_on, payment1_amount, ..., line1_sku, ...) and\n"
    "writes a CSV with one row per order and claim kind:\n"
    "line,order_id,program,as_of,kind,status,refund_max,currency,form,decided_by,\n"
    "opens_at,closes_at,days_left,reasons,missing,warnings,errors,assumed. A row with\n"
    "bad input gives one row with status `error` and its errors, never dropped.\n"
    "With --as-of: a claim (or CSV row) without as_of is judged at that instant\n"
    "(`now`: this moment, in UTC); standard error says how many were. Without it,\n"
    "such a claim is answered MISSING_FIELD at /as_of.\n";
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
  int fd() const { return fileno(f_); }
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

// --as-of: the instant a claim without `as_of` is judged at, and how many were.
struct AsOf {
  std::string instant;  // empty: not given (such a claim is MISSING_FIELD)
  size_t filled = 0;
  std::string scratch;  // the claim with the instant put in
};

// JSON text from `p` on: the end of one value (a string, an object or array
// with what it holds, or a scalar), or npos when the text ends first.
size_t skip_value(std::string_view s, size_t p) {
  int depth = 0;
  for (; p < s.size(); ++p) {
    const char c = s[p];
    if (c == '"') {
      for (++p; p < s.size() && s[p] != '"'; ++p)
        if (s[p] == '\\')
          ++p;
      if (p >= s.size())
        return std::string_view::npos;
      if (depth == 0)
        return p + 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0)
        return p;  // the end of the enclosing object: a scalar ended here
      if (--depth == 0)
        return p + 1;
    } else if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      return p;
    }
  }
  return depth == 0 ? p : std::string_view::npos;
}

// The claim with `"as_of":"<instant>"` as its top-level member: the value of
// an `as_of` member replaced (it was null), else the member put first.
// False when the text is no JSON object.
bool put_as_of(std::string_view claim, const std::string& instant, std::string& out) {
  auto ws = [&](size_t p) {
    while (p < claim.size() && (claim[p] == ' ' || claim[p] == '\t' || claim[p] == '\n' || claim[p] == '\r'))
      ++p;
    return p;
  };
  const std::string member = "\"as_of\":\"" + instant + "\"";
  const size_t open = ws(0);
  if (open >= claim.size() || claim[open] != '{')
    return false;
  size_t p = ws(open + 1);
  const bool empty = p < claim.size() && claim[p] == '}';
  while (!empty && p < claim.size() && claim[p] == '"') {
    const size_t key_end = skip_value(claim, p);
    if (key_end == std::string_view::npos)
      return false;
    const bool is_as_of = claim.substr(p, key_end - p) == "\"as_of\"";
    p = ws(key_end);
    if (p >= claim.size() || claim[p] != ':')
      return false;
    const size_t value = ws(p + 1);
    const size_t value_end = skip_value(claim, value);
    if (value_end == std::string_view::npos)
      return false;
    if (is_as_of) {
      out.assign(claim.substr(0, p + 1));
      out += '"';
      out += instant;
      out += '"';
      out.append(claim.substr(value_end));
      return true;
    }
    p = ws(value_end);
    if (p >= claim.size() || claim[p] != ',')
      break;
    p = ws(p + 1);
  }
  out.assign(claim.substr(0, open + 1));
  out += member;
  if (!empty)
    out += ',';
  out.append(claim.substr(open + 1));
  return true;
}

// Judges one claim; with --as-of, a claim the engine finds without `as_of`
// is judged again with the instant (claims that have one cost nothing more).
// --detail: how much of each result to write.
assurecalc::Detail detail = assurecalc::Detail::full;

bool judge(std::string_view claim, std::string_view& result, const assurecalc::Registry& reg, AsOf& as_of) {
  const bool ok = assurecalc::evaluate_view(claim, result, reg, detail);
  if (ok || as_of.instant.empty() ||
      result.find("{\"code\":\"MISSING_FIELD\",\"path\":\"/as_of\"") == std::string_view::npos ||
      !put_as_of(claim, as_of.instant, as_of.scratch))
    return ok;
  ++as_of.filled;
  return assurecalc::evaluate_view(as_of.scratch, result, reg, detail);
}

// --jobs: the threads that judge JSON Lines (0: one per core).
unsigned jobs = 0;

// Whether the input has bytes to read now (a file always has; a pipe or a
// terminal may make the next read wait).
bool input_ready(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

// JSON Lines judged on threads, answered in input order. The reader cuts
// the input into jobs (the lines of a piece read), threads judge them, and
// the answers are written as the jobs at the front finish; a few jobs are
// in flight at most, so memory stays constant.
class LinePool {
 public:
  struct Job {
    std::string text;                           // the lines, back to back
    std::vector<std::pair<size_t, size_t>> at;  // each line: offset, length
    std::string out;                            // their answers, a line each
    bool ok = true, done = false;
    bool short_of_memory = false;  // its thread could not judge it: the reader will
    size_t filled = 0;             // claims judged at --as-of
    // Empty again, its buffers kept for the next piece.
    void clear() {
      text.clear();
      at.clear();
      out.clear();
      ok = true;
      done = short_of_memory = false;
      filled = 0;
    }
  };

  // As many threads as asked for and the system gives (under a tight
  // memory limit it may give none: then the jobs are judged as they come),
  // each with a 2 MiB stack (the engine's deepest path, a claim nested to
  // its 64-level limit, needs a small part of it) rather than the default
  // 8 MiB a process under ulimit -v may not have room for.
  LinePool(unsigned threads, const assurecalc::Registry& reg, const std::string& as_of)
      : reg_(reg), as_of_(as_of), inline_as_of_{as_of, 0, {}} {
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0)
      return;
    pthread_attr_setstacksize(&attr, size_t(2) << 20);
    for (unsigned i = 0; i < threads; ++i) {
      pthread_t t;
      if (pthread_create(&t, &attr, &LinePool::run, this) != 0)
        break;
      threads_.push_back(t);
    }
    pthread_attr_destroy(&attr);
  }
  ~LinePool() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (pthread_t t : threads_)
      pthread_join(t, nullptr);
  }
  size_t in_flight() const { return flight_.size(); }
  // A job judged by the calling thread.
  void judge_here(Job& job) { judge_all(job, inline_as_of_); }
  void submit(std::unique_ptr<Job> job) {
    if (threads_.empty()) {
      judge_here(*job);
      job->done = true;
      flight_.push_back(job.release());
      return;
    }
    std::lock_guard<std::mutex> lock(m_);
    flight_.push_back(job.get());
    queue_.push_back(std::move(job));
    work_cv_.notify_one();
  }
  // The oldest job once it is done (waiting for it when `wait`), or null.
  std::unique_ptr<Job> front(bool wait) {
    std::unique_lock<std::mutex> lock(m_);
    if (flight_.empty())
      return nullptr;
    if (wait)
      done_cv_.wait(lock, [&] { return flight_.front()->done; });
    if (!flight_.front()->done)
      return nullptr;
    Job* j = flight_.front();
    flight_.pop_front();
    return std::unique_ptr<Job>(j);
  }

 private:
  void judge_all(Job& job, AsOf& as_of) {
    std::string_view result;
    as_of.filled = 0;
    for (const auto& [off, len] : job.at) {
      job.ok &= judge(std::string_view(job.text).substr(off, len), result, reg_, as_of);
      job.out.append(result);
      job.out += '\n';
    }
    job.filled = as_of.filled;
  }
  static void* run(void* self) {
    static_cast<LinePool*>(self)->work();
    return nullptr;
  }
  void work() {
    AsOf as_of{as_of_, 0, {}};
    for (;;) {
      std::unique_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(m_);
        work_cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty())
          return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      try {
        judge_all(*job, as_of);
      } catch (const std::bad_alloc&) {
        job->short_of_memory = true;
      }
      {
        std::lock_guard<std::mutex> lock(m_);
        job->done = true;
        job.release();  // owned by flight_ until front() hands it back
      }
      done_cv_.notify_all();
    }
  }

  const assurecalc::Registry& reg_;
  const std::string as_of_;
  AsOf inline_as_of_;  // for jobs judged without threads
  std::vector<pthread_t> threads_;
  std::mutex m_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<std::unique_ptr<Job>> queue_;  // submitted, not yet taken
  std::deque<Job*> flight_;                 // submitted, not yet written, in order
  bool stop_ = false;
};

// JSON Lines in, one result per line out, in order. A line over the claim
// limit is answered INPUT_TOO_LARGE without being held whole. Each piece
// read becomes a job; while more input is there at once, jobs are judged
// side by side, and before a read that may wait every answer so far is out
// (a pipe's line is answered at once).
int batch_json_lines(Input& in, const assurecalc::Registry& reg, AsOf& as_of) {
  Output out;
  std::string line;
  bool all_ok = true, too_long = false;
  unsigned threads = jobs ? jobs : std::max(1u, std::min(16u, std::thread::hardware_concurrency()));
  // Under a memory limit (ulimit -v), the threads' stacks take a quarter of it at most.
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    threads = unsigned(std::max<rlim_t>(1, std::min<rlim_t>(threads, limit.rlim_cur / 4 / (rlim_t(2) << 20))));
#ifdef M_ARENA_MAX
  // One heap for every thread: glibc would reserve a large arena for each,
  // which a process under a memory limit (ulimit -v) may not have. The
  // engine allocates little per claim; measured, no slower.
  mallopt(M_ARENA_MAX, 1);
#endif
  LinePool pool(threads, reg, as_of.instant);
  const size_t max_flight = size_t(threads) * 4;
  // Jobs are used again, with their buffers: a new one each time would have
  // its large buffers mapped and unmapped by the allocator.
  std::vector<std::unique_ptr<LinePool::Job>> spare;
  auto fresh = [&] {
    if (spare.empty())
      return std::make_unique<LinePool::Job>();
    std::unique_ptr<LinePool::Job> j = std::move(spare.back());
    spare.pop_back();
    return j;
  };
  std::unique_ptr<LinePool::Job> job = fresh();
  auto emit = [&](std::unique_ptr<LinePool::Job> done) {
    if (done->short_of_memory) {  // judged again here, as without threads
      done->out.clear();
      done->ok = true;
      done->short_of_memory = false;
      pool.judge_here(*done);
    }
    all_ok &= done->ok;
    as_of.filled += done->filled;
    out.buffer().append(done->out);
    out.written();
    done->clear();
    spare.push_back(std::move(done));
  };
  auto answer = [&](std::string_view text) {
    if (!text.empty() && text.back() == '\r')
      text.remove_suffix(1);
    if (!blank(text) || too_long) {
      if (too_long) {
        line.append(1, ' ');  // keeps it over the limit: INPUT_TOO_LARGE
        text = line;
      }
      job->at.emplace_back(job->text.size(), text.size());
      job->text.append(text);
    }
    line.clear();
    too_long = false;
  };
  auto send = [&] {
    if (job->at.empty())
      return;
    pool.submit(std::move(job));
    job = fresh();
    while (auto done = pool.front(pool.in_flight() >= max_flight))
      emit(std::move(done));
  };
  for (;;) {
    if (!input_ready(in.fd())) {
      while (auto done = pool.front(true))
        emit(std::move(done));
      out.flush();
    }
    std::string_view piece = in.read();
    if (piece.empty())
      break;
    while (!piece.empty()) {
      const size_t nl = piece.find('\n');
      const std::string_view part = piece.substr(0, nl);
      if (nl != std::string_view::npos && line.empty() && !too_long && part.size() <= assurecalc::kMaxInput) {
        answer(part);
        piece.remove_prefix(nl + 1);
        continue;
      }
      const size_t room = assurecalc::kMaxInput + 1 - std::min(line.size(), assurecalc::kMaxInput + 1);
      line.append(part.data(), std::min(part.size(), room));
      too_long |= part.size() > room;
      if (nl == std::string_view::npos)
        break;
      answer(line);
      piece.remove_prefix(nl + 1);
    }
    send();
  }
  if (!line.empty() || too_long)
    answer(line);
  send();
  while (auto done = pool.front(true))
    emit(std::move(done));
  return all_ok ? 0 : 1;
}

// A CSV of orders in, CSV rows out, a record at a time.
int batch_csv(Input& in, const assurecalc::Registry& reg, AsOf& as_of) {
  assurecalc::CsvReader reader;
  Output out;
  std::vector<std::string> header, row;
  std::string error;
  size_t line = 0, as_of_column = 0;
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
        // --as-of fills the as_of cell of a row that leaves it empty (a
        // column of its own when the header has none).
        as_of_column = size_t(std::find(header.begin(), header.end(), "as_of") - header.begin());
        if (!as_of.instant.empty() && as_of_column == header.size())
          header.push_back("as_of");
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
        if (!as_of.instant.empty()) {
          if (row.size() <= as_of_column)
            row.resize(as_of_column + 1);
          if (blank(row[as_of_column])) {
            row[as_of_column] = as_of.instant;
            ++as_of.filled;
          }
        }
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

// The instant --as-of names (`now`: this second, in UTC), checked by the
// engine itself on a claim that holds it.
bool valid_as_of(const std::string& arg, const assurecalc::Registry& reg, std::string& instant) {
  if (arg == "now") {
    const std::time_t t = std::time(nullptr);
    std::tm utc{};
    char text[32];
    if (!gmtime_r(&t, &utc) || !std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc))
      return false;
    instant = text;
    return true;
  }
  if (arg.size() > 64 || arg.find_first_of("\"\\") != std::string::npos ||
      std::any_of(arg.begin(), arg.end(), [](char c) { return (unsigned char)c < 0x20; }))
    return false;
  const std::string probe =
      "{\"as_of\":\"" + arg + "\",\"order\":{\"created_on\":\"2020-01-01\",\"currency\":\"USD\",\"total\":1}}";
  std::string_view result;
  assurecalc::evaluate_view(probe, result, reg);
  if (result.find("\"path\":\"/as_of\"") != std::string_view::npos)
    return false;
  instant = arg;
  return true;
}

void report_as_of(const AsOf& as_of) {
  if (as_of.filled)
    std::fprintf(stderr, "assurecalc: as_of missing in %zu claim%s: judged as of %s\n", as_of.filled,
                 as_of.filled == 1 ? "" : "s", as_of.instant.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::string cmd;
  std::string file = "-";
  bool compact = false, help = false, csv = false;
  AsOf as_of;
  std::string as_of_arg;
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
    } else if (a == "--as-of") {
      if (i + 1 >= argc) {
        std::fputs("assurecalc: --as-of needs an instant (RFC 3339, e.g. 2025-04-20T09:30:00Z) or now\n", stderr);
        return 2;
      }
      as_of_arg = argv[++i];
    } else if (a == "--detail") {
      const std::string level = i + 1 < argc ? argv[++i] : "";
      if (level != "full" && level != "summary") {
        std::fputs("assurecalc: --detail needs full or summary\n", stderr);
        return 2;
      }
      detail = level == "summary" ? assurecalc::Detail::summary : assurecalc::Detail::full;
    } else if (a == "--jobs") {
      const std::string n = i + 1 < argc ? argv[++i] : "";
      if (n.empty() || n.size() > 3 || n.find_first_not_of("0123456789") != std::string::npos || std::stoi(n) < 1 ||
          std::stoi(n) > 256) {
        std::fputs("assurecalc: --jobs needs a number of threads from 1 to 256\n", stderr);
        return 2;
      }
      jobs = unsigned(std::stoi(n));
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

  if (!as_of_arg.empty() && !valid_as_of(as_of_arg, *reg, as_of.instant)) {
    std::fprintf(stderr, "assurecalc: --as-of %s is not an RFC 3339 instant (e.g. 2025-04-20T09:30:00Z) nor now\n",
                 as_of_arg.c_str());
    return 2;
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
    std::string_view out;
    const bool ok = judge(text, out, *reg, as_of);
    report_as_of(as_of);
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
    const int code = csv ? batch_csv(in, *reg, as_of) : batch_json_lines(in, *reg, as_of);
    report_as_of(as_of);
    return code;
  }
  std::fprintf(stderr, "assurecalc: unknown command %s\n\n%s", cmd.c_str(), kUsage);
  return 2;
}
