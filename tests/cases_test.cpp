// Golden cases: every tests/cases/*.json file holds an array of
//   { "name", "note"?, <input>, "expected", "unordered"? }
// where <input> is exactly one of
//   "input":         a claim (any JSON value), serialised with dump();
//   "input_text":    the raw text (for text that is not JSON);
//   "input_base64":  raw bytes (invalid UTF-8, UTF-16, ...);
//   "input_repeat":  {"prefix"?, "text", "times", "suffix"?}: prefix, then
//                    text repeated `times` times, then suffix (big inputs);
//   "input_nesting": N, the text {"order":[[...]]} with N nested arrays
//                    (the root object is level 1, the innermost array N+1).
// (tests/js/lib.mjs builds the same bytes for the wasm run.)
// `expected` is matched against the result as a subset: objects need every
// expected key (recursively), arrays the same length and element-wise
// matches, scalars equality (numbers by value). "unordered" lists JSON
// Pointers (into the result) of arrays whose order the spec leaves open;
// those match as multisets here (expected lists them in the engine's order
// so the element-wise JavaScript matcher agrees).
//
// Every result is also held to the contract's invariants (claim-api.md),
// whatever `expected` says.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "assurecalc.hpp"
#include "policy.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The stable codes of claim-api.md ("Reason and warning codes" and the
// error codes of "Result").
const std::vector<std::string> kReasonCodes = {"ORDER_BEFORE_PROGRAM",
                                               "SUPPLIER_REGION_NOT_COVERED",
                                               "NOT_AN_ASSURANCE_ORDER",
                                               "PAYMENT_METHOD_NOT_COVERED",
                                               "PAID_OFF_PLATFORM",
                                               "KIND_NOT_COVERED",
                                               "SHIPPED_ON_TIME",
                                               "BUYER_ACCEPTED_LATE_SHIPMENT",
                                               "TRANSPORT_RISK_ON_BUYER",
                                               "WINDOW_CLOSED",
                                               "WINDOW_NOT_OPEN",
                                               "NOTHING_COVERED_PAID",
                                               "DELIVERED",
                                               "DELIVERED_ON_TIME",
                                               "COVERAGE_TYPE_NOT_OFFERED",
                                               "CATEGORY_EXCLUDED",
                                               "CHARGEBACK_FILED",
                                               "CLAIM_LIMIT_REACHED"};
const std::vector<std::string> kWarningCodes = {
    "RULE_AMBIGUOUS",        "CALENDAR_NOT_COVERED", "RECEIPT_CONFIRMED_BEFORE_DELIVERY",
    "EXTENSION_OVER_LIMIT",  "UNKNOWN_FIELD",        "ESTIMATED_AMOUNT",
    "PAYMENTS_EXCEED_TOTAL", "DECIDED_WITHOUT_DATE"};
const std::vector<std::string> kErrorCodes = {
    "INVALID_JSON",    "MISSING_FIELD", "INVALID_DATE",           "INVALID_AMOUNT", "UNKNOWN_CURRENCY",
    "UNKNOWN_PROGRAM", "UNKNOWN_KIND",  "UNKNOWN_PAYMENT_METHOD", "UNKNOWN_SKU",    "INCONSISTENT_DATES",
    "INPUT_TOO_LARGE", "INVALID_TYPE",  "INVALID_VALUE"};
const std::vector<std::string> kStatuses = {"open", "not_yet_open", "closed", "not_covered", "needs_info"};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string shorten(const std::string& s, size_t n = 6000) {
  return s.size() <= n ? s : s.substr(0, n) + "... (" + std::to_string(s.size()) + " bytes)";
}

// ---------------------------------------------------------------------------
// Loading the case files

struct Case {
  std::string file;  // file name only
  std::string name;
  json spec;  // the case object
};

struct Loaded {
  std::vector<std::string> files;
  std::map<std::string, std::string> file_errors;  // file -> why it is not a valid case file
  std::vector<Case> cases;
};

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses `text`; reports repeated member names (which nlohmann would
// silently resolve as last-wins) into `dups`.
json parse_strict(const std::string& text, std::vector<std::string>& dups) {
  std::vector<std::set<std::string>> keys;
  json::parser_callback_t cb = [&](int /*depth*/, json::parse_event_t ev, json& parsed) {
    switch (ev) {
      case json::parse_event_t::object_start:
        keys.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!keys.empty())
          keys.pop_back();
        break;
      case json::parse_event_t::key:
        if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second)
          dups.push_back(parsed.get<std::string>());
        break;
      default:
        break;
    }
    return true;
  };
  return json::parse(text, cb);
}

std::string check_case_shape(const json& c) {
  if (!c.is_object())
    return "a case is not an object";
  if (!c.contains("name") || !c["name"].is_string() || c["name"].get<std::string>().empty())
    return "a case has no \"name\"";
  const std::string name = c["name"].get<std::string>();
  int inputs = 0;
  for (const char* k : {"input", "input_text", "input_base64", "input_repeat", "input_nesting"})
    inputs += int(c.contains(k));
  if (inputs != 1)
    return name + ": needs exactly one of input, input_text, input_base64, input_repeat, input_nesting";
  if (c.contains("input_text") && !c["input_text"].is_string())
    return name + ": input_text must be a string";
  if (c.contains("input_base64") && !c["input_base64"].is_string())
    return name + ": input_base64 must be a string";
  if (!c.contains("expected") || !c["expected"].is_object())
    return name + ": needs an \"expected\" object";
  if (!c["expected"].contains("ok") || !c["expected"]["ok"].is_boolean())
    return name + ": expected needs \"ok\" (true or false)";
  if (c.contains("note") && !c["note"].is_string())
    return name + ": note must be a string";
  if (c.contains("unordered")) {
    if (!c["unordered"].is_array())
      return name + ": unordered must be a list of JSON Pointers";
    for (const json& u : c["unordered"])
      if (!u.is_string())
        return name + ": unordered must be a list of JSON Pointers";
  }
  if (c.contains("input_nesting") && !c["input_nesting"].is_number_unsigned())
    return name + ": input_nesting must be a positive integer";
  if (c.contains("input_repeat")) {
    const json& r = c["input_repeat"];
    if (!r.is_object() || !r.contains("text") || !r["text"].is_string() || !r.contains("times") ||
        !r["times"].is_number_unsigned() || (r.contains("prefix") && !r["prefix"].is_string()) ||
        (r.contains("suffix") && !r["suffix"].is_string()))
      return name + ": input_repeat must be {\"prefix\"?, \"text\", \"times\", \"suffix\"?}";
  }
  static const std::set<std::string> known = {"name",         "note",          "input",    "input_text", "input_base64",
                                              "input_repeat", "input_nesting", "expected", "unordered"};
  for (auto it = c.begin(); it != c.end(); ++it)
    if (!known.count(it.key()))
      return name + ": unknown case member \"" + it.key() + "\"";
  return "";
}

const Loaded& loaded() {
  static const Loaded all = [] {
    Loaded l;
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(ASSURECALC_CASES_DIR))
      if (e.is_regular_file() && e.path().extension() == ".json")
        paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const fs::path& p : paths) {
      const std::string file = p.filename().string();
      l.files.push_back(file);
      json doc;
      std::vector<std::string> dups;
      try {
        doc = parse_strict(read_all(p), dups);
      } catch (const std::exception& e) {
        l.file_errors[file] = std::string("not valid JSON: ") + e.what();
        continue;
      }
      if (!dups.empty()) {
        l.file_errors[file] = "repeated member name \"" + dups.front() + "\"";
        continue;
      }
      if (!doc.is_array()) {
        l.file_errors[file] = "the file must hold an array of cases";
        continue;
      }
      for (const json& c : doc) {
        const std::string why = check_case_shape(c);
        if (!why.empty()) {
          l.file_errors[file] = why;
          break;
        }
        l.cases.push_back(Case{file, c["name"].get<std::string>(), c});
      }
    }
    return l;
  }();
  return all;
}

// ---------------------------------------------------------------------------
// Building the input text

bool base64_decode(const std::string& in, std::string& out) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z')
      return c - 'A';
    if (c >= 'a' && c <= 'z')
      return c - 'a' + 26;
    if (c >= '0' && c <= '9')
      return c - '0' + 52;
    if (c == '+')
      return 62;
    if (c == '/')
      return 63;
    return -1;
  };
  out.clear();
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (char c : in) {
    if (c == '=') {
      ++pad;
      continue;
    }
    if (c == ' ' || c == '\n')
      continue;
    const int v = val(c);
    if (v < 0 || pad)
      return false;
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((acc >> bits) & 0xFF);
    }
  }
  return pad <= 2;
}

// The bytes the case feeds to the engine; an empty `why` on success.
std::string case_text(const json& c, std::string& why) {
  std::string text;
  if (c.contains("input_base64")) {
    if (!base64_decode(c["input_base64"].get<std::string>(), text))
      why = "input_base64 is not valid base64";
  } else if (c.contains("input_text")) {
    text = c["input_text"].get<std::string>();
  } else if (c.contains("input_repeat")) {
    const json& r = c["input_repeat"];
    const std::string unit = r["text"].get<std::string>();
    const size_t times = r["times"].get<size_t>();
    text = r.value("prefix", std::string());
    text.reserve(text.size() + unit.size() * times + 64);
    for (size_t i = 0; i < times; ++i)
      text += unit;
    text += r.value("suffix", std::string());
  } else if (c.contains("input_nesting")) {
    const size_t n = c["input_nesting"].get<size_t>();
    text = "{\"order\":";
    text.append(n, '[');
    text.append(n, ']');
    text += '}';
  } else {
    text = c["input"].dump();
  }
  return text;
}

// ---------------------------------------------------------------------------
// Subset matching

std::string pointer_token(const std::string& key) {
  std::string out;
  for (char ch : key) {
    if (ch == '~')
      out += "~0";
    else if (ch == '/')
      out += "~1";
    else
      out += ch;
  }
  return out;
}

bool numbers_equal(const json& a, const json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    const bool an = !a.is_number_unsigned() && a.get<int64_t>() < 0;
    const bool bn = !b.is_number_unsigned() && b.get<int64_t>() < 0;
    if (an != bn)
      return false;
    if (an)
      return a.get<int64_t>() == b.get<int64_t>();
    return a.get<uint64_t>() == b.get<uint64_t>();
  }
  return a.get<double>() == b.get<double>();
}

class Matcher {
 public:
  explicit Matcher(std::set<std::string> unordered) : unordered_(std::move(unordered)) {}

  // True when `expected` is a subset of `actual`; otherwise `why` says where.
  bool match(const json& expected, const json& actual, const std::string& path, std::string& why) const {
    if (expected.is_object()) {
      if (!actual.is_object())
        return fail(why, path, expected, actual);
      // Scalars first, so "ok": true vs false is reported before what follows from it.
      for (int pass = 0; pass < 2; ++pass)
        for (auto it = expected.begin(); it != expected.end(); ++it) {
          if (it.value().is_structured() != (pass == 1))
            continue;
          const std::string sub = path + "/" + pointer_token(it.key());
          if (!actual.contains(it.key())) {
            why = "at " + sub + ": expected " + shorten(it.value().dump(), 1500) + ", but the key is absent";
            return false;
          }
          if (!match(it.value(), actual[it.key()], sub, why))
            return false;
        }
      return true;
    }
    if (expected.is_array()) {
      if (!actual.is_array())
        return fail(why, path, expected, actual);
      if (expected.size() != actual.size()) {
        why = "at " + (path.empty() ? std::string("(root)") : path) + ": expected " + std::to_string(expected.size()) +
              " element(s) " + shorten(expected.dump(), 1500) + ", got " + std::to_string(actual.size()) + ": " +
              shorten(actual.dump(), 1500);
        return false;
      }
      if (unordered_.count(path)) {
        std::vector<bool> used(actual.size(), false);
        if (!match_any_order(expected, actual, path, 0, used)) {
          why = "at " + path + ": no arrangement of " + shorten(actual.dump(), 1500) + " matches " +
                shorten(expected.dump(), 1500);
          return false;
        }
        return true;
      }
      for (size_t i = 0; i < expected.size(); ++i)
        if (!match(expected[i], actual[i], path + "/" + std::to_string(i), why))
          return false;
      return true;
    }
    if (expected.is_number() && actual.is_number()) {
      if (numbers_equal(expected, actual))
        return true;
      return fail(why, path, expected, actual);
    }
    if (expected.type() != actual.type() || expected != actual)
      return fail(why, path, expected, actual);
    return true;
  }

 private:
  std::set<std::string> unordered_;

  static bool fail(std::string& why, const std::string& path, const json& expected, const json& actual) {
    why = "at " + (path.empty() ? std::string("(root)") : path) + ": expected " + shorten(expected.dump(), 1500) +
          ", got " + shorten(actual.dump(), 1500);
    return false;
  }

  bool match_any_order(const json& expected, const json& actual, const std::string& path, size_t i,
                       std::vector<bool>& used) const {
    if (i == expected.size())
      return true;
    for (size_t j = 0; j < actual.size(); ++j) {
      if (used[j])
        continue;
      std::string ignored;
      if (!match(expected[i], actual[j], path + "/" + std::to_string(j), ignored))
        continue;
      used[j] = true;
      if (match_any_order(expected, actual, path, i + 1, used))
        return true;
      used[j] = false;
    }
    return false;
  }
};

// ---------------------------------------------------------------------------
// Contract invariants every result must satisfy (claim-api.md, "Result").

void check_coded_list(const json& list, const std::vector<std::string>& codes, const std::string& where,
                      std::vector<std::string>& problems) {
  if (!list.is_array()) {
    problems.push_back(where + " is not a list");
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const json& r = list[i];
    const std::string at = where + "/" + std::to_string(i);
    if (!r.is_object() || !r.contains("code") || !r["code"].is_string() || !r.contains("rule") ||
        !r.contains("params") || !r["params"].is_object()) {
      problems.push_back(at + " is not {code, rule, params}");
      continue;
    }
    if (!contains(codes, r["code"].get<std::string>()))
      problems.push_back(at + "/code " + r["code"].dump() + " is not a stable code of claim-api.md");
  }
}

bool has_code(const json& list, const char* code) {
  if (!list.is_array())
    return false;
  for (const json& r : list)
    if (r.is_object() && r.value("code", "") == code)
      return true;
  return false;
}

std::vector<std::string> contract_problems(const json& r) {
  std::vector<std::string> p;
  if (!r.is_object() || !r.contains("ok") || !r["ok"].is_boolean())
    return {"the result has no boolean \"ok\""};
  if (!r["ok"].get<bool>()) {
    // {"ok": false, "errors": [{"code", "path", "message"}]} and nothing else.
    for (auto it = r.begin(); it != r.end(); ++it)
      if (it.key() != "ok" && it.key() != "errors")
        p.push_back("an error result has the extra member \"" + it.key() + "\"");
    if (!r.contains("errors") || !r["errors"].is_array() || r["errors"].empty()) {
      p.push_back("an error result needs a non-empty \"errors\" list");
      return p;
    }
    size_t invalid_json = 0;
    for (size_t i = 0; i < r["errors"].size(); ++i) {
      const json& e = r["errors"][i];
      const std::string at = "/errors/" + std::to_string(i);
      if (!e.is_object() || e.size() != 3 || !e.contains("code") || !e.contains("path") || !e.contains("message")) {
        p.push_back(at + " is not exactly {code, path, message}");
        continue;
      }
      if (!e["code"].is_string() || !contains(kErrorCodes, e["code"].get<std::string>()))
        p.push_back(at + "/code " + e["code"].dump() + " is not a stable error code");
      else if (e["code"] == "INVALID_JSON" && e["path"] == "")
        ++invalid_json;
      if (!e["path"].is_string() || (!e["path"].get<std::string>().empty() && e["path"].get<std::string>()[0] != '/'))
        p.push_back(at + "/path is not a JSON Pointer");
      if (!e["message"].is_string() || e["message"].get<std::string>().empty())
        p.push_back(at + "/message is empty");
    }
    if (invalid_json && r["errors"].size() != 1)
      p.push_back("text that is not JSON must give exactly one error");
    return p;
  }
  for (const char* k : {"program", "claims", "dispute", "timeline", "warnings", "trace"})
    if (!r.contains(k))
      p.push_back(std::string("the result has no \"") + k + "\"");
  if (!p.empty())
    return p;
  check_coded_list(r["warnings"], kWarningCodes, "/warnings", p);
  if (!r["claims"].is_array() || r["claims"].empty()) {
    p.push_back("\"claims\" must be a non-empty list");
    return p;
  }
  for (size_t i = 0; i < r["claims"].size(); ++i) {
    const json& c = r["claims"][i];
    const std::string at = "/claims/" + std::to_string(i);
    const std::string st = c.value("status", "");
    if (!contains(kStatuses, st)) {
      p.push_back(at + "/status " + c.value("status", json()).dump() + " is not a status");
      continue;
    }
    for (const char* k : {"kind", "opens_at", "closes_at", "days_left", "refund", "reasons", "missing"})
      if (!c.contains(k))
        p.push_back(at + " has no \"" + k + "\"");
    if (!c.contains("reasons") || !c.contains("missing") || !c.contains("refund"))
      continue;
    check_coded_list(c["reasons"], kReasonCodes, at + "/reasons", p);
    const json& reasons = c["reasons"];
    if ((st == "open" || st == "needs_info") && !reasons.empty())
      p.push_back(at + ": " + st + " has reasons");
    if (st == "not_yet_open" && !has_code(reasons, "WINDOW_NOT_OPEN"))
      p.push_back(at + ": not_yet_open without WINDOW_NOT_OPEN");
    if (st == "closed" && !has_code(reasons, "WINDOW_CLOSED"))
      p.push_back(at + ": closed without WINDOW_CLOSED");
    if (st == "not_covered" && reasons.empty())
      p.push_back(at + ": not_covered without reasons");
    if (st == "not_covered" && (!c["opens_at"].is_null() || !c["closes_at"].is_null()))
      p.push_back(at + ": not_covered shows dates");
    if (st == "not_covered" && c["refund"].is_object() && !c["refund"].value("max", json()).is_null())
      p.push_back(at + ": not_covered shows refund.max");
    if (!c["days_left"].is_null() && (st != "open" || c["closes_at"].is_null()))
      p.push_back(at + ": days_left is set though the claim is not open with a known closing");
    if (st == "open" && !c["closes_at"].is_null() && !c["days_left"].is_number_integer())
      p.push_back(at + ": open with a closing but no days_left");
    if ((st == "needs_info") != (c["missing"].is_array() && !c["missing"].empty()))
      p.push_back(at + ": \"missing\" must be non-empty exactly when needs_info");
    if (c["missing"].is_array())
      for (const json& m : c["missing"])
        if (!m.is_string() || m.get<std::string>().empty() || m.get<std::string>()[0] != '/')
          p.push_back(at + "/missing holds something that is not a JSON Pointer");
  }
  return p;
}

// Every "code" member anywhere in `j`.
void collect_codes(const json& j, std::set<std::string>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "code" && it.value().is_string())
        out.insert(it.value().get<std::string>());
      collect_codes(it.value(), out);
    }
  } else if (j.is_array()) {
    for (const json& e : j)
      collect_codes(e, out);
  }
}

}  // namespace

// ---------------------------------------------------------------------------

TEST_CASE("case files are valid JSON arrays of well-formed cases with unique names", "[cases]") {
  const Loaded& l = loaded();
  REQUIRE_FALSE(l.files.empty());
  for (const std::string& f : l.files) {
    INFO("file tests/cases/" << f);
    const auto it = l.file_errors.find(f);
    CHECK(it == l.file_errors.end());
    if (it != l.file_errors.end())
      FAIL_CHECK(it->second);
  }
  std::map<std::string, std::string> seen;
  for (const Case& c : l.cases) {
    INFO("case \"" << c.name << "\" in " << c.file);
    const auto ins = seen.emplace(c.name, c.file);
    CHECK(ins.second);
    if (!ins.second)
      FAIL_CHECK("the name is also used in " << ins.first->second);
  }
}

TEST_CASE("there are enough golden cases", "[cases]") {
  const Loaded& l = loaded();
  size_t bad = 0;
  for (const Case& c : l.cases)
    if (!c.spec["expected"]["ok"].get<bool>())
      ++bad;
  INFO(l.cases.size() << " cases, " << bad << " with \"ok\": false");
  CHECK(l.cases.size() >= 80);
  CHECK(bad >= 30);
}

TEST_CASE("every reason and warning code of claim-api.md is expected by some case", "[cases]") {
  std::set<std::string> seen;
  for (const Case& c : loaded().cases)
    collect_codes(c.spec["expected"], seen);
  for (const auto* list : {&kReasonCodes, &kWarningCodes}) {
    for (const std::string& code : *list) {
      INFO("code " << code);
      CHECK(seen.count(code) == 1);
    }
  }
}

TEST_CASE("golden cases", "[cases]") {
  const Loaded& l = loaded();
  for (const Case& c : l.cases) {
    DYNAMIC_SECTION(c.file << ": " << c.name) {
      INFO("checks: " << c.spec.value("note", std::string("(no note)")));
      std::string why;
      const std::string text = case_text(c.spec, why);
      INFO("case " << c.name << " (tests/cases/" << c.file << ")");
      REQUIRE(why.empty());
      const std::string out = assurecalc::evaluate(text);
      json actual;
      try {
        actual = json::parse(out);
      } catch (const std::exception& e) {
        FAIL("the engine's output is not JSON: " << e.what() << "\n" << shorten(out));
      }
      INFO("actual: " << shorten(actual.dump()));

      std::set<std::string> unordered;
      if (c.spec.contains("unordered"))
        for (const json& u : c.spec["unordered"])
          unordered.insert(u.get<std::string>());
      const Matcher m(unordered);
      std::string mismatch;
      const bool matched = m.match(c.spec["expected"], actual, "", mismatch);
      {
        INFO("first mismatch " << mismatch);
        CHECK(matched);
      }
      for (const std::string& problem : contract_problems(actual)) {
        INFO("contract: " << problem);
        CHECK(problem.empty());
      }
    }
  }
}

TEST_CASE("the subset matcher", "[cases]") {
  const Matcher m({"/u"});
  std::string why;
  CHECK(m.match(json::parse(R"({"a":1})"), json::parse(R"({"a":1.0,"b":2})"), "", why));
  CHECK(m.match(json::parse(R"({"a":[{"x":1}]})"), json::parse(R"({"a":[{"x":1,"y":2}]})"), "", why));
  CHECK_FALSE(m.match(json::parse(R"({"a":[1]})"), json::parse(R"({"a":[1,2]})"), "", why));
  CHECK(why.find("/a") != std::string::npos);
  CHECK_FALSE(m.match(json::parse(R"({"a":{"b":null}})"), json::parse(R"({"a":{}})"), "", why));
  CHECK(why.find("/a/b") != std::string::npos);
  CHECK_FALSE(m.match(json::parse(R"({"a":null})"), json::parse(R"({"a":0})"), "", why));
  CHECK_FALSE(m.match(json::parse(R"({"a":-1})"), json::parse(R"({"a":18446744073709551615})"), "", why));
  CHECK_FALSE(m.match(json::parse(R"({"a":"1"})"), json::parse(R"({"a":1})"), "", why));
  CHECK_FALSE(m.match(json::parse(R"({"a/b":1})"), json::parse(R"({"a/b":2})"), "", why));
  CHECK(why.find("/a~1b") != std::string::npos);
  CHECK(m.match(json::parse(R"({"u":[{"c":2},{"c":1}]})"), json::parse(R"({"u":[{"c":1},{"c":2}]})"), "", why));
  CHECK_FALSE(m.match(json::parse(R"({"v":[{"c":2},{"c":1}]})"), json::parse(R"({"v":[{"c":1},{"c":2}]})"), "", why));
  std::string bytes;
  CHECK(base64_decode("/+7dzA==", bytes));
  CHECK(bytes == "\xff\xee\xdd\xcc");
}
