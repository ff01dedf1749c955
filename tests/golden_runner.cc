// Runs every golden case under tests/golden/: a folder with the rubric (rubric.yaml, or rubric.ref
// naming a repository file such as rubrics/qn-ancs-2023.yaml), facts.json and expected.json. The
// batch result must match expected.json wherever expected.json says something: every key it gives
// must be there with the same value; groups, criteria and items are matched by id (list only those
// that matter); vetoes and missing must be equal; an expected "reason" must be contained in the
// actual one. See tests/golden/README.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "engine/scoring.h"
#include "load/facts_json.h"
#include "load/result_writer.h"
#include "load/rubric_yaml.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

using nlohmann::json;

void ExpectMatches(const json& expected, const json& actual, const std::string& path);

void ExpectListById(const json& expected, const json& actual, const std::string& path) {
  ASSERT_TRUE(actual.is_array()) << path << " is not a list";
  for (const json& want : expected) {
    const std::string id = want.at("id").get<std::string>();
    auto found = std::find_if(actual.begin(), actual.end(),
                              [&](const json& have) { return have.at("id") == id; });
    if (found == actual.end()) {
      ADD_FAILURE() << path << ": no entry with id " << id;
      continue;
    }
    ExpectMatches(want, *found, path + "[" + id + "]");
  }
}

void ExpectMatches(const json& expected, const json& actual, const std::string& path) {
  if (expected.is_object()) {
    ASSERT_TRUE(actual.is_object()) << path << " is not an object: " << actual.dump();
    for (const auto& [key, want] : expected.items()) {
      const std::string child = path + "." + key;
      if (!actual.contains(key)) {
        ADD_FAILURE() << child << " is absent";
      } else if (key == "items" || key == "groups" || key == "criteria") {
        ExpectListById(want, actual.at(key), child);
      } else if (key == "reason") {
        const std::string have = actual.at(key).get<std::string>();
        EXPECT_NE(have.find(want.get<std::string>()), std::string::npos)
            << child << ": \"" << have << "\" does not contain \"" << want.get<std::string>()
            << "\"";
      } else {
        ExpectMatches(want, actual.at(key), child);
      }
    }
  } else if (expected.is_array() && !expected.empty() && expected.front().is_object()) {
    ASSERT_TRUE(actual.is_array()) << path;
    ASSERT_EQ(expected.size(), actual.size()) << path << ": number of entries";
    for (size_t i = 0; i < expected.size(); ++i) {
      ExpectMatches(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
    }
  } else if (expected.is_number()) {
    ASSERT_TRUE(actual.is_number()) << path << ": " << actual.dump();
    EXPECT_EQ(expected.get<double>(), actual.get<double>()) << path;
  } else {
    EXPECT_EQ(expected, actual) << path;
  }
}

class GoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpected) {
  const std::string dir = test::RepoPath("tests/golden/" + GetParam());
  std::string rubric_path = dir + "/rubric.yaml";
  if (!std::filesystem::exists(rubric_path)) {
    std::string ref = test::ReadText(dir + "/rubric.ref");
    while (!ref.empty() && (ref.back() == '\n' || ref.back() == ' '))
      ref.pop_back();
    ASSERT_FALSE(ref.empty()) << "the case needs rubric.yaml or rubric.ref";
    rubric_path = test::RepoPath(ref);
  }
  const Catalogue& catalogue = test::BuiltinCatalogue();
  LoadedRubric loaded = LoadRubricFile(rubric_path, catalogue);
  ASSERT_TRUE(loaded.rubric) << "the rubric does not load: "
                             << (loaded.diagnostics.empty() ? ""
                                                            : loaded.diagnostics.front().message);
  LoadedFacts facts = ParseFacts(test::ReadText(dir + "/facts.json"), *loaded.rubric, catalogue);
  ASSERT_TRUE(facts.batch) << "facts refused: "
                           << (facts.errors.empty() ? "" : facts.errors.front());

  std::vector<UnitResult> results;
  for (const UnitFacts& unit : facts.batch->units)
    results.push_back(ScoreUnit(*loaded.rubric, catalogue, unit));
  std::string output;
  WriteResultsJson(*loaded.rubric, *facts.batch, results, output);
  const json actual = json::parse(output);
  const json expected = json::parse(test::ReadText(dir + "/expected.json"));
  ExpectMatches(expected, actual, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest,
                         testing::ValuesIn(test::ListDir(test::RepoPath("tests/golden"))),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace kieumau
