// The reduce rule (§3): the exact fall formulas, tiers, and if_prior_zero (default keep_zero).
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

constexpr const char* kCrime = "crime.social_order";

Rubric ReduceRubric(std::string_view body) {
  return test::RubricFromText(OneItemRubric(
      "2", "{ reduce: { indicator: crime.social_order, " + std::string(body) + " } }"));
}

UnitResult Score(const Rubric& rubric, double prior, double current) {
  return UnitBuilder(rubric).Prior(kCrime, prior).Set(kCrime, current).Score();
}

int64_t Quarters(const Rubric& rubric, double prior, double current) {
  return Score(rubric, prior, current).items[0].points.quarters();
}

TEST(ReduceRule, PercentExactlyAsTheFormula) {
  struct Case {
    double percent, prior, met, short_by_one;
  };
  // 29% of 100: dividing first, (100 - 71) / 100 * 100 is 28.999999999999996 and would miss it.
  // The lowest current value that meets 100 * (prior - current) >= p * prior, and the next one.
  for (const Case& c :
       {Case{7, 100, 93, 94}, Case{10, 30, 27, 28}, Case{6, 50, 47, 48}, Case{15, 7, 5, 6},
        Case{3, 100, 97, 98}, Case{20, 15, 12, 13}, Case{29, 100, 71, 72}}) {
    SCOPED_TRACE(testing::Message() << c.percent << "% of " << c.prior);
    const Rubric rubric = ReduceRubric("percent: " + std::to_string(c.percent));
    EXPECT_EQ(Quarters(rubric, c.prior, c.met), 8);
    EXPECT_EQ(Quarters(rubric, c.prior, c.short_by_one), 0);
  }
}

TEST(ReduceRule, DecimalPercent) {
  // 100 * (40 - c) >= 2.5 * 40 = 100: c = 39 meets it exactly.
  const Rubric rubric = ReduceRubric("percent: 2.5");
  EXPECT_EQ(Quarters(rubric, 40, 39), 8);
  EXPECT_EQ(Quarters(rubric, 40, 40), 0);
}

TEST(ReduceRule, ARiseIsNotAFall) {
  const Rubric rubric = ReduceRubric("percent: 7");
  EXPECT_EQ(Quarters(rubric, 100, 120), 0);
}

TEST(ReduceRule, Count) {
  const Rubric one = ReduceRubric("count: 1");
  EXPECT_EQ(Quarters(one, 5, 4), 8);
  EXPECT_EQ(Quarters(one, 5, 0), 8);
  EXPECT_EQ(Quarters(one, 5, 5), 0);
  EXPECT_EQ(Quarters(one, 5, 6), 0);
  const Rubric two = ReduceRubric("count: 2");
  EXPECT_EQ(Quarters(two, 5, 3), 8);
  EXPECT_EQ(Quarters(two, 5, 4), 0);
}

TEST(ReduceRule, ReasonHoldsBothYearsAndTheRequirement) {
  const UnitResult result = Score(ReduceRubric("percent: 7"), 37, 33);
  EXPECT_EQ(result.items[0].points.quarters(), 8);
  EXPECT_TRUE(HasText(result.items[0].reason, "37"));
  EXPECT_TRUE(HasText(result.items[0].reason, "33"));
  EXPECT_TRUE(HasText(result.items[0].reason, "7%"));
}

constexpr const char* kTiers =
    R"x(tiers: [ { when: "[0,20)", count: 1 }, { when: "[20,)", percent: 6 } ])x";

TEST(ReduceRule, TiersByPriorByDefault) {
  const Rubric rubric = ReduceRubric(kTiers);
  EXPECT_EQ(Quarters(rubric, 10, 9), 8);  // [0,20): count 1
  EXPECT_EQ(Quarters(rubric, 10, 10), 0);
  EXPECT_EQ(Quarters(rubric, 19, 18), 8);  // [0,20): count 1
  // prior 20 is in [20,): 6% of 20 needs a fall of 1.2, so 19 (which count 1 would pass) fails.
  EXPECT_EQ(Quarters(rubric, 20, 19), 0);
  EXPECT_EQ(Quarters(rubric, 20, 18), 8);
  EXPECT_EQ(Quarters(rubric, 50, 47), 8);  // 100 * 3 >= 6 * 50
  EXPECT_EQ(Quarters(rubric, 50, 48), 0);
}

TEST(ReduceRule, TierReasonNamesTheTier) {
  const UnitResult result = Score(ReduceRubric(kTiers), 50, 47);
  EXPECT_TRUE(HasText(result.items[0].reason, "[20,)"));
  EXPECT_TRUE(HasText(result.items[0].reason, "50"));
  EXPECT_TRUE(HasText(result.items[0].reason, "47"));
}

TEST(ReduceRule, TierByExplicitExpression) {
  const Rubric rubric = ReduceRubric(
      R"x(tier_by: "residence.households_total", tiers: [ { when: "[0,1000)", count: 1 }, )x"
      R"x({ when: "[1000,)", percent: 10 } ])x");
  auto quarters = [&](double households, double prior, double current) {
    return UnitBuilder(rubric)
        .Set("residence.households_total", households)
        .Prior(kCrime, prior)
        .Set(kCrime, current)
        .Score()
        .items[0]
        .points.quarters();
  };
  EXPECT_EQ(quarters(500, 20, 19), 8);   // count 1
  EXPECT_EQ(quarters(2000, 20, 19), 0);  // 10%: 100 * 1 < 10 * 20
  EXPECT_EQ(quarters(2000, 20, 18), 8);  // 100 * 2 >= 10 * 20
}

TEST(ReduceRule, TierByReferencesAreNeeded) {
  const Rubric rubric = ReduceRubric(
      R"x(tier_by: "residence.households_total", tiers: [ { when: "[0,)", count: 1 } ])x");
  const UnitResult result = Score(rubric, 20, 10);
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_EQ(result.missing, std::vector<std::string>{"residence.households_total"});
}

TEST(ReduceRule, TierByValueInNoTierScoresZero) {
  const Rubric rubric =
      ReduceRubric(R"x(tiers: [ { when: "[0,20)", count: 1 }, { when: "[30,)", percent: 6 } ])x");
  const UnitResult result = Score(rubric, 25, 0);
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(result.missing.empty());
  EXPECT_TRUE(HasText(result.items[0].reason, "25"));
}

TEST(ReduceRule, PriorZeroIsJudgedBeforeTiers) {
  // prior 0 lies in no tier, yet keep_zero decides first.
  const Rubric rubric = ReduceRubric(R"x(tiers: [ { when: "[5,)", count: 1 } ])x");
  EXPECT_EQ(Quarters(rubric, 0, 0), 8);
  EXPECT_EQ(Quarters(rubric, 0, 1), 0);
}

TEST(ReduceRule, PriorZeroDefaultIsKeepZero) {
  const Rubric rubric = ReduceRubric("percent: 7");
  EXPECT_EQ(Quarters(rubric, 0, 0), 8);
  EXPECT_EQ(Quarters(rubric, 0, 1), 0);
  const Rubric count = ReduceRubric("count: 1");
  EXPECT_EQ(Quarters(count, 0, 0), 8);
  EXPECT_EQ(Quarters(count, 0, 2), 0);
}

TEST(ReduceRule, PriorZeroKeepZero) {
  const Rubric rubric = ReduceRubric("count: 1, if_prior_zero: keep_zero");
  EXPECT_EQ(Quarters(rubric, 0, 0), 8);
  EXPECT_EQ(Quarters(rubric, 0, 3), 0);
  EXPECT_TRUE(Score(rubric, 0, 0).missing.empty());
}

TEST(ReduceRule, PriorZeroAny) {
  const Rubric rubric = ReduceRubric("count: 1, if_prior_zero: any");
  EXPECT_EQ(Quarters(rubric, 0, 0), 8);
  EXPECT_EQ(Quarters(rubric, 0, 3), 8);
}

TEST(ReduceRule, PriorZeroFail) {
  const Rubric rubric = ReduceRubric("count: 1, if_prior_zero: fail");
  EXPECT_EQ(Quarters(rubric, 0, 0), 0);
  EXPECT_EQ(Quarters(rubric, 0, 3), 0);
  // Only a zero prior fails outright.
  EXPECT_EQ(Quarters(rubric, 4, 3), 8);
}

TEST(ReduceRule, MissingCurrentAndPriorAreListed) {
  const Rubric rubric = ReduceRubric("count: 1");
  const UnitResult no_prior = UnitBuilder(rubric).Set(kCrime, 3).Score();
  EXPECT_EQ(no_prior.items[0].points.quarters(), 0);
  EXPECT_EQ(no_prior.missing, std::vector<std::string>{"prior(crime.social_order)"});
  const UnitResult no_current = UnitBuilder(rubric).Prior(kCrime, 3).Score();
  EXPECT_EQ(no_current.items[0].points.quarters(), 0);
  EXPECT_EQ(no_current.missing, std::vector<std::string>{"crime.social_order"});
  const UnitResult neither = UnitBuilder(rubric).Score();
  EXPECT_EQ(neither.missing,
            (std::vector<std::string>{"crime.social_order", "prior(crime.social_order)"}));
  EXPECT_TRUE(HasText(neither.items[0].reason, "prior(crime.social_order)"));
}

}  // namespace
}  // namespace kieumau
