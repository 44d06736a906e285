// assurecalc: is a buyer-protection claim eligible, for how much, and until
// when. One pure function: claim JSON in, result JSON out (claim-api.md).
#pragma once
#include <string>
#include <string_view>

#include "policy.hpp"

namespace assurecalc {

// Evaluates one claim. Never throws; bad input gives {"ok":false,...}.
std::string evaluate(std::string_view claim_json, const Registry& registry = builtin_registry());
// Same, writing into `out` (cleared first) so a caller in a loop reuses it.
// Returns false when the input had errors.
bool evaluate_into(std::string_view claim_json, std::string& out, const Registry& registry = builtin_registry());
// Same, without a copy: `result` views a buffer of this thread that the
// next call on the thread reuses.
bool evaluate_view(std::string_view claim_json, std::string_view& result,
                   const Registry& registry = builtin_registry());

// Programs, their versions, periods, kinds and rules with sources.
std::string programs_json(const Registry& registry = builtin_registry());

const char* version();

}  // namespace assurecalc
