// The bands rule (§3): the first step holding the value scores, 0 if none; round: integer.
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

// A bands rule over `value` with `steps` (a YAML flow list body); `round` is "" for the default.
std::string Bands(std::string_view value, std::string_view steps, std::string_view round = "") {
  std::string rule = "{ bands: { value: \"" + std::string(value) + "\", ";
  if (!round.empty()) rule += "round: " + std::string(round) + ", ";
  return rule + "steps: [ " + std::string(steps) + " ] } }";
}

constexpr const char* kTipsPercent = "percent(tips.processed, tips.received)";
constexpr const char* kTipsSteps =
    R"x({ in: "[90,100]", points: 2 }, { in: "[80,90)", points: 1 }, )x"
    R"x({ in: "[70,80)", points: 0.5 })x";

// Points in quarters of the one item for `processed` of `received` tips.
int64_t TipsQuarters(const Rubric& rubric, double processed, double received) {
  return UnitBuilder(rubric)
      .Set("tips.received", received)
      .Set("tips.processed", processed)
      .Score()
      .items[0]
      .points.quarters();
}

TEST(BandsRule, PointsOfTheStepHoldingTheValue) {
  const Rubric rubric = test::RubricFromText(OneItemRubric("2", Bands(kTipsPercent, kTipsSteps)));
  EXPECT_EQ(TipsQuarters(rubric, 19, 20), 8);  // 95
  EXPECT_EQ(TipsQuarters(rubric, 18, 20), 8);  // 90, the lower end of [90,100]
  EXPECT_EQ(TipsQuarters(rubric, 20, 20), 8);  // 100
  EXPECT_EQ(TipsQuarters(rubric, 17, 20), 4);  // 85
  EXPECT_EQ(TipsQuarters(rubric, 16, 20), 4);  // 80
  EXPECT_EQ(TipsQuarters(rubric, 15, 20), 2);  // 75
  EXPECT_EQ(TipsQuarters(rubric, 14, 20), 2);  // 70
}

TEST(BandsRule, ValueInNoStepScoresZero) {
  const Rubric rubric = test::RubricFromText(OneItemRubric("2", Bands(kTipsPercent, kTipsSteps)));
  const UnitResult result =
      UnitBuilder(rubric).Set("tips.received", 20).Set("tips.processed", 12).Score();  // 60
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(result.missing.empty());
  EXPECT_TRUE(HasText(result.items[0].reason, "60"));
}

TEST(BandsRule, ReasonHoldsTheValueAndTheStep) {
  const Rubric rubric = test::RubricFromText(OneItemRubric("2", Bands(kTipsPercent, kTipsSteps)));
  const UnitResult result =
      UnitBuilder(rubric).Set("tips.received", 21).Set("tips.processed", 20).Score();  // 95,24
  EXPECT_EQ(result.items[0].points.quarters(), 8);
  EXPECT_TRUE(HasText(result.items[0].reason, "95,24"));
  EXPECT_TRUE(HasText(result.items[0].reason, "[90,100]"));
  EXPECT_TRUE(HasText(result.items[0].reason, "2/2"));
}

TEST(BandsRule, ExactPercentOnAnOpenBound) {
  // 17 of 20 is exactly 85: in (80,85], not in (85,100].
  const Rubric rubric = test::RubricFromText(OneItemRubric(
      "2",
      Bands(kTipsPercent, R"x({ in: "(85,100]", points: 2 }, { in: "(80,85]", points: 1.25 })x")));
  EXPECT_EQ(TipsQuarters(rubric, 17, 20), 5);
}

TEST(BandsRule, ExactPercentOnBoundsWhereDividingFirstWouldMissThem) {
  const Rubric rubric = test::RubricFromText(OneItemRubric(
      "2",
      Bands(kTipsPercent, R"x({ in: "[58,100]", points: 2 }, { in: "(50,55]", points: 1 })x")));
  EXPECT_EQ(TipsQuarters(rubric, 29, 50), 8);  // 58
  EXPECT_EQ(TipsQuarters(rubric, 11, 20), 4);  // 55
}

TEST(BandsRule, FirstMatchingStepWinsWhereStepsOverlap) {
  const Rubric wide_first = test::RubricFromText(OneItemRubric(
      "2",
      Bands(kTipsPercent, R"x({ in: "[80,100]", points: 1 }, { in: "[90,100]", points: 2 })x")));
  EXPECT_EQ(TipsQuarters(wide_first, 19, 20), 4);
  const Rubric narrow_first = test::RubricFromText(OneItemRubric(
      "2",
      Bands(kTipsPercent, R"x({ in: "[90,100]", points: 2 }, { in: "[80,100]", points: 1 })x")));
  EXPECT_EQ(TipsQuarters(narrow_first, 19, 20), 8);
  EXPECT_EQ(TipsQuarters(narrow_first, 17, 20), 4);
}

TEST(BandsRule, StepPointsInQuarters) {
  const Rubric rubric = test::RubricFromText(OneItemRubric(
      "1", Bands(kTipsPercent,
                 R"x({ in: "[90,100]", points: 0.75 }, { in: "[50,90)", points: 0.25 })x")));
  EXPECT_EQ(TipsQuarters(rubric, 19, 20), 3);
  EXPECT_EQ(TipsQuarters(rubric, 12, 20), 1);
}

constexpr const char* kRoundedSteps =
    R"x({ in: "[85,100]", points: 2 }, { in: "[80,84]", points: 1 })x";

int64_t PercentQuarters(const Rubric& rubric, double value) {
  return UnitBuilder(rubric)
      .Set("subjects.reintegrated_percent", value)
      .Score()
      .items[0]
      .points.quarters();
}

TEST(BandsRule, RoundIntegerIsHalfUp) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("2", Bands("subjects.reintegrated_percent", kRoundedSteps, "integer")));
  EXPECT_EQ(PercentQuarters(rubric, 84.5), 8);   // 85
  EXPECT_EQ(PercentQuarters(rubric, 84.49), 4);  // 84
  EXPECT_EQ(PercentQuarters(rubric, 79.5), 4);   // 80
  EXPECT_EQ(PercentQuarters(rubric, 79.49), 0);  // 79
  EXPECT_EQ(PercentQuarters(rubric, 84), 4);
}

TEST(BandsRule, RoundIntegerReasonShowsBothValues) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("2", Bands("subjects.reintegrated_percent", kRoundedSteps, "integer")));
  const UnitResult result = UnitBuilder(rubric).Set("subjects.reintegrated_percent", 84.5).Score();
  EXPECT_TRUE(HasText(result.items[0].reason, "84,5"));
  EXPECT_TRUE(HasText(result.items[0].reason, "85"));
}

TEST(BandsRule, NoRoundingByDefault) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("2", Bands("subjects.reintegrated_percent", kRoundedSteps)));
  EXPECT_EQ(PercentQuarters(rubric, 84.5), 0);  // between [80,84] and [85,100]
  EXPECT_EQ(PercentQuarters(rubric, 84), 4);
  const Rubric none = test::RubricFromText(
      OneItemRubric("2", Bands("subjects.reintegrated_percent", kRoundedSteps, "none")));
  EXPECT_EQ(PercentQuarters(none, 84.5), 0);
}

TEST(BandsRule, UnboundedStep) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("1", Bands("patrol.sessions_per_week",
                               R"x({ in: "[7,)", points: 1 }, { in: "[3,7)", points: 0.5 })x")));
  auto quarters = [&](double sessions) {
    return UnitBuilder(rubric)
        .Set("patrol.sessions_per_week", sessions)
        .Score()
        .items[0]
        .points.quarters();
  };
  EXPECT_EQ(quarters(1000), 4);
  EXPECT_EQ(quarters(7), 4);
  EXPECT_EQ(quarters(6.5), 2);
  EXPECT_EQ(quarters(2.5), 0);
}

TEST(BandsRule, MissingValuesAreListed) {
  const Rubric rubric = test::RubricFromText(OneItemRubric("2", Bands(kTipsPercent, kTipsSteps)));
  const UnitResult result = UnitBuilder(rubric).Set("tips.received", 20).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_EQ(result.missing, std::vector<std::string>{"tips.processed"});
}

}  // namespace
}  // namespace kieumau
