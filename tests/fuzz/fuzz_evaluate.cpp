// libFuzzer target: any bytes through evaluate() must give one JSON result
// object with "ok", never a crash, a hang or a sanitizer report.
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
//     tests/fuzz/fuzz_evaluate.cpp src/*.cpp build/embedded_data.cpp -o fuzz
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "assurecalc.hpp"
#include "policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view out;
  assurecalc::evaluate_view(in, out);
  if (out.size() < 10 || out.front() != '{' || out.back() != '}' || out.substr(0, 6) != "{\"ok\":")
    std::abort();
  return 0;
}
