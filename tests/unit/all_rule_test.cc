// The all rule (§3, §4): full only if every inner rule is full; the first short one is named.
#include <gtest/gtest.h>

#include <string>

#include "engine/scoring.h"
#include "support/test_support.h"
#include "unit/unit_fixtures.h"

namespace kieumau {
namespace {

using test::HasText;
using test::OneItemRubric;
using test::UnitBuilder;

Rubric CheckThenReduce() {
  return test::RubricFromText(
      OneItemRubric("2", R"x({ all: [ { check: "tips.received > 0" }, )x"
                         R"x({ reduce: { indicator: crime.social_order, count: 1 } } ] })x"));
}

UnitResult Score(const Rubric& rubric, double tips, double crime_prior, double crime) {
  return UnitBuilder(rubric)
      .Set("tips.received", tips)
      .Prior("crime.social_order", crime_prior)
      .Set("crime.social_order", crime)
      .Score();
}

TEST(AllRule, FullWhenEveryInnerRuleIsFull) {
  const UnitResult result = Score(CheckThenReduce(), 4, 10, 8);
  EXPECT_EQ(result.items[0].points.quarters(), 8);
  EXPECT_TRUE(result.missing.empty());
}

TEST(AllRule, ZeroWhenTheFirstFallsShortAndTheReasonNamesIt) {
  const UnitResult result = Score(CheckThenReduce(), 0, 10, 8);
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(HasText(result.items[0].reason, "tips.received > 0"));
}

TEST(AllRule, ZeroWhenTheSecondFallsShortAndTheReasonNamesIt) {
  const UnitResult result = Score(CheckThenReduce(), 4, 10, 10);
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(HasText(result.items[0].reason, "crime.social_order"));
}

TEST(AllRule, WhenBothFallShortTheReasonNamesTheFirst) {
  const UnitResult result = Score(CheckThenReduce(), 0, 10, 12);
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(HasText(result.items[0].reason, "tips.received > 0"));
}

TEST(AllRule, InnerRulesAreJudgedAgainstTheItemsPoints) {
  // A bands step worth 1 of the item's 2 points is not full.
  const Rubric rubric = test::RubricFromText(OneItemRubric(
      "2", R"x({ all: [ { check: "hotspots.count == 0" }, { bands: { value: )x"
           R"x("percent(tips.processed, tips.received)", steps: [ { in: "[90,100]", points: 2 }, )x"
           R"x({ in: "[80,90)", points: 1 } ] } } ] })x"));
  auto score = [&](double processed) {
    return UnitBuilder(rubric)
        .Set("hotspots.count", 0)
        .Set("tips.received", 20)
        .Set("tips.processed", processed)
        .Score();
  };
  EXPECT_EQ(score(19).items[0].points.quarters(), 8);  // 95: step worth 2
  const UnitResult short_step = score(17);             // 85: step worth 1
  EXPECT_EQ(short_step.items[0].points.quarters(), 0);
  EXPECT_TRUE(HasText(short_step.items[0].reason, "85"));
}

TEST(AllRule, ManualInnerRuleMustGiveFullPoints) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("2", R"x({ all: [ { manual: {} }, { check: "hotspots.count == 0" } ] })x"));
  EXPECT_EQ(UnitBuilder(rubric)
                .Manual("1.1", 2)
                .Set("hotspots.count", 0)
                .Score()
                .items[0]
                .points.quarters(),
            8);
  EXPECT_EQ(UnitBuilder(rubric)
                .Manual("1.1", 1.75)
                .Set("hotspots.count", 0)
                .Score()
                .items[0]
                .points.quarters(),
            0);
}

TEST(AllRule, EveryInnerRulesValuesAreNeeded) {
  // The check falls short, yet the reduce rule's prior is still needed and listed.
  const UnitResult result =
      UnitBuilder(CheckThenReduce()).Set("tips.received", 0).Set("crime.social_order", 3).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_EQ(result.missing, std::vector<std::string>{"prior(crime.social_order)"});
}

TEST(AllRule, ZeroBaseInALaterInnerRuleMakesTheItemNotComputable) {
  // The first inner rule falls short, but percent(a, 0) in the second makes the whole item take its
  // if_no_base outcome (RUBRIC-FORMAT.md §2, §4), here full.
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("2",
                    R"x({ all: [ { check: "leadership.annual_plan == 1" }, )x"
                    R"x({ check: "percent(tips.processed, tips.received) >= 90" } ] })x",
                    "if_no_base: full"));
  const UnitResult result = UnitBuilder(rubric)
                                .Set("leadership.annual_plan", 0)
                                .Set("tips.received", 0)
                                .Set("tips.processed", 0)
                                .Score();
  EXPECT_EQ(result.items[0].points.quarters(), 8);
  EXPECT_TRUE(result.missing.empty());
}

}  // namespace
}  // namespace kieumau
