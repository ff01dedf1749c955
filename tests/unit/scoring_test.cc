// Scoring a unit (§4, §5): exact totals, na_when, if_no_base, vetoes, outcomes, missing.
#include "engine/scoring.h"

#include <gtest/gtest.h>

#include <string>

#include "support/test_support.h"
#include "unit/unit_fixtures.h"

namespace kieumau {
namespace {

using test::HasText;
using test::OneItemRubric;
using test::UnitBuilder;

// Two groups of quarter-point items; 2.1 and 3.1 are mandatory. `head` adds top-level keys (pass,
// vetoes).
Rubric Sample(std::string_view head = "") {
  return test::RubricFromText(R"x(format: 1
id: t
title: "T"
unit_kinds: [phuong, xa]
)x" + std::string(head) + R"x(
groups:
  - id: "I"
    title: "G1"
    criteria:
      - id: "1"
        title: "C1"
        items:
          - { id: "1.1", points: 0.25, rule: { check: "leadership.annual_plan == 1" } }
          - { id: "1.2", points: 1.5, rule: { manual: {} } }
      - id: "2"
        title: "C2"
        items:
          - id: "2.1"
            points: 0.75
            mandatory: true
            rule: { check: "leadership.annual_resolution == 1" }
  - id: "II"
    title: "G2"
    criteria:
      - id: "3"
        title: "C3"
        items:
          - { id: "3.1", points: 2.25, mandatory: true, rule: { check: "hotspots.count == 0" } }
          - { id: "3.2", points: 0.5, rule: { check: "fire.major == 0" } }
)x");
}

// Every value the sample's items read: 0.25 + 1.25 + 0.75 + 2.25 + 0 = 4.5 points.
UnitBuilder SampleUnit(const Rubric& rubric) {
  UnitBuilder unit(rubric);
  unit.Set("leadership.annual_plan", 1)
      .Manual("1.2", 1.25)
      .Set("leadership.annual_resolution", 1)
      .Set("hotspots.count", 0)
      .Set("fire.major", 1);
  return unit;
}

constexpr const char* kVetoes = R"yaml(vetoes:
  - { id: unrest, text: "Bạo loạn", when: "security.mass_unrest_events > 0" }
  - id: crime-up
    text: "Không kéo giảm tội phạm"
    when: "crime.social_order > 0 and crime.social_order >= prior(crime.social_order)"
)yaml";

// The sample unit with every veto's values set so that none fires.
UnitBuilder QuietVetoes(UnitBuilder unit) {
  unit.Set("security.mass_unrest_events", 0)
      .Set("crime.social_order", 3)
      .Prior("crime.social_order", 5);
  return unit;
}

TEST(Scoring, MaximaAreExactSums) {
  const Rubric rubric = Sample();
  EXPECT_EQ(rubric.criteria[0].max.quarters(), 7);   // 0.25 + 1.5
  EXPECT_EQ(rubric.criteria[1].max.quarters(), 3);   // 0.75
  EXPECT_EQ(rubric.criteria[2].max.quarters(), 11);  // 2.25 + 0.5
  EXPECT_EQ(rubric.groups[0].max.quarters(), 10);
  EXPECT_EQ(rubric.groups[1].max.quarters(), 11);
  EXPECT_EQ(rubric.max.quarters(), 21);
}

TEST(Scoring, TotalsPerCriterionAndGroupInQuarters) {
  const Rubric rubric = Sample();
  const UnitResult result = SampleUnit(rubric).Score();
  ASSERT_EQ(result.items.size(), 5u);
  EXPECT_EQ(result.items[0].points.quarters(), 1);
  EXPECT_EQ(result.items[1].points.quarters(), 5);
  EXPECT_EQ(result.items[2].points.quarters(), 3);
  EXPECT_EQ(result.items[3].points.quarters(), 9);
  EXPECT_EQ(result.items[4].points.quarters(), 0);
  EXPECT_EQ(result.criterion_points,
            (std::vector<Points>{Points::FromQuarters(6), Points::FromQuarters(3),
                                 Points::FromQuarters(9)}));
  EXPECT_EQ(result.group_points,
            (std::vector<Points>{Points::FromQuarters(9), Points::FromQuarters(9)}));
  EXPECT_EQ(result.total.quarters(), 18);
  EXPECT_EQ(result.total.ToDouble(), 4.5);
  EXPECT_TRUE(result.missing.empty());
  EXPECT_EQ(result.outcome, Outcome::kScored);
}

TEST(Scoring, ItemReasonEndsWithPointsOverMaximum) {
  const Rubric rubric = Sample();
  const UnitResult result = SampleUnit(rubric).Score();
  const std::string& reason = result.items[1].reason;
  const std::string ending = "1,25/1,5";
  ASSERT_GE(reason.size(), ending.size());
  EXPECT_EQ(reason.substr(reason.size() - ending.size()), ending) << reason;
}

// na_when: wanted persons are sought only where there are some (RUBRIC-FORMAT.md §4).
Rubric NaWhenRubric() {
  return test::RubricFromText(OneItemRubric("1.5",
                                            R"x({ check: "wanted.caught_or_surrendered >= 1" })x",
                                            R"x(na_when: "wanted.on_territory == 0")x"));
}

TEST(ScoringNaWhen, HoldsScoresFullAndTheRulesValuesAreNotNeeded) {
  const UnitResult result = UnitBuilder(NaWhenRubric()).Set("wanted.on_territory", 0).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 6);
  EXPECT_TRUE(result.missing.empty());
}

TEST(ScoringNaWhen, ItsOwnMissingValuesScoreZeroAndAreTheOnlyOnesListed) {
  const UnitResult result = UnitBuilder(NaWhenRubric()).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_EQ(result.missing, std::vector<std::string>{"wanted.on_territory"});
  EXPECT_TRUE(HasText(result.items[0].reason, "wanted.on_territory"));

  const UnitResult rule_met =
      UnitBuilder(NaWhenRubric()).Set("wanted.caught_or_surrendered", 2).Score();
  EXPECT_EQ(rule_met.items[0].points.quarters(), 0);
  EXPECT_EQ(rule_met.missing, std::vector<std::string>{"wanted.on_territory"});
}

TEST(ScoringNaWhen, DoesNotHoldSoTheRuleDecides) {
  const Rubric rubric = NaWhenRubric();
  EXPECT_EQ(UnitBuilder(rubric)
                .Set("wanted.on_territory", 3)
                .Set("wanted.caught_or_surrendered", 1)
                .Score()
                .items[0]
                .points.quarters(),
            6);
  EXPECT_EQ(UnitBuilder(rubric)
                .Set("wanted.on_territory", 3)
                .Set("wanted.caught_or_surrendered", 0)
                .Score()
                .items[0]
                .points.quarters(),
            0);
  const UnitResult missing = UnitBuilder(rubric).Set("wanted.on_territory", 3).Score();
  EXPECT_EQ(missing.items[0].points.quarters(), 0);
  EXPECT_EQ(missing.missing, std::vector<std::string>{"wanted.caught_or_surrendered"});
}

// percent(processed, received) with received == 0, under each if_no_base.
UnitResult ZeroBase(std::string_view if_no_base) {
  const Rubric rubric = test::RubricFromText(
      OneItemRubric("2", R"x({ check: "percent(tips.processed, tips.received) >= 90" })x",
                    if_no_base.empty() ? "" : "if_no_base: " + std::string(if_no_base)));
  return UnitBuilder(rubric).Set("tips.received", 0).Set("tips.processed", 0).Score();
}

TEST(ScoringNoBase, DefaultIsZero) {
  const UnitResult result = ZeroBase("");
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(result.missing.empty());
}

TEST(ScoringNoBase, Zero) {
  const UnitResult result = ZeroBase("zero");
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(result.missing.empty());
}

TEST(ScoringNoBase, Full) {
  const UnitResult result = ZeroBase("full");
  EXPECT_EQ(result.items[0].points.quarters(), 8);
  EXPECT_TRUE(result.missing.empty());
}

TEST(ScoringNoBase, NaScoresFullAndSaysSo) {
  const UnitResult result = ZeroBase("na");
  EXPECT_EQ(result.items[0].points.quarters(), 8);
  EXPECT_TRUE(HasText(result.items[0].reason, "không áp dụng"));
  EXPECT_TRUE(result.missing.empty());
}

TEST(ScoringNoBase, DivisionByZeroToo) {
  const Rubric rubric = test::RubricFromText(OneItemRubric(
      "2", R"x({ check: "tips.processed / tips.received >= 0.9" })x", "if_no_base: full"));
  EXPECT_EQ(UnitBuilder(rubric)
                .Set("tips.received", 0)
                .Set("tips.processed", 0)
                .Score()
                .items[0]
                .points.quarters(),
            8);
}

TEST(ScoringNoBase, OnlyAppliesWhenTheBaseIsZero) {
  const Rubric rubric = test::RubricFromText(OneItemRubric(
      "2", R"x({ check: "percent(tips.processed, tips.received) >= 90" })x", "if_no_base: full"));
  EXPECT_EQ(UnitBuilder(rubric)
                .Set("tips.received", 20)
                .Set("tips.processed", 10)
                .Score()
                .items[0]
                .points.quarters(),
            0);
}

TEST(ScoringNoBase, ZeroBaseThatAnOrDoesNotNeedStillCounts) {
  const Rubric rubric = test::RubricFromText(OneItemRubric(
      "2",
      R"x({ check: "hotspots.count == 0 or percent(tips.processed, tips.received) >= 90" })x"));
  const UnitResult result = UnitBuilder(rubric)
                                .Set("hotspots.count", 0)
                                .Set("tips.received", 0)
                                .Set("tips.processed", 0)
                                .Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);  // if_no_base: zero, though the "or" holds
}

TEST(ScoringVeto, FiresSoTheUnitIsIneligible) {
  const Rubric rubric = Sample(std::string(kVetoes) + "pass: { min_points: 1 }\n");
  const UnitResult result =
      QuietVetoes(SampleUnit(rubric)).Set("security.mass_unrest_events", 2).Score();
  EXPECT_EQ(result.vetoes, std::vector<size_t>{0});
  EXPECT_EQ(result.outcome, Outcome::kIneligible);
  EXPECT_EQ(result.total.quarters(), 18);  // the points are still scored
}

TEST(ScoringVeto, SecondVetoWithAPriorValue) {
  const Rubric rubric = Sample(kVetoes);
  const UnitResult result = QuietVetoes(SampleUnit(rubric))
                                .Set("crime.social_order", 5)
                                .Prior("crime.social_order", 5)
                                .Score();
  EXPECT_EQ(result.vetoes, std::vector<size_t>{1});
  EXPECT_EQ(result.outcome, Outcome::kIneligible);
}

TEST(ScoringVeto, NoneFires) {
  const Rubric rubric = Sample(kVetoes);
  const UnitResult result = QuietVetoes(SampleUnit(rubric)).Score();
  EXPECT_TRUE(result.vetoes.empty());
  EXPECT_TRUE(result.missing.empty());
  EXPECT_EQ(result.outcome, Outcome::kScored);
}

TEST(ScoringVeto, MissingValuesAreListedAndDoNotVeto) {
  const Rubric rubric = Sample(std::string(kVetoes) + "pass: { min_points: 1 }\n");
  UnitBuilder unit = SampleUnit(rubric);
  unit.Set("crime.social_order", 5);  // the unrest count and the prior crime count are missing
  const UnitResult result = unit.Score();
  EXPECT_TRUE(result.vetoes.empty());
  EXPECT_EQ(result.missing,
            (std::vector<std::string>{"prior(crime.social_order)", "security.mass_unrest_events"}));
  EXPECT_EQ(result.outcome, Outcome::kPass);
}

TEST(ScoringVeto, ZeroBaseDoesNotVetoAndListsNothing) {
  const Rubric rubric = Sample(R"x(vetoes:
  - id: few-tips
    text: "Ít tin báo được giải quyết"
    when: "percent(tips.processed, tips.received) < 50"
)x");
  const UnitResult result =
      SampleUnit(rubric).Set("tips.received", 0).Set("tips.processed", 0).Score();
  EXPECT_TRUE(result.vetoes.empty());
  EXPECT_TRUE(result.missing.empty());
  EXPECT_EQ(result.outcome, Outcome::kScored);
}

TEST(ScoringVeto, ZeroBaseDoesNotVetoEvenWhereTheRestHolds) {
  const Rubric rubric = Sample(R"x(vetoes:
  - { id: v, text: "V", when: "fire.major > 0 or percent(tips.processed, tips.received) < 50" }
)x");
  const UnitResult result =
      SampleUnit(rubric).Set("tips.received", 0).Set("tips.processed", 0).Score();
  EXPECT_TRUE(result.vetoes.empty());
  EXPECT_TRUE(result.missing.empty());
}

TEST(ScoringOutcome, ScoredWithoutAPassRule) {
  const Rubric rubric = Sample();
  EXPECT_EQ(SampleUnit(rubric).Score().outcome, Outcome::kScored);
}

TEST(ScoringOutcome, MinPointsReachedExactlyPasses) {
  const Rubric rubric = Sample("pass: { min_points: 4.5 }");
  EXPECT_EQ(SampleUnit(rubric).Score().outcome, Outcome::kPass);
}

TEST(ScoringOutcome, MinPointsNotReachedFails) {
  const Rubric rubric = Sample("pass: { min_points: 4.75 }");
  EXPECT_EQ(SampleUnit(rubric).Score().outcome, Outcome::kFail);
}

TEST(ScoringOutcome, AllMandatoryFull) {
  const Rubric rubric = Sample("pass: { all_mandatory: true }");
  EXPECT_EQ(SampleUnit(rubric).Score().outcome, Outcome::kPass);
}

TEST(ScoringOutcome, AMandatoryItemShortFails) {
  const Rubric rubric = Sample("pass: { all_mandatory: true }");
  EXPECT_EQ(SampleUnit(rubric).Set("hotspots.count", 1).Score().outcome, Outcome::kFail);
}

TEST(ScoringOutcome, AMandatoryItemMissingDataFails) {
  const Rubric rubric = Sample("pass: { all_mandatory: true }");
  UnitBuilder unit(rubric);
  unit.Set("leadership.annual_plan", 1)
      .Manual("1.2", 1.5)
      .Set("hotspots.count", 0)
      .Set("fire.major", 0);
  const UnitResult result = unit.Score();  // 2.1's value is missing
  EXPECT_EQ(result.missing, std::vector<std::string>{"leadership.annual_resolution"});
  EXPECT_EQ(result.outcome, Outcome::kFail);
}

TEST(ScoringOutcome, NonMandatoryItemsDoNotMatterToAllMandatory) {
  const Rubric rubric = Sample("pass: { all_mandatory: true }");
  const UnitResult result =
      SampleUnit(rubric).Set("leadership.annual_plan", 0).Manual("1.2", 0).Score();
  EXPECT_EQ(result.total.quarters(), 12);  // 0.75 + 2.25
  EXPECT_EQ(result.outcome, Outcome::kPass);
}

TEST(ScoringOutcome, BothMustHold) {
  const Rubric low_mark = Sample("pass: { min_points: 2, all_mandatory: true }");
  EXPECT_EQ(SampleUnit(low_mark).Score().outcome, Outcome::kPass);
  // 2.25 points reach the mark, but mandatory 3.1 scores 0.
  const UnitResult short_mandatory = SampleUnit(low_mark).Set("hotspots.count", 1).Score();
  EXPECT_EQ(short_mandatory.total.quarters(), 9);
  EXPECT_EQ(short_mandatory.outcome, Outcome::kFail);
  // Every mandatory item full, but 4.5 points are below the mark.
  const Rubric high_mark = Sample("pass: { min_points: 5, all_mandatory: true }");
  EXPECT_EQ(SampleUnit(high_mark).Score().outcome, Outcome::kFail);
}

TEST(ScoringOutcome, AVetoOutranksPassing) {
  const Rubric rubric =
      Sample(std::string(kVetoes) + "pass: { min_points: 1, all_mandatory: true }\n");
  EXPECT_EQ(QuietVetoes(SampleUnit(rubric)).Score().outcome, Outcome::kPass);
  EXPECT_EQ(QuietVetoes(SampleUnit(rubric)).Set("security.mass_unrest_events", 1).Score().outcome,
            Outcome::kIneligible);
}

TEST(ScoringMissing, SortedAndDuplicateFree) {
  const Rubric rubric = test::RubricFromText(R"yaml(format: 1
id: t
title: "T"
unit_kinds: [phuong]
vetoes:
  - { id: v, text: "V", when: "hotspots.count > 3 or tips.received > 100" }
groups:
  - id: "I"
    title: "G"
    criteria:
      - id: "1"
        title: "C"
        items:
          - { id: "1.1", points: 1, rule: { check: "tips.received > 0" } }
          - { id: "1.2", points: 1, rule: { check: "tips.received > 5 and hotspots.count == 0" } }
          - { id: "9.1", points: 1, rule: { manual: {} } }
          - { id: "1.4", points: 1, rule: { reduce: { indicator: crime.social_order, count: 1 } } }
          - id: "1.5"
            points: 1
            rule: { check: "crime.social_order < prior(crime.social_order)" }
)yaml");
  const UnitResult result = UnitBuilder(rubric).Score();
  EXPECT_EQ(result.missing,
            (std::vector<std::string>{"crime.social_order", "hotspots.count", "manual:9.1",
                                      "prior(crime.social_order)", "tips.received"}));
  EXPECT_EQ(result.total.quarters(), 0);
}

TEST(ScoringMissing, ReasonNamesWhatTheItemLacks) {
  const Rubric rubric = Sample();
  const UnitResult result = UnitBuilder(rubric).Set("leadership.annual_plan", 1).Score();
  EXPECT_TRUE(HasText(result.items[2].reason, "leadership.annual_resolution"));
  EXPECT_TRUE(HasText(result.items[1].reason, "manual:1.2"));
  EXPECT_EQ(result.items[0].points.quarters(), 1);
}

}  // namespace
}  // namespace kieumau
