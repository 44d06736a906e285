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

// The claim's vocabulary: every field (JSON Pointer, type, allowed values,
// unit, CSV column, widget attribute, which versions read and need it),
// kinds, payment methods, recipients, Incoterms, coverage types, currencies
// with their ISO 4217 exponents, statuses, refund forms, every reason,
// warning and error code with its params, each version's use of the fields,
// and the CSV columns. Surfaces build their forms and lists from it.
std::string vocabulary_json(const Registry& registry = builtin_registry());

const char* version();

}  // namespace assurecalc
