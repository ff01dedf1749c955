// Force-building figures on the Bắc Ninh baseline CSV, checked against the figures the decision
// reports, and each force target's share and shortfall.
#include <gtest/gtest.h>

#include <string>

#include "programme/baseline_csv.h"
#include "programme/programme.h"
#include "programme/programme_yaml.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

const Programme& Demo() {
  static const Programme programme = [] {
    LoadedProgramme loaded = LoadProgrammeFile(test::RepoPath("data/demo/bac-ninh-programme.yaml"),
                                               test::BuiltinCatalogue());
    if (!loaded.programme) {
      ADD_FAILURE() << "the demo programme does not load";
      return Programme();
    }
    return std::move(*loaded.programme);
  }();
  return programme;
}

std::vector<UnitValues> DemoUnits() {
  LoadedBaseline loaded = LoadBaselineCsvFile(
      test::RepoPath("data/demo/bac-ninh-2024-baseline.csv"), test::BuiltinCatalogue());
  if (!loaded.table) {
    ADD_FAILURE() << "the demo baseline does not load";
    return {};
  }
  return loaded.table->ToUnitValues(test::BuiltinCatalogue());
}

ForceReport DemoForce(const std::vector<UnitValues>& units) {
  auto report = ComputeForce(Demo(), units, test::BuiltinCatalogue());
  if (!report) {
    ADD_FAILURE() << report.error().message;
    return {};
  }
  return std::move(report).value();
}

TEST(Force, SummaryOnTheBaselineCsv) {
  const ForceReport report = DemoForce(DemoUnits());
  const ForceSummary& s = report.summary;
  EXPECT_EQ(s.units, 52);
  EXPECT_EQ(s.skipped_other_kind, 0);
  EXPECT_TRUE(s.missing.empty());
  EXPECT_EQ(s.officers, 406);
  EXPECT_EQ(s.officers_per_unit_tenths, 78);
  EXPECT_EQ(s.officers_per_unit(), 7.8);
  EXPECT_EQ(s.units_with_at_least_min, 13);
  EXPECT_EQ(s.officers_needed_for_min, 125);
}

TEST(Force, TheCsvReproducesTheBaselineTheDecisionReports) {
  ASSERT_EQ(Demo().baselines.size(), 1u);
  const ReportedBaseline& reported = Demo().baselines[0];
  const ForceSummary s = DemoForce(DemoUnits()).summary;
  EXPECT_EQ(s.units, reported.wards);
  EXPECT_EQ(s.officers, reported.officers);
  EXPECT_EQ(*s.officers_per_unit_tenths * 10, reported.officers_per_ward.hundredths);
  EXPECT_EQ(s.units_with_at_least_min, reported.wards_with_at_least_10.count);
  EXPECT_EQ(
      TargetCount(s.units, {ShareComparison::kAtLeast, reported.wards_with_at_least_10.percent}),
      reported.wards_with_at_least_10.count);  // 25% of 52 is exactly 13
  EXPECT_EQ(s.officers_needed_for_min, reported.officers_needed_for_10_each);
}

TEST(Force, EachTargetOnTheBaselineCsv) {
  const ForceReport report = DemoForce(DemoUnits());
  ASSERT_EQ(report.targets.size(), 12u);
  for (size_t i = 0; i < report.targets.size(); ++i)
    EXPECT_EQ(report.targets[i].target, &Demo().targets[i]);

  // The CSV has no teams.count: the team targets cannot be judged for any ward.
  for (size_t i : {0u, 1u}) {
    const ForceTargetResult& teams = report.targets[i];
    ASSERT_EQ(teams.missing.size(), 52u) << i;
    EXPECT_EQ(teams.missing[0].unit, "Vũ Ninh, Thành phố Bắc Ninh");
    EXPECT_EQ(teams.missing[0].indicators, std::vector<std::string>{"teams.count"});
    EXPECT_FALSE(teams.share_percent);
    EXPECT_FALSE(teams.shortfall);
    EXPECT_EQ(teams.met, 0);
  }

  // Masters and university: 3 + 272 = 275 of 406 officers; 70% is 285 officers, 10 short.
  const ForceTargetResult& degrees = report.targets[2];
  EXPECT_TRUE(degrees.missing.empty());
  EXPECT_EQ(degrees.met, 275);
  EXPECT_EQ(degrees.base, 406);
  ASSERT_TRUE(degrees.share_percent);
  EXPECT_NEAR(*degrees.share_percent, 100.0 * 275 / 406, 1e-9);
  EXPECT_EQ(degrees.required, 285);
  EXPECT_EQ(degrees.shortfall, 10);

  // Political training, languages, IT, the chief in the standing committee, the investigator
  // title, cameras: not in the CSV, so every ward is missing them.
  for (size_t i : {3u, 4u, 5u, 6u, 7u, 9u, 11u}) {
    EXPECT_EQ(report.targets[i].missing.size(), 52u) << i;
    EXPECT_FALSE(report.targets[i].share_percent) << i;
  }

  // Independent headquarters: 31 of 52 wards; 90% is 47 wards, 16 short.
  const ForceTargetResult& hq = report.targets[8];
  EXPECT_TRUE(hq.missing.empty());
  EXPECT_EQ(hq.met, 31);
  EXPECT_EQ(hq.not_met, 21);
  EXPECT_EQ(hq.base, 52);
  EXPECT_NEAR(*hq.share_percent, 100.0 * 31 / 52, 1e-9);
  EXPECT_EQ(hq.required, 47);
  EXPECT_EQ(hq.shortfall, 16);

  // Independent headquarters on certified land: 7 of 52; every ward by 2030, 45 short.
  const ForceTargetResult& land = report.targets[10];
  EXPECT_TRUE(land.missing.empty());
  EXPECT_EQ(land.met, 7);
  EXPECT_EQ(land.required, 52);
  EXPECT_EQ(land.shortfall, 45);
}

TEST(Force, MissingStaffCountsAreReportedNotCountedAsZero) {
  std::vector<UnitValues> units = DemoUnits();
  ASSERT_EQ(units.size(), 52u);
  units[5].values.erase("staff.count");
  const ForceReport report = DemoForce(units);
  EXPECT_EQ(report.summary.units, 52);
  EXPECT_FALSE(report.summary.officers);
  EXPECT_FALSE(report.summary.officers_per_unit_tenths);
  EXPECT_FALSE(report.summary.officers_needed_for_min);
  ASSERT_EQ(report.summary.missing.size(), 1u);
  EXPECT_EQ(report.summary.missing[0].unit, units[5].unit);
  // The officer share needs every staff count; the wards' headquarters share does not.
  const ForceTargetResult& degrees = report.targets[2];
  ASSERT_EQ(degrees.missing.size(), 1u);
  EXPECT_EQ(degrees.missing[0].indicators, std::vector<std::string>{"staff.count"});
  EXPECT_FALSE(degrees.share_percent);
  EXPECT_TRUE(report.targets[8].share_percent);
}

TEST(Force, CountsOnlyUnitsOfTheProgrammesKind) {
  std::vector<UnitValues> units = DemoUnits();
  units.push_back({"Xã thử", UnitKind::kXa, {{"staff.count", 3}}});
  const ForceReport report = DemoForce(units);
  EXPECT_EQ(report.summary.units, 52);
  EXPECT_EQ(report.summary.skipped_other_kind, 1);
  EXPECT_EQ(report.summary.officers, 406);
}

TEST(Force, PerUnitRoundingAndUnknownIndicators) {
  std::vector<UnitValues> units = {{"A", UnitKind::kPhuong, {{"staff.count", 10}}},
                                   {"B", UnitKind::kPhuong, {{"staff.count", 10}}},
                                   {"C", UnitKind::kPhuong, {{"staff.count", 11}}},
                                   {"D", UnitKind::kPhuong, {{"staff.count", 4}}}};
  // 35 / 4 = 8.75 → 8.8 (half up); 6 officers needed for D.
  const ForceReport report = DemoForce(units);
  EXPECT_EQ(report.summary.officers_per_unit_tenths, 88);
  EXPECT_EQ(report.summary.units_with_at_least_min, 3);
  EXPECT_EQ(report.summary.officers_needed_for_min, 6);

  units[0].values["staff.count_typo"] = 1;
  auto bad = ComputeForce(Demo(), units, test::BuiltinCatalogue());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("staff.count_typo"), std::string::npos);
}

}  // namespace
}  // namespace kieumau
