// The demo against Bắc Ninh's programme: the 2023 force figures the programme file reports
// (baseline_2023), the force over the years (52 wards, then the 33 of the merged province), the
// recognitions on real units against the roadmap, the recognised wards passing bn-capkm-2024 with
// their prior year rolled up through the register's lineage, and a plausible mix of the others.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "demo/demo_support.h"
#include "programme/programme.h"
#include "programme/programme_yaml.h"

namespace kieumau {
namespace {

using test::CommuneNamed;
using test::CommunesOf;
using test::Day;
using test::Demo;
using test::Facts;
using test::NameOn;
using test::Register;

const Programme& DemoProgramme() {
  static const Programme programme = [] {
    LoadedProgramme loaded = ParseProgramme(Demo().programme_yaml, test::BuiltinCatalogue());
    if (!loaded.programme) {
      ADD_FAILURE() << "the demo programme does not load";
      return Programme();
    }
    return std::move(*loaded.programme);
  }();
  return programme;
}

// The programme's wards at the end of `year`: old Bắc Ninh's until 2024, the merged province's
// from 2025.
std::vector<UnitId> WardsAtEnd(int year) {
  return CommunesOf(year <= 2024 ? "27" : "24", UnitKind::kPhuong, std::to_string(year) + "-12-31");
}

ForceReport Force(int year) {
  std::vector<UnitValues> units;
  for (UnitId id : WardsAtEnd(year)) {
    const auto it = Facts().find({id, year});
    EXPECT_NE(it, Facts().end()) << Register().Describe(id) << " has no facts for " << year;
    if (it == Facts().end()) continue;
    UnitValues unit{Register().Describe(id), UnitKind::kPhuong, {}};
    for (const auto& [name, value] : it->second)
      unit.values[name] = value;
    units.push_back(std::move(unit));
  }
  Result<ForceReport> report = ComputeForce(DemoProgramme(), units, test::BuiltinCatalogue());
  if (!report) {
    ADD_FAILURE() << report.error().message;
    return {};
  }
  return std::move(*report);
}

// The figures the programme file's baseline_2023 reports, from the demo's 2023 facts.
TEST(DemoProgramme, The2023FiguresAreTheProgrammesBaseline) {
  EXPECT_EQ(DemoProgramme().id, "bn-capkm-2024-2030");
  const ForceSummary s = Force(2023).summary;
  EXPECT_EQ(s.units, 52);
  EXPECT_TRUE(s.missing.empty());
  EXPECT_EQ(s.officers, 406);
  EXPECT_EQ(s.officers_per_unit_tenths, 78);
  EXPECT_EQ(s.units_with_at_least_min, 13);
  EXPECT_EQ(s.officers_needed_for_min, 125);
  std::map<std::string, double> sums;
  int independent = 0;
  for (UnitId id : WardsAtEnd(2023)) {
    const test::ValuesByName& v = Facts().at({id, 2023});
    for (const char* name :
         {"staff.masters", "staff.university", "staff.party_members", "staff.below_standard"}) {
      sums[name] += v.at(name);
    }
    independent += v.at("hq.independent") == 1 ? 1 : 0;
  }
  EXPECT_EQ(sums["staff.masters"], 3);
  EXPECT_EQ(sums["staff.university"], 272);
  EXPECT_EQ(sums["staff.party_members"], 404);
  EXPECT_EQ(sums["staff.below_standard"], 20);
  EXPECT_EQ(independent, 31);
}

TEST(DemoProgramme, ForceTargetsArePartlyMetAndImprove) {
  const ForceReport r2023 = Force(2023);
  const ForceReport r2024 = Force(2024);
  const ForceReport r2025 = Force(2025);
  EXPECT_EQ(r2024.summary.units, 52);
  EXPECT_EQ(r2025.summary.units, 33);
  EXPECT_GT(*r2024.summary.officers, *r2023.summary.officers);
  EXPECT_LT(*r2024.summary.officers_needed_for_min, *r2023.summary.officers_needed_for_min);
  // Each ward of 2025 is several of 2024: far more officers each, every one with ten or more.
  EXPECT_GT(*r2025.summary.officers_per_unit_tenths, 2 * *r2024.summary.officers_per_unit_tenths);
  EXPECT_EQ(*r2025.summary.units_with_at_least_min, 33);
  int met_2025 = 0;
  int unmet_2025 = 0;
  ASSERT_EQ(r2025.targets.size(), 12u);
  for (size_t i = 0; i < r2025.targets.size(); ++i) {
    SCOPED_TRACE(r2025.targets[i].target->expression().text());
    for (const ForceReport* r : {&r2023, &r2024, &r2025}) {
      EXPECT_TRUE(r->targets[i].missing.empty());
      ASSERT_TRUE(r->targets[i].share_percent);
    }
    EXPECT_GE(*r2024.targets[i].share_percent, *r2023.targets[i].share_percent);
    if (r2025.targets[i].target->by == 2025) {
      (*r2025.targets[i].shortfall == 0 ? met_2025 : unmet_2025) += 1;
    }
  }
  EXPECT_GE(met_2025, 2);
  EXPECT_GE(unmet_2025, 2);
  // As data/demo/README.md states them.
  EXPECT_EQ(*r2024.summary.officers, 452);
  EXPECT_EQ(*r2024.summary.units_with_at_least_min, 23);
  EXPECT_EQ(*r2025.summary.officers, 1032);
  // Met by 2025: teams, languages, IT, the chief in the standing committee, investigator titles,
  // cameras; not: degrees (two officers short), political training, independent headquarters.
  for (size_t i : {0u, 4u, 5u, 6u, 7u, 9u})
    EXPECT_EQ(*r2025.targets[i].shortfall, 0) << i;
  for (size_t i : {2u, 3u, 8u})
    EXPECT_GT(*r2025.targets[i].shortfall, 0) << i;
  EXPECT_EQ(*r2025.targets[2].shortfall, 2);
  // In 2023 the wards' teams and the officers' degrees are short of their targets.
  EXPECT_GT(*r2023.targets[0].shortfall, 0);
  EXPECT_GT(*r2023.targets[2].shortfall, 0);
}

TEST(DemoProgramme, RecognitionsOnRealUnitsAgainstTheRoadmap) {
  std::map<int, std::vector<UnitId>> by_year;
  for (const demo::DemoRecognition& r : Demo().recognitions) {
    SCOPED_TRACE(r.unit_code + " " + std::to_string(r.year));
    by_year[r.year].push_back(r.unit);
    EXPECT_NE(r.decision.find("/QĐ-UBND"), std::string::npos) << r.decision;
    EXPECT_NE(r.decision.find("(minh họa)"), std::string::npos) << r.decision;
    Result<Date> date = Date::Parse(r.date);
    ASSERT_TRUE(date) << r.date;
    EXPECT_EQ(date->year(), r.year);
    // The unit holds the code on the decision's date, and is a ward of the programme's province at
    // the end of the year it is recognised for.
    EXPECT_EQ(Register().FindByCode(r.unit_code, *date), r.unit);
    const std::vector<UnitId> wards = WardsAtEnd(r.year);
    EXPECT_NE(std::find(wards.begin(), wards.end(), r.unit), wards.end());
  }
  ASSERT_EQ(by_year.size(), 3u);
  // 2023: the pilot the decision and the baseline name.
  const UnitId suoi_hoa = *Register().FindByCode("09187", Day("2024-12-31"));
  EXPECT_EQ(by_year[2023], std::vector<UnitId>{suoi_hoa});
  ASSERT_TRUE(DemoProgramme().pilot);
  EXPECT_EQ(DemoProgramme().pilot->units, std::vector<std::string>{"Suối Hoa"});
  // 2024: the eight of the decision, the target met exactly (above 15% of 52 is 8).
  std::set<std::string> names_2024;
  for (UnitId id : by_year[2024])
    names_2024.insert(NameOn(id, "2024-12-31"));
  EXPECT_EQ(names_2024,
            (std::set<std::string>{"Phường Suối Hoa", "Phường Thị Cầu", "Phường Kinh Bắc",
                                   "Phường Châu Khê", "Phường Trang Hạ", "Phường Phù Chẩn",
                                   "Phường Nhân Hòa", "Phường Trạm Lộ"}));
  const RoadmapEntry* r2024 = DemoProgramme().RoadmapFor(2024);
  ASSERT_NE(r2024, nullptr);
  EXPECT_EQ(TargetCount(52, r2024->share), 8);
  // 2025: nine of the 33 wards of the merged province, one short of the ten required (above 30%).
  const RoadmapEntry* r2025 = DemoProgramme().RoadmapFor(2025);
  ASSERT_NE(r2025, nullptr);
  EXPECT_EQ(TargetCount(33, r2025->share), 10);
  EXPECT_EQ(by_year[2025].size(), 9u);
  // A recognition is not inherited: every ward recognised in 2024 ended on 1 July 2025, and none
  // of 2025's was recognised before.
  for (UnitId id : by_year[2024]) {
    EXPECT_EQ(Register().Find(id)->to, Day("2025-07-01")) << Register().Describe(id);
    EXPECT_EQ(std::find(by_year[2025].begin(), by_year[2025].end(), id), by_year[2025].end());
  }
  for (UnitId id : by_year[2025])
    EXPECT_EQ(Register().Find(id)->from, Day("2025-07-01")) << Register().Describe(id);

  // The roadmap as the programme computes it from these.
  RoadmapInput input;
  input.units_by_year = {{2024, 52}, {2025, 33}, {2026, 33}, {2027, 33},
                         {2028, 33}, {2029, 33}, {2030, 33}};
  for (const demo::DemoRecognition& r : Demo().recognitions) {
    if (r.year >= 2024) {
      input.statuses.push_back({std::to_string(r.unit), r.year, UnitYearStatus::kRecognised});
    }
  }
  Result<std::vector<RoadmapYear>> roadmap = ComputeRoadmap(DemoProgramme(), input);
  ASSERT_TRUE(roadmap) << roadmap.error().message;
  EXPECT_EQ((*roadmap)[0].recognised, 8);
  EXPECT_EQ((*roadmap)[0].gap, 0);
  EXPECT_EQ((*roadmap)[1].recognised, 9);
  EXPECT_EQ((*roadmap)[1].gap, 1);
  EXPECT_EQ((*roadmap)[2].recognised, 0);
}

TEST(DemoProgramme, RecognisedWardsPassInTheirYear) {
  int scored = 0;
  for (const demo::DemoRecognition& r : Demo().recognitions) {
    if (r.year == 2023) continue;  // the pilot: below
    const UnitResult result = test::ScoreWard(r.unit, r.year);
    EXPECT_EQ(result.outcome, Outcome::kPass)
        << Register().Describe(r.unit) << " " << r.year << "\n"
        << test::Explain(result);
    EXPECT_TRUE(result.missing.empty()) << test::Explain(result);
    ++scored;
  }
  EXPECT_EQ(scored, 17);
}

TEST(DemoProgramme, ThePilotIsShortOnlyOfTheLandCertificateIn2023) {
  // Suối Hoa was recognised in 2023 under the pilot (Nghị quyết 92-NQ/TU), before the criteria of
  // the 2024 programme; the baseline gives it no land certificate that year, so under those
  // criteria it fails that one condition, and meets them all in 2024.
  const UnitId suoi_hoa = *Register().FindByCode("09187", Day("2024-12-31"));
  const UnitResult r2023 = test::ScoreWard(suoi_hoa, 2023);
  EXPECT_EQ(r2023.outcome, Outcome::kFail);
  EXPECT_TRUE(r2023.missing.empty()) << test::Explain(r2023);
  EXPECT_EQ(test::ItemsNotMet(r2023), std::vector<std::string>{"A2.2"}) << test::Explain(r2023);
  EXPECT_EQ(Facts().at({suoi_hoa, 2023}).at("land.certificate"), 0);
  EXPECT_EQ(Facts().at({suoi_hoa, 2024}).at("land.certificate"), 1);
}

// The wards of 2025 whose prior year does not roll up: a predecessor received, on 1 January 2025,
// a commune through a link the register only infers. They need restated 2024 values (or the link
// confirmed) before their 2025 judgement; the demo leaves them so.
TEST(DemoProgramme, EightWardsOf2025HaveNoPriorYearUntilALinkIsConfirmed) {
  std::set<std::string> without;
  for (UnitId id : WardsAtEnd(2025)) {
    if (!test::ScoreWard(id, 2025).missing.empty()) without.insert(NameOn(id, "2025-12-31"));
  }
  EXPECT_EQ(without,
            (std::set<std::string>{"Phường Bắc Giang", "Phường Cảnh Thụy", "Phường Kinh Bắc",
                                   "Phường Tiền Phong", "Phường Tân An", "Phường Tân Tiến",
                                   "Phường Yên Dũng", "Phường Đa Mai"}));
}

TEST(DemoProgramme, APlausibleMixOfOtherWardsPassingAndFailing) {
  std::set<std::pair<UnitId, int>> recognised;
  for (const demo::DemoRecognition& r : Demo().recognitions)
    recognised.insert({r.unit, r.year});
  std::map<int, std::vector<std::string>> passing_by_year;
  for (int year = 2023; year <= 2026; ++year) {
    int failing = 0;
    int not_judged = 0;
    for (UnitId id : WardsAtEnd(year)) {
      if (recognised.contains({id, year})) continue;
      const UnitResult result = test::ScoreWard(id, year);
      if (!result.missing.empty()) {
        ++not_judged;
        continue;
      }
      if (result.outcome == Outcome::kPass) {
        passing_by_year[year].push_back(NameOn(id, std::to_string(year) + "-12-31"));
      } else {
        ++failing;
      }
    }
    SCOPED_TRACE(year);
    EXPECT_EQ(not_judged, year == 2025 ? 8 : 0);
    EXPECT_GE(failing, year <= 2024 ? 40 : 13);
  }
  // The wards made to meet every condition without a recognition (data/demo/README.md); by chance
  // no other.
  EXPECT_EQ(passing_by_year[2023], std::vector<std::string>{"Phường Thị Cầu"});
  EXPECT_EQ(passing_by_year[2024], std::vector<std::string>{"Phường Đình Bảng"});
  std::sort(passing_by_year[2025].begin(), passing_by_year[2025].end());
  EXPECT_EQ(passing_by_year[2025],
            (std::vector<std::string>{"Phường Chũ", "Phường Quế Võ", "Phường Võ Cường"}));
  EXPECT_EQ(passing_by_year[2026].size(), 13u);
  EXPECT_NE(
      std::find(passing_by_year[2026].begin(), passing_by_year[2026].end(), "Phường Kinh Bắc"),
      passing_by_year[2026].end());
}

}  // namespace
}  // namespace kieumau
