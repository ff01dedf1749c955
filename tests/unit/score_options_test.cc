// Scoring without reasons gives the same points, outcomes, vetoes and missing data as with them.
#include <gtest/gtest.h>

#include "engine/scoring.h"
#include "load/facts_json.h"
#include "load/rubric_yaml.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

class ScoreOptionsTest : public testing::TestWithParam<std::string> {};

TEST_P(ScoreOptionsTest, WithoutReasonsOnlyTheReasonsDiffer) {
  const Catalogue& catalogue = test::BuiltinCatalogue();
  LoadedRubric loaded =
      LoadRubricFile(test::RepoPath("rubrics/" + GetParam() + ".yaml"), catalogue);
  ASSERT_TRUE(loaded.rubric);
  const std::string text = test::ReadText(test::RepoPath("examples/" + GetParam() + ".facts.json"));
  LoadedFacts facts = ParseFacts(text, *loaded.rubric, catalogue);
  ASSERT_TRUE(facts.batch);
  ASSERT_FALSE(facts.batch->units.empty());

  ScoreOptions without;
  without.reasons = false;
  UnitResult quiet;
  for (const UnitFacts& unit : facts.batch->units) {
    const UnitResult full = ScoreUnit(*loaded.rubric, catalogue, unit);
    ScoreUnitInto(*loaded.rubric, catalogue, unit, quiet, without);
    EXPECT_EQ(quiet.total, full.total) << unit.code;
    EXPECT_EQ(quiet.outcome, full.outcome) << unit.code;
    EXPECT_EQ(quiet.vetoes, full.vetoes) << unit.code;
    EXPECT_EQ(quiet.missing, full.missing) << unit.code;
    EXPECT_EQ(quiet.group_points, full.group_points) << unit.code;
    EXPECT_EQ(quiet.criterion_points, full.criterion_points) << unit.code;
    ASSERT_EQ(quiet.items.size(), full.items.size());
    for (size_t i = 0; i < full.items.size(); ++i) {
      EXPECT_EQ(quiet.items[i].points, full.items[i].points) << unit.code << " " << i;
      EXPECT_TRUE(quiet.items[i].reason.empty());
      EXPECT_FALSE(full.items[i].reason.empty());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ShippedExamples, ScoreOptionsTest,
                         testing::Values("qn-ancs-2023", "bn-capkm-2024", "tt124-khu-dan-cu",
                                         "tt124-xa-phuong"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace kieumau
