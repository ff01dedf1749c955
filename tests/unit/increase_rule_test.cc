// The increase rule (§3): the exact rise formulas, tiers, and if_prior_zero (default any).
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

constexpr const char* kSuccesses = "mediation.successes";

Rubric IncreaseRubric(std::string_view body) {
  return test::RubricFromText(OneItemRubric(
      "1.5", "{ increase: { indicator: mediation.successes, " + std::string(body) + " } }"));
}

UnitResult Score(const Rubric& rubric, double prior, double current) {
  return UnitBuilder(rubric).Prior(kSuccesses, prior).Set(kSuccesses, current).Score();
}

int64_t Quarters(const Rubric& rubric, double prior, double current) {
  return Score(rubric, prior, current).items[0].points.quarters();
}

TEST(IncreaseRule, PercentExactlyAsTheFormula) {
  struct Case {
    double percent, prior, met, short_by_one;
  };
  // 29% of 100: dividing first, (129 - 100) / 100 * 100 is 28.999999999999996 and would miss it.
  // The lowest current value that meets 100 * (current - prior) >= p * prior, and the one below.
  for (const Case& c : {Case{10, 40, 44, 43}, Case{10, 30, 33, 32}, Case{6, 50, 53, 52},
                        Case{15, 7, 9, 8}, Case{7, 100, 107, 106}, Case{29, 100, 129, 128}}) {
    SCOPED_TRACE(testing::Message() << c.percent << "% of " << c.prior);
    const Rubric rubric = IncreaseRubric("percent: " + std::to_string(c.percent));
    EXPECT_EQ(Quarters(rubric, c.prior, c.met), 6);
    EXPECT_EQ(Quarters(rubric, c.prior, c.short_by_one), 0);
  }
}

TEST(IncreaseRule, AFallIsNotARise) {
  const Rubric rubric = IncreaseRubric("percent: 10");
  EXPECT_EQ(Quarters(rubric, 40, 36), 0);
  EXPECT_EQ(Quarters(rubric, 40, 40), 0);
}

TEST(IncreaseRule, ZeroPercentIsMetByNoChange) {
  const Rubric rubric = IncreaseRubric("percent: 0");
  EXPECT_EQ(Quarters(rubric, 40, 40), 6);
  EXPECT_EQ(Quarters(rubric, 40, 39), 0);
}

TEST(IncreaseRule, Count) {
  const Rubric rubric = IncreaseRubric("count: 2");
  EXPECT_EQ(Quarters(rubric, 5, 7), 6);
  EXPECT_EQ(Quarters(rubric, 5, 9), 6);
  EXPECT_EQ(Quarters(rubric, 5, 6), 0);
  EXPECT_EQ(Quarters(rubric, 5, 3), 0);
}

TEST(IncreaseRule, ReasonHoldsBothYearsAndTheRequirement) {
  const UnitResult result = Score(IncreaseRubric("percent: 10"), 41, 46);
  EXPECT_EQ(result.items[0].points.quarters(), 6);
  EXPECT_TRUE(HasText(result.items[0].reason, "41"));
  EXPECT_TRUE(HasText(result.items[0].reason, "46"));
  EXPECT_TRUE(HasText(result.items[0].reason, "10%"));
}

constexpr const char* kTiers =
    R"x(tiers: [ { when: "[0,10)", count: 2 }, { when: "[10,)", percent: 20 } ])x";

TEST(IncreaseRule, TiersByPriorByDefault) {
  const Rubric rubric = IncreaseRubric(kTiers);
  EXPECT_EQ(Quarters(rubric, 9, 11), 6);  // [0,10): count 2
  EXPECT_EQ(Quarters(rubric, 9, 10), 0);
  EXPECT_EQ(Quarters(rubric, 10, 12), 6);  // [10,): 100 * 2 >= 20 * 10
  EXPECT_EQ(Quarters(rubric, 10, 11), 0);
  EXPECT_EQ(Quarters(rubric, 30, 36), 6);  // 100 * 6 >= 20 * 30
  EXPECT_EQ(Quarters(rubric, 30, 35), 0);  // count 2 would pass; 20% does not
}

TEST(IncreaseRule, TierByExplicitExpression) {
  const Rubric rubric = IncreaseRubric(
      R"x(tier_by: "mediation.dispute_violations", tiers: [ { when: "[0,5]", count: 1 }, )x"
      R"x({ when: "(5,)", count: 3 } ])x");
  auto quarters = [&](double violations, double prior, double current) {
    return UnitBuilder(rubric)
        .Set("mediation.dispute_violations", violations)
        .Prior(kSuccesses, prior)
        .Set(kSuccesses, current)
        .Score()
        .items[0]
        .points.quarters();
  };
  EXPECT_EQ(quarters(5, 10, 11), 6);
  EXPECT_EQ(quarters(6, 10, 11), 0);
  EXPECT_EQ(quarters(6, 10, 13), 6);
}

TEST(IncreaseRule, TierByValueInNoTierScoresZero) {
  const Rubric rubric = IncreaseRubric(R"x(tiers: [ { when: "[10,)", count: 1 } ])x");
  const UnitResult result = Score(rubric, 7, 30);
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(result.missing.empty());
}

TEST(IncreaseRule, PriorZeroDefaultIsAny) {
  const Rubric rubric = IncreaseRubric("percent: 10");
  EXPECT_EQ(Quarters(rubric, 0, 0), 6);
  EXPECT_EQ(Quarters(rubric, 0, 5), 6);
  const Rubric count = IncreaseRubric("count: 3");
  EXPECT_EQ(Quarters(count, 0, 1), 6);  // no base to compare against counts as met
}

TEST(IncreaseRule, PriorZeroAny) {
  const Rubric rubric = IncreaseRubric("count: 3, if_prior_zero: any");
  EXPECT_EQ(Quarters(rubric, 0, 0), 6);
  EXPECT_EQ(Quarters(rubric, 0, 1), 6);
}

TEST(IncreaseRule, PriorZeroKeepZero) {
  const Rubric rubric = IncreaseRubric("count: 1, if_prior_zero: keep_zero");
  EXPECT_EQ(Quarters(rubric, 0, 0), 6);
  EXPECT_EQ(Quarters(rubric, 0, 5), 0);
}

TEST(IncreaseRule, PriorZeroFail) {
  const Rubric rubric = IncreaseRubric("count: 1, if_prior_zero: fail");
  EXPECT_EQ(Quarters(rubric, 0, 5), 0);
  EXPECT_EQ(Quarters(rubric, 0, 0), 0);
  EXPECT_EQ(Quarters(rubric, 1, 2), 6);
}

TEST(IncreaseRule, PriorZeroIsJudgedBeforeTiers) {
  const Rubric rubric = IncreaseRubric(R"x(tiers: [ { when: "[10,)", count: 1 } ])x");
  EXPECT_EQ(Quarters(rubric, 0, 2), 6);  // any, though 0 lies in no tier
}

TEST(IncreaseRule, MissingPriorIsListed) {
  const Rubric rubric = IncreaseRubric("count: 1");
  const UnitResult result = UnitBuilder(rubric).Set(kSuccesses, 4).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_EQ(result.missing, std::vector<std::string>{"prior(mediation.successes)"});
}

}  // namespace
}  // namespace kieumau
