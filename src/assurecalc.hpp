// assurecalc: is a buyer-protection claim eligible, for how much, and until
// when. One pure function: claim JSON in, result JSON out (claim-api.md).
//
// This is the library's whole public interface; the engine's workings
// (claim reader, policy compiler, evaluator, writers) are in the other
// headers of src/, which callers need not include.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace assurecalc {

// A claim larger than this, or nested deeper, is INPUT_TOO_LARGE.
constexpr size_t kMaxInput = 1 << 20;
constexpr int kMaxDepth = 64;

struct Policy;
struct Calendar;
class Registry;
bool read_table_registry(std::string_view bytes, Registry& registry);

// Where a policy or calendar file is wrong: a JSON Pointer into it and what
// to fix.
struct PolicyError {
  std::string path, message;
};

// The programs the engine knows: the built-in ones, and a caller's own.
class Registry {
 public:
  Registry();
  ~Registry();
  Registry(Registry&&) noexcept;
  Registry& operator=(Registry&&) noexcept;

  // Compiles a policy file; on failure nothing is added and `errors` says
  // what to fix (JSON Pointers into the policy).
  bool add_policy(std::string_view json, std::vector<PolicyError>& errors);
  bool add_calendar(std::string_view json, std::vector<PolicyError>& errors);

  const Policy* find_version(std::string_view id) const;
  // Versions of a program, oldest first; empty when unknown.
  std::vector<const Policy*> versions(std::string_view program) const;
  const Calendar* calendar(std::string_view id) const;
  const std::vector<std::unique_ptr<Policy>>& policies() const { return policies_; }
  const std::vector<std::unique_ptr<Calendar>>& calendars() const { return calendars_; }

 private:
  // The compiled tables of the build (src/tables.cpp) fill a registry as
  // the policy compiler left it.
  friend bool read_table_registry(std::string_view bytes, Registry& registry);
  std::vector<std::unique_ptr<Policy>> policies_;
  std::vector<std::unique_ptr<Calendar>> calendars_;
};

// The policies and calendars compiled into the binary.
const Registry& builtin_registry();
// Adds them to another registry (to extend with a caller's own policies).
bool load_builtin(Registry& registry, std::vector<PolicyError>& errors);

// How much of a result to write: `full`, the contract's whole result, or
// `summary`, the same without refund.basis, timeline and trace (what a list,
// a keystroke or a queue needs: status, window, days left, refund max and
// form, reasons, missing, assumed, dispute dates, warnings).
enum class Detail : unsigned char { full, summary };

// Evaluates one claim. Never throws; bad input gives {"ok":false,...}.
std::string evaluate(std::string_view claim_json, const Registry& registry = builtin_registry());
// Same, writing into `out` (cleared first) so a caller in a loop reuses it.
// Returns false when the input had errors.
bool evaluate_into(std::string_view claim_json, std::string& out, const Registry& registry = builtin_registry());
// Same, without a copy: `result` views a buffer of this thread that the
// next call on the thread reuses.
bool evaluate_view(std::string_view claim_json, std::string_view& result, const Registry& registry = builtin_registry(),
                   Detail detail = Detail::full);

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
