// The storage suite, run on both backends: migrations, units, facts and their history,
// all-or-nothing batches, scorecards, programmes, and the same error kinds everywhere.
#include "store/store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "store/backend.h"
#include "store_fixture.h"

namespace kieumau::test {
namespace {

TEST_P(StoreTest, MigratesAnEmptyDatabaseAndRecordsTheVersion) {
  {
    auto store = Open();
    ASSERT_TRUE(store);
    EXPECT_EQ(store->Backend(), GetParam());
    EXPECT_EQ(store->SchemaVersion(), LatestSchemaVersion());
    std::vector<int> all;
    for (int v = 1; v <= LatestSchemaVersion(); ++v)
      all.push_back(v);
    EXPECT_EQ(store->MigrationsApplied(), all);
  }
  auto again = Open();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->SchemaVersion(), LatestSchemaVersion());
  EXPECT_TRUE(again->MigrationsApplied().empty());
}

TEST_P(StoreTest, UpgradesAnOlderSchemaStepByStep) {
  {
    auto old = Open(StoreOptions{.known_schema_version = 1});
    ASSERT_TRUE(old);
    EXPECT_EQ(old->SchemaVersion(), 1);
    EXPECT_EQ(old->MigrationsApplied(), std::vector<int>{1});
    MustCreate(*old, Ward("26881"));
  }
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->SchemaVersion(), LatestSchemaVersion());
  std::vector<int> rest;
  for (int v = 2; v <= LatestSchemaVersion(); ++v)
    rest.push_back(v);
  EXPECT_EQ(store->MigrationsApplied(), rest);
  auto unit = store->FindUnitByCode("26881");
  ASSERT_OK(unit);
  ASSERT_OK(store->PutFacts(std::vector<FactWrite>{{unit->id, "so_can_bo", 2025, 12.0}},
                            User("admin", FactSource::kForm), At(1)));
}

// Migration 5 rebuilds the units table on SQLite: facts, history and scorecards that refer to
// units keep referring to them.
TEST_P(StoreTest, UnitsKeepTheirFactsThroughTheMigrationThatFreesCodes) {
  int64_t id = 0;
  {
    auto old = Open(StoreOptions{.known_schema_version = 4});
    ASSERT_TRUE(old);
    id = MustCreate(*old, Ward("26881"));
    ASSERT_OK(old->PutFacts(std::vector<FactWrite>{{id, "so_can_bo", 2025, 12.0}},
                            User("admin", FactSource::kForm), At(1)));
  }
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->MigrationsApplied(), (std::vector<int>{5, 6, 7, 8}));
  auto unit = store->GetUnit(id);
  ASSERT_OK(unit);
  EXPECT_EQ(unit->code, "26881");
  EXPECT_STORE_ERROR(store->DeleteUnit(id), StoreErrorKind::kForeignKey);
  auto history = store->FactHistory(id, "so_can_bo", 2025);
  ASSERT_OK(history);
  EXPECT_EQ(history->size(), 1u);
}

TEST_P(StoreTest, RefusesADatabaseNewerThanTheProgram) {
  ASSERT_TRUE(Open());
  auto older_program = OpenStore(url(), StoreOptions{.known_schema_version = 1});
  EXPECT_STORE_ERROR(older_program, StoreErrorKind::kInvalid);
  EXPECT_NE(
      older_program.error().message.find("phiên bản " + std::to_string(LatestSchemaVersion())),
      std::string::npos)
      << older_program.error().message;
}

TEST(StoreMigrations, BothBackendsHaveTheSameNumberedSteps) {
  auto sqlite = store_internal::SqliteMigrations();
  auto postgres = store_internal::PostgresMigrations();
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, static_cast<int>(i) + 1);
    EXPECT_EQ(postgres[i].version, static_cast<int>(i) + 1);
  }
  EXPECT_EQ(LatestSchemaVersion(), static_cast<int>(sqlite.size()));
}

TEST_P(StoreTest, CreatesReadsUpdatesAndDeletesUnits) {
  auto store = Open();
  ASSERT_TRUE(store);
  UnitRecord ward = Ward("09337");
  int64_t id = MustCreate(*store, ward);
  ward.id = id;
  UnitRecord province{0, "27", "province", "", "Tỉnh Bắc Ninh", std::nullopt, std::nullopt};
  province.id = MustCreate(*store, province);
  EXPECT_NE(province.id, id);

  auto got = store->GetUnit(id);
  ASSERT_OK(got);
  EXPECT_EQ(*got, ward);
  auto by_code = store->FindUnitByCode("27");
  ASSERT_OK(by_code);
  EXPECT_EQ(*by_code, province);  // empty population and area stay empty
  auto all = store->ListUnits();
  ASSERT_OK(all);
  EXPECT_EQ(*all, (std::vector<UnitRecord>{ward, province}));

  ward.name = "Phường Kinh Bắc";
  ward.kind = "xa";
  ward.population = std::nullopt;
  ASSERT_OK(store->UpdateUnit(ward));
  got = store->GetUnit(id);
  ASSERT_OK(got);
  EXPECT_EQ(*got, ward);

  ASSERT_OK(store->DeleteUnit(id));
  EXPECT_STORE_ERROR(store->GetUnit(id), StoreErrorKind::kNotFound);
  EXPECT_STORE_ERROR(store->DeleteUnit(id), StoreErrorKind::kNotFound);
  EXPECT_STORE_ERROR(store->UpdateUnit(ward), StoreErrorKind::kNotFound);
  EXPECT_STORE_ERROR(store->FindUnitByCode("09337"), StoreErrorKind::kNotFound);
}

// A code passes from unit to unit over time (00004 was Phường Trúc Bạch until 30 June 2025 and
// is the new Phường Ba Đình from 1 July): the store keeps both, and finds the one created last.
TEST_P(StoreTest, ACodeMayBeHeldByOneUnitAfterAnother) {
  auto store = Open();
  ASSERT_TRUE(store);
  const int64_t old_ward = MustCreate(*store, Ward("00004", "Phường Trúc Bạch"));
  const int64_t new_ward = MustCreate(*store, Ward("00004", "Phường Ba Đình"));
  EXPECT_NE(old_ward, new_ward);
  auto found = store->FindUnitByCode("00004");
  ASSERT_OK(found);
  EXPECT_EQ(found->id, new_ward);
  auto all = store->ListUnits();
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 2u);
}

// Many units and events in one transaction each, as the national register is loaded: ids in the
// order given, events listed in that order within a date, and a bad row stores none of them.
TEST_P(StoreTest, UnitsAndEventsAreAddedManyAtATime) {
  auto store = Open();
  ASSERT_TRUE(store);
  std::vector<UnitRecord> units;
  for (int i = 0; i < 300; ++i) {
    UnitRecord unit = Ward(fmt::format("{:05}", i), fmt::format("Phường Số {}", i));
    if (i % 3 == 0) unit.population = 1000 + i;
    if (i % 5 == 0) unit.area_m2 = 0.5 + i;
    units.push_back(unit);
  }
  auto ids = store->CreateUnits(units);
  ASSERT_OK(ids);
  ASSERT_EQ(ids->size(), units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    units[i].id = (*ids)[i];
    auto got = store->GetUnit((*ids)[i]);
    ASSERT_OK(got);
    EXPECT_EQ(*got, units[i]);
  }
  std::vector<UnitEvent> events;
  for (int i = 0; i < 50; ++i)
    events.push_back({0, i % 2 ? "2025-07-01" : "2025-01-01", "rename",
                      fmt::format(R"({{"unit":{},"name":"Tên {}"}})", (*ids)[0], i)});
  ASSERT_OK(store->AddUnitEvents(events));
  auto listed = store->ListUnitEvents();
  ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), events.size());
  // By date, then in the order given.
  std::vector<std::string> want;
  for (const char* date : {"2025-01-01", "2025-07-01"})
    for (const UnitEvent& event : events)
      if (event.date == date) want.push_back(event.payload_json);
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_EQ((*listed)[i].payload_json, want[i]) << i;

  std::vector<UnitRecord> broken = {Ward("99001"), Ward("99002")};
  broken[1].level = "city";
  EXPECT_STORE_ERROR(store->CreateUnits(broken), StoreErrorKind::kInvalid);
  std::vector<UnitEvent> broken_events = {{0, "2026-01-01", "rename", R"({"unit":1})"},
                                          {0, "2026-01-01", "rename", "not json"}};
  EXPECT_STORE_ERROR(store->AddUnitEvents(broken_events), StoreErrorKind::kInvalid);
  auto all = store->ListUnits();
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), units.size());
  listed = store->ListUnitEvents();
  ASSERT_OK(listed);
  EXPECT_EQ(listed->size(), events.size());
}

TEST_P(StoreTest, UnitRulesAreCheckedTheSameWay) {
  auto store = Open();
  ASSERT_TRUE(store);
  UnitRecord bad_level = Ward("1");
  bad_level.level = "city";
  EXPECT_STORE_ERROR(store->CreateUnit(bad_level), StoreErrorKind::kInvalid);
  UnitRecord commune_without_kind = Ward("2");
  commune_without_kind.kind = "";
  EXPECT_STORE_ERROR(store->CreateUnit(commune_without_kind), StoreErrorKind::kInvalid);
  UnitRecord negative = Ward("3");
  negative.population = -1;
  EXPECT_STORE_ERROR(store->CreateUnit(negative), StoreErrorKind::kInvalid);
  auto all = store->ListUnits();
  ASSERT_OK(all);
  EXPECT_TRUE(all->empty());
}

TEST_P(StoreTest, KeepsUnitEventsInDateOrder) {
  auto store = Open();
  ASSERT_TRUE(store);
  const std::string merge = R"({"into":"27","from":["24","27"]})";
  auto later = store->AddUnitEvent(UnitEvent{0, "2025-07-01", "merge", merge});
  ASSERT_OK(later);
  auto earlier =
      store->AddUnitEvent(UnitEvent{0, "2025-03-01", "abolish_level", R"({"level":"district"})"});
  ASSERT_OK(earlier);
  auto events = store->ListUnitEvents();
  ASSERT_OK(events);
  EXPECT_EQ(*events, (std::vector<UnitEvent>{
                         {*earlier, "2025-03-01", "abolish_level", R"({"level":"district"})"},
                         {*later, "2025-07-01", "merge", merge}}));
  EXPECT_STORE_ERROR(store->AddUnitEvent(UnitEvent{0, "2025-02-30", "merge", "{}"}),
                     StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(store->AddUnitEvent(UnitEvent{0, "1/7/2025", "merge", "{}"}),
                     StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(store->AddUnitEvent(UnitEvent{0, "2025-07-01", "merge", "{not json"}),
                     StoreErrorKind::kInvalid);
}

TEST_P(StoreTest, PutsAndGetsFacts) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t a = MustCreate(*store, Ward("A"));
  int64_t b = MustCreate(*store, Ward("B"));
  std::vector<FactWrite> batch = {
      {a, "so_can_bo", 2025, 12.0},          {a, "ty_le_dai_hoc", 2025, 0.1},
      {a, "so_can_bo", 2024, 9.0},           {b, "so_can_bo", 2025, 123456789.123},
      {b, "dien_tich_tru_so", 2025, 1e-300}, {b, "vu_an", 2025, -0.0},
  };
  auto summary = store->PutFacts(batch, User("can_bo_a", FactSource::kForm), At(1735689600));
  ASSERT_OK(summary);
  EXPECT_EQ(summary->changed, 6);
  EXPECT_EQ(summary->unchanged, 0);

  auto of_a = store->GetFacts(std::vector<int64_t>{a}, 2025);
  ASSERT_OK(of_a);
  EXPECT_EQ(*of_a, (std::vector<FactValue>{{a, "so_can_bo", 2025, 12.0},
                                           {a, "ty_le_dai_hoc", 2025, 0.1}}));
  auto all = store->GetAllFacts(2025);
  ASSERT_OK(all);
  EXPECT_EQ(*all, (std::vector<FactValue>{{a, "so_can_bo", 2025, 12.0},
                                          {a, "ty_le_dai_hoc", 2025, 0.1},
                                          {b, "dien_tich_tru_so", 2025, 1e-300},
                                          {b, "so_can_bo", 2025, 123456789.123},
                                          {b, "vu_an", 2025, 0.0}}));
  auto both_2024 = store->GetFacts(std::vector<int64_t>{a, b}, 2024);
  ASSERT_OK(both_2024);
  EXPECT_EQ(*both_2024, (std::vector<FactValue>{{a, "so_can_bo", 2024, 9.0}}));
  auto none = store->GetFacts(std::vector<int64_t>{}, 2025);
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreTest, KeepsEveryChangeWithWhoWhenAndSource) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t unit = MustCreate(*store, Ward("A"));
  auto put = [&](std::optional<double> value, const char* who, FactSource source, int64_t at) {
    return store->PutFacts(std::vector<FactWrite>{{unit, "so_can_bo", 2025, value}},
                           User(who, source), At(at));
  };
  auto first = put(8.0, "can_bo_a", FactSource::kForm, 100);
  ASSERT_OK(first);
  EXPECT_EQ(first->changed, 1);
  auto same = put(8.0, "can_bo_b", FactSource::kApi, 200);  // no change, no history
  ASSERT_OK(same);
  EXPECT_EQ(same->changed, 0);
  EXPECT_EQ(same->unchanged, 1);
  ASSERT_OK(put(10.0, "tham_muu", FactSource::kImport, 300));
  ASSERT_OK(put(std::nullopt, "api_client", FactSource::kApi, 400));
  auto erase_again = put(std::nullopt, "api_client", FactSource::kApi, 500);
  ASSERT_OK(erase_again);
  EXPECT_EQ(erase_again->changed, 0);

  auto history = store->FactHistory(unit, "so_can_bo", 2025);
  ASSERT_OK(history);
  EXPECT_EQ(*history, (std::vector<FactChange>{{unit, "so_can_bo", 2025, std::nullopt, 8.0,
                                                User("can_bo_a", FactSource::kForm), At(100)},
                                               {unit, "so_can_bo", 2025, 8.0, 10.0,
                                                User("tham_muu", FactSource::kImport), At(300)},
                                               {unit, "so_can_bo", 2025, 10.0, std::nullopt,
                                                User("api_client", FactSource::kApi), At(400)}}));
  auto current = store->GetAllFacts(2025);
  ASSERT_OK(current);
  EXPECT_TRUE(current->empty());
  auto other = store->FactHistory(unit, "so_can_bo", 2024);
  ASSERT_OK(other);
  EXPECT_TRUE(other->empty());
}

TEST_P(StoreTest, AFailingBatchStoresNothing) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t unit = MustCreate(*store, Ward("A"));
  ASSERT_OK(store->PutFacts(std::vector<FactWrite>{{unit, "so_can_bo", 2025, 8.0}},
                            User("a", FactSource::kForm), At(100)));
  std::vector<FactWrite> batch = {{unit, "so_can_bo", 2025, 11.0},
                                  {unit, "so_doi", 2025, 3.0},
                                  {unit + 1000, "so_can_bo", 2025, 5.0},  // no such unit
                                  {unit, "ty_le", 2025, 0.5}};
  EXPECT_STORE_ERROR(store->PutFacts(batch, User("import", FactSource::kImport), At(200)),
                     StoreErrorKind::kForeignKey);
  auto current = store->GetAllFacts(2025);
  ASSERT_OK(current);
  EXPECT_EQ(*current, (std::vector<FactValue>{{unit, "so_can_bo", 2025, 8.0}}));
  auto history = store->FactHistory(unit, "so_can_bo", 2025);
  ASSERT_OK(history);
  EXPECT_EQ(history->size(), 1u);
  auto none = store->FactHistory(unit, "so_doi", 2025);
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());

  // The store is usable after the failure.
  batch.erase(batch.begin() + 2);
  auto retry = store->PutFacts(batch, User("import", FactSource::kImport), At(300));
  ASSERT_OK(retry);
  EXPECT_EQ(retry->changed, 3);
}

TEST_P(StoreTest, RefusesBadBatchesWhole) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t unit = MustCreate(*store, Ward("A"));
  EXPECT_STORE_ERROR(
      store->PutFacts(std::vector<FactWrite>{{unit, "a", 2025, 1.0}, {unit, "b", 2025, NAN}},
                      User("x", FactSource::kForm), At(1)),
      StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(
      store->PutFacts(std::vector<FactWrite>{{unit, "a", 2025, 1.0}, {unit, "a", 2025, 2.0}},
                      User("x", FactSource::kForm), At(1)),
      StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(store->PutFacts(std::vector<FactWrite>{{unit, "a", 2025, 1.0}},
                                     User("", FactSource::kForm), At(1)),
                     StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(store->PutFacts(std::vector<FactWrite>{{unit, "", 2025, 1.0}},
                                     User("x", FactSource::kForm), At(1)),
                     StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(store->PutFacts(std::vector<FactWrite>{{unit, "a", 20250, 1.0}},
                                     User("x", FactSource::kForm), At(1)),
                     StoreErrorKind::kInvalid);
  auto current = store->GetAllFacts(2025);
  ASSERT_OK(current);
  EXPECT_TRUE(current->empty());
}

TEST_P(StoreTest, AUnitWithFactsCannotBeDeleted) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t unit = MustCreate(*store, Ward("A"));
  ASSERT_OK(store->PutFacts(std::vector<FactWrite>{{unit, "so_can_bo", 2025, 8.0}},
                            User("a", FactSource::kForm), At(100)));
  EXPECT_STORE_ERROR(store->DeleteUnit(unit), StoreErrorKind::kForeignKey);
  ASSERT_OK(store->GetUnit(unit));
}

TEST_P(StoreTest, KeepsIndicatorNamesWithAnyCharacters) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t unit = MustCreate(*store, Ward("A"));
  const std::vector<std::string> names = {"tab\there", "back\\slash",    "new\nline",
                                          "cr\rx",     "trụ_sở_độc_lập", "\\N"};
  std::vector<FactWrite> batch;
  for (size_t i = 0; i < names.size(); ++i) {
    batch.push_back({unit, names[i], 2025, static_cast<double>(i)});
  }
  ASSERT_OK(store->PutFacts(batch, User("a", FactSource::kImport), At(1)));
  for (size_t i = 0; i < names.size(); ++i) {
    auto history = store->FactHistory(unit, names[i], 2025);
    ASSERT_OK(history);
    ASSERT_EQ(history->size(), 1u) << names[i];
    EXPECT_EQ((*history)[0].new_value, static_cast<double>(i));
  }
}

TEST_P(StoreTest, ImportsALargeBatchAndCountsOnlyChanges) {
  auto store = Open();
  ASSERT_TRUE(store);
  std::vector<int64_t> units;
  for (int u = 0; u < 40; ++u)
    units.push_back(MustCreate(*store, Ward("U" + std::to_string(u))));
  std::vector<FactWrite> batch;
  for (int64_t unit : units) {
    for (int i = 0; i < 300; ++i)
      batch.push_back({unit, "i" + std::to_string(i), 2025, i * 0.5});
  }
  auto first = store->PutFacts(batch, User("import", FactSource::kImport), At(1));
  ASSERT_OK(first);
  EXPECT_EQ(first->changed, 12000);
  for (size_t k = 0; k < batch.size(); k += 2)
    batch[k].value = *batch[k].value + 1;
  for (size_t k = 1; k < batch.size(); k += 6)
    batch[k].value = std::nullopt;
  auto second = store->PutFacts(batch, User("import", FactSource::kImport), At(2));
  ASSERT_OK(second);
  EXPECT_EQ(second->changed, 6000 + 2000);
  EXPECT_EQ(second->unchanged, 4000);
  auto all = store->GetAllFacts(2025);
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 10000u);
  auto history = store->FactHistory(units[0], "i0", 2025);
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].old_value, 0.0);
  EXPECT_EQ((*history)[1].new_value, 1.0);
}

TEST_P(StoreTest, StoresScorecardsWithTheRubricHash) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t unit = MustCreate(*store, Ward("A"));
  // Key order and spacing are kept: results are written in rubric order.
  ScorecardRecord card{unit,
                       2025,
                       "qn-ancs-2023",
                       "sha256:9f2c",
                       R"({"outcome":"dat", "points":87.5,"items":[{"id":"1.1","points":2}]})",
                       At(1735689600)};
  ASSERT_OK(store->PutScorecard(card));
  auto got = store->GetScorecard(unit, 2025, "qn-ancs-2023");
  ASSERT_OK(got);
  EXPECT_EQ(*got, card);

  card.rubric_hash = "sha256:0b1d";
  card.result_json = R"({"outcome":"khong_dat"})";
  card.computed_at = At(1735689700);
  ASSERT_OK(store->PutScorecard(card));
  got = store->GetScorecard(unit, 2025, "qn-ancs-2023");
  ASSERT_OK(got);
  EXPECT_EQ(*got, card);

  EXPECT_STORE_ERROR(store->GetScorecard(unit, 2024, "qn-ancs-2023"), StoreErrorKind::kNotFound);
  EXPECT_STORE_ERROR(store->GetScorecard(unit, 2025, "bn-capkm-2024"), StoreErrorKind::kNotFound);
  ScorecardRecord orphan = card;
  orphan.unit_id = unit + 1000;
  EXPECT_STORE_ERROR(store->PutScorecard(orphan), StoreErrorKind::kForeignKey);
  ScorecardRecord broken = card;
  broken.result_json = "{\"outcome\":";
  EXPECT_STORE_ERROR(store->PutScorecard(broken), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(store->DeleteUnit(unit), StoreErrorKind::kForeignKey);
}

TEST_P(StoreTest, PutsGetsAndListsProgrammes) {
  auto store = Open();
  ASSERT_TRUE(store);
  ProgrammeRecord bn{"bn-2024-2030", R"({"province":"27","targets":{"2024":0.15,"2025":0.3}})"};
  ProgrammeRecord qn{"qn-2023", R"({"province":"22"})"};
  ASSERT_OK(store->PutProgramme(qn));
  ASSERT_OK(store->PutProgramme(bn));
  auto list = store->ListProgrammes();
  ASSERT_OK(list);
  EXPECT_EQ(*list, (std::vector<ProgrammeRecord>{bn, qn}));
  qn.content_json = R"({"province":"22","version":2})";
  ASSERT_OK(store->PutProgramme(qn));
  auto got = store->GetProgramme("qn-2023");
  ASSERT_OK(got);
  EXPECT_EQ(*got, qn);
  EXPECT_STORE_ERROR(store->GetProgramme("hn-2026"), StoreErrorKind::kNotFound);
  EXPECT_STORE_ERROR(store->PutProgramme(ProgrammeRecord{"x", "not json"}),
                     StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(store->PutProgramme(ProgrammeRecord{"", "{}"}), StoreErrorKind::kInvalid);
}

TEST_P(StoreTest, RefusesTheFirstBadWriteInBatchOrder) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t unit = MustCreate(*store, Ward("A"));
  auto not_finite_first = store->PutFacts(
      std::vector<FactWrite>{
          {unit, "a", 2025, 1.0}, {unit, "b", 2025, INFINITY}, {unit, "a", 2025, 2.0}},
      User("x", FactSource::kForm), At(1));
  EXPECT_STORE_ERROR(not_finite_first, StoreErrorKind::kInvalid);
  EXPECT_NE(not_finite_first.error().message.find("not finite"), std::string::npos)
      << not_finite_first.error().message;
  auto twice_first = store->PutFacts(std::vector<FactWrite>{{unit, "b", 2025, 1.0},
                                                            {unit, "a", 2025, 1.0},
                                                            {unit, "b", 2025, std::nullopt},
                                                            {unit, "c", 2025, NAN}},
                                     User("x", FactSource::kForm), At(1));
  EXPECT_STORE_ERROR(twice_first, StoreErrorKind::kInvalid);
  EXPECT_NE(twice_first.error().message.find("written twice"), std::string::npos)
      << twice_first.error().message;
  EXPECT_NE(twice_first.error().message.find("'b'"), std::string::npos)
      << twice_first.error().message;
}

TEST_P(StoreTest, KeepsFactsOfManyYearsUnitsAndIndicatorsInAnyOrder) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t a = MustCreate(*store, Ward("A"));
  int64_t b = MustCreate(*store, Ward("B"));
  // Indicators first met in separate batches, so that the store's order of them is not the order
  // of their names.
  ASSERT_OK(store->PutFacts(std::vector<FactWrite>{{b, "m", 2025, 1.0}},
                            User("x", FactSource::kForm), At(1)));
  ASSERT_OK(store->PutFacts(std::vector<FactWrite>{{b, "z", 2025, 2.0}},
                            User("x", FactSource::kForm), At(2)));
  std::vector<FactWrite> batch = {
      {b, "a", 2026, 3.0},          {a, "z", 2025, 4.0}, {b, "m", 2025, 5.0},
      {a, "a", 2024, 6.0},          {a, "m", 2025, 7.0}, {b, "z", 2025, std::nullopt},
      {a, "q", 2025, std::nullopt},  // nothing to erase
      {b, "a", 2025, 8.0},
  };
  auto summary = store->PutFacts(batch, User("y", FactSource::kImport), At(3));
  ASSERT_OK(summary);
  EXPECT_EQ(summary->changed, 7);
  EXPECT_EQ(summary->unchanged, 1);
  auto all = store->GetAllFacts(2025);
  ASSERT_OK(all);
  EXPECT_EQ(
      *all,
      (std::vector<FactValue>{
          {a, "m", 2025, 7.0}, {a, "z", 2025, 4.0}, {b, "a", 2025, 8.0}, {b, "m", 2025, 5.0}}));
  auto of_b = store->GetFacts(std::vector<int64_t>{b}, 2026);
  ASSERT_OK(of_b);
  EXPECT_EQ(*of_b, (std::vector<FactValue>{{b, "a", 2026, 3.0}}));
  auto history = store->FactHistory(b, "m", 2025);
  ASSERT_OK(history);
  EXPECT_EQ(*history, (std::vector<FactChange>{
                          {b, "m", 2025, std::nullopt, 1.0, User("x", FactSource::kForm), At(1)},
                          {b, "m", 2025, 1.0, 5.0, User("y", FactSource::kImport), At(3)}}));
  auto erased = store->FactHistory(b, "z", 2025);
  ASSERT_OK(erased);
  EXPECT_EQ(*erased,
            (std::vector<FactChange>{
                {b, "z", 2025, std::nullopt, 2.0, User("x", FactSource::kForm), At(2)},
                {b, "z", 2025, 2.0, std::nullopt, User("y", FactSource::kImport), At(3)}}));
  auto never = store->FactHistory(a, "q", 2025);
  ASSERT_OK(never);
  EXPECT_TRUE(never->empty());
}

TEST_P(StoreTest, ErasingWhatIsNotThereChangesNothing) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t unit = MustCreate(*store, Ward("A"));
  // An unknown indicator, and an unknown unit: nothing to erase, so no error either.
  auto summary =
      store->PutFacts(std::vector<FactWrite>{{unit, "never_seen", 2025, std::nullopt},
                                             {unit + 1000, "so_can_bo", 2025, std::nullopt}},
                      User("x", FactSource::kForm), At(1));
  ASSERT_OK(summary);
  EXPECT_EQ(summary->changed, 0);
  EXPECT_EQ(summary->unchanged, 2);
  auto empty = store->PutFacts(std::vector<FactWrite>{}, User("x", FactSource::kForm), At(1));
  ASSERT_OK(empty);
  EXPECT_EQ(empty->changed + empty->unchanged, 0);
  ASSERT_OK(store->DeleteUnit(unit));  // nothing refers to it
}

TEST_P(StoreTest, AUnitWithOnlyHistoryCannotBeDeleted) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t unit = MustCreate(*store, Ward("A"));
  int64_t other = MustCreate(*store, Ward("B"));
  ASSERT_OK(store->PutFacts(std::vector<FactWrite>{{unit, "so_can_bo", 2025, 8.0}},
                            User("a", FactSource::kForm), At(100)));
  ASSERT_OK(store->PutFacts(std::vector<FactWrite>{{unit, "so_can_bo", 2025, std::nullopt}},
                            User("a", FactSource::kForm), At(200)));
  auto current = store->GetAllFacts(2025);
  ASSERT_OK(current);
  EXPECT_TRUE(current->empty());
  EXPECT_STORE_ERROR(store->DeleteUnit(unit), StoreErrorKind::kForeignKey);
  ASSERT_OK(store->DeleteUnit(other));
}

TEST_P(StoreTest, ListsTheYearsThatHaveValues) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto none = store->FactYears();
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  int64_t unit = MustCreate(*store, Ward("A"));
  ASSERT_OK(store->PutFacts(std::vector<FactWrite>{{unit, "a", 2026, 1.0},
                                                   {unit, "a", 2024, 1.0},
                                                   {unit, "b", 2024, 2.0},
                                                   {unit, "a", 2025, 1.0}},
                            User("x", FactSource::kForm), At(1)));
  auto years = store->FactYears();
  ASSERT_OK(years);
  EXPECT_EQ(*years, (std::vector<int>{2024, 2025, 2026}));
  ASSERT_OK(store->PutFacts(std::vector<FactWrite>{{unit, "a", 2025, std::nullopt}},
                            User("x", FactSource::kForm), At(2)));
  years = store->FactYears();
  ASSERT_OK(years);
  EXPECT_EQ(*years, (std::vector<int>{2024, 2026}));  // a year with only history is not listed
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         BackendName);

TEST(OpenStore, RefusesUrlsItDoesNotKnow) {
  EXPECT_STORE_ERROR(OpenStore("mysql://root:hunter2@localhost/db"), StoreErrorKind::kInvalid);
  auto unknown = OpenStore("mysql://root:hunter2@localhost/db");
  EXPECT_EQ(unknown.error().Describe().find("hunter2"), std::string::npos);
  EXPECT_STORE_ERROR(OpenStore("sqlite:"), StoreErrorKind::kInvalid);
  auto bad_query = OpenStore("postgresql://kieumau:hunter2@127.0.0.1:5432/db?no_such_option=1");
  EXPECT_STORE_ERROR(bad_query, StoreErrorKind::kInvalid);
  EXPECT_EQ(bad_query.error().Describe().find("hunter2"), std::string::npos)
      << bad_query.error().Describe();
}

TEST(OpenStore, SaysWhenTheDatabaseCannotBeReached) {
  EXPECT_STORE_ERROR(OpenStore("sqlite:/nonexistent-dir-kieumau/x.db"),
                     StoreErrorKind::kUnavailable);
  // Port 1 on the loopback: nothing listens there.
  auto refused = OpenStore("postgresql://kieumau:hunter2@127.0.0.1:1/kieumau");
  EXPECT_STORE_ERROR(refused, StoreErrorKind::kUnavailable);
  EXPECT_EQ(refused.error().Describe().find("hunter2"), std::string::npos)
      << refused.error().Describe();
  // The driver's words (naming the server) are for the operator and the log, not in the message a
  // client could be shown.
  EXPECT_NE(refused.error().detail.find("127.0.0.1"), std::string::npos) << refused.error().detail;
  EXPECT_EQ(refused.error().message.find("127.0.0.1"), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace kieumau::test
