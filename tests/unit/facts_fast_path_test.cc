// The facts reader's two readers (load/facts_json.h): for every text, ParseFacts — the fast reader,
// falling back on the full reader at the first thing it does not expect — gives exactly what the
// full reader alone gives: the same batch, bit for bit, or the same messages. Checked on every
// facts file the repository holds (examples, golden cases, the fuzz corpus), on a file shaped like
// the national one, and on thousands of broken variants of them.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "load/facts_json.h"
#include "load/rubric_yaml.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

// Every kind of field: a bound (tips.processed ≤ tips.received), two manual items, kinds that
// leave thi_tran and dac_khu out.
const Rubric& MutationRubric() {
  static const Rubric rubric = test::RubricFromText(R"x(format: 1
id: fast-path
title: "T"
unit_kinds: [phuong, xa]
groups:
  - id: "I"
    title: "G"
    criteria:
      - id: "1"
        title: "C"
        items:
          - { id: "1.1", points: 1, rule: { check: "percent(tips.processed, tips.received) >= 90" } }
          - { id: "1.2", points: 2, rule: { reduce: { indicator: crime.social_order, percent: 5 } } }
          - { id: "2.1", points: 1.5, rule: { manual: {} } }
          - { id: "2.2", points: 0.5, rule: { manual: {} } }
)x");
  return rubric;
}

// A facts file with a bit of everything the format allows: white space, escapes, null, a bool, a
// decimal, a percent, an exponent, manual quarters, several units.
constexpr std::string_view kRichFacts = R"x({
  "rubric": "fast-path", "year": 2025,
  "units": [
    {"unit": "00004", "name": "Ph\u01b0\u1eddng Ba \u0110\u00ecnh \"A\"\\B\n", "kind": "phuong",
     "values": {"tips.received": 40, "tips.processed": 38, "crime.social_order": null,
                "leadership.annual_plan": true, "subjects.reintegrated_percent": 87.5,
                "patrol.sessions_per_week": 3e0},
     "prior": {"crime.social_order": 12, "tips.received": 0},
     "manual": {"2.1": 1.25, "2.2": 0}},
    {"kind": "xa", "unit": "00008", "values": {}, "manual": {"2.1": 1}, "name": "Xã Một"},
    {"unit": "QN-\u0031", "kind": "xa", "values": {"tips.received": 5, "tips.processed": 5.0}}
  ]
}
)x";

// Shaped like the national file: compact, one unit a line, the same keys in the same order.
std::string NationalShape() {
  std::string json = R"({"rubric":"fast-path","year":2025,"units":[)";
  for (int u = 0; u < 6; ++u) {
    json += u == 0 ? "\n" : ",\n";
    json += R"({"unit":"0)" + std::to_string(1000 + u) + R"(","name":"Xã )" + std::to_string(u) +
            R"(","kind":")" + (u % 2 ? "xa" : "phuong") + R"(","values":{"tips.received":)" +
            std::to_string(10 + u) + R"(,"tips.processed":)" + std::to_string(9 + u) +
            R"(,"crime.social_order":)" + std::to_string(u) +
            R"(},"prior":{"crime.social_order":)" + std::to_string(2 * u) +
            R"(},"manual":{"2.1":1.5,"2.2":0.25}})";
  }
  return json + "\n]}\n";
}

bool SameBits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

bool SameValues(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!SameBits(a[i], b[i])) return false;
  }
  return true;
}

::testing::AssertionResult Same(const LoadedFacts& fast, const LoadedFacts& full,
                                std::string_view text) {
  auto failure = [&](std::string_view what) {
    return ::testing::AssertionFailure()
           << what << " differ" << (full.batch ? " (the full reader accepts)" : "")
           << " for the text:\n"
           << text;
  };
  if (fast.errors != full.errors) return failure("the messages");
  if (fast.batch.has_value() != full.batch.has_value()) return failure("the verdicts");
  if (!full.batch) return ::testing::AssertionSuccess();
  const FactsBatch& a = *fast.batch;
  const FactsBatch& b = *full.batch;
  if (a.rubric_id != b.rubric_id || a.year != b.year) return failure("rubric or year");
  if (a.units.size() != b.units.size()) return failure("the unit counts");
  for (size_t u = 0; u < a.units.size(); ++u) {
    const UnitFacts& x = a.units[u];
    const UnitFacts& y = b.units[u];
    if (x.code != y.code || x.name != y.name || x.kind != y.kind) return failure("a unit");
    if (!SameValues(x.current, y.current) || !SameValues(x.prior, y.prior) ||
        !SameValues(x.manual, y.manual)) {
      return failure("a unit's values");
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult BothReaders(std::string_view text, const Rubric& rubric,
                                       const Catalogue& catalogue) {
  return Same(ParseFacts(text, rubric, catalogue), ParseFactsFullReader(text, rubric, catalogue),
              text);
}

TEST(FactsFastPath, TheRichFileIsReadAlikeAndAccepted) {
  EXPECT_TRUE(BothReaders(kRichFacts, MutationRubric(), test::BuiltinCatalogue()));
  const LoadedFacts loaded = ParseFacts(kRichFacts, MutationRubric(), test::BuiltinCatalogue());
  ASSERT_TRUE(loaded.batch) << (loaded.errors.empty() ? "" : loaded.errors[0]);
  ASSERT_EQ(loaded.batch->units.size(), 3u);
  EXPECT_EQ(loaded.batch->units[0].name, "Phường Ba Đình \"A\"\\B\n");
  EXPECT_EQ(loaded.batch->units[2].code, "QN-1");
}

// Around a valid document: a byte-order mark, a NUL, a second document, nothing at all.
TEST(FactsFastPath, WhatSurroundsTheDocumentIsReadAlike) {
  const std::string json = NationalShape();
  for (const std::string& text :
       {"\xef\xbb\xbf" + json, json + std::string(1, '\0'), json + "{}", json + json, json + "\n\n",
        " \t\r\n" + json, std::string(), std::string(" "), std::string("{}"), std::string("[]"),
        std::string("null"), json.substr(0, json.size() - 3)}) {
    EXPECT_TRUE(BothReaders(text, MutationRubric(), test::BuiltinCatalogue()));
  }
}

TEST(FactsFastPath, TheNationalShapeIsReadAlikeAndAccepted) {
  const std::string json = NationalShape();
  EXPECT_TRUE(BothReaders(json, MutationRubric(), test::BuiltinCatalogue()));
  EXPECT_TRUE(ParseFacts(json, MutationRubric(), test::BuiltinCatalogue()).batch);
}

// Each facts file of the repository against its criteria set.
TEST(FactsFastPath, TheRepositorysFactsFilesAreReadAlike) {
  const Catalogue& catalogue = test::BuiltinCatalogue();
  std::vector<std::pair<std::string, std::string>> cases;  // rubric path, facts path
  for (const std::string& file : test::ListDir(test::RepoPath("examples"), ".facts.json")) {
    const std::string id = file.substr(0, file.size() - std::string(".facts.json").size());
    cases.emplace_back(test::RepoPath("rubrics/" + id + ".yaml"),
                       test::RepoPath("examples/" + file));
  }
  for (const std::string& name : test::ListDir(test::RepoPath("tests/golden"))) {
    const std::string dir = test::RepoPath("tests/golden/" + name) + "/";
    const std::string ref = test::ReadText(dir + "rubric.ref");
    std::string rubric = dir + "rubric.yaml";
    if (!ref.empty()) rubric = test::RepoPath(ref.substr(0, ref.find_last_not_of(" \n") + 1));
    cases.emplace_back(rubric, dir + "facts.json");
  }
  ASSERT_GE(cases.size(), 10u);
  for (const auto& [rubric_path, facts_path] : cases) {
    SCOPED_TRACE(facts_path);
    const LoadedRubric rubric = LoadRubricFile(rubric_path, catalogue);
    ASSERT_TRUE(rubric.rubric) << rubric_path;
    EXPECT_TRUE(BothReaders(test::ReadText(facts_path), *rubric.rubric, catalogue));
  }
  // The fuzz corpus, against the criteria set of every file above that is not its own.
  const LoadedRubric qn = LoadRubricFile(test::RepoPath("rubrics/qn-ancs-2023.yaml"), catalogue);
  ASSERT_TRUE(qn.rubric);
  for (const std::string& file : test::ListDir(test::RepoPath("fuzz/corpus/facts_json"), ".json")) {
    SCOPED_TRACE(file);
    const std::string text = test::ReadText(test::RepoPath("fuzz/corpus/facts_json/" + file));
    EXPECT_TRUE(BothReaders(text, *qn.rubric, catalogue));
    EXPECT_TRUE(BothReaders(text, MutationRubric(), catalogue));
  }
}

// Small, deterministic edits of a valid file: most break it somewhere (a byte gone, a stray
// character, a number written another way, a field twice, an escape in a key); the fast reader must
// never accept what the full reader refuses, nor read anything differently.
std::string Mutate(std::string text, std::mt19937& random) {
  // Numbers written every way JSON allows and some it does not; the first seven are exact for
  // simdjson's DOM but were misread by simdjson 3.0.1's On-Demand.
  static constexpr std::string_view kNumbers[] = {"1.299999999999999999999",
                                                  "0.1000000000000000000001",
                                                  "123456789012345678901.5",
                                                  "1.2500000000000000000001",
                                                  "0.25000000000000000000",
                                                  "87.50000000000000000000001",
                                                  "4.9e-324",
                                                  "-0",
                                                  "-0.0",
                                                  "01",
                                                  "1.0",
                                                  "1e2",
                                                  "1E400",
                                                  "1e-400",
                                                  "-1",
                                                  "0.3",
                                                  "87.5",
                                                  "1e-7",
                                                  "5E+1",
                                                  "2.",
                                                  ".5",
                                                  "1e",
                                                  "+1",
                                                  "0x10",
                                                  "99999999999999999999",
                                                  "9223372036854775808",
                                                  "999999999999999999",
                                                  "1000000000000000000",
                                                  "null",
                                                  "true",
                                                  "\"3\"",
                                                  "Infinity",
                                                  "NaN"};
  static constexpr std::string_view kTokens[] = {"{",
                                                 "}",
                                                 "[",
                                                 "]",
                                                 ",",
                                                 ":",
                                                 "\"",
                                                 "\\",
                                                 " ",
                                                 "\n",
                                                 "-",
                                                 "0",
                                                 "-0",
                                                 "-0.0",
                                                 "01",
                                                 "1.0",
                                                 "null",
                                                 "nul",
                                                 "true",
                                                 "false",
                                                 "tru",
                                                 "\"1\"",
                                                 "\\u0041",
                                                 "\\u00",
                                                 "\\u0000",
                                                 "\\ud83d\\ude00",
                                                 "\\ud800",
                                                 "\\udc00x",
                                                 "\\b",
                                                 "\\/",
                                                 "\xff",
                                                 "\xc3\xa0",
                                                 "\xed\xa0\x80",
                                                 "/",
                                                 "\t",
                                                 "\"unit\":\"X\",",
                                                 "\"kind\":\"xa\",",
                                                 "\"name\":\"N\",",
                                                 "\"values\":{},",
                                                 "\"tips.received\":1,",
                                                 "\"manual\":{\"2.1\":0.5},",
                                                 "\"year\":2025,",
                                                 "\"rubric\":\"x\","};
  const auto pick = [&](size_t n) {
    return n == 0 ? size_t{0} : static_cast<size_t>(random() % n);
  };
  const size_t edits = 1 + pick(3);
  for (size_t e = 0; e < edits && !text.empty(); ++e) {
    const size_t at = pick(text.size());
    switch (pick(5)) {
      case 0:  // a byte gone
        text.erase(at, 1);
        break;
      case 1:  // a token put in
        text.insert(at, kTokens[pick(std::size(kTokens))]);
        break;
      case 2:  // a byte replaced by a token
        text.replace(at, 1, kTokens[pick(std::size(kTokens))]);
        break;
      case 3: {  // a stretch repeated: a field or a unit twice, most often
        const size_t length = 1 + pick(std::min<size_t>(60, text.size() - at));
        text.insert(at, text.substr(at, length));
        break;
      }
      default: {  // a number written another way
        const size_t digit = text.find_first_of("0123456789", at);
        if (digit == std::string::npos) break;
        const size_t end = text.find_first_not_of("0123456789.eE+-", digit);
        text.replace(digit, end - digit, kNumbers[pick(std::size(kNumbers))]);
        break;
      }
    }
  }
  return text;
}

TEST(FactsFastPath, BrokenVariantsAreReadAlike) {
  const Catalogue& catalogue = test::BuiltinCatalogue();
  std::mt19937 random(20250701);  // the same variants on every run and platform
  size_t accepted = 0;
  const std::string national = NationalShape();
  for (std::string_view base : {kRichFacts, std::string_view(national)}) {
    for (int i = 0; i < 3000; ++i) {
      const std::string text = Mutate(std::string(base), random);
      const LoadedFacts fast = ParseFacts(text, MutationRubric(), catalogue);
      ASSERT_TRUE(Same(fast, ParseFactsFullReader(text, MutationRubric(), catalogue), text));
      if (fast.batch) ++accepted;
    }
  }
  // Some edits leave the file valid (white space, a value written another way): both kinds were
  // seen.
  EXPECT_GT(accepted, 100u);
  EXPECT_LT(accepted, 5000u);
}

}  // namespace
}  // namespace kieumau
