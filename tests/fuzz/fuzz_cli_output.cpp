// libFuzzer target: any bytes through evaluate(), then printed the way the
// command line prints a result (`assurecalc evaluate` without --compact):
// nlohmann::ordered_json::parse(result).dump(2). That must never throw, so
// every result the engine gives is one the CLI can print; and the printed
// text, read back, is the same JSON as the compact result.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "assurecalc.hpp"
#include "policy.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view out;
  assurecalc::evaluate_view(in, out);
  const std::string result(out);
  std::string printed;
  try {
    printed = nlohmann::ordered_json::parse(result).dump(2);
  } catch (const std::exception& e) {
    fuzz::fail(e.what(), result);
  }
  fuzz::require_result(result);
  if (!fuzz::valid_utf8(printed))
    fuzz::fail("the printed result must be UTF-8", printed);
  if (nlohmann::ordered_json::parse(printed) != nlohmann::ordered_json::parse(result))
    fuzz::fail("the printed result must read back as the result", printed);
  return 0;
}
