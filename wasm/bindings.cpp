// The embind layer: only conversions between JavaScript and the engine.
// No rule logic here; every function returns a value, none throws.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "assurecalc.hpp"
#include "csv.hpp"

namespace {

// The fast path: JavaScript encodes the claim (TextEncoder.encodeInto)
// straight into `input`, the engine writes the result into `output`, and
// JavaScript decodes it from the module's memory. No per-character copies.
std::string input;
std::string_view output;  // the engine's own result buffer, valid until the next call

uintptr_t input_buffer(size_t bytes) {
  input.resize(bytes);
  return reinterpret_cast<uintptr_t>(input.data());
}
size_t evaluate_buffer(size_t bytes) {
  assurecalc::evaluate_view(std::string_view(input.data(), bytes < input.size() ? bytes : input.size()), output);
  return output.size();
}
uintptr_t output_buffer() { return reinterpret_cast<uintptr_t>(output.data()); }

std::string evaluate_string(const std::string& claim) { return assurecalc::evaluate(claim); }

emscripten::val evaluate_object(emscripten::val claim) {
  const emscripten::val json = emscripten::val::global("JSON");
  std::string text;
  if (!claim.isUndefined())
    text = json.call<std::string>("stringify", claim);
  return json.call<emscripten::val>("parse", assurecalc::evaluate(text));
}

std::string programs() { return assurecalc::programs_json(); }

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
  emscripten::function("evaluateBuffer", &evaluate_buffer);
  emscripten::function("outputBuffer", &output_buffer);
  emscripten::function("evaluate", &evaluate_string);
  emscripten::function("evaluateObject", &evaluate_object);
  emscripten::function("programs", &programs);
  emscripten::function("version", &version);
  emscripten::function("csvToClaims", &csv_to_claims);
  emscripten::function("csvResultRows", &csv_result_rows);
  emscripten::function("csvResultHeader", &csv_result_header);
  emscripten::function("csvTemplate", &csv_template);
}
