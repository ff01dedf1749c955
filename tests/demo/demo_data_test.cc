// The demo data set on the national register, before any store: the units it gives facts to are
// the register's (the baseline's 52 wards found with their real codes, every old commune of Bắc
// Ninh and Bắc Giang in 2024, the 99 communes of the merged Bắc Ninh in 2025 and 2026), its facts
// are complete and within their types and `le`, the baseline's 2023 values exactly, a new ward's
// counts grow from its predecessors', the build is deterministic and fails clearly when the
// register lacks a unit it needs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "demo/demo_support.h"
#include "programme/baseline_csv.h"
#include "store/fact_checks.h"

namespace kieumau {
namespace {

using test::CommuneNamed;
using test::CommunesOf;
using test::Day;
using test::Demo;
using test::Facts;
using test::NameOn;
using test::Register;

constexpr size_t kIndicators = 119;

// `text` with its line ends as LF: a raw string literal in the generated source reads a CRLF
// line end as one newline.
std::string Lf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != '\r') out += c;
  }
  return out;
}

const BaselineTable& Baseline() {
  static const BaselineTable table = [] {
    LoadedBaseline loaded = LoadBaselineCsvFile(
        test::RepoPath("data/demo/bac-ninh-2024-baseline.csv"), test::BuiltinCatalogue());
    if (!loaded.table) {
      ADD_FAILURE() << "the baseline does not load";
      return BaselineTable();
    }
    return std::move(*loaded.table);
  }();
  return table;
}

// The units with facts for `year`.
std::set<UnitId> UnitsWithFacts(int year) {
  std::set<UnitId> units;
  for (const auto& [key, values] : Facts()) {
    if (key.second == year) units.insert(key.first);
  }
  return units;
}

std::set<UnitId> Set(const std::vector<UnitId>& ids) {
  return std::set<UnitId>(ids.begin(), ids.end());
}

TEST(DemoData, BuiltInInputsAreTheRepositoryFiles) {
  const std::string csv = test::ReadText(test::RepoPath("data/demo/bac-ninh-2024-baseline.csv"));
  ASSERT_GT(csv.size(), 4000u);
  EXPECT_EQ(Lf(demo::BuiltinBaselineCsv()), Lf(csv));
  EXPECT_EQ(Lf(demo::BuiltinProgrammeYaml()),
            Lf(test::ReadText(test::RepoPath("data/demo/bac-ninh-programme.yaml"))));
  EXPECT_EQ(Demo().programme_yaml, demo::BuiltinProgrammeYaml());
}

// The 52 wards of the baseline are the 52 phường of old Bắc Ninh at the end of 2024, each found by
// its town and name, with its real code; their 2023 values are the baseline's.
TEST(DemoData, TheBaselineWardsAreTheRealWardsWithTheir2023Values) {
  const std::vector<UnitId> phuong = CommunesOf("27", UnitKind::kPhuong, "2024-12-31");
  ASSERT_EQ(phuong.size(), 52u);
  const std::set<UnitId> with_2023 = UnitsWithFacts(2023);
  EXPECT_EQ(with_2023, Set(phuong));
  EXPECT_EQ(UnitsWithFacts(demo::kPriorOnlyYear), Set(phuong));

  ASSERT_EQ(Baseline().rows.size(), 52u);
  ASSERT_EQ(Baseline().indicator_slots.size(), 10u);
  std::set<UnitId> found;
  for (const BaselineRow& row : Baseline().rows) {
    SCOPED_TRACE(row.ward + ", " + row.town);
    std::optional<UnitId> ward;
    for (UnitId id : phuong) {
      auto path = Register().Path(id, Day("2024-12-31"));
      ASSERT_TRUE(path);
      ASSERT_EQ(path->size(), 3u);
      if (NameOn(id, "2024-12-31") == "Phường " + row.ward &&
          NameOn((*path)[1], "2024-12-31") == row.town) {
        EXPECT_FALSE(ward) << "twice";
        ward = id;
      }
    }
    ASSERT_TRUE(ward);
    found.insert(*ward);
    const test::ValuesByName& values = Facts().at({*ward, 2023});
    EXPECT_EQ(values.size(), kIndicators);
    for (int slot : Baseline().indicator_slots) {
      const std::string& name = test::BuiltinCatalogue().at(slot).name;
      EXPECT_EQ(values.at(name), row.values[static_cast<size_t>(slot)]) << name;
    }
  }
  EXPECT_EQ(found.size(), 52u);

  // Real codes (data/vn-admin/README.md).
  auto code_of = [&](std::string_view name, std::string_view town) {
    for (UnitId id : phuong) {
      auto path = Register().Path(id, Day("2024-12-31"));
      if (NameOn(id, "2024-12-31") == name && NameOn((*path)[1], "2024-12-31") == town) {
        return Register().Find(id)->code;
      }
    }
    return std::string("none");
  };
  EXPECT_EQ(code_of("Phường Suối Hoa", "Thành phố Bắc Ninh"), "09187");
  EXPECT_EQ(code_of("Phường Vệ An", "Thành phố Bắc Ninh"), "09175");
  EXPECT_EQ(code_of("Phường Tiền An", "Thành phố Bắc Ninh"), "09178");
  EXPECT_EQ(code_of("Phường Ninh Xá", "Thành phố Bắc Ninh"), "09184");
  EXPECT_EQ(code_of("Phường Ninh Xá", "Thị xã Thuận Thành"), "09445");
}

// On 1 January 2025, as the register has it: Vệ An and Tiền An end, Ninh Xá (Thành phố Bắc Ninh)
// is renamed Tiền Ninh Vệ and stays the same unit. The demo's facts follow the unit.
TEST(DemoData, TheWardsOf2025FollowTheRegister) {
  const UnitId ninh_xa = CommuneNamed("27", "Phường Tiền Ninh Vệ", "2025-03-01");
  EXPECT_EQ(Register().Find(ninh_xa)->code, "09184");
  EXPECT_EQ(NameOn(ninh_xa, "2024-12-31"), "Phường Ninh Xá");
  EXPECT_TRUE(Facts().contains({ninh_xa, 2023}));
  EXPECT_TRUE(Facts().contains({ninh_xa, 2024}));
  EXPECT_FALSE(Facts().contains({ninh_xa, 2025}));  // it ended on 1 July 2025
  for (std::string_view code : {"09175", "09178"}) {
    const std::optional<UnitId> ended = Register().FindByCode(code, Day("2024-12-31"));
    ASSERT_TRUE(ended);
    EXPECT_EQ(Register().Find(*ended)->to, Day("2025-01-01"));
    EXPECT_TRUE(Facts().contains({*ended, 2024}));
    EXPECT_FALSE(Facts().contains({*ended, 2025}));
  }
  EXPECT_EQ(CommunesOf("27", UnitKind::kPhuong, "2025-06-30").size(), 50u);
}

// 2024: every commune of old Bắc Ninh and old Bắc Giang existing at the end of 2024 — the xã and
// thị trấn too — and so every one of the 313 old communes the merged province was formed from.
TEST(DemoData, Every2024CommuneOfTheTwoOldProvincesHasEveryIndicator) {
  const std::vector<UnitId> bac_ninh = CommunesOf("27", "2024-12-31");
  const std::vector<UnitId> bac_giang = CommunesOf("24", "2024-12-31");
  EXPECT_EQ(bac_ninh.size(), 126u);
  EXPECT_EQ(bac_giang.size(), 209u);
  std::set<UnitId> expected = Set(bac_ninh);
  expected.insert(bac_giang.begin(), bac_giang.end());
  EXPECT_EQ(UnitsWithFacts(2024), expected);
  for (UnitId id : expected) {
    const auto it = Facts().find({id, 2024});
    ASSERT_NE(it, Facts().end()) << Register().Describe(id);
    EXPECT_EQ(it->second.size(), kIndicators) << Register().Describe(id);
  }
  // The 313 of 30 June 2025 (121 of Bắc Ninh, 192 of Bắc Giang) all existed at the end of 2024.
  std::vector<UnitId> last_day = CommunesOf("27", "2025-06-30");
  EXPECT_EQ(last_day.size(), 121u);
  const std::vector<UnitId> bg_last_day = CommunesOf("24", "2025-06-30");
  EXPECT_EQ(bg_last_day.size(), 192u);
  last_day.insert(last_day.end(), bg_last_day.begin(), bg_last_day.end());
  for (UnitId id : last_day)
    EXPECT_TRUE(expected.contains(id)) << Register().Describe(id);
}

// 2025 and 2026: the 99 communes of the merged Bắc Ninh (33 phường, 66 xã); nothing else has
// facts for those years, nor for any other year.
TEST(DemoData, TheMergedProvincesCommunesHaveEveryIndicatorIn2025And2026) {
  const UnitId merged = test::ProvinceOf("24", "2025-07-01");
  EXPECT_EQ(NameOn(merged, "2025-07-01"), "Tỉnh Bắc Ninh");
  EXPECT_NE(merged, test::ProvinceOf("24", "2025-06-30"));
  for (int year : {2025, 2026}) {
    const std::string end = std::to_string(year) + "-12-31";
    const std::vector<UnitId> communes = CommunesOf("24", end);
    EXPECT_EQ(communes.size(), 99u) << year;
    EXPECT_EQ(CommunesOf("24", UnitKind::kPhuong, end).size(), 33u) << year;
    EXPECT_EQ(CommunesOf("24", UnitKind::kXa, end).size(), 66u) << year;
    EXPECT_EQ(UnitsWithFacts(year), Set(communes)) << year;
    for (UnitId id : communes)
      EXPECT_EQ(Facts().at({id, year}).size(), kIndicators) << Register().Describe(id);
  }
  size_t expected = 52 * std::size(demo::kPriorOnlyIndicators) + 52 * kIndicators;
  expected += UnitsWithFacts(2024).size() * kIndicators + 2 * 99 * kIndicators;
  EXPECT_EQ(Demo().facts.size(), expected);
  std::set<int> years;
  for (const FactWrite& f : Demo().facts)
    years.insert(f.year);
  EXPECT_EQ(years, (std::set<int>{2022, 2023, 2024, 2025, 2026}));
}

TEST(DemoData, EveryFactPassesItsCheckAndEveryLe) {
  const Catalogue& catalogue = test::BuiltinCatalogue();
  ASSERT_EQ(catalogue.size(), static_cast<int>(kIndicators));
  EXPECT_FALSE(CheckFactWrites(catalogue, Demo().facts));
  size_t le_checked = 0;
  for (const auto& [key, values] : Facts()) {
    for (const auto& [name, value] : values) {
      const std::optional<int> slot = catalogue.Find(name);
      ASSERT_TRUE(slot) << name;
      const Indicator& indicator = catalogue.at(*slot);
      EXPECT_FALSE(CheckValue(indicator, value)) << name << " = " << value;
      if (!indicator.le_name.empty() && key.second != demo::kPriorOnlyYear) {
        const auto bound = values.find(indicator.le_name);
        ASSERT_NE(bound, values.end()) << name << " without " << indicator.le_name;
        EXPECT_LE(value, bound->second) << Register().Describe(key.first) << " " << key.second
                                        << ": " << name << " > " << indicator.le_name;
        ++le_checked;
      }
    }
  }
  EXPECT_GT(le_checked, 15000u);
}

TEST(DemoData, PlausibleRelationsBeyondLe) {
  for (const auto& [key, v] : Facts()) {
    if (key.second == demo::kPriorOnlyYear) continue;
    SCOPED_TRACE(Register().Describe(key.first) + " " + std::to_string(key.second));
    const double staff = v.at("staff.count");
    EXPECT_LE(v.at("staff.masters") + v.at("staff.university"), staff);
    EXPECT_LE(v.at("staff.police_university"), v.at("staff.masters") + v.at("staff.university"));
    EXPECT_GE(v.at("staff.quota"), staff);
    EXPECT_GE(v.at("crime.total"), v.at("crime.social_order"));
    EXPECT_LE(v.at("crime.serious_by_residents"), v.at("crime.serious"));
    EXPECT_LE(v.at("wanted.surrendered"), v.at("wanted.caught_or_surrendered"));
    EXPECT_LE(v.at("safe.recognized"), v.at("safe.registered"));
    EXPECT_LE(v.at("culture.households_recognized"), v.at("culture.households_registered"));
    EXPECT_GE(v.at("complaints.mass_cases"), v.at("complaints.mass_new"));
    // Per unit, whatever its size: teams and deputies.
    EXPECT_LE(v.at("teams.count"), 4);
    EXPECT_LE(v.at("leaders.deputies"), 4);
    // Land: a certificate needs land; land has an area.
    EXPECT_LE(v.at("land.certificate"), v.at("land.has_land"));
    EXPECT_EQ(v.at("land.has_land") == 1, v.at("land.area_m2") > 0);
    EXPECT_EQ(v.at("hq.shared_with"), std::round(v.at("hq.shared_with")));
  }
}

// The 2024 units whose territory passed into `unit` on 1 July 2025: its predecessors (each its
// only successor), and the units that ended into those on 1 January 2025 by a link of their own.
std::set<UnitId> Territory2024(UnitId unit) {
  std::set<UnitId> out;
  for (const LineageLink& link : Register().Find(unit)->predecessors) {
    if (link.date <= Day("2024-12-31") || link.share != Share::kWhole) continue;
    if (Register().Find(link.from)->successors.size() != 1) continue;
    if (Register().Exists(link.from, Day("2024-12-31"))) out.insert(link.from);
    const std::set<UnitId> deeper = Territory2024(link.from);
    out.insert(deeper.begin(), deeper.end());
  }
  return out;
}

double Sum2024(const std::set<UnitId>& units, std::string_view indicator) {
  double sum = 0;
  for (UnitId id : units)
    sum += Facts().at({id, 2024}).find(indicator)->second;
  return sum;
}

// A commune formed on 1 July 2025 starts from the 2024 values of the old communes it was formed
// from: its counts are near their sum, and move on by a trend.
TEST(DemoData, ANewCommunesCountsGrowFromItsPredecessors) {
  const Date reform = Day("2025-07-01");
  int new_units = 0;
  for (UnitId id : CommunesOf("24", "2025-12-31")) {
    const Unit* unit = Register().Find(id);
    SCOPED_TRACE(Register().Describe(id));
    if (unit->from != reform) {
      // The one commune the reform left as it was: its own values go on.
      EXPECT_EQ(unit->code, "07663");
      EXPECT_TRUE(Facts().contains({id, 2024}));
      continue;
    }
    ++new_units;
    for (const LineageLink& link : unit->predecessors) {
      EXPECT_EQ(link.date, reform);
      EXPECT_EQ(link.kind, LinkKind::kTransfer);
      EXPECT_EQ(link.share, Share::kWhole);
    }
    const std::set<UnitId> territory = Territory2024(id);
    ASSERT_GE(territory.size(), unit->predecessors.size());
    const test::ValuesByName& v = Facts().at({id, 2025});
    const double staff = Sum2024(territory, "staff.count");
    EXPECT_GE(v.at("staff.count"), staff - 1);
    EXPECT_LE(v.at("staff.count"), staff * 1.1 + 2);
    const double households = Sum2024(territory, "residence.households_total");
    EXPECT_NEAR(v.at("residence.households_total"), households * 1.02, households * 0.01 + 2);
    const double crimes = Sum2024(territory, "crime.social_order");
    EXPECT_NEAR(v.at("crime.social_order"), crimes, crimes * 0.15 + 4);
    const double released = Sum2024(territory, "recidivism.released");
    EXPECT_NEAR(v.at("recidivism.released"), released, 3);
  }
  EXPECT_EQ(new_units, 98);

  // Phường Kinh Bắc took Tiền Ninh Vệ, and through it Vệ An and Tiền An, which ended into it on
  // 1 January 2025 by links of their own: eight wards of 2024 in all.
  const UnitId kinh_bac = CommuneNamed("24", "Phường Kinh Bắc", "2025-12-31");
  EXPECT_EQ(Register().Find(kinh_bac)->predecessors.size(), 6u);
  std::set<std::string> names;
  for (UnitId id : Territory2024(kinh_bac))
    names.insert(NameOn(id, "2024-12-31"));
  EXPECT_EQ(names, (std::set<std::string>{"Phường Kinh Bắc", "Phường Ninh Xá", "Phường Vệ An",
                                          "Phường Tiền An", "Phường Suối Hoa", "Phường Hòa Long",
                                          "Phường Vạn An", "Phường Khúc Xuyên"}));
}

TEST(DemoData, DeterministicBuild) {
  Result<demo::DemoData> again = demo::BuildDemoData(test::BuiltinCatalogue(), Register());
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_EQ(again->facts.size(), Demo().facts.size());
  for (size_t i = 0; i < again->facts.size(); ++i) {
    ASSERT_EQ(again->facts[i].unit_id, Demo().facts[i].unit_id);
    ASSERT_EQ(again->facts[i].indicator, Demo().facts[i].indicator);
    ASSERT_EQ(again->facts[i].year, Demo().facts[i].year);
    ASSERT_EQ(again->facts[i].value, Demo().facts[i].value);
  }
  ASSERT_EQ(again->recognitions.size(), Demo().recognitions.size());
  for (size_t i = 0; i < again->recognitions.size(); ++i) {
    EXPECT_EQ(again->recognitions[i].unit, Demo().recognitions[i].unit);
    EXPECT_EQ(again->recognitions[i].decision, Demo().recognitions[i].decision);
  }
  // Pinned: the decision's figures for the pilot.
  const UnitId suoi_hoa = *Register().FindByCode("09187", Day("2024-12-31"));
  EXPECT_EQ(Facts().at({suoi_hoa, 2022}).at("crime.social_order"), 10);
  EXPECT_EQ(Facts().at({suoi_hoa, 2023}).at("crime.social_order"), 5);
  EXPECT_EQ(Facts().at({suoi_hoa, 2023}).at("teams.count"), 2);
  EXPECT_EQ(Facts().at({suoi_hoa, 2023}).at("staff.count"), 12);
}

CreateEvent Create(UnitId id, std::string code, std::string name, Level level,
                   std::optional<UnitKind> kind, std::optional<UnitId> parent) {
  NewUnit unit;
  unit.id = id;
  unit.code = std::move(code);
  unit.name = std::move(name);
  unit.level = level;
  unit.kind = kind;
  unit.parent = parent;
  return CreateEvent{Day("2020-01-01"), std::move(unit)};
}

// A small registry: Bắc Ninh (27) and Bắc Giang (24) with `wards` under Thành phố Bắc Ninh.
UnitRegistry SmallRegistry(const std::vector<std::string>& wards) {
  std::vector<UnitEventValue> events;
  events.push_back(Create(1, "27", "Tỉnh Bắc Ninh", Level::kProvince, std::nullopt, std::nullopt));
  events.push_back(Create(2, "24", "Tỉnh Bắc Giang", Level::kProvince, std::nullopt, std::nullopt));
  events.push_back(
      Create(3, "256", "Thành phố Bắc Ninh", Level::kDistrict, std::nullopt, UnitId{1}));
  UnitId id = 10;
  for (const std::string& ward : wards) {
    events.push_back(
        Create(id, std::to_string(9000 + id), ward, Level::kCommune, UnitKind::kPhuong, UnitId{3}));
    ++id;
  }
  UnitRegistry registry;
  Result<std::monostate> applied = registry.ApplyAll(events);
  EXPECT_TRUE(applied) << applied.error().message;
  return registry;
}

TEST(DemoData, FailsClearlyWhenTheRegisterLacksAUnit) {
  const Catalogue& catalogue = test::BuiltinCatalogue();
  Result<demo::DemoData> empty = demo::BuildDemoData(catalogue, UnitRegistry());
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("27"), std::string::npos) << empty.error().message;

  // The baseline's first ward is Vũ Ninh, its second Đáp Cầu.
  Result<demo::DemoData> missing =
      demo::BuildDemoData(catalogue, SmallRegistry({"Phường Vũ Ninh"}));
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("Phường Đáp Cầu"), std::string::npos)
      << missing.error().message;
  EXPECT_NE(missing.error().message.find("dòng 3"), std::string::npos) << missing.error().message;

  Result<demo::DemoData> ambiguous =
      demo::BuildDemoData(catalogue, SmallRegistry({"Phường Vũ Ninh", "Phường Vũ Ninh"}));
  ASSERT_FALSE(ambiguous);
  EXPECT_NE(ambiguous.error().message.find("2 phường"), std::string::npos)
      << ambiguous.error().message;
  EXPECT_NE(ambiguous.error().message.find("Phường Vũ Ninh"), std::string::npos);
}

}  // namespace
}  // namespace kieumau
