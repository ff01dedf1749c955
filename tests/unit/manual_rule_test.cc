// The manual rule (§3, §4): the assessor's points in quarters, or manual:ID listed missing.
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

constexpr const char* kManual = R"x({ manual: { guidance: "Thẩm định hồ sơ" } })x";

TEST(ManualRule, TheAssessorsPointsInQuarters) {
  const Rubric rubric = test::RubricFromText(OneItemRubric("2", kManual));
  for (int quarters = 0; quarters <= 8; ++quarters) {
    SCOPED_TRACE(quarters);
    const UnitResult result = UnitBuilder(rubric).Manual("1.1", quarters / 4.0).Score();
    EXPECT_EQ(result.items[0].points.quarters(), quarters);
    EXPECT_TRUE(result.missing.empty());
  }
}

TEST(ManualRule, ReasonHoldsThePoints) {
  const Rubric rubric = test::RubricFromText(OneItemRubric("2", kManual));
  const UnitResult result = UnitBuilder(rubric).Manual("1.1", 1.25).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 5);
  EXPECT_TRUE(HasText(result.items[0].reason, "1,25"));
}

TEST(ManualRule, WithoutTheAssessorsPointsScoresZeroAndIsListed) {
  const Rubric rubric = test::RubricFromText(OneItemRubric("2", kManual));
  const UnitResult result = UnitBuilder(rubric).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_EQ(result.missing, std::vector<std::string>{"manual:1.1"});
  EXPECT_TRUE(HasText(result.items[0].reason, "manual:1.1"));
}

TEST(ManualRule, GuidanceMayBeLeftOut) {
  const Rubric rubric = test::RubricFromText(OneItemRubric("1", "{ manual: {} }"));
  EXPECT_EQ(UnitBuilder(rubric).Manual("1.1", 0.75).Score().items[0].points.quarters(), 3);
}

TEST(ManualRule, OnlyItemsWithoutPointsAreListed) {
  const Rubric rubric = test::RubricFromText(R"x(format: 1
id: t
title: "T"
unit_kinds: [phuong]
groups:
  - id: "I"
    title: "G"
    criteria:
      - id: "1"
        title: "C"
        items:
          - { id: "1.1", points: 1, rule: { manual: {} } }
          - { id: "1.2", points: 1.5, rule: { manual: {} } }
          - { id: "1.3", points: 0.5, rule: { manual: {} } }
)x");
  const UnitResult result = UnitBuilder(rubric).Manual("1.2", 1.5).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_EQ(result.items[1].points.quarters(), 6);
  EXPECT_EQ(result.items[2].points.quarters(), 0);
  EXPECT_EQ(result.missing, (std::vector<std::string>{"manual:1.1", "manual:1.3"}));
}

}  // namespace
}  // namespace kieumau
