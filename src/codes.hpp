// Every reason, warning and error code the engine can write, declared once
// with the params the engine itself attaches. Policies may name reason and
// warning codes only from this table; the vocabulary lists it.
#pragma once
#include <cstdint>
#include <string_view>

namespace assurecalc {

enum class CodeClass : uint8_t { reason, warning, error };

struct CodeDef {
  const char* code;
  CodeClass cls;
  // The params the engine writes for this code, space-separated; a policy's
  // gate or warning adds the claim fields it quotes.
  const char* params;
};

extern const CodeDef kCodes[];
extern const int kCodeCount;

// The code's row, or nullptr when the engine has no such code.
const CodeDef* find_code(std::string_view code);

}  // namespace assurecalc
