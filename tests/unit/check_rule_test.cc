// The check rule (§3): full points when the condition holds, else 0; what it needs.
#include <gtest/gtest.h>

#include "engine/scoring.h"
#include "support/test_support.h"
#include "unit/unit_fixtures.h"

namespace kieumau {
namespace {

using test::HasText;
using test::OneItemRubric;
using test::UnitBuilder;

TEST(CheckRule, FullPointsWhenTheConditionHolds) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("1.5", R"x({ check: "leadership.party_gov_rating >= 3" })x"));
  const UnitResult result = UnitBuilder(rubric).Set("leadership.party_gov_rating", 4).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 6);
  EXPECT_TRUE(result.missing.empty());
  EXPECT_TRUE(HasText(result.items[0].reason, "leadership.party_gov_rating = 4"));
}

TEST(CheckRule, ZeroWhenTheConditionFails) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("1.5", R"x({ check: "leadership.party_gov_rating >= 3" })x"));
  const UnitResult result = UnitBuilder(rubric).Set("leadership.party_gov_rating", 2).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(result.missing.empty());
  EXPECT_TRUE(HasText(result.items[0].reason, "leadership.party_gov_rating = 2"));
}

TEST(CheckRule, ConditionOnTheBoundaryHolds) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("1", R"x({ check: "leadership.party_gov_rating >= 3" })x"));
  EXPECT_EQ(
      UnitBuilder(rubric).Set("leadership.party_gov_rating", 3).Score().items[0].points.quarters(),
      4);
}

TEST(CheckRule, PercentOnAnExactBoundary) {
  // 17 of 20 is exactly 85 (RUBRIC-FORMAT.md §2), so "<= 85" holds as well as ">= 85".
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("2", R"x({ check: "percent(tips.processed, tips.received) <= 85" })x"));
  const UnitResult result =
      UnitBuilder(rubric).Set("tips.received", 20).Set("tips.processed", 17).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 8);
  EXPECT_TRUE(HasText(result.items[0].reason, "tips.received = 20"));
  EXPECT_TRUE(HasText(result.items[0].reason, "tips.processed = 17"));
}

TEST(CheckRule, PercentOnBoundariesWhereDividingFirstWouldMissThem) {
  const Rubric at_most = test::RubricFromText(
      OneItemRubric("2", R"x({ check: "percent(tips.processed, tips.received) <= 55" })x"));
  EXPECT_EQ(UnitBuilder(at_most)
                .Set("tips.received", 20)
                .Set("tips.processed", 11)
                .Score()
                .items[0]
                .points.quarters(),
            8);
  const Rubric at_least = test::RubricFromText(
      OneItemRubric("2", R"x({ check: "percent(tips.processed, tips.received) >= 58" })x"));
  EXPECT_EQ(UnitBuilder(at_least)
                .Set("tips.received", 50)
                .Set("tips.processed", 29)
                .Score()
                .items[0]
                .points.quarters(),
            8);
}

TEST(CheckRule, PercentBelowTheMark) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("2", R"x({ check: "percent(tips.processed, tips.received) >= 85" })x"));
  const UnitResult result =
      UnitBuilder(rubric).Set("tips.received", 20).Set("tips.processed", 16).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(HasText(result.items[0].reason, "tips.processed = 16"));
}

TEST(CheckRule, AndNeedsBothSides) {
  const Rubric rubric = test::RubricFromText(OneItemRubric(
      "2", R"x({ check: "leadership.annual_resolution == 1 and leadership.annual_plan == 1" })x"));
  EXPECT_EQ(UnitBuilder(rubric)
                .Set("leadership.annual_resolution", 1)
                .Set("leadership.annual_plan", 0)
                .Score()
                .items[0]
                .points.quarters(),
            0);
  EXPECT_EQ(UnitBuilder(rubric)
                .Set("leadership.annual_resolution", 1)
                .Set("leadership.annual_plan", 1)
                .Score()
                .items[0]
                .points.quarters(),
            8);
}

TEST(CheckRule, MissingValueScoresZeroAndIsListed) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("1", R"x({ check: "leadership.party_gov_rating >= 3" })x"));
  const UnitResult result = UnitBuilder(rubric).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_EQ(result.missing, std::vector<std::string>{"leadership.party_gov_rating"});
  EXPECT_TRUE(HasText(result.items[0].reason, "leadership.party_gov_rating"));
}

TEST(CheckRule, EveryNamedValueIsNeededEvenWhereOrWouldNotNeedIt) {
  // Missing data is never treated as zero, nor skipped because the other side decides.
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("1", R"x({ check: "tips.received > 0 or tips.processed > 0" })x"));
  const UnitResult result = UnitBuilder(rubric).Set("tips.received", 5).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_EQ(result.missing, std::vector<std::string>{"tips.processed"});
}

TEST(CheckRule, PriorValueIsNeeded) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("1", R"x({ check: "crime.social_order <= prior(crime.social_order)" })x"));
  const UnitResult missing = UnitBuilder(rubric).Set("crime.social_order", 3).Score();
  EXPECT_EQ(missing.items[0].points.quarters(), 0);
  EXPECT_EQ(missing.missing, std::vector<std::string>{"prior(crime.social_order)"});

  const UnitResult present =
      UnitBuilder(rubric).Set("crime.social_order", 3).Prior("crime.social_order", 7).Score();
  EXPECT_EQ(present.items[0].points.quarters(), 4);
  EXPECT_TRUE(HasText(present.items[0].reason, "prior(crime.social_order) = 7"));
}

TEST(CheckRule, ReasonEndsWithPointsOverMaximum) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("1.5", R"x({ check: "leadership.internal_conflicts == 0" })x"));
  const UnitResult result = UnitBuilder(rubric).Set("leadership.internal_conflicts", 0).Score();
  const std::string& reason = result.items[0].reason;
  ASSERT_GE(reason.size(), 7u);
  EXPECT_EQ(reason.substr(reason.size() - 7), "1,5/1,5") << reason;
}

}  // namespace
}  // namespace kieumau
