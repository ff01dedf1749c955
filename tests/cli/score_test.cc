// `kieumau score` as users run it: JSON and table results, and facts it refuses (RUBRIC-FORMAT.md
// §8).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_helpers.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

using cli_test::Contains;
using cli_test::DataPath;
using cli_test::Kieumau;
using cli_test::Lines;
using cli_test::ScratchDir;
using nlohmann::json;

const std::string kMini = "mini.yaml";
const std::string kMiniFacts = "mini.facts.json";

test::RunResult ScoreMini(const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"score", "--rubric", DataPath(kMini), "--facts",
                                   DataPath(kMiniFacts)};
  args.insert(args.end(), extra.begin(), extra.end());
  return Kieumau(args);
}

// Every "points", "max" and "total" anywhere in `node` is a JSON number.
void ExpectNumbersAreNumbers(const json& node, const std::string& path) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "points" || key == "max" || key == "total") {
        EXPECT_TRUE(value.is_number()) << path << "." << key << " is " << value.dump();
      }
      ExpectNumbersAreNumbers(value, path + "." + key);
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) {
      ExpectNumbersAreNumbers(node[i], path + "[" + std::to_string(i) + "]");
    }
  }
}

TEST(Score, JsonByDefaultWithRubricYearAndResultsInInputOrder) {
  const test::RunResult run = ScoreMini();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json result;
  ASSERT_NO_THROW(result = json::parse(run.out)) << run.out;
  EXPECT_EQ(result.at("rubric"), "cli-mini");
  EXPECT_TRUE(result.at("year").is_number_integer());
  EXPECT_EQ(result.at("year"), 2024);
  const json& results = result.at("results");
  ASSERT_TRUE(results.is_array());
  ASSERT_EQ(results.size(), 2u);
  // The facts list QN-90002 before QN-90001: the results keep that order.
  EXPECT_EQ(results[0].at("unit"), "QN-90002");
  EXPECT_EQ(results[1].at("unit"), "QN-90001");
}

TEST(Score, JsonNumbersAreNumbers) {
  const test::RunResult run = ScoreMini();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json result = json::parse(run.out);
  ExpectNumbersAreNumbers(result, "");
  const json& first = result.at("results").at(0);
  ASSERT_TRUE(first.at("total").is_number());
  EXPECT_DOUBLE_EQ(first.at("total").get<double>(), 4.25);  // 1.5 + 1 + 0.75 + 1
  EXPECT_EQ(first.at("outcome"), "pass");
  const json& second = result.at("results").at(1);
  EXPECT_DOUBLE_EQ(second.at("total").get<double>(), 3);  // 2 + 0 + 1 + 0
  EXPECT_EQ(second.at("outcome"), "fail");
}

TEST(Score, JsonItemsInRubricOrderWithPointsMaxAndReason) {
  const test::RunResult run = ScoreMini();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json items = json::parse(run.out).at("results").at(0).at("items");
  ASSERT_EQ(items.size(), 4u);
  const std::vector<std::string> ids = {"1.1", "1.2", "2.1", "2.2"};
  for (size_t i = 0; i < ids.size(); ++i)
    EXPECT_EQ(items[i].at("id"), ids[i]);
  // 19 of 20 = 95% → (90,100) → 1.5 of 2.
  EXPECT_DOUBLE_EQ(items[0].at("points").get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(items[0].at("max").get<double>(), 2);
  EXPECT_TRUE(items[0].at("reason").is_string());
  EXPECT_FALSE(items[0].at("reason").get<std::string>().empty());
  EXPECT_DOUBLE_EQ(items[2].at("points").get<double>(), 0.75);  // the assessor's score
  const json groups = json::parse(run.out).at("results").at(0).at("groups");
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].at("id"), "I");
  EXPECT_DOUBLE_EQ(groups[0].at("points").get<double>(), 2.5);
  EXPECT_EQ(groups[1].at("id"), "II");
}

TEST(Score, FormatJsonIsTheDefault) {
  const test::RunResult plain = ScoreMini();
  const test::RunResult json_format = ScoreMini({"--format", "json"});
  EXPECT_EQ(json_format.exit_code, 0) << json_format.err;
  EXPECT_EQ(plain.out, json_format.out);
}

TEST(Score, TableIsForPeople) {
  const test::RunResult run = ScoreMini({"--format", "table"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "Tổng điểm"));
  EXPECT_TRUE(Contains(run.out, "QN-90002"));
  EXPECT_TRUE(Contains(run.out, "Phường Hồng Gai"));
  EXPECT_LT(run.out.find("QN-90002"), run.out.find("QN-90001"));
  // One row per item, starting with its id, with its points in Vietnamese notation: 1,5 not 1.5.
  for (const std::string id : {"1.1", "1.2", "2.1", "2.2"}) {
    int rows = 0;
    for (const std::string& line : Lines(run.out))
      rows += line.rfind(id + " ", 0) == 0 ? 1 : 0;
    EXPECT_EQ(rows, 2) << "rows for item " << id << " (one per unit):\n" << run.out;
  }
  bool row_with_comma = false;
  for (const std::string& line : Lines(run.out)) {
    if (line.rfind("1.1 ", 0) == 0 && line.find("1,5") != std::string::npos) row_with_comma = true;
  }
  EXPECT_TRUE(row_with_comma) << run.out;
  EXPECT_TRUE(Contains(run.out, "0,75"));
  EXPECT_FALSE(Contains(run.out, "\"results\""));  // not JSON
}

TEST(Score, AnotherCatalogueScoresItsIndicators) {
  const test::RunResult run =
      Kieumau({"score", "--rubric", DataPath("custom-indicator.yaml"), "--facts",
               DataPath("custom.facts.json"), "--indicators", DataPath("custom-catalogue.yaml")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json result = json::parse(run.out);
  EXPECT_EQ(result.at("results").at(0).at("unit"), "HN-00001");
  EXPECT_DOUBLE_EQ(result.at("results").at(0).at("total").get<double>(), 1);
}

TEST(Score, BrokenCatalogueIsRefused) {
  const std::string catalogue = DataPath("broken-catalogue.yaml");
  const test::RunResult run = ScoreMini({"--indicators", catalogue});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(Contains(run.err, catalogue));
}

TEST(Score, RubricThatDoesNotLoadIsRefused) {
  const std::string rubric = DataPath("broken.yaml");
  const test::RunResult run =
      Kieumau({"score", "--rubric", rubric, "--facts", DataPath(kMiniFacts)});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(Contains(run.err, rubric));
}

TEST(Score, RubricThatDoesNotExistIsRefused) {
  const std::string rubric = DataPath("no-such-rubric.yaml");
  const test::RunResult run =
      Kieumau({"score", "--rubric", rubric, "--facts", DataPath(kMiniFacts)});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(Contains(run.err, rubric));
}

TEST(Score, FactsFileThatDoesNotExistIsRefused) {
  const std::string facts = DataPath("no-such-facts.json");
  const test::RunResult run = Kieumau({"score", "--rubric", DataPath(kMini), "--facts", facts});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(Contains(run.err, facts));
}

TEST(Score, FactsPathThatIsADirectoryIsRefused) {
  const std::string facts = DataPath("");
  const test::RunResult run = Kieumau({"score", "--rubric", DataPath(kMini), "--facts", facts});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(Contains(run.err, "thư mục"));
}

// Refused facts. Each file holds a valid unit first and then the bad one, so that a refusal must
// also hold back the result of the good unit: nothing at all is written to standard output.
class RefusedFacts : public testing::Test {
 protected:
  // Writes facts for the rubric `rubric_id` with a good unit and `bad_unit` (a JSON object's text)
  // to `name` and scores them against `rubric` (a path).
  test::RunResult ScoreBad(const std::string& name, const std::string& rubric_id,
                           const std::string& rubric, const std::string& bad_unit) {
    facts_ =
        scratch_.Write(name, "{\n  \"rubric\": \"" + rubric_id +
                                 "\",\n  \"year\": 2024,\n  \"units\": [\n"
                                 "    { \"unit\": \"QN-90010\", \"kind\": \"phuong\", "
                                 "\"values\": { \"tips.received\": 5, \"tips.processed\": 5 } },\n"
                                 "    " +
                                 bad_unit + "\n  ]\n}\n");
    return Kieumau({"score", "--rubric", rubric, "--facts", facts_});
  }
  test::RunResult ScoreBadMini(const std::string& name, const std::string& bad_unit) {
    return ScoreBad(name, "cli-mini", DataPath(kMini), bad_unit);
  }

  // Exit 1, nothing on standard output, and a message naming the file, the unit and the field.
  void ExpectRefused(const test::RunResult& run, const std::string& unit,
                     const std::vector<std::string>& field) {
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_TRUE(Contains(run.err, facts_)) << "the facts file";
    EXPECT_TRUE(Contains(run.err, unit)) << "the unit";
    for (const std::string& part : field)
      EXPECT_TRUE(Contains(run.err, part)) << "the field";
  }

  ScratchDir scratch_;
  std::string facts_;
};

TEST_F(RefusedFacts, MalformedJson) {
  // A missing comma between two values of unit QN-90666, right after tips.received.
  const test::RunResult run = ScoreBadMini("malformed.json",
                                           R"({ "unit": "QN-90666", "kind": "phuong",
      "values": { "tips.received": 4 "tips.processed": 3 } })");
  ExpectRefused(run, "QN-90666", {"tips.received"});
}

TEST_F(RefusedFacts, UnknownIndicator) {
  const test::RunResult run =
      ScoreBadMini("unknown-indicator.json",
                   R"({ "unit": "QN-90666", "kind": "phuong", "values": { "tips.recieved": 3 } })");
  ExpectRefused(run, "QN-90666", {"tips.recieved"});
}

TEST_F(RefusedFacts, UnknownIndicatorInPrior) {
  const test::RunResult run = ScoreBadMini(
      "unknown-prior.json",
      R"({ "unit": "QN-90666", "kind": "phuong", "prior": { "crime.sociall_order": 3 } })");
  ExpectRefused(run, "QN-90666", {"crime.sociall_order"});
}

TEST_F(RefusedFacts, UnitKindTheRubricDoesNotApplyTo) {
  // bn-capkm-2024 judges wards (phuong) only.
  const test::RunResult run =
      ScoreBad("wrong-kind.json", "bn-capkm-2024", test::RepoPath("rubrics/bn-capkm-2024.yaml"),
               R"({ "unit": "BN-90666", "kind": "xa", "values": { "hotspots.count": 0 } })");
  ExpectRefused(run, "BN-90666", {"kind"});
  EXPECT_TRUE(Contains(run.err, "xa"));
}

TEST_F(RefusedFacts, NegativeCount) {
  const test::RunResult run = ScoreBadMini(
      "negative-count.json",
      R"({ "unit": "QN-90666", "kind": "phuong", "values": { "hotspots.count": -1 } })");
  ExpectRefused(run, "QN-90666", {"hotspots.count"});
}

TEST_F(RefusedFacts, BoolOtherThanZeroOrOne) {
  const test::RunResult run = ScoreBadMini(
      "bool-two.json",
      R"({ "unit": "QN-90666", "kind": "phuong", "values": { "models.self_managed_active": 2 } })");
  ExpectRefused(run, "QN-90666", {"models.self_managed_active"});
}

TEST_F(RefusedFacts, ValueAboveItsLeBound) {
  // tips.processed may not exceed tips.received.
  const test::RunResult run = ScoreBadMini("above-le.json",
                                           R"({ "unit": "QN-90666", "kind": "phuong",
      "values": { "tips.received": 40, "tips.processed": 41 } })");
  ExpectRefused(run, "QN-90666", {"tips.processed"});
}

TEST_F(RefusedFacts, PriorValueAboveItsLeBound) {
  const test::RunResult run = ScoreBadMini("prior-above-le.json",
                                           R"({ "unit": "QN-90666", "kind": "phuong",
      "prior": { "tips.received": 4, "tips.processed": 5 } })");
  ExpectRefused(run, "QN-90666", {"tips.processed"});
}

TEST_F(RefusedFacts, ManualScoreAboveItsPoints) {
  // Item 2.1 is worth 1 point.
  const test::RunResult run = ScoreBadMini(
      "manual-above.json", R"({ "unit": "QN-90666", "kind": "phuong", "manual": { "2.1": 1.5 } })");
  ExpectRefused(run, "QN-90666", {"manual", "2.1"});
}

TEST_F(RefusedFacts, ManualScoreBelowZero) {
  const test::RunResult run =
      ScoreBadMini("manual-negative.json",
                   R"({ "unit": "QN-90666", "kind": "phuong", "manual": { "2.1": -0.25 } })");
  ExpectRefused(run, "QN-90666", {"manual", "2.1"});
}

TEST_F(RefusedFacts, ManualScoreNotAMultipleOfAQuarter) {
  const test::RunResult run = ScoreBadMini(
      "manual-step.json", R"({ "unit": "QN-90666", "kind": "phuong", "manual": { "2.1": 0.3 } })");
  ExpectRefused(run, "QN-90666", {"manual", "2.1"});
}

}  // namespace
}  // namespace kieumau
