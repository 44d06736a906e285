// The embind layer: only conversions between JavaScript and the engine.
// No rule logic here; every function returns a value, none throws.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>

#include "assurecalc.hpp"
#include "csv.hpp"

namespace {

// The fast path: JavaScript encodes the claim (TextEncoder.encodeInto)
// straight into `input`, the engine writes the result into its own buffer,
// and JavaScript decodes it from the module's memory. One call per claim:
// the input buffer only grows (JavaScript knows its capacity), and the
// result's length is left at a fixed address.
std::unique_ptr<char[]> input;
size_t input_capacity = 0;
uint32_t output_length = 0;

// Makes room for `bytes` and returns where to write them.
uintptr_t input_buffer(size_t bytes) {
  if (bytes > input_capacity) {
    input_capacity = bytes < 4096 ? 4096 : bytes;
    input.reset(new char[input_capacity]);
  }
  return reinterpret_cast<uintptr_t>(input.get());
}
size_t input_buffer_capacity() { return input_capacity; }
uintptr_t output_length_address() { return reinterpret_cast<uintptr_t>(&output_length); }

// Evaluates the first `bytes` of the input buffer; returns where the result
// is (valid until the next call); its length is at output_length_address().
uintptr_t evaluate_buffer(size_t bytes) {
  std::string_view out;
  assurecalc::evaluate_view(std::string_view(input.get(), bytes < input_capacity ? bytes : input_capacity), out);
  output_length = uint32_t(out.size());
  return reinterpret_cast<uintptr_t>(out.data());
}

std::string evaluate_string(const std::string& claim) { return assurecalc::evaluate(claim); }

emscripten::val evaluate_object(emscripten::val claim) {
  const emscripten::val json = emscripten::val::global("JSON");
  std::string text;
  if (!claim.isUndefined())
    text = json.call<std::string>("stringify", claim);
  return json.call<emscripten::val>("parse", assurecalc::evaluate(text));
}

std::string programs() { return assurecalc::programs_json(); }
std::string vocabulary() { return assurecalc::vocabulary_json(); }

// CSV for support agents (the same functions as `assurecalc batch --csv`).
std::string csv_to_claims(const std::string& csv) { return assurecalc::csv_to_claims_json(csv); }
std::string csv_result_rows(double line, const std::string& order_id, const std::string& result) {
  return assurecalc::csv_result_rows(size_t(line), order_id, result);
}
std::string csv_result_header() { return assurecalc::csv_result_header(); }
std::string csv_template() { return assurecalc::csv_template(); }
std::string version() { return assurecalc::version(); }

}  // namespace

EMSCRIPTEN_BINDINGS(assurecalc) {
  emscripten::function("inputBuffer", &input_buffer);
  emscripten::function("inputBufferCapacity", &input_buffer_capacity);
  emscripten::function("outputLengthAddress", &output_length_address);
  emscripten::function("evaluateBuffer", &evaluate_buffer);
  emscripten::function("evaluate", &evaluate_string);
  emscripten::function("evaluateObject", &evaluate_object);
  emscripten::function("programs", &programs);
  emscripten::function("vocabulary", &vocabulary);
  emscripten::function("version", &version);
  emscripten::function("csvToClaims", &csv_to_claims);
  emscripten::function("csvResultRows", &csv_result_rows);
  emscripten::function("csvResultHeader", &csv_result_header);
  emscripten::function("csvTemplate", &csv_template);
}
