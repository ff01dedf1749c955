// The programme loader on the shipped Bắc Ninh file and on broken copies of it.
#include "programme/programme_yaml.h"

#include <gtest/gtest.h>

#include <string>

#include "support/test_support.h"

namespace kieumau {
namespace {

const char* kDemo = "data/demo/bac-ninh-programme.yaml";

std::string DemoText() {
  return test::ReadText(test::RepoPath(kDemo));
}

// The 1-based line of the first line of `text` that contains `needle`.
int LineOf(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  int line = 1;
  for (size_t i = 0; i < at && i < text.size(); ++i)
    line += text[i] == '\n' ? 1 : 0;
  return line;
}

// `text` with the first `from` replaced by `to`.
std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string Errors(const LoadedProgramme& loaded) {
  std::string out;
  for (const Diagnostic& d : loaded.diagnostics)
    out += std::to_string(d.line) + ": " + d.message + "\n";
  return out;
}

// Expects the load to fail with one error on `line` whose message holds `words`.
void ExpectError(const std::string& text, int line, const std::string& words) {
  const LoadedProgramme loaded = ParseProgramme(text, test::BuiltinCatalogue());
  EXPECT_FALSE(loaded.programme);
  bool found = false;
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity == Severity::kError && d.line == line &&
        d.message.find(words) != std::string::npos) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << "expected line " << line << " '" << words << "', got:\n" << Errors(loaded);
}

TEST(ProgrammeYaml, LoadsTheBacNinhProgramme) {
  const LoadedProgramme loaded = LoadProgrammeFile(test::RepoPath(kDemo), test::BuiltinCatalogue());
  ASSERT_TRUE(loaded.programme) << Errors(loaded);
  EXPECT_TRUE(loaded.diagnostics.empty()) << Errors(loaded);  // the budget sums agree
  const Programme& p = *loaded.programme;
  EXPECT_EQ(p.id, "bn-capkm-2024-2030");
  EXPECT_EQ(p.province, "Bắc Ninh");
  EXPECT_EQ(p.decision.number, "224/QĐ-UBND");
  EXPECT_EQ(p.decision.date, "2024-05-09");
  EXPECT_EQ(p.decision.signed_by, "Nguyễn Hương Giang");
  EXPECT_EQ(p.unit_kind, UnitKind::kPhuong);
  EXPECT_EQ(p.rubric_id, "bn-capkm-2024");
  ASSERT_TRUE(p.pilot);
  EXPECT_EQ(p.pilot->year, 2023);
  EXPECT_EQ(p.pilot->units, std::vector<std::string>{"Suối Hoa"});

  ASSERT_EQ(p.roadmap.size(), 7u);
  const int percents[] = {15, 30, 45, 60, 75, 90, 100};
  for (size_t i = 0; i < 7; ++i) {
    const RoadmapEntry& entry = p.roadmap[i];
    EXPECT_EQ(entry.year, 2024 + static_cast<int>(i));
    EXPECT_EQ(entry.share.percent, Decimal2::Whole(percents[i]));
    EXPECT_EQ(entry.share.comparison, i < 6 ? ShareComparison::kAbove : ShareComparison::kAtLeast);
    EXPECT_GT(entry.line, 0);
  }
  EXPECT_EQ(p.roadmap[1].review, "sơ kết giai đoạn 2023–2025");
  EXPECT_EQ(p.roadmap[6].review, "tổng kết Đề án");
  EXPECT_EQ(p.roadmap[2].review, "");
  ASSERT_NE(p.RoadmapFor(2030), nullptr);
  EXPECT_EQ(p.RoadmapFor(2031), nullptr);

  ASSERT_EQ(p.targets.size(), 12u);
  EXPECT_EQ(p.targets[0].by, 2025);
  EXPECT_EQ(p.targets[0].share_of, ShareOf::kWards);
  EXPECT_EQ(p.targets[0].at_least_percent, Decimal2::Whole(50));
  ASSERT_TRUE(p.targets[0].condition);
  EXPECT_EQ(p.targets[0].condition->text(),
            "staff.count >= 10 and teams.count >= 2 and teams.count <= 4");
  EXPECT_EQ(p.targets[1].by, 2030);
  EXPECT_EQ(p.targets[2].share_of, ShareOf::kOfficers);
  ASSERT_TRUE(p.targets[2].measure);
  EXPECT_FALSE(p.targets[2].condition);
  EXPECT_EQ(p.targets[2].measure->text(), "staff.masters + staff.university");
  EXPECT_EQ(p.targets[3].at_least_percent, Decimal2::Whole(60));
  EXPECT_EQ(p.targets[8].at_least_percent, Decimal2::Whole(90));
  EXPECT_EQ(p.targets[11].condition->text(),
            "models.security_camera == 1 and models.zalo_group == 1");

  ASSERT_EQ(p.baselines.size(), 1u);
  const ReportedBaseline& b = p.baselines[0];
  EXPECT_EQ(b.year, 2023);
  EXPECT_EQ(b.wards, 52);
  EXPECT_EQ(b.officers, 406);
  EXPECT_EQ(b.officers_per_ward.ToString(), "7.8");
  EXPECT_EQ(b.wards_with_at_least_10.count, 13);
  EXPECT_EQ(b.wards_with_at_least_10.percent.ToString(), "25");
  EXPECT_EQ(b.officers_needed_for_10_each, 125);
  EXPECT_EQ(b.education.masters, 3);
  EXPECT_EQ(b.education.university, 272);
  EXPECT_EQ(b.education.below_university, 131);
  EXPECT_EQ(b.party_members, 404);
  EXPECT_EQ(b.below_standard.count, 20);
  EXPECT_EQ(b.below_standard.percent.ToString(), "4.92");
  EXPECT_EQ(b.headquarters.independent, 31);
  EXPECT_EQ(b.headquarters.independent_but_shared_with_military, 11);
  EXPECT_EQ(b.headquarters.in_peoples_committee, 21);
  EXPECT_EQ(b.land.certificate_and_area_ok, 10);
  EXPECT_EQ(b.land.certificate_area_short, 6);
  EXPECT_EQ(b.land.land_without_certificate, 15);
  ASSERT_EQ(b.equipment_coverage.size(), 5u);
  EXPECT_EQ(b.equipment_coverage[0].item, "Gậy nhựa");
  EXPECT_EQ(b.equipment_coverage[0].actual, 453);
  EXPECT_EQ(b.equipment_coverage[0].norm, 404);
  EXPECT_EQ(b.equipment_coverage[4].item, "Đạn súng ngắn (viên)");
  EXPECT_EQ(b.equipment_coverage[4].norm, 29760);
  EXPECT_EQ(b.civil_forces.street_guard_boards, 52);
  EXPECT_EQ(b.civil_forces.street_guard_members, 1239);
  EXPECT_EQ(b.civil_forces.fire_teams, 306);
  EXPECT_EQ(b.civil_forces.fire_team_members, 2820);

  ASSERT_TRUE(p.budget);
  EXPECT_EQ(p.budget->equipment_total, 60305552213);
  ASSERT_EQ(p.budget->equipment_by_year.size(), 4u);
  EXPECT_EQ(p.budget->equipment_by_year[0].year, 2024);
  EXPECT_EQ(p.budget->equipment_by_year[0].wards, 12);
  EXPECT_EQ(p.budget->equipment_by_year[0].amount, 21142727661);
  EXPECT_EQ(p.budget->equipment_by_year[3].amount, 12124063787);
  EXPECT_EQ(p.budget->headquarters_unit_cost, 12000000000);
  EXPECT_EQ(p.budget->headquarters_wards, 23);
  EXPECT_EQ(p.budget->headquarters_total, 276000000000);
  ASSERT_EQ(p.budget->headquarters_phases.size(), 2u);
  EXPECT_EQ(p.budget->headquarters_phases[1].from, 2026);
  EXPECT_EQ(p.budget->headquarters_phases[1].to, 2029);
  EXPECT_EQ(p.budget->headquarters_phases[1].wards, 17);
  EXPECT_EQ(p.budget->headquarters_phases[1].amount, 204000000000);

  ASSERT_EQ(p.reporting.size(), 3u);
  EXPECT_EQ(p.reporting[0].every, ReportEvery::kMonth);
  EXPECT_EQ(p.reporting[0].due_day, 10);
  EXPECT_EQ(p.reporting[1].once, "2025-12-31");
  EXPECT_EQ(p.reporting[2].what, "Tổng kết Đề án");
  ASSERT_EQ(p.agencies.size(), 11u);
  EXPECT_EQ(p.agencies[0].name, "Văn phòng UBND tỉnh");
  EXPECT_EQ(p.agencies[10].name, "UBND các thị xã, thành phố");
}

TEST(ProgrammeYaml, RefusesAnUnknownKeyWithItsLine) {
  const std::string text = Replace(DemoText(), "  - { year: 2026, above_percent: 45 }",
                                   "  - { year: 2026, above_percent: 45, target: 24 }");
  ExpectError(text, LineOf(text, "target: 24"), "khóa không hợp lệ 'target'");
  const std::string root = Replace(DemoText(), "unit_kind: phuong", "unit_kind: phuong\nowner: x");
  ExpectError(root, LineOf(root, "owner: x"), "unknown key");
  const std::string nested =
      Replace(DemoText(), "masters: 3, university: 272", "masters: 3, doctors: 0, university: 272");
  ExpectError(nested, LineOf(nested, "doctors: 0"), "'doctors'");
}

TEST(ProgrammeYaml, RefusesABadYear) {
  const std::string word = Replace(DemoText(), "year: 2027", "year: hai-nghìn");
  ExpectError(word, LineOf(word, "hai-nghìn"), "số nguyên");
  const std::string far = Replace(DemoText(), "year: 2027", "year: 20270");
  ExpectError(far, LineOf(far, "20270"), "out of range");
  const std::string back = Replace(DemoText(), "year: 2027", "year: 2025");
  ExpectError(back, LineOf(back, "{ year: 2025, above_percent: 60"), "years must increase");
  const std::string by = Replace(DemoText(),
                                 "{ by: 2030, share_of: wards,    at_least_percent: 100, "
                                 "condition: \"hq.",
                                 "{ by: 1930, share_of: wards,    at_least_percent: 100, "
                                 "condition: \"hq.");
  ExpectError(by, LineOf(by, "by: 1930"), "'by'");
}

TEST(ProgrammeYaml, RefusesAPercentOutOfRange) {
  const std::string above = Replace(DemoText(), "above_percent: 90", "above_percent: 100");
  ExpectError(above, LineOf(above, "above_percent: 100"), "percent out of range");
  const std::string at_least =
      Replace(DemoText(), "at_least_percent: 100, review", "at_least_percent: 120, review");
  ExpectError(at_least, LineOf(at_least, "at_least_percent: 120"), "percent out of range");
  const std::string target = Replace(DemoText(), "at_least_percent: 60,", "at_least_percent: 0,");
  ExpectError(target, LineOf(target, "at_least_percent: 0,"), "percent out of range");
  const std::string negative = Replace(DemoText(), "above_percent: 45", "above_percent: -45");
  ExpectError(negative, LineOf(negative, "-45"), "non-negative");
  const std::string both = Replace(DemoText(), "{ year: 2026, above_percent: 45 }",
                                   "{ year: 2026, above_percent: 45, at_least_percent: 45 }");
  ExpectError(both, LineOf(both, "year: 2026"), "exactly one of");
}

TEST(ProgrammeYaml, RefusesBadTargets) {
  const std::string unknown = Replace(DemoText(), "condition: \"hq.independent == 1\"",
                                      "condition: \"hq.independant == 1\"");
  ExpectError(unknown, LineOf(unknown, "hq.independant"), "hq.independant");
  const std::string swapped =
      Replace(DemoText(), "measure: \"staff.it_cert\"", "condition: \"staff.it_cert\"");
  ExpectError(swapped, LineOf(swapped, "condition: \"staff.it_cert\""), "measure");
  const std::string share = Replace(DemoText(), "share_of: officers, at_least_percent: 60",
                                    "share_of: teams, at_least_percent: 60");
  ExpectError(share, LineOf(share, "share_of: teams"), "share_of");
}

TEST(ProgrammeYaml, RefusesBadDatesAndUnitKinds) {
  const std::string date = Replace(DemoText(), "date: 2024-05-09", "date: 2024-02-30");
  ExpectError(date, LineOf(date, "2024-02-30"), "YYYY-MM-DD");
  const std::string kind = Replace(DemoText(), "unit_kind: phuong", "unit_kind: quan");
  ExpectError(kind, LineOf(kind, "unit_kind: quan"), "quan");
  const std::string once = Replace(DemoText(), "once: 2030-12-31", "once: cuối năm");
  ExpectError(once, LineOf(once, "cuối năm"), "YYYY-MM-DD");
}

TEST(ProgrammeYaml, ReportsYamlSyntaxAndMissingKeys) {
  const std::string syntax = Replace(DemoText(), "rubric: bn-capkm-2024", "rubric: bn: capkm");
  ExpectError(syntax, LineOf(syntax, "rubric: bn: capkm"), "YAML does not parse");
  const std::string no_roadmap = Replace(DemoText(), "roadmap:", "road_map:");
  ExpectError(no_roadmap, LineOf(no_roadmap, "road_map:"), "'road_map'");
  const LoadedProgramme empty = ParseProgramme("", test::BuiltinCatalogue());
  EXPECT_FALSE(empty.programme);
  const LoadedProgramme absent =
      LoadProgrammeFile(test::RepoPath("data/demo/no-such.yaml"), test::BuiltinCatalogue());
  ASSERT_EQ(absent.diagnostics.size(), 1u);
  EXPECT_EQ(absent.diagnostics[0].line, 0);
}

TEST(ProgrammeYaml, WarnsWhenBudgetsDoNotAddUp) {
  const std::string text =
      Replace(DemoText(), "amount: 12124063787", "amount: 12124063788");  // one đồng more
  const LoadedProgramme loaded = ParseProgramme(text, test::BuiltinCatalogue());
  ASSERT_TRUE(loaded.programme) << Errors(loaded);
  ASSERT_EQ(loaded.diagnostics.size(), 1u);
  EXPECT_EQ(loaded.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(loaded.diagnostics[0].line, LineOf(text, "equipment_total:"));
  EXPECT_NE(loaded.diagnostics[0].message.find("60305552214"), std::string::npos);
}

}  // namespace
}  // namespace kieumau
