// The by_kind rule (§3, §4): the branch of the unit's kind; an unlisted kind scores 0.
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

// phuong and xa judge the same indicator against different marks; thi_tran reads another one and
// đặc khu is not listed.
Rubric ByKindRubric() {
  return test::RubricFromText(
      OneItemRubric("2", R"x({ by_kind: { phuong: { check: "tips.received >= 10" }, )x"
                         R"x(xa: { check: "tips.received >= 5" }, )x"
                         R"x(thi_tran: { check: "hotspots.count == 0" } } })x"));
}

TEST(ByKindRule, TheBranchOfTheUnitsKind) {
  const Rubric rubric = ByKindRubric();
  EXPECT_EQ(UnitBuilder(rubric, UnitKind::kPhuong)
                .Set("tips.received", 7)
                .Score()
                .items[0]
                .points.quarters(),
            0);
  EXPECT_EQ(
      UnitBuilder(rubric, UnitKind::kXa).Set("tips.received", 7).Score().items[0].points.quarters(),
      8);
  EXPECT_EQ(UnitBuilder(rubric, UnitKind::kPhuong)
                .Set("tips.received", 10)
                .Score()
                .items[0]
                .points.quarters(),
            8);
}

TEST(ByKindRule, ReasonHoldsTheBranchsNumbers) {
  const UnitResult result =
      UnitBuilder(ByKindRubric(), UnitKind::kXa).Set("tips.received", 7).Score();
  EXPECT_TRUE(HasText(result.items[0].reason, "tips.received = 7"));
}

TEST(ByKindRule, UnlistedKindScoresZeroNotApplicable) {
  const UnitResult result = UnitBuilder(ByKindRubric(), UnitKind::kDacKhu)
                                .Set("tips.received", 50)
                                .Set("hotspots.count", 0)
                                .Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(HasText(result.items[0].reason, "not applicable to kind"));
  EXPECT_TRUE(result.missing.empty());
}

TEST(ByKindRule, UnlistedKindNeedsNothing) {
  const UnitResult result = UnitBuilder(ByKindRubric(), UnitKind::kDacKhu).Score();
  EXPECT_EQ(result.items[0].points.quarters(), 0);
  EXPECT_TRUE(HasText(result.items[0].reason, "not applicable to kind"));
  EXPECT_TRUE(result.missing.empty());
}

TEST(ByKindRule, OnlyTheBranchOfTheUnitsKindIsNeeded) {
  const UnitResult thi_tran =
      UnitBuilder(ByKindRubric(), UnitKind::kThiTran).Set("hotspots.count", 0).Score();
  EXPECT_EQ(thi_tran.items[0].points.quarters(), 8);
  EXPECT_TRUE(thi_tran.missing.empty());

  const UnitResult phuong =
      UnitBuilder(ByKindRubric(), UnitKind::kPhuong).Set("hotspots.count", 0).Score();
  EXPECT_EQ(phuong.items[0].points.quarters(), 0);
  EXPECT_EQ(phuong.missing, std::vector<std::string>{"tips.received"});
}

TEST(ByKindRule, ManualBranchNeedsTheAssessorsPointsOnlyForItsKind) {
  const Rubric rubric = test::RubricFromText(OneItemRubric(
      "1", R"x({ by_kind: { phuong: { manual: {} }, xa: { check: "hotspots.count == 0" } } })x"));
  const UnitResult phuong = UnitBuilder(rubric, UnitKind::kPhuong).Score();
  EXPECT_EQ(phuong.missing, std::vector<std::string>{"manual:1.1"});
  const UnitResult phuong_given = UnitBuilder(rubric, UnitKind::kPhuong).Manual("1.1", 0.5).Score();
  EXPECT_EQ(phuong_given.items[0].points.quarters(), 2);
  EXPECT_TRUE(phuong_given.missing.empty());
  const UnitResult xa = UnitBuilder(rubric, UnitKind::kXa).Set("hotspots.count", 0).Score();
  EXPECT_EQ(xa.items[0].points.quarters(), 4);
  EXPECT_TRUE(xa.missing.empty());
}

}  // namespace
}  // namespace kieumau
