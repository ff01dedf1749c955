// Seeding a store with the demo, then reading it back as a program would: the units, the events
// through the codec into a registry (the 2025 reorganisation as of its dates), the facts with
// their history; and a second seeding that does nothing.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <tuple>

#include "demo/demo_support.h"
#include "units/events_json.h"

namespace kieumau {
namespace {

using test::Day;
using test::Demo;

constexpr Timestamp kAt{std::chrono::seconds{1'767'225'600}};  // 2026-01-01T00:00:00Z

class DemoSeed : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "kieumau-demo-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    StoreResult<std::unique_ptr<Store>> opened = OpenStore("sqlite:" + dir_ + "/demo.db");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Seed() {
    Result<bool> seeded = demo::SeedDemoIfEmpty(*store_, test::BuiltinCatalogue(), kAt);
    ASSERT_TRUE(seeded) << seeded.error().message;
    ASSERT_TRUE(*seeded);
  }

  std::vector<UnitRecord> Units() {
    StoreResult<std::vector<UnitRecord>> units = store_->ListUnits();
    EXPECT_TRUE(units) << units.error().message;
    return units ? *units : std::vector<UnitRecord>{};
  }

  // The stored events, each read back by the codec, replayed.
  UnitRegistry RegistryFromStore() {
    StoreResult<std::vector<UnitEvent>> stored = store_->ListUnitEvents();
    EXPECT_TRUE(stored);
    std::vector<UnitEventValue> events;
    for (const UnitEvent& e : stored ? *stored : std::vector<UnitEvent>{}) {
      Result<UnitEventValue> parsed = ParseUnitEvent(e.kind, e.date, e.payload_json);
      EXPECT_TRUE(parsed) << parsed.error().message;
      if (parsed) events.push_back(std::move(*parsed));
    }
    return test::Replay(events);
  }

  std::vector<FactWrite> AllFacts() {
    std::vector<FactWrite> facts;
    for (int year = demo::kPriorOnlyYear; year <= demo::kLastYear + 1; ++year) {
      StoreResult<std::vector<FactValue>> values = store_->GetAllFacts(year);
      EXPECT_TRUE(values);
      for (const FactValue& v : values ? *values : std::vector<FactValue>{}) {
        facts.push_back(FactWrite{v.unit_id, v.indicator, v.year, v.value});
      }
    }
    return facts;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(DemoSeed, UnitsAreCreatedWithTheirLatestState) {
  Seed();
  const std::vector<UnitRecord> units = Units();
  ASSERT_EQ(units.size(), Demo().units.size());
  for (const UnitRecord& want : Demo().units) {
    StoreResult<UnitRecord> got = store_->FindUnitByCode(want.code);
    ASSERT_TRUE(got) << want.code;
    UnitRecord expected = want;
    expected.id = got->id;
    EXPECT_EQ(*got, expected);
  }
  // A ward that ended in 2025 keeps its last name and kind; Bắc Giang its own.
  StoreResult<UnitRecord> bac_giang = store_->FindUnitByCode("BG");
  ASSERT_TRUE(bac_giang);
  EXPECT_EQ(bac_giang->name, "Tỉnh Bắc Giang");
  EXPECT_EQ(bac_giang->level, "province");
}

TEST_F(DemoSeed, EventsReplayIntoThe2025Reorganisation) {
  Seed();
  StoreResult<std::vector<UnitEvent>> stored = store_->ListUnitEvents();
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), Demo().events.size());
  EXPECT_EQ(stored->back().kind, "merge");
  EXPECT_EQ(stored->back().date, demo::kReorganisationDate);

  const UnitRegistry registry = RegistryFromStore();
  const std::vector<UnitRecord> units = Units();
  const UnitId bac_ninh = test::IdOf(units, "BN");
  const UnitId bac_giang = test::IdOf(units, "BG");
  const Date end_2024 = Day("2024-12-31");
  const Date reorganised = Day(demo::kReorganisationDate);
  const Date end_2025 = Day("2025-12-31");

  // As of 2024: 52 wards in Bắc Ninh, under its four towns; Bắc Giang separate.
  auto wards_2024 = registry.UnitsOf(bac_ninh, UnitKind::kPhuong, end_2024);
  ASSERT_TRUE(wards_2024);
  EXPECT_EQ(wards_2024->size(), 52u);
  auto towns = registry.Children(bac_ninh, end_2024);
  ASSERT_TRUE(towns);
  EXPECT_EQ(towns->size(), 4u);
  auto districts_2024 = registry.UnitsOf(bac_ninh, Level::kDistrict, end_2024);
  ASSERT_TRUE(districts_2024);
  EXPECT_EQ(districts_2024->size(), 4u);
  EXPECT_TRUE(registry.Exists(bac_giang, end_2024));
  auto communes_bg = registry.UnitsOf(bac_giang, Level::kCommune, end_2024);
  ASSERT_TRUE(communes_bg);
  EXPECT_EQ(communes_bg->size(), 6u);
  auto bg_wards = registry.UnitsOf(bac_giang, UnitKind::kPhuong, end_2024);
  ASSERT_TRUE(bg_wards);
  EXPECT_TRUE(bg_wards->empty());

  // As of 2025-07-01: Bắc Giang has ended into Bắc Ninh, which continues under its name; its
  // communes are directly under Bắc Ninh; no district exists.
  EXPECT_FALSE(registry.Exists(bac_giang, reorganised));
  EXPECT_TRUE(registry.Exists(bac_giang, reorganised.PreviousDay()));
  EXPECT_EQ(registry.Successors(bac_giang), std::vector<UnitId>{bac_ninh});
  auto state = registry.StateAt(bac_ninh, reorganised);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->name, "Tỉnh Bắc Ninh");
  for (UnitId commune : *communes_bg) {
    auto path = registry.Path(commune, reorganised);
    ASSERT_TRUE(path) << registry.Describe(commune);
    EXPECT_EQ(*path, (std::vector<UnitId>{commune, bac_ninh})) << registry.Describe(commune);
  }
  for (const auto& [id, unit] : registry.units()) {
    if (unit.level == Level::kDistrict) {
      EXPECT_FALSE(registry.Exists(id, reorganised)) << registry.Describe(id);
      EXPECT_TRUE(registry.Exists(id, reorganised.PreviousDay())) << registry.Describe(id);
    }
  }
  auto districts = registry.UnitsOf(bac_ninh, Level::kDistrict, reorganised);
  ASSERT_TRUE(districts);
  EXPECT_TRUE(districts->empty());
  auto communes = registry.UnitsOf(bac_ninh, Level::kCommune, reorganised);
  ASSERT_TRUE(communes);
  EXPECT_EQ(communes->size(), 50u + 6u);

  // As of the end of 2025: 50 wards; the six communes of Bắc Giang are not among them.
  auto wards_2025 = registry.UnitsOf(bac_ninh, UnitKind::kPhuong, end_2025);
  ASSERT_TRUE(wards_2025);
  EXPECT_EQ(wards_2025->size(), 50u);
  auto children = registry.Children(bac_ninh, end_2025);
  ASSERT_TRUE(children);
  EXPECT_EQ(children->size(), 56u);
}

TEST_F(DemoSeed, LineageOfTheTwoWardMerges) {
  Seed();
  const UnitRegistry registry = RegistryFromStore();
  const std::vector<UnitRecord> units = Units();
  const Date reorganised = Day(demo::kReorganisationDate);
  struct Merge {
    const char* into;
    const char* name;
    std::vector<std::string> sources;
  };
  const Merge merges[] = {{"BN-TPBN-20", "Phường Tiền Vệ", {"Phường Vệ An", "Phường Tiền An"}},
                          {"BN-TT-11", "Phường Thuận Hồ", {"Phường Hồ", "Phường Song Hồ"}}};
  for (const Merge& merge : merges) {
    SCOPED_TRACE(merge.into);
    const UnitId into = test::IdOf(units, merge.into);
    const Unit* unit = registry.Find(into);
    ASSERT_NE(unit, nullptr);
    EXPECT_EQ(unit->from, reorganised);
    EXPECT_EQ(unit->name.Last(), merge.name);
    const std::vector<UnitId> predecessors = registry.Predecessors(into);
    ASSERT_EQ(predecessors.size(), 2u);
    std::vector<std::string> names;
    for (UnitId p : predecessors) {
      names.push_back(registry.Find(p)->name.Last());
      EXPECT_EQ(registry.Successors(p), std::vector<UnitId>{into});
      EXPECT_FALSE(registry.Exists(p, reorganised));
      // Neighbours of one town the day before.
      auto path = registry.Path(p, reorganised.PreviousDay());
      ASSERT_TRUE(path);
      EXPECT_EQ((*path)[1], (*registry.Path(predecessors[0], reorganised.PreviousDay()))[1]);
    }
    std::sort(names.begin(), names.end());
    std::vector<std::string> sources = merge.sources;
    std::sort(sources.begin(), sources.end());
    EXPECT_EQ(names, sources);
    EXPECT_TRUE(registry.AllPredecessors(into) == predecessors);
  }
}

TEST_F(DemoSeed, FactsAreStoredAsAnImportByTheDemo) {
  Seed();
  std::vector<FactWrite> stored = AllFacts();
  ASSERT_EQ(stored.size(), Demo().facts.size());
  // The demo's facts with the ids the store gave their units, in one order.
  const std::vector<UnitRecord> units = Units();
  std::vector<FactWrite> want = Demo().facts;
  for (FactWrite& f : want) {
    f.unit_id = test::IdOf(units, Demo().units[static_cast<size_t>(f.unit_id - 1)].code);
  }
  auto key = [](const FactWrite& f) { return std::tie(f.unit_id, f.year, f.indicator); };
  std::sort(want.begin(), want.end(), [&](auto& a, auto& b) { return key(a) < key(b); });
  std::sort(stored.begin(), stored.end(), [&](auto& a, auto& b) { return key(a) < key(b); });
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(key(stored[i]), key(want[i]));
    ASSERT_EQ(stored[i].value, want[i].value);
  }
  const UnitId suoi_hoa = test::IdOf(units, "BN-TPBN-09");
  StoreResult<std::vector<FactChange>> history = store_->FactHistory(suoi_hoa, "staff.count", 2023);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].new_value, 12);
  EXPECT_FALSE((*history)[0].old_value);
  EXPECT_EQ((*history)[0].actor, demo::kDemoActor);
  EXPECT_EQ((*history)[0].actor.kind, ActorKind::kSeed);
  EXPECT_EQ((*history)[0].actor.channel, FactSource::kSeed);
  EXPECT_EQ((*history)[0].at, kAt);
}

TEST_F(DemoSeed, RecognisedWardsPassOnTheStoredData) {
  Seed();
  const UnitRegistry registry = RegistryFromStore();
  const test::FactIndex facts = test::IndexFacts(AllFacts());
  const std::vector<UnitRecord> units = Units();
  int scored = 0;
  for (const demo::DemoRecognition& r : Demo().recognitions) {
    if (r.year == 2023) continue;  // the pilot, recognised before the criteria (demo_data_test)
    const UnitResult result =
        test::ScoreWard(registry, facts, test::IdOf(units, r.unit_code), r.year);
    EXPECT_EQ(result.outcome, Outcome::kPass) << r.unit_code << " " << r.year << "\n"
                                              << test::Explain(result);
    ++scored;
  }
  EXPECT_EQ(scored, 20);
}

TEST_F(DemoSeed, SeedingAgainDoesNothing) {
  Seed();
  const std::vector<UnitRecord> units = Units();
  StoreResult<std::vector<UnitEvent>> events = store_->ListUnitEvents();
  ASSERT_TRUE(events);
  const size_t facts = AllFacts().size();

  Result<bool> again = demo::SeedDemoIfEmpty(*store_, test::BuiltinCatalogue(), kAt);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(*again);
  EXPECT_EQ(Units(), units);
  StoreResult<std::vector<UnitEvent>> events_after = store_->ListUnitEvents();
  ASSERT_TRUE(events_after);
  EXPECT_EQ(*events_after, *events);
  EXPECT_EQ(AllFacts().size(), facts);
  StoreResult<std::vector<FactChange>> history =
      store_->FactHistory(test::IdOf(units, "BN-TPBN-09"), "staff.count", 2023);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->size(), 1u);
}

TEST_F(DemoSeed, AStoreWithAnyUnitIsLeftAlone) {
  UnitRecord unit;
  unit.code = "X";
  unit.level = "province";
  unit.name = "Tỉnh Khác";
  ASSERT_TRUE(store_->CreateUnit(unit));
  Result<bool> seeded = demo::SeedDemoIfEmpty(*store_, test::BuiltinCatalogue(), kAt);
  ASSERT_TRUE(seeded) << seeded.error().message;
  EXPECT_FALSE(*seeded);
  EXPECT_EQ(Units().size(), 1u);
  StoreResult<std::vector<UnitEvent>> events = store_->ListUnitEvents();
  ASSERT_TRUE(events);
  EXPECT_TRUE(events->empty());
}

}  // namespace
}  // namespace kieumau
