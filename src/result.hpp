// The result of judging one claim, as plain data: judge_claim() fills it,
// the writers (JSON, CSV) read it. Texts made while judging (params, missing
// pointers) sit in the evaluator's arena and are referred to by span.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "evaluator.hpp"

namespace assurecalc {

// A range of one of the Result's flat lists.
struct Slice {
  uint32_t begin = 0, end = 0;
};

// What one claim kind came to.
struct Verdict {
  Kind kind;
  eval::Status status = eval::needs_info;
  int rule = -1;  // the kind's rule: it derived the window
  bool has_opens = false, has_closes = false;
  Day opens = 0, closes = 0;  // days in the program's zone
  bool max_known = false;
  int64_t max = 0;  // refund.max, in minor units
  const std::string* form = nullptr;
  int form_rule = -1;             // the rule that gave the form
  Slice reasons, basis, missing;  // into Result::reasons, basis, missing
  // The missing date this claim was judged over a range of (an index into
  // the policy's bounds, -1 for none) and the range; `decided` when every
  // day of it gives this answer (the result's `assumed`), else the claim
  // needs the date (the timeline still shows the range).
  int assumed = -1;
  bool decided = false;
  Day assumed_from = 0, assumed_to = 0;
};

struct BasisLine {
  eval::Basis cap;
  bool applied;
};

struct DisputeDate {
  bool set = false;
  int64_t at = 0;  // seconds since the epoch
  int rule = -1;
};

struct Result {
  const Claim* claim = nullptr;
  const Policy* policy = nullptr;  // the version in force, or null
  const Policy* first = nullptr;   // the program's first version
  std::string program;
  bool program_named = false;  // a version named in the claim's `program`
  Zone zone;                   // the program's time zone
  Day today = 0;               // the as_of day in that zone

  std::vector<Verdict> claims;
  std::vector<eval::Coded> reasons;
  std::vector<BasisLine> basis;
  std::vector<eval::Ref> missing;
  DisputeDate dispute[kDisputeCount];
  std::vector<eval::Coded> warnings;
  // Dates the rules derived, each with the number of claims judged before
  // it was first computed (the trace shows it there).
  struct Derived {
    eval::DerivedDate date;
    size_t after_claims;
  };
  std::vector<Derived> derived;
  std::vector<eval::TimelineItem> timeline;  // built from the above, in time order

  const eval::Evaluator* texts = nullptr;  // resolves the spans
};

// Judges `claim` (read without errors) into `r`, reusing its storage.
// Returns false and adds to claim.errors when the program is unknown.
bool judge_claim(Claim& claim, const Registry& registry, eval::Evaluator& ev, Result& r);

// The result as JSON (claim-api.md).
void write_result_json(const Result& r, Buf& out, Detail detail = Detail::full);
void write_errors_json(const std::vector<Error>& errors, Buf& out);

}  // namespace assurecalc
