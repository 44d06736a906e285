// The embind layer: only conversions between JavaScript and the engine.
// No rule logic here. Every text JavaScript hands in goes through one input
// buffer whose allocation is checked (never embind's std::string argument,
// which allocates unchecked and leaks when an exception passes it), and no
// C++ exception crosses into JavaScript: each function answers with a value.
#include <emscripten/bind.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <string>

#include "assurecalc.hpp"
#include "codes.hpp"
#if ASSURECALC_FULL_ENGINE
#include "csv.hpp"
#include "json_out.hpp"
#endif

namespace {

// JavaScript encodes the text (TextEncoder.encodeInto) straight into
// `input`; the engine writes its answer into its own buffer, and
// JavaScript decodes it from the module's memory. The input buffer only
// grows (JavaScript knows its capacity); each answer's length is left at a
// fixed address.
// (malloc, not new: in the page's engine, built without exception
// handling, a failed new aborts where malloc answers null.)
struct FreeBytes {
  void operator()(char* p) const { std::free(p); }
};
std::unique_ptr<char, FreeBytes> input;
size_t input_capacity = 0;
uint32_t output_length = 0;
std::string answer;  // answers of the CSV helpers and errors, reused

// Makes room for `bytes`; returns where to write them, or 0 when the
// memory cannot be had (the old buffer stays).
uintptr_t input_buffer(size_t bytes) {
  if (bytes > input_capacity) {
    const size_t want = bytes < 4096 ? 4096 : bytes;
    char* grown = static_cast<char*>(std::malloc(want));
    if (!grown)
      return 0;
    input.reset(grown);
    input_capacity = want;
  }
  return reinterpret_cast<uintptr_t>(input.get());
}
size_t input_buffer_capacity() { return input_capacity; }
uintptr_t output_length_address() { return reinterpret_cast<uintptr_t>(&output_length); }

std::string_view input_text(size_t offset, size_t bytes) {
  if (offset > input_capacity)
    return {};
  return std::string_view(input.get() + offset, bytes < input_capacity - offset ? bytes : input_capacity - offset);
}

uintptr_t give(std::string_view out) {
  output_length = uint32_t(out.size());
  return reinterpret_cast<uintptr_t>(out.data());
}

// The engine could not answer (memory ran out): a result that says so.
uintptr_t failed(const char* what) {
  try {
    answer = "{\"ok\":false,\"errors\":[{\"code\":\"INTERNAL\",\"path\":\"\",\"message\":\"The calculator ran out of ";
    answer += what;
    answer += "; reload the page or split the input.\"}]}";
    return give(answer);
  } catch (...) {
    static const char kLast[] =
        "{\"ok\":false,\"errors\":[{\"code\":\"INTERNAL\",\"path\":\"\",\"message\":\"The calculator ran out of "
        "memory.\"}]}";
    return give(std::string_view(kLast, sizeof(kLast) - 1));
  }
}

#if ASSURECALC_FULL_ENGINE
// The full engine (assurecalc-full): the built-in policies, and the
// caller's own once one is added.
std::unique_ptr<assurecalc::Registry> custom;
const assurecalc::Registry& registry() { return custom ? *custom : assurecalc::builtin_registry(); }
#else
// The page's engine: the built-in policies, from the compiled tables.
const assurecalc::Registry& registry() { return assurecalc::builtin_registry(); }
#endif

// Evaluates the first `bytes` of the input buffer; returns where the result
// is (valid until the next call); its length is at output_length_address().
uintptr_t evaluate_buffer(size_t bytes, bool summary) {
  try {
    std::string_view out;
    assurecalc::evaluate_view(input_text(0, bytes), out, registry(),
                              summary ? assurecalc::Detail::summary : assurecalc::Detail::full);
    return give(out);
  } catch (...) {
    return failed("memory on this claim");
  }
}

#if ASSURECALC_FULL_ENGINE
// A caller's own policy or calendar file (its text in the input buffer):
// {"ok":true} or {"ok":false,"errors":[{"path","message"}]}, nothing added
// then. The first one starts a registry holding the built-in ones too.
template <bool (assurecalc::Registry::*add)(std::string_view, std::vector<assurecalc::PolicyError>&)>
uintptr_t add_file(size_t bytes) {
  try {
    if (!custom) {
      auto r = std::make_unique<assurecalc::Registry>();
      std::vector<assurecalc::PolicyError> ignore;
      assurecalc::load_builtin(*r, ignore);
      custom = std::move(r);
    }
    std::vector<assurecalc::PolicyError> errors;
    if (((*custom).*add)(input_text(0, bytes), errors)) {
      answer = "{\"ok\":true}";
    } else {
      answer = "{\"ok\":false,\"errors\":[";
      for (size_t i = 0; i < errors.size(); ++i) {
        answer += i ? ",{\"path\":" : "{\"path\":";
        assurecalc::json_string(answer, errors[i].path);
        answer += ",\"message\":";
        assurecalc::json_string(answer, errors[i].message);
        answer += '}';
      }
      answer += "]}";
    }
    return give(answer);
  } catch (...) {
    return failed("memory reading this policy");
  }
}

// The CSV helpers read their texts from the input buffer too.
uintptr_t csv_to_claims(size_t bytes) {
  try {
    answer = assurecalc::csv_to_claims_json(input_text(0, bytes));
    return give(answer);
  } catch (...) {
    answer.clear();
    answer.shrink_to_fit();
    return failed("memory reading this CSV");
  }
}
// A CSV read a piece at a time (the agent view's files): start, then each
// piece from the input buffer; each call answers the rows complete so far.
std::unique_ptr<assurecalc::CsvClaims> csv_reading;
uintptr_t csv_read(size_t bytes, bool start, bool last) {
  try {
    if (start || !csv_reading)
      csv_reading.reset(new assurecalc::CsvClaims());
    csv_reading->push(input_text(0, bytes));
    if (last)
      csv_reading->finish();
    answer = csv_reading->take_json();
    if (last)
      csv_reading.reset();
    return give(answer);
  } catch (...) {
    csv_reading.reset();
    return failed("memory reading this CSV");
  }
}

// The order id's bytes, then the claim's, one after the other: the claim is
// evaluated and its CSV rows written from the judged result.
uintptr_t csv_rows(double line, size_t id_bytes, size_t claim_bytes) {
  try {
    answer.clear();
    assurecalc::evaluate_csv_rows(size_t(line), input_text(0, id_bytes), input_text(id_bytes, claim_bytes), answer,
                                  registry());
    return give(answer);
  } catch (...) {
    return failed("memory writing this CSV row");
  }
}

// The agent view's CSV, judged a piece at a time: start (with the as_of
// text for rows without one: its bytes, then the piece's), then each piece;
// each call answers the orders complete so far, each judged once, with what
// the view's table shows of them (CsvBatch).
std::unique_ptr<assurecalc::CsvBatch> csv_judging;
uintptr_t csv_judge_read(size_t as_of_bytes, size_t bytes, bool start, bool last) {
  try {
    if (start || !csv_judging)
      csv_judging.reset(new assurecalc::CsvBatch(std::string(input_text(0, as_of_bytes)), registry()));
    csv_judging->push(input_text(as_of_bytes, bytes));
    if (last)
      csv_judging->finish();
    answer = csv_judging->take_json();
    if (last)
      csv_judging.reset();
    return give(answer);
  } catch (...) {
    csv_judging.reset();
    answer.clear();
    answer.shrink_to_fit();
    return failed("memory reading this CSV");
  }
}

// One order's claim judged once, as the agent view's table shows it
// (csv_judge_json): the order id's bytes, then the claim's.
uintptr_t csv_judge(double line, size_t id_bytes, size_t claim_bytes) {
  try {
    answer.clear();
    answer += '{';
    answer += "\"ok\":true,\"row\":";
    assurecalc::csv_judge_json(size_t(line), input_text(0, id_bytes), input_text(id_bytes, claim_bytes), answer,
                               registry());
    answer += '}';
    return give(answer);
  } catch (...) {
    return failed("memory writing this CSV row");
  }
}

// An order's error row, as the CLI writes it (a row too large to read, say):
// the order id's bytes, the code's, then the message's. A code that is not
// an error code of the engine's is written as INTERNAL.
uintptr_t csv_error_row(double line, size_t id_bytes, size_t code_bytes, size_t message_bytes) {
  try {
    const assurecalc::CodeDef* code = assurecalc::find_code(input_text(id_bytes, code_bytes));
    const char* name = code && code->cls == assurecalc::CodeClass::error ? code->code : "INTERNAL";
    answer.clear();
    assurecalc::csv_error_row(size_t(line), input_text(0, id_bytes), name,
                              std::string(input_text(id_bytes + code_bytes, message_bytes)), answer);
    return give(answer);
  } catch (...) {
    return failed("memory writing this CSV row");
  }
}

#endif  // ASSURECALC_FULL_ENGINE

// Texts the engine makes from its own tables: "" only if memory ran out.
template <std::string (*make)()>
std::string text_of() {
  try {
    return make();
  } catch (...) {
    return std::string();
  }
}
std::string programs() { return assurecalc::programs_json(registry()); }
std::string vocabulary() { return assurecalc::vocabulary_json(registry()); }
std::string version() { return assurecalc::version(); }
#if ASSURECALC_FULL_ENGINE
std::string csv_result_header() { return assurecalc::csv_result_header(); }
std::string csv_template() { return assurecalc::csv_template(); }
#endif

}  // namespace

EMSCRIPTEN_BINDINGS(assurecalc) {
  emscripten::function("inputBuffer", &input_buffer);
  emscripten::function("inputBufferCapacity", &input_buffer_capacity);
  emscripten::function("outputLengthAddress", &output_length_address);
  emscripten::function("evaluateBuffer", &evaluate_buffer);
  emscripten::function("programs", &text_of<programs>);
  emscripten::function("vocabulary", &text_of<vocabulary>);
  emscripten::function("version", &text_of<version>);
#if ASSURECALC_FULL_ENGINE
  emscripten::function("addPolicy", &add_file<&assurecalc::Registry::add_policy>);
  emscripten::function("addCalendar", &add_file<&assurecalc::Registry::add_calendar>);
  emscripten::function("csvToClaims", &csv_to_claims);
  emscripten::function("csvRows", &csv_rows);
  emscripten::function("csvRead", &csv_read);
  emscripten::function("csvErrorRow", &csv_error_row);
  emscripten::function("csvJudgeRead", &csv_judge_read);
  emscripten::function("csvJudge", &csv_judge);
  emscripten::function("csvResultHeader", &text_of<csv_result_header>);
  emscripten::function("csvTemplate", &text_of<csv_template>);
#endif
}
